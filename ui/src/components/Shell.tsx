import type { ReactNode } from 'react';
import type { User } from '../api/types';
import { useLiveState } from '../lib/LiveContext';
import { Link, usePath } from '../lib/router';

export function Shell({ user, onSignOut, children }: { user: User; onSignOut: () => void; children: ReactNode }) {
  const path = usePath();
  const live = useLiveState();
  const tab = path.startsWith('/agent/crm') ? 'crm' : 'messages';
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
        </nav>
        <div className="topbar-right">
          {live === 'reconnecting' && <span className="live-pill warn" role="status">Reconnecting…</span>}
          <span className="user-email" title={user.email}>{user.name || user.email}</span>
          <button type="button" className="btn ghost on-dark" onClick={onSignOut}>Sign out</button>
        </div>
      </header>
      <main className="content">{children}</main>
    </div>
  );
}
