import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ApiError } from '../api/client';
import type { User } from '../api/types';
import { ChangePasswordDialog } from '../auth/ChangePasswordDialog';
import { useLiveState } from '../lib/LiveContext';
import { Link, usePath } from '../lib/router';
import { ProfileMenu } from './ProfileMenu';

type Notice = { kind: 'ok' | 'error'; text: string } | null;

export function Shell({ user, onSignOut, onSignOutEverywhere, children }: {
  user: User;
  onSignOut: () => void;
  /** Ends every session (this one included) and signs out here; rejects if the server could not. */
  onSignOutEverywhere: () => Promise<void>;
  children: ReactNode;
}) {
  const path = usePath();
  const live = useLiveState();
  const tab = path.startsWith('/agent/crm') ? 'crm' : path.startsWith('/agent/users') ? 'users' : 'messages';
  const isAdmin = user.role === 'admin';
  const [changingPassword, setChangingPassword] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);

  function show(n: Notice, ms?: number) {
    setNotice(n);
    if (timer.current) clearTimeout(timer.current);
    timer.current = ms ? setTimeout(() => setNotice(null), ms) : null;
  }

  async function signOutEverywhere() {
    try {
      await onSignOutEverywhere();
    } catch (e) {
      show({ kind: 'error', text: `Could not sign out everywhere: ${(e as ApiError).message}` });
    }
  }

  return (
    <div className="shell">
      <header className="topbar">
        <div className="brand" aria-hidden="true">
          <svg viewBox="0 0 32 32" width="26" height="26"><rect width="32" height="32" rx="9" fill="#fff" fillOpacity=".18" /><path d="M8 10h16v10H14l-6 4z" fill="#fff" /></svg>
          <span>CRM</span>
        </div>
        <nav className="tabs" aria-label="Main">
          <Link to="/agent/messages" className={tab === 'messages' ? 'tab active' : 'tab'} aria-current={tab === 'messages' ? 'page' : undefined}>Messages</Link>
          <Link to="/agent/crm" className={tab === 'crm' ? 'tab active' : 'tab'} aria-current={tab === 'crm' ? 'page' : undefined}>Contacts</Link>
          {isAdmin && <Link to="/agent/users" className={tab === 'users' ? 'tab active' : 'tab'} aria-current={tab === 'users' ? 'page' : undefined}>Users</Link>}
        </nav>
        <div className="topbar-right">
          {live === 'reconnecting' && <span className="live-pill warn" role="status">Reconnecting…</span>}
          <ProfileMenu
            user={user}
            actions={[
              { label: 'Change password', onSelect: () => { show(null); setChangingPassword(true); } },
              { label: 'Sign out everywhere', onSelect: () => void signOutEverywhere() },
              { label: 'Sign out', onSelect: onSignOut },
            ]}
          />
          <button type="button" className="btn ghost on-dark" onClick={onSignOut}>Sign out</button>
        </div>
      </header>
      {notice && (
        <div className={`shell-notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
          <span>{notice.text}</span>
          <button type="button" className="btn small ghost" onClick={() => setNotice(null)}>Dismiss</button>
        </div>
      )}
      <main className="content">{children}</main>
      {changingPassword && (
        <ChangePasswordDialog
          onClose={() => setChangingPassword(false)}
          onDone={(message) => { setChangingPassword(false); show({ kind: 'ok', text: message }, 6000); }}
        />
      )}
    </div>
  );
}
