import { useCallback, useEffect, useState } from 'react';
import type { ApiError } from '../api/client';
import { deleteContact, getContact, listContacts } from '../api/contacts';
import { CONTACT_STATUSES, type Contact, type Pagination } from '../api/types';
import { Avatar } from '../components/Avatar';
import { ConfirmDialog, Modal } from '../components/Modal';
import { formatPhone, fullName, statusLabel } from '../lib/format';
import { useCoalesced, useDebounced } from '../lib/hooks';
import { useLiveChanges } from '../lib/LiveContext';
import { conversationPath, navigate } from '../lib/router';
import { ContactDetail } from './ContactDetail';
import { ContactForm } from './ContactForm';
import { StatusBadge, Tags } from './StatusBadge';

const PAGE_SIZE = 25;

type Panel =
  | { kind: 'none' }
  | { kind: 'add' }
  | { kind: 'edit'; contact: Contact }
  | { kind: 'detail'; id: string }
  | { kind: 'delete'; contact: Contact };

function initialPanel(): Panel {
  const id = new URLSearchParams(window.location.search).get('contact');
  return id ? { kind: 'detail', id } : { kind: 'none' };
}

export function ContactsPage() {
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState('');
  const [tag, setTag] = useState('');
  const [smsOptIn, setSmsOptIn] = useState('');
  const [skip, setSkip] = useState(0);
  const [contacts, setContacts] = useState<Contact[]>([]);
  const [pagination, setPagination] = useState<Pagination | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  const [panel, setPanel] = useState<Panel>(initialPanel);
  const [detail, setDetail] = useState<Contact | null>(null);
  const [detailError, setDetailError] = useState('');
  const [refreshKey, setRefreshKey] = useState(0);
  const [deleteBusy, setDeleteBusy] = useState(false);
  const [deleteError, setDeleteError] = useState('');
  const [flash, setFlash] = useState('');
  const q = useDebounced(search.trim(), 200);
  const tagQ = useDebounced(tag.trim(), 300);

  useEffect(() => setSkip(0), [q, status, tagQ, smsOptIn]);
  useEffect(() => {
    document.title = 'Contacts · CRM';
    return () => { document.title = 'CRM'; };
  }, []);

  const load = useCallback(async () => {
    try {
      const r = await listContacts({ search: q, status, tag: tagQ, smsOptIn, limit: PAGE_SIZE, skip });
      setContacts(r.contacts);
      setPagination(r.pagination ?? null);
      setError('');
    } catch (e) {
      setError((e as ApiError).message);
    } finally {
      setLoading(false);
    }
  }, [q, status, tagQ, smsOptIn, skip]);

  useEffect(() => { void load(); }, [load]);

  const detailId = panel.kind === 'detail' ? panel.id : null;
  const loadDetail = useCallback(async () => {
    if (!detailId) return;
    try {
      setDetail(await getContact(detailId));
      setDetailError('');
    } catch (e) {
      setDetailError((e as ApiError).message);
    }
  }, [detailId]);

  useEffect(() => {
    setDetail(null);
    setDetailError('');
    void loadDetail();
  }, [loadDetail]);

  const reloadSoon = useCoalesced(() => {
    void load();
    if (detailId) {
      void loadDetail();
      setRefreshKey((k) => k + 1);
    }
  }, 150);
  useLiveChanges(() => reloadSoon());

  function closePanel() {
    setPanel({ kind: 'none' });
    if (window.location.search) window.history.replaceState(null, '', '/agent/crm');
  }

  function showFlash(text: string) {
    setFlash(text);
    setTimeout(() => setFlash(''), 3000);
  }

  async function confirmDelete(c: Contact) {
    setDeleteBusy(true);
    setDeleteError('');
    try {
      await deleteContact(c._id);
      closePanel();
      showFlash(`Deleted ${fullName(c)}.`);
      void load();
    } catch (e) {
      setDeleteError((e as ApiError).message);
    } finally {
      setDeleteBusy(false);
    }
  }

  const total = pagination?.total ?? contacts.length;
  const from = contacts.length ? skip + 1 : 0;
  const to = skip + contacts.length;
  const hasMore = pagination ? pagination.hasMore : contacts.length === PAGE_SIZE;

  return (
    <div className="contacts">
      <div className="contacts-head">
        <h1>Contacts</h1>
        <button type="button" className="btn primary" onClick={() => setPanel({ kind: 'add' })}>
          <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true"><path d="M12 5v14M5 12h14" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" /></svg>
          Add contact
        </button>
      </div>
      <div className="filters" role="search">
        <input className="grow" type="search" aria-label="Search contacts" placeholder="Search name, email or phone" value={search} onChange={(e) => setSearch(e.target.value)} />
        <select aria-label="Filter by status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">All statuses</option>
          {CONTACT_STATUSES.map((s) => <option key={s} value={s}>{statusLabel(s)}</option>)}
        </select>
        <input aria-label="Filter by tag" placeholder="Tag" value={tag} onChange={(e) => setTag(e.target.value)} className="tag-filter" />
        <select aria-label="Filter by SMS consent" value={smsOptIn} onChange={(e) => setSmsOptIn(e.target.value)}>
          <option value="">Any SMS consent</option>
          <option value="true">SMS opted in</option>
          <option value="false">Not opted in</option>
        </select>
      </div>
      {flash && <p className="flash" role="status">{flash}</p>}
      {error && <p className="form-error" role="alert">{error}</p>}

      <div className="table-wrap">
        <table className="contact-table" aria-busy={loading}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Phone</th>
              <th scope="col" className="hide-sm">Email</th>
              <th scope="col">Status</th>
              <th scope="col" className="hide-sm">Tags</th>
              <th scope="col" className="hide-sm">SMS</th>
            </tr>
          </thead>
          <tbody>
            {contacts.map((c) => {
              const opted = !!c.preferences?.smsOptIn;
              return (
                <tr key={c._id} data-contact-id={c._id} onClick={() => setPanel({ kind: 'detail', id: c._id })}>
                  <td>
                    <span className="name-cell">
                      <Avatar name={fullName(c)} optedIn={opted} size={32} />
                      <button type="button" className="link-btn" onClick={(e) => { e.stopPropagation(); setPanel({ kind: 'detail', id: c._id }); }}>
                        {fullName(c) || formatPhone(c.phone)}
                      </button>
                    </span>
                    {(c.tags ?? []).length > 0 && <span className="show-sm"><Tags tags={c.tags} /></span>}
                  </td>
                  <td className="nowrap">{formatPhone(c.phone)}</td>
                  <td className="hide-sm">{c.email}</td>
                  <td><StatusBadge status={c.status} /></td>
                  <td className="hide-sm"><Tags tags={c.tags} /></td>
                  <td className="hide-sm">{opted ? <span className="pill green">Opted in</span> : <span className="pill">—</span>}</td>
                </tr>
              );
            })}
            {!loading && contacts.length === 0 && (
              <tr><td colSpan={6} className="list-empty">{q || status || tagQ || smsOptIn ? 'No contacts match these filters.' : 'No contacts yet. Add your first one.'}</td></tr>
            )}
          </tbody>
        </table>
      </div>

      <nav className="pager" aria-label="Pages">
        <span className="muted">{total > 0 ? `${from}–${to} of ${total}` : ''}</span>
        <button type="button" className="btn small" disabled={skip === 0} onClick={() => setSkip(Math.max(0, skip - PAGE_SIZE))}>Previous</button>
        <button type="button" className="btn small" disabled={!hasMore} onClick={() => setSkip(skip + PAGE_SIZE)}>Next</button>
      </nav>

      {panel.kind === 'add' && (
        <Modal title="Add contact" onClose={closePanel} wide>
          <ContactForm
            onCancel={closePanel}
            onSaved={(c) => { showFlash(`Added ${fullName(c)}.`); setPanel(c?._id ? { kind: 'detail', id: c._id } : { kind: 'none' }); void load(); }}
          />
        </Modal>
      )}
      {panel.kind === 'edit' && (
        <Modal title="Edit contact" onClose={() => setPanel({ kind: 'detail', id: panel.contact._id })} wide>
          <ContactForm
            contact={panel.contact}
            onCancel={() => setPanel({ kind: 'detail', id: panel.contact._id })}
            onSaved={(c) => { showFlash(`Saved ${fullName(c)}.`); setPanel({ kind: 'detail', id: panel.contact._id }); setRefreshKey((k) => k + 1); void load(); }}
          />
        </Modal>
      )}
      {panel.kind === 'detail' && (
        <Modal title="Contact details" onClose={closePanel} wide>
          {detailError && <p className="form-error" role="alert">{detailError}</p>}
          {!detail && !detailError && <p className="muted">Loading…</p>}
          {detail && (
            <ContactDetail
              contact={detail}
              refreshKey={refreshKey}
              onEdit={() => setPanel({ kind: 'edit', contact: detail })}
              onDelete={() => { setDeleteError(''); setPanel({ kind: 'delete', contact: detail }); }}
              onOpenConversation={() => navigate(conversationPath(detail.phone))}
            />
          )}
        </Modal>
      )}
      {panel.kind === 'delete' && (
        <ConfirmDialog
          title="Delete contact"
          danger
          busy={deleteBusy}
          confirmLabel="Delete"
          onCancel={() => setPanel({ kind: 'detail', id: panel.contact._id })}
          onConfirm={() => void confirmDelete(panel.contact)}
          message={
            <>
              <p>Delete <strong>{fullName(panel.contact)}</strong> ({formatPhone(panel.contact.phone)})?</p>
              <p className="muted">Their texts and consent history are kept for the record.</p>
              {deleteError && <p className="form-error" role="alert">{deleteError}</p>}
            </>
          }
        />
      )}
    </div>
  );
}
