import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App';

function json(status: number, body: unknown) {
  return Promise.resolve(new Response(JSON.stringify(body), { status }));
}

type Reply = Promise<Response> | undefined;

/** A signed-in agent on the Messages page; `on` answers the /api/auth calls the menu makes. */
function stubApp(on: (url: string, body: Record<string, unknown>) => Reply = () => undefined) {
  const f = vi.fn((url: string, init?: RequestInit) => {
    if (url === '/api/auth/me') return json(200, { success: true, user: { _id: 'u2', email: 'bea@example.com', name: 'Bea Agent', role: 'agent' } });
    if (url.startsWith('/api/crm/sms/conversations')) return json(200, { success: true, conversations: [] });
    if (url.startsWith('/api/crm/updates')) return new Promise<Response>(() => {});
    const answer = on(url, JSON.parse(String(init?.body ?? '{}')));
    return answer ?? json(404, {});
  });
  vi.stubGlobal('fetch', f);
  return f;
}

const calls = (f: ReturnType<typeof stubApp>, url: string) => f.mock.calls
  .filter(([u]) => u === url).map(([, init]) => ({ method: init?.method, body: JSON.parse(String(init?.body ?? '{}')) }));

async function openMenu() {
  await userEvent.click(await screen.findByRole('button', { name: 'Bea Agent' }));
  return screen.getByRole('menu', { name: 'Bea Agent' });
}

afterEach(() => vi.unstubAllGlobals());

describe('the profile menu', () => {
  it('is the user\'s name as a menu button, beside the Sign out button; the keyboard moves through it', async () => {
    window.history.replaceState(null, '', '/agent/messages');
    stubApp();
    render(<App />);
    const opener = await screen.findByRole('button', { name: 'Bea Agent' });
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeInTheDocument();
    expect(opener).toHaveAttribute('aria-haspopup', 'menu');
    expect(opener).toHaveAttribute('aria-expanded', 'false');

    opener.focus();
    await userEvent.keyboard('{Enter}');
    const menu = screen.getByRole('menu', { name: 'Bea Agent' });
    expect(opener).toHaveAttribute('aria-expanded', 'true');
    expect(within(menu).getAllByRole('menuitem').map((m) => m.textContent)).toEqual(['Change password', 'Sign out everywhere', 'Sign out']);
    expect(screen.getByText('bea@example.com')).toBeVisible();
    const [first, second, last] = within(menu).getAllByRole('menuitem');
    expect(first).toHaveFocus();
    await userEvent.keyboard('{ArrowDown}');
    expect(second).toHaveFocus();
    await userEvent.keyboard('{End}');
    expect(last).toHaveFocus();
    await userEvent.keyboard('{ArrowDown}');
    expect(first).toHaveFocus();
    await userEvent.keyboard('{ArrowUp}');
    expect(last).toHaveFocus();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(opener).toHaveFocus();

    // A click elsewhere closes it too.
    await openMenu();
    await userEvent.click(screen.getByRole('main'));
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('Change password posts both passwords and shows wrong_password next to Current password', async () => {
    window.history.replaceState(null, '', '/agent/messages');
    let attempts = 0;
    const f = stubApp((url) => {
      if (url !== '/api/auth/password') return undefined;
      attempts += 1;
      return attempts === 1
        ? json(400, { success: false, error: 'Your current password is not right.', code: 'wrong_password', field: 'currentPassword' })
        : json(200, { success: true, message: 'Password changed. Your other sessions have been signed out.' });
    });
    render(<App />);
    const menu = await openMenu();
    await userEvent.click(within(menu).getByRole('menuitem', { name: 'Change password' }));
    const d = screen.getByRole('dialog', { name: 'Change password' });
    const current = within(d).getByLabelText('Current password');
    expect(current).toHaveFocus();
    expect(within(d).getByLabelText('New password')).toHaveAccessibleDescription('At least 10 characters, and not a common password.');
    await userEvent.type(current, 'not my password');
    await userEvent.type(within(d).getByLabelText('New password'), 'a long new passphrase');
    await userEvent.click(within(d).getByRole('button', { name: 'Change password' }));
    await waitFor(() => expect(current).toHaveFocus());
    expect(current).toHaveAttribute('aria-invalid', 'true');
    expect(current).toHaveAccessibleDescription('Your current password is not right.');
    expect(within(d).getByLabelText('New password')).not.toHaveAttribute('aria-invalid');

    await userEvent.clear(current);
    await userEvent.type(current, 'my real password');
    await userEvent.click(within(d).getByRole('button', { name: 'Change password' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Password changed. Your other sessions have been signed out.');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('button', { name: 'Bea Agent' })).toHaveFocus();
    expect(calls(f, '/api/auth/password')).toEqual([
      { method: 'POST', body: { currentPassword: 'not my password', newPassword: 'a long new passphrase' } },
      { method: 'POST', body: { currentPassword: 'my real password', newPassword: 'a long new passphrase' } },
    ]);
  });

  it('a weak new password is shown next to New password; Escape closes the dialog, focus back on the menu button', async () => {
    window.history.replaceState(null, '', '/agent/messages');
    const message = 'Use at least 10 characters.';
    stubApp((url) => (url === '/api/auth/password' ? json(400, { success: false, error: message, code: 'weak_password', field: 'newPassword' }) : undefined));
    render(<App />);
    await userEvent.click(within(await openMenu()).getByRole('menuitem', { name: 'Change password' }));
    const d = screen.getByRole('dialog', { name: 'Change password' });
    await userEvent.type(within(d).getByLabelText('Current password'), 'my real password');
    await userEvent.type(within(d).getByLabelText('New password'), 'short');
    await userEvent.click(within(d).getByRole('button', { name: 'Change password' }));
    const next = within(d).getByLabelText('New password');
    await waitFor(() => expect(next).toHaveFocus());
    expect(next).toHaveAccessibleDescription(expect.stringContaining(message));
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('button', { name: 'Bea Agent' })).toHaveFocus();
  });

  it('Sign out everywhere ends every session, then goes to the sign-in page', async () => {
    window.history.replaceState(null, '', '/agent/messages');
    const f = stubApp((url) => (url === '/api/auth/logout-all' ? json(200, { success: true }) : undefined));
    render(<App />);
    await userEvent.click(within(await openMenu()).getByRole('menuitem', { name: 'Sign out everywhere' }));
    await screen.findByRole('button', { name: 'Sign in' });
    expect(window.location.pathname).toBe('/login');
    expect(calls(f, '/api/auth/logout-all')).toEqual([{ method: 'POST', body: {} }]);
    expect(calls(f, '/api/auth/logout')).toEqual([]);
  });

  it('Sign out everywhere that the server could not do keeps the session and says why', async () => {
    window.history.replaceState(null, '', '/agent/messages');
    stubApp((url) => (url === '/api/auth/logout-all' ? json(503, { success: false, error: 'The server is busy. Try again in a moment.' }) : undefined));
    render(<App />);
    await userEvent.click(within(await openMenu()).getByRole('menuitem', { name: 'Sign out everywhere' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not sign out everywhere: The server is busy. Try again in a moment.');
    expect(window.location.pathname).toBe('/agent/messages');
  });

  it('Sign out in the menu signs out as the button does', async () => {
    window.history.replaceState(null, '', '/agent/messages');
    const f = stubApp((url) => (url === '/api/auth/logout' ? json(200, { success: true }) : undefined));
    render(<App />);
    await userEvent.click(within(await openMenu()).getByRole('menuitem', { name: 'Sign out' }));
    await screen.findByRole('button', { name: 'Sign in' });
    expect(calls(f, '/api/auth/logout')).toHaveLength(1);
  });
});
