// Contacts: /api/crm/contacts.
import { api, qs } from './client';
import type { Contact, Pagination } from './types';

export interface ContactQuery {
  search?: string;
  status?: string;
  tag?: string;
  /** 'true', 'false' or '' (everyone) */
  smsOptIn?: string;
  limit?: number;
  skip?: number;
}

export interface ContactPage {
  contacts: Contact[];
  pagination?: Pagination;
}

export async function listContacts(q: ContactQuery, signal?: AbortSignal): Promise<ContactPage> {
  const r = await api<Partial<ContactPage>>(
    `/api/crm/contacts${qs({ search: q.search, status: q.status, tag: q.tag, smsOptIn: q.smsOptIn, limit: q.limit, skip: q.skip })}`,
    { signal });
  return { contacts: r.contacts ?? [], pagination: r.pagination };
}

export async function getContact(id: string): Promise<Contact> {
  return (await api<{ contact: Contact }>(`/api/crm/contacts/${encodeURIComponent(id)}`)).contact;
}

export async function createContact(fields: Record<string, unknown>): Promise<Contact> {
  return (await api<{ contact: Contact }>('/api/crm/contacts', { method: 'POST', body: fields })).contact;
}

export async function updateContact(id: string, fields: Record<string, unknown>): Promise<Contact> {
  return (await api<{ contact: Contact }>('/api/crm/contacts', { method: 'PUT', body: { _id: id, ...fields } })).contact;
}

export async function deleteContact(id: string): Promise<void> {
  await api(`/api/crm/contacts${qs({ id })}`, { method: 'DELETE' });
}

/** The contact whose phone is exactly this number, if any. */
export async function findContactByPhone(phone: string, signal?: AbortSignal): Promise<Contact | null> {
  const digits = phone.replace(/\D/g, '');
  const r = await listContacts({ search: digits, limit: 20 }, signal);
  return r.contacts.find((c) => c.phone === phone) ?? null;
}
