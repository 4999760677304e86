// The team (/agent/users, administrators only): who can sign in, with which role. Adding a user,
// renaming one, changing a role, deactivating or reactivating, resetting a password.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError } from '../api/client';
import type { TeamUser, User } from '../api/types';
import { listUsers, updateUser } from '../api/users';
import { ConfirmDialog, Modal } from '../components/Modal';
import { dateOnly } from '../lib/format';
import { AddUserForm, ChangeRoleForm, RenameUserForm, ResetPasswordForm, ROLE_LABELS } from './UserForms';

type Panel =
  | { kind: 'none' }
  | { kind: 'add' }
  | { kind: 'rename'; user: TeamUser }
  | { kind: 'role'; user: TeamUser }
  | { kind: 'password'; user: TeamUser }
  | { kind: 'deactivate'; user: TeamUser };

export const ADMIN_ONLY = 'Only an administrator can manage users.';

export function UsersPage({ me, onSelfChanged }: { me: User; onSelfChanged?: (u: TeamUser) => void }) {
  useEffect(() => {
    document.title = 'Users · CRM';
    return () => { document.title = 'CRM'; };
  }, []);
  if (me.role !== 'admin') {
    return (
      <div className="users">
        <div className="page-head"><h1>Users</h1></div>
        <p className="refusal">{ADMIN_ONLY}</p>
      </div>
    );
  }
  return <UsersAdmin me={me} onSelfChanged={onSelfChanged} />;
}

function UsersAdmin({ me, onSelfChanged }: { me: User; onSelfChanged?: (u: TeamUser) => void }) {
  const [users, setUsers] = useState<TeamUser[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  const [panel, setPanel] = useState<Panel>({ kind: 'none' });
  const [flash, setFlash] = useState('');
  const [busy, setBusy] = useState(false);
  const [confirmError, setConfirmError] = useState('');
  const [actionError, setActionError] = useState('');
  const errorRef = useRef<HTMLParagraphElement>(null);
  const flashTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => { if (flashTimer.current) clearTimeout(flashTimer.current); }, []);

  const load = useCallback(async () => {
    try {
      setUsers(await listUsers());
      setError('');
    } catch (e) {
      setError((e as ApiError).message);
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => { void load(); }, [load]);

  function showFlash(text: string) {
    setFlash(text);
    if (flashTimer.current) clearTimeout(flashTimer.current);
    flashTimer.current = setTimeout(() => setFlash(''), 4000);
  }

  /** A user the server sent back after a change: into the list at once, then the list reloaded. */
  function saved(u: TeamUser, message: string) {
    setPanel({ kind: 'none' });
    setActionError('');
    if (u?._id) {
      setUsers((list) => (list.some((x) => x._id === u._id) ? list.map((x) => (x._id === u._id ? u : x)) : [...list, u]));
      if (u._id === me._id) onSelfChanged?.(u);
    }
    showFlash(message);
    void load();
  }

  async function setActive(u: TeamUser, active: boolean) {
    setBusy(true);
    setConfirmError('');
    setActionError('');
    try {
      const r = await updateUser(u._id, { active });
      saved(r ?? { ...u, active }, active ? `Reactivated ${u.name}.` : `Deactivated ${u.name}. Their sessions have ended.`);
    } catch (e) {
      const msg = (e as ApiError).message;
      if (active) setActionError(msg);
      else setConfirmError(msg);
    } finally {
      setBusy(false);
    }
  }

  // A refusal of a change made from the table (a reactivation) takes the focus, so it is heard.
  useEffect(() => { if (actionError) errorRef.current?.focus(); }, [actionError]);

  const close = () => setPanel({ kind: 'none' });

  return (
    <div className="users">
      <div className="page-head">
        <h1>Users</h1>
        <button type="button" className="btn primary" onClick={() => setPanel({ kind: 'add' })}>
          <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true"><path d="M12 5v14M5 12h14" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" /></svg>
          Add user
        </button>
      </div>
      <p className="muted page-intro">Everyone who can sign in. Deactivated users cannot sign in; what they did stays attributed to them.</p>
      {flash && <p className="flash" role="status">{flash}</p>}
      {error && <p className="form-error" role="alert">{error}</p>}
      {actionError && <p className="form-error" role="alert" tabIndex={-1} ref={errorRef}>{actionError}</p>}

      <div className="table-wrap">
        <table className="user-table" aria-busy={loading}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col" className="hide-sm">Created</th>
              <th scope="col"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => {
              const self = u._id === me._id;
              return (
                <tr key={u._id} data-user-id={u._id} className={u.active ? undefined : 'inactive'}>
                  <th scope="row">
                    <span className="user-name">{u.name}</span>
                    {self && <span className="pill you">You</span>}
                  </th>
                  <td className="user-mail">{u.email}</td>
                  <td><span className={`badge role-${u.role}`}>{ROLE_LABELS[u.role] ?? u.role}</span></td>
                  <td>{u.active ? <span className="pill green">Active</span> : <span className="pill off">Deactivated</span>}</td>
                  <td className="hide-sm nowrap"><time dateTime={u.createdAt}>{dateOnly(u.createdAt)}</time></td>
                  <td>
                    <div className="row-actions">
                      <button type="button" className="btn small" aria-label={`Rename ${u.name}`} onClick={() => setPanel({ kind: 'rename', user: u })}>Rename</button>
                      {!self && (
                        <>
                          <button type="button" className="btn small" aria-label={`Change role of ${u.name}`} onClick={() => setPanel({ kind: 'role', user: u })}>Change role</button>
                          <button type="button" className="btn small" aria-label={`Reset password of ${u.name}`} onClick={() => setPanel({ kind: 'password', user: u })}>Reset password</button>
                          {u.active ? (
                            <button type="button" className="btn small danger-outline" aria-label={`Deactivate ${u.name}`} onClick={() => { setConfirmError(''); setPanel({ kind: 'deactivate', user: u }); }}>Deactivate</button>
                          ) : (
                            <button type="button" className="btn small" aria-label={`Reactivate ${u.name}`} disabled={busy} onClick={() => void setActive(u, true)}>Reactivate</button>
                          )}
                        </>
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
            {loading && users.length === 0 && <tr><td colSpan={6} className="list-empty">Loading…</td></tr>}
            {!loading && users.length === 0 && !error && <tr><td colSpan={6} className="list-empty">No users yet.</td></tr>}
          </tbody>
        </table>
      </div>

      {panel.kind === 'add' && (
        <Modal title="Add user" onClose={close}>
          <AddUserForm onCancel={close} onSaved={(u) => saved(u, `Added ${u?.name ?? 'the user'}.`)} />
        </Modal>
      )}
      {panel.kind === 'rename' && (
        <Modal title="Rename user" onClose={close}>
          <RenameUserForm user={panel.user} onCancel={close} onSaved={(u) => saved(u, `Renamed to ${u?.name ?? 'the new name'}.`)} />
        </Modal>
      )}
      {panel.kind === 'role' && (
        <Modal title="Change role" onClose={close}>
          <ChangeRoleForm user={panel.user} onCancel={close} onSaved={(u) => saved(u, `${u?.name ?? panel.user.name} is now ${u?.role === 'admin' ? 'an admin' : 'an agent'}.`)} />
        </Modal>
      )}
      {panel.kind === 'password' && (
        <Modal title="Reset password" onClose={close}>
          <ResetPasswordForm user={panel.user} onCancel={close} onSaved={(u) => saved(u, `New password set for ${u?.name ?? panel.user.name}. Their sessions have ended.`)} />
        </Modal>
      )}
      {panel.kind === 'deactivate' && (
        <ConfirmDialog
          title="Deactivate user"
          danger
          busy={busy}
          confirmLabel="Deactivate"
          onCancel={close}
          onConfirm={() => void setActive(panel.user, false)}
          message={
            <>
              <p>Deactivate <strong>{panel.user.name}</strong> ({panel.user.email})?</p>
              <p className="muted">They are signed out at once and cannot sign in until reactivated. What they did stays attributed to them.</p>
              {confirmError && <p className="form-error" role="alert">{confirmError}</p>}
            </>
          }
        />
      )}
    </div>
  );
}
