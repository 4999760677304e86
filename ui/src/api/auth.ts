// Sign-in and the session: /api/auth/*. None of these start the sign-out flow on a 401.
import { api } from './client';
import type { User } from './types';

/** The signed-in user; rejects with a 401/403 ApiError when there is no session. */
export async function fetchMe(): Promise<User> {
  const r = await api<{ user?: User } & Partial<User>>('/api/auth/me', { allow401: true });
  return r.user ?? (r._id ? (r as User) : { _id: '', email: '' });
}

export async function logIn(email: string, password: string): Promise<User> {
  const r = await api<{ user: User }>('/api/auth/login', { body: { email, password }, allow401: true });
  return r.user ?? { _id: '', email };
}

export async function logOut(): Promise<void> {
  await api('/api/auth/logout', { method: 'POST', body: {}, allow401: true });
}

/** Changes one's own password; the server ends one's other sessions. Resolves with its message. */
export async function changePassword(currentPassword: string, newPassword: string): Promise<string> {
  const r = await api<{ message?: string }>('/api/auth/password', { body: { currentPassword, newPassword } });
  return r.message || 'Password changed.';
}

/** Ends every session of the signed-in user, this one included. A 401 means they have already ended. */
export async function logOutEverywhere(): Promise<void> {
  await api('/api/auth/logout-all', { method: 'POST', body: {}, allow401: true });
}
