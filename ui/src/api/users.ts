// The team: /api/crm/users. Anyone signed in may list it; adding and changing users is for
// administrators (an agent gets 403 `forbidden`). Changing one's own password and signing out
// everywhere are /api/auth/* calls, in auth.ts.
import { api } from './client';
import type { Role, TeamUser } from './types';

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  password: string;
}

/** What PUT /api/crm/users changes; `password` resets it and ends the user's sessions. */
export interface UserChanges {
  name?: string;
  role?: Role;
  active?: boolean;
  password?: string;
}

export async function listUsers(signal?: AbortSignal): Promise<TeamUser[]> {
  const r = await api<{ users?: TeamUser[] }>('/api/crm/users', { signal });
  return r.users ?? [];
}

/** Rejects with 409 `email_taken` (field email) or 400 `weak_password` (field password), among others. */
export async function createUser(user: NewUser): Promise<TeamUser> {
  return (await api<{ user: TeamUser }>('/api/crm/users', { method: 'POST', body: user })).user;
}

/** Rejects with 409 `last_admin` when it would leave no active administrator, 404 `user_not_found`. */
export async function updateUser(id: string, changes: UserChanges): Promise<TeamUser> {
  return (await api<{ user: TeamUser }>('/api/crm/users', { method: 'PUT', body: { _id: id, ...changes } })).user;
}
