import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App';
import type { TeamUser, User } from '../api/types';
import { UsersPage } from './UsersPage';

function json(status: number, body: unknown) {
  return Promise.resolve(new Response(JSON.stringify(body), { status }));
}

const admin: User = { _id: 'u1', email: 'alex@example.com', name: 'Alex Admin', role: 'admin' };

function team(): TeamUser[] {
  return [
    { _id: 'u1', email: 'alex@example.com', name: 'Alex Admin', role: 'admin', active: true, createdAt: '2026-01-05T10:00:00.000Z' },
    { _id: 'u2', email: 'bea@example.com', name: 'Bea Agent', role: 'agent', active: true, createdAt: '2026-02-10T10:00:00.000Z' },
    { _id: 'u3', email: 'cal@example.com', name: 'Cal Former', role: 'agent', active: false, createdAt: '2026-03-15T10:00:00.000Z' },
  ];
}

type Reply = Promise<Response> | undefined;

/** fetch answering /api/crm/users from a list kept here; `on` answers (or refuses) the changes. */
function stubUsers(on: (method: string, body: Record<string, unknown>) => Reply = () => undefined) {
  const users = team();
  const f = vi.fn((url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    if (url !== '/api/crm/users') return json(404, { success: false, error: 'Not found.' });
    if (method === 'GET') return json(200, { success: true, users });
    const body = JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown>;
    const refused = on(method, body);
    if (refused) return refused;
    if (method === 'POST') {
      const u: TeamUser = { _id: 'u9', email: String(body.email), name: String(body.name), role: body.role as TeamUser['role'], active: true, createdAt: '2026-04-01T10:00:00.000Z' };
      users.push(u);
      return json(201, { success: true, user: u });
    }
    const i = users.findIndex((u) => u._id === body._id);
    const { _id, password, ...changes } = body;
    void _id; void password;
    users[i] = { ...users[i], ...changes } as TeamUser;
    return json(200, { success: true, user: users[i] });
  });
  vi.stubGlobal('fetch', f);
  return f;
}

const changes = (f: ReturnType<typeof stubUsers>) => f.mock.calls
  .filter(([, init]) => init?.method === 'POST' || init?.method === 'PUT')
  .map(([, init]) => ({ method: init?.method, body: JSON.parse(String(init?.body)) }));

const row = (name: string) => screen.getByRole('rowheader', { name: new RegExp(`^${name}`) }).closest('tr')!;
const findRow = async (name: string) => (await screen.findByRole('rowheader', { name: new RegExp(`^${name}`) })).closest('tr')!;

async function openAddUser() {
  await userEvent.click(await screen.findByRole('button', { name: 'Add user' }));
  return screen.getByRole('dialog', { name: 'Add user' });
}

async function fillNewUser(d: HTMLElement, email = 'gus@example.com', password = 'a long agent passphrase') {
  await userEvent.type(within(d).getByLabelText('Email'), email);
  await userEvent.type(within(d).getByLabelText('Name'), 'Gus Agent');
  await userEvent.selectOptions(within(d).getByLabelText('Role'), 'agent');
  await userEvent.type(within(d).getByLabelText('Password'), password);
}

afterEach(() => vi.unstubAllGlobals());

describe('UsersPage', () => {
  it('lists the team: name, email, role, active or deactivated, created date', async () => {
    stubUsers();
    render(<UsersPage me={admin} />);
    await findRow('Bea Agent');
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(['Name', 'Email', 'Role', 'Status', 'Created', 'Actions']);
    const bea = within(row('Bea Agent'));
    expect(bea.getByText('bea@example.com')).toBeInTheDocument();
    expect(bea.getByText('Agent')).toBeInTheDocument();
    expect(bea.getByText('Active')).toBeInTheDocument();
    expect(bea.getByText(new Date('2026-02-10T10:00:00.000Z').toLocaleDateString([], { year: 'numeric', month: 'short', day: 'numeric' }))).toBeInTheDocument();
    expect(within(row('Cal Former')).getByText('Deactivated')).toBeInTheDocument();
    expect(within(row('Cal Former')).getByRole('button', { name: 'Reactivate Cal Former' })).toBeInTheDocument();
    // One's own row: renaming only (one's password is changed from the profile menu).
    const me = within(row('Alex Admin'));
    expect(me.getByText('You')).toBeInTheDocument();
    expect(me.getByText('Admin')).toBeInTheDocument();
    expect(me.getAllByRole('button').map((b) => b.getAttribute('aria-label'))).toEqual(['Rename Alex Admin']);
  });

  it('adds a user with the rule shown beside the password, and lists them', async () => {
    const f = stubUsers();
    render(<UsersPage me={admin} />);
    const d = await openAddUser();
    expect(within(d).getByLabelText('Email')).toHaveFocus();
    expect(within(d).getByLabelText('Password')).toHaveAccessibleDescription('At least 10 characters, and not a common password.');
    await fillNewUser(d);
    await userEvent.click(within(d).getByRole('button', { name: 'Create user' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Added Gus Agent.');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(changes(f)).toEqual([{ method: 'POST', body: { email: 'gus@example.com', name: 'Gus Agent', role: 'agent', password: 'a long agent passphrase' } }]);
    expect(within(await findRow('Gus Agent')).getByText('gus@example.com')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add user' })).toHaveFocus();
  });

  it('shows a 409 email_taken next to Email, in the server\'s words, and moves focus there', async () => {
    const message = 'Another user already has this email.';
    stubUsers((m) => (m === 'POST' ? json(409, { success: false, error: message, code: 'email_taken', field: 'email' }) : undefined));
    render(<UsersPage me={admin} />);
    const d = await openAddUser();
    await fillNewUser(d, 'bea@example.com');
    await userEvent.click(within(d).getByRole('button', { name: 'Create user' }));
    const email = within(d).getByLabelText('Email');
    await waitFor(() => expect(email).toHaveFocus());
    expect(within(d).getByText(message)).toBeInTheDocument();
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(email).toHaveAccessibleDescription(message);
    expect(within(d).getByLabelText('Password')).not.toHaveAttribute('aria-invalid');
  });

  it('shows a weak password refusal next to Password', async () => {
    const message = 'This password is one of the 10,000 most common passwords; choose another.';
    stubUsers((m) => (m === 'POST' ? json(400, { success: false, error: message, code: 'weak_password', field: 'password' }) : undefined));
    render(<UsersPage me={admin} />);
    const d = await openAddUser();
    await fillNewUser(d, 'gus@example.com', 'password123');
    await userEvent.click(within(d).getByRole('button', { name: 'Create user' }));
    const password = within(d).getByLabelText('Password');
    await waitFor(() => expect(password).toHaveFocus());
    expect(password).toHaveAttribute('aria-invalid', 'true');
    expect(password).toHaveAccessibleDescription(expect.stringContaining(message));
    expect(within(d).getByLabelText('Email')).not.toHaveAttribute('aria-invalid');
  });

  it('asks before deactivating, then PUTs {_id, active: false}', async () => {
    const f = stubUsers();
    render(<UsersPage me={admin} />);
    await findRow('Bea Agent');
    const opener = within(row('Bea Agent')).getByRole('button', { name: 'Deactivate Bea Agent' });
    await userEvent.click(opener);
    let confirm = screen.getByRole('dialog', { name: 'Deactivate user' });
    expect(confirm).toHaveTextContent('Deactivate Bea Agent (bea@example.com)?');
    await userEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(changes(f)).toEqual([]);
    expect(opener).toHaveFocus();

    await userEvent.click(opener);
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(opener).toHaveFocus();
    expect(changes(f)).toEqual([]);

    await userEvent.click(opener);
    confirm = screen.getByRole('dialog', { name: 'Deactivate user' });
    await userEvent.click(within(confirm).getByRole('button', { name: 'Deactivate' }));
    await waitFor(() => expect(within(row('Bea Agent')).getByText('Deactivated')).toBeInTheDocument());
    expect(changes(f)).toEqual([{ method: 'PUT', body: { _id: 'u2', active: false } }]);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(within(row('Bea Agent')).getByRole('button', { name: 'Reactivate Bea Agent' })).toHaveFocus();
  });

  it('keeps the dialog open with the server\'s sentence when it refuses a deactivation', async () => {
    const message = 'There must be at least one active administrator.';
    stubUsers((m) => (m === 'PUT' ? json(409, { success: false, error: message, code: 'last_admin' }) : undefined));
    render(<UsersPage me={admin} />);
    await findRow('Bea Agent');
    await userEvent.click(within(row('Bea Agent')).getByRole('button', { name: 'Deactivate Bea Agent' }));
    const confirm = screen.getByRole('dialog', { name: 'Deactivate user' });
    await userEvent.click(within(confirm).getByRole('button', { name: 'Deactivate' }));
    expect(await within(confirm).findByRole('alert')).toHaveTextContent(message);
  });

  it('renames, changes a role (a last_admin refusal shown next to Role), reactivates and resets a password', async () => {
    const f = stubUsers((m, body) => (m === 'PUT' && body.role === 'agent'
      ? json(409, { success: false, error: 'There must be at least one active administrator.', code: 'last_admin' }) : undefined));
    render(<UsersPage me={admin} />);
    await findRow('Bea Agent');

    await userEvent.click(within(row('Bea Agent')).getByRole('button', { name: 'Rename Bea Agent' }));
    let d = screen.getByRole('dialog', { name: 'Rename user' });
    await userEvent.clear(within(d).getByLabelText('Name'));
    await userEvent.type(within(d).getByLabelText('Name'), 'Bea Broker');
    await userEvent.click(within(d).getByRole('button', { name: 'Save name' }));
    await findRow('Bea Broker');

    await userEvent.click(within(row('Bea Broker')).getByRole('button', { name: 'Change role of Bea Broker' }));
    d = screen.getByRole('dialog', { name: 'Change role' });
    await userEvent.selectOptions(within(d).getByLabelText('Role'), 'admin');
    await userEvent.click(within(d).getByRole('button', { name: 'Save role' }));
    await waitFor(() => expect(within(row('Bea Broker')).getByText('Admin')).toBeInTheDocument());

    await userEvent.click(within(row('Bea Broker')).getByRole('button', { name: 'Change role of Bea Broker' }));
    d = screen.getByRole('dialog', { name: 'Change role' });
    await userEvent.selectOptions(within(d).getByLabelText('Role'), 'agent');
    await userEvent.click(within(d).getByRole('button', { name: 'Save role' }));
    const role = within(d).getByLabelText('Role');
    await waitFor(() => expect(role).toHaveFocus());
    expect(role).toHaveAccessibleDescription(expect.stringContaining('There must be at least one active administrator.'));
    await userEvent.click(within(d).getByRole('button', { name: 'Cancel' }));

    await userEvent.click(within(row('Cal Former')).getByRole('button', { name: 'Reactivate Cal Former' }));
    await waitFor(() => expect(within(row('Cal Former')).getByText('Active')).toBeInTheDocument());

    await userEvent.click(within(row('Cal Former')).getByRole('button', { name: 'Reset password of Cal Former' }));
    d = screen.getByRole('dialog', { name: 'Reset password' });
    expect(within(d).getByLabelText('New password')).toHaveAccessibleDescription('At least 10 characters, and not a common password.');
    await userEvent.type(within(d).getByLabelText('New password'), 'a brand new passphrase');
    await userEvent.click(within(d).getByRole('button', { name: 'Set password' }));
    expect(await screen.findByRole('status')).toHaveTextContent('New password set for Cal Former.');

    expect(changes(f)).toEqual([
      { method: 'PUT', body: { _id: 'u2', name: 'Bea Broker' } },
      { method: 'PUT', body: { _id: 'u2', role: 'admin' } },
      { method: 'PUT', body: { _id: 'u2', role: 'agent' } },
      { method: 'PUT', body: { _id: 'u3', active: true } },
      { method: 'PUT', body: { _id: 'u3', password: 'a brand new passphrase' } },
    ]);
  });
});

describe('the Users tab', () => {
  function stubApp(me: User) {
    const f = vi.fn((url: string) => {
      if (url === '/api/auth/me') return json(200, { success: true, user: me });
      if (url.startsWith('/api/crm/sms/conversations')) return json(200, { success: true, conversations: [] });
      if (url.startsWith('/api/crm/updates')) return new Promise<Response>(() => {});
      if (url === '/api/crm/users') return me.role === 'admin' ? json(200, { success: true, users: team() }) : json(403, { success: false, error: 'Only an administrator can do that.', code: 'forbidden' });
      return json(404, {});
    });
    vi.stubGlobal('fetch', f);
    return f;
  }

  it('an agent has no Users tab, and sees a refusal at /agent/users', async () => {
    window.history.replaceState(null, '', '/agent/users');
    const f = stubApp({ _id: 'u2', email: 'bea@example.com', name: 'Bea Agent', role: 'agent' });
    render(<App />);
    expect(await screen.findByText('Only an administrator can manage users.')).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Messages' })).toBeInTheDocument();
    expect(within(nav).getByRole('link', { name: 'Contacts' })).toBeInTheDocument();
    expect(within(nav).queryByRole('link', { name: 'Users' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add user' })).toBeNull();
    expect(f.mock.calls.some(([url]) => url === '/api/crm/users')).toBe(false);
  });

  it('an administrator has a Users tab that opens the page', async () => {
    window.history.replaceState(null, '', '/agent/messages');
    stubApp(admin);
    render(<App />);
    const tab = await screen.findByRole('link', { name: 'Users' });
    await userEvent.click(tab);
    expect(window.location.pathname).toBe('/agent/users');
    await findRow('Bea Agent');
    expect(screen.getByRole('link', { name: 'Users' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('heading', { name: 'Users' })).toBeInTheDocument();
  });
});
