import { useCallback, useEffect, useMemo, useState } from 'react';
import { fetchMe, logOut, logOutEverywhere } from './api/auth';
import { ApiError, setUnauthorizedHandler } from './api/client';
import type { User } from './api/types';
import { LoginPage } from './auth/LoginPage';
import { Shell } from './components/Shell';
import { ContactsPage } from './contacts/ContactsPage';
import { MessagesPage } from './messages/MessagesPage';
import { UsersPage } from './users/UsersPage';
import { clearDrafts } from './lib/drafts';
import { LiveContext } from './lib/LiveContext';
import { LiveUpdates } from './lib/live';
import { navigate, Redirect, usePath } from './lib/router';

type Session = { state: 'loading' } | { state: 'signed-out' } | { state: 'signed-in'; user: User } | { state: 'offline'; message: string };

export function App() {
  const path = usePath();
  const [session, setSession] = useState<Session>({ state: 'loading' });

  const checkSession = useCallback(async () => {
    try {
      const user = await fetchMe();
      setSession({ state: 'signed-in', user });
    } catch (e) {
      const err = e as ApiError;
      if (err.status === 401 || err.status === 403) {
        // The session ended while this browser was away: its unsent texts go with it.
        clearDrafts();
        setSession({ state: 'signed-out' });
      }
      else setSession({ state: 'offline', message: err.message });
    }
  }, []);

  useEffect(() => { void checkSession(); }, [checkSession]);

  // While the server cannot be reached at start-up, keep trying.
  useEffect(() => {
    if (session.state !== 'offline') return;
    const t = setTimeout(() => void checkSession(), 2000);
    return () => clearTimeout(t);
  }, [session, checkSession]);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      clearDrafts();
      setSession({ state: 'signed-out' });
      if (window.location.pathname !== '/login') navigate('/login', { replace: true });
    });
    return () => setUnauthorizedHandler(null);
  }, []);

  const signedIn = session.state === 'signed-in';
  const live = useMemo(() => (signedIn ? new LiveUpdates() : null), [signedIn]);
  useEffect(() => {
    if (!live) return;
    live.start();
    return () => live.stop();
  }, [live]);

  function endSession() {
    clearDrafts();
    setSession({ state: 'signed-out' });
    navigate('/login', { replace: true });
  }

  async function signOut() {
    try {
      await logOut();
    } catch {
      // Signed out locally whatever the server says.
    }
    endSession();
  }

  /** Ends every session of this user, this one included; stays signed in if the server could not (it rejects). */
  async function signOutEverywhere() {
    await logOutEverywhere();
    endSession();
  }

  if (session.state === 'loading') return <div className="splash" aria-busy="true">Loading…</div>;
  if (session.state === 'offline') {
    return (
      <div className="splash" role="status">
        <p>Cannot reach the server: {session.message}</p>
        <p className="muted">Retrying…</p>
      </div>
    );
  }
  if (session.state === 'signed-out') {
    if (path !== '/login') return <Redirect to="/login" />;
    return (
      <LoginPage
        onSignedIn={(user) => {
          setSession({ state: 'signed-in', user });
          navigate('/agent/messages', { replace: true });
        }}
      />
    );
  }

  let page;
  if (path === '/agent/crm' || path.startsWith('/agent/crm/')) page = <ContactsPage />;
  else if (path === '/agent/messages' || path.startsWith('/agent/messages/')) page = <MessagesPage />;
  else if (path === '/agent/users') {
    const me = session.user;
    page = <UsersPage me={me} onSelfChanged={(u) => setSession({ state: 'signed-in', user: { ...me, name: u.name, role: u.role } })} />;
  }
  else return <Redirect to="/agent/messages" />;

  return (
    <LiveContext.Provider value={live}>
      <Shell user={session.user} onSignOut={signOut} onSignOutEverywhere={signOutEverywhere}>{page}</Shell>
    </LiveContext.Provider>
  );
}
