import { useEffect, useState } from 'react';
import type { ApiError } from '../api/client';
import { listContacts } from '../api/contacts';
import type { Contact } from '../api/types';
import { Avatar } from '../components/Avatar';
import { Modal } from '../components/Modal';
import { formatPhone, fullName } from '../lib/format';
import { useDebounced } from '../lib/hooks';

/** "Contacts": pick someone to text. Filterable by opt-in, searchable. */
export function ContactsPicker({ onPick, onClose }: { onPick: (c: Contact) => void; onClose: () => void }) {
  const [search, setSearch] = useState('');
  const [optIn, setOptIn] = useState('');
  const [contacts, setContacts] = useState<Contact[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  const q = useDebounced(search, 200);

  useEffect(() => {
    const ctl = new AbortController();
    setLoading(true);
    listContacts({ search: q.trim(), smsOptIn: optIn, limit: 50 }, ctl.signal)
      .then((r) => { setContacts(r.contacts); setError(''); setLoading(false); })
      .catch((e) => { if ((e as Error).name !== 'AbortError') { setError((e as ApiError).message); setLoading(false); } });
    return () => ctl.abort();
  }, [q, optIn]);

  return (
    <Modal title="Contacts" onClose={onClose}>
      <div className="picker-filters">
        <label className="field grow">
          <span className="sr-only">Search contacts</span>
          <input type="search" placeholder="Search name, phone or email" value={search} onChange={(e) => setSearch(e.target.value)} aria-label="Search contacts" autoFocus />
        </label>
        <label className="field">
          <span className="sr-only">Opt-in filter</span>
          <select value={optIn} onChange={(e) => setOptIn(e.target.value)} aria-label="Opt-in filter">
            <option value="">Everyone</option>
            <option value="true">Opted in</option>
            <option value="false">Not opted in</option>
          </select>
        </label>
      </div>
      {error && <p className="form-error" role="alert">{error}</p>}
      <ul className="picker-list" aria-label="Contacts to text" aria-busy={loading}>
        {contacts.map((c) => {
          const name = fullName(c) || formatPhone(c.phone);
          const opted = !!c.preferences?.smsOptIn;
          return (
            <li key={c._id}>
              <button type="button" className="picker-item" onClick={() => onPick(c)} aria-label={`Text ${name}, ${formatPhone(c.phone)}${opted ? ', opted in' : ''}`}>
                <Avatar name={name} optedIn={opted} size={36} />
                <span className="picker-main">
                  <span className="picker-name">{name}</span>
                  <span className="picker-phone">{formatPhone(c.phone)}</span>
                </span>
                <span className={opted ? 'pill green' : 'pill'}>{opted ? 'Opted in' : 'No consent'}</span>
              </button>
            </li>
          );
        })}
        {!loading && contacts.length === 0 && !error && <li className="list-empty">No contacts match.</li>}
      </ul>
    </Modal>
  );
}
