import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from './App';
import { getDraft, setDraft } from './lib/drafts';

function json(status: number, body: unknown) {
  return Promise.resolve(new Response(JSON.stringify(body), { status }));
}

afterEach(() => vi.unstubAllGlobals());

describe('App', () => {
  it('not signed in: / goes to /login; the server message shows on a wrong password', async () => {
    window.history.replaceState(null, '', '/');
    vi.stubGlobal('fetch', vi.fn((url: string) => {
      if (url === '/api/auth/me') return json(401, { success: false, error: 'Sign in first', code: 'unauthorized' });
      if (url === '/api/auth/login') return json(401, { success: false, error: 'Invalid email or password', code: 'invalid_credentials' });
      return json(404, {});
    }));
    render(<App />);
    await screen.findByRole('button', { name: 'Sign in' });
    expect(window.location.pathname).toBe('/login');
    await userEvent.type(screen.getByLabelText('Email'), 'a@b.c');
    await userEvent.type(screen.getByLabelText('Password'), 'x');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Invalid email or password');
  });

  it('signed in: / goes to /agent/messages, and a 401 later goes back to /login', async () => {
    window.history.replaceState(null, '', '/');
    let signedIn = true;
    vi.stubGlobal('fetch', vi.fn((url: string) => {
      if (url === '/api/auth/me') return json(200, { success: true, user: { _id: 'u1', email: 'agent@example.com' } });
      if (!signedIn) return json(401, { success: false, error: 'Sign in first' });
      if (url.startsWith('/api/crm/sms/conversations')) return json(200, { success: true, conversations: [], pagination: { total: 0, limit: 50, skip: 0, hasMore: false } });
      if (url.startsWith('/api/crm/updates')) return new Promise(() => {});
      if (url.startsWith('/api/crm/contacts')) { signedIn = false; return json(401, { success: false, error: 'Sign in first' }); }
      return json(404, {});
    }));
    render(<App />);
    await screen.findByRole('button', { name: 'Sign out' });
    expect(window.location.pathname).toBe('/agent/messages');
    await screen.findByText(/No conversations yet/);
    await userEvent.click(screen.getByRole('link', { name: 'Contacts' }));
    await waitFor(() => expect(window.location.pathname).toBe('/login'));
    await screen.findByRole('button', { name: 'Sign in' });
  });

  it('sign-out forgets unsent drafts', async () => {
    window.history.replaceState(null, '', '/agent/messages');
    setDraft('+17605550101', 'Half-written text about the Elm St offer');
    setDraft('+17605550102', 'Another one');
    vi.stubGlobal('fetch', vi.fn((url: string) => {
      if (url === '/api/auth/me') return json(200, { success: true, user: { _id: 'u1', email: 'agent@example.com' } });
      if (url === '/api/auth/logout') return json(200, { success: true });
      if (url.startsWith('/api/crm/sms/conversations')) return json(200, { success: true, conversations: [] });
      if (url.startsWith('/api/crm/updates')) return new Promise(() => {});
      return json(404, {});
    }));
    render(<App />);
    await userEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    await screen.findByRole('button', { name: 'Sign in' });
    expect(getDraft('+17605550101')).toBe('');
    expect(getDraft('+17605550102')).toBe('');
    expect(localStorage.getItem('crm.drafts.v1')).toBeNull();
  });

  it('a 401 that ends the session forgets unsent drafts', async () => {
    window.history.replaceState(null, '', '/agent/messages');
    vi.stubGlobal('fetch', vi.fn((url: string) => {
      if (url === '/api/auth/me') return json(200, { success: true, user: { _id: 'u1', email: 'agent@example.com' } });
      if (url.startsWith('/api/crm/sms/conversations')) return json(200, { success: true, conversations: [] });
      if (url.startsWith('/api/crm/updates')) return new Promise(() => {});
      if (url.startsWith('/api/crm/contacts')) return json(401, { success: false, error: 'Sign in first' });
      return json(404, {});
    }));
    render(<App />);
    await screen.findByRole('button', { name: 'Sign out' });
    setDraft('+17605550101', 'Unsent');
    await userEvent.click(screen.getByRole('link', { name: 'Contacts' }));
    await screen.findByRole('button', { name: 'Sign in' });
    expect(getDraft('+17605550101')).toBe('');
  });

  it('a session found ended at start-up forgets the drafts left behind', async () => {
    window.history.replaceState(null, '', '/agent/messages');
    setDraft('+17605550101', 'Left from the last session');
    vi.stubGlobal('fetch', vi.fn(() => json(401, { success: false, error: 'Sign in first', code: 'unauthorized' })));
    render(<App />);
    await screen.findByRole('button', { name: 'Sign in' });
    expect(getDraft('+17605550101')).toBe('');
  });
});
