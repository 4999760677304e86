import { api, qs } from '../api/client';
import type { Contact, Pagination, SMSMessage } from '../api/types';

const PAGE = 100;

function lastTime(list: SMSMessage[]): number {
  let best = 0;
  for (const m of list) {
    const t = Date.parse(m.createdAt ?? '');
    if (!Number.isNaN(t) && t > best) best = t;
  }
  return best;
}

/**
 * The newest page of a thread, oldest first. api.md orders messages oldest first within a page
 * without saying which page comes first, so when there is more than one page both ends are
 * read and the one holding the newer messages wins.
 */
export async function loadThread(phone: string, signal?: AbortSignal): Promise<{ messages: SMSMessage[]; total: number }> {
  const first = await api<{ messages: SMSMessage[]; pagination?: Pagination }>(
    `/api/crm/sms/messages${qs({ phoneNumber: phone, limit: PAGE, skip: 0 })}`, { signal });
  const msgs = first.messages ?? [];
  const total = first.pagination?.total ?? msgs.length;
  if (!first.pagination?.hasMore || total <= PAGE) return { messages: msgs, total };
  const last = await api<{ messages: SMSMessage[] }>(
    `/api/crm/sms/messages${qs({ phoneNumber: phone, limit: PAGE, skip: total - PAGE })}`, { signal });
  const other = last.messages ?? [];
  return { messages: lastTime(other) >= lastTime(msgs) ? other : msgs, total };
}

/** The contact whose phone is exactly this number, if any. */
export async function findContactByPhone(phone: string, signal?: AbortSignal): Promise<Contact | null> {
  const digits = phone.replace(/\D/g, '');
  const r = await api<{ contacts: Contact[] }>(`/api/crm/contacts${qs({ search: digits, limit: 20 })}`, { signal });
  return (r.contacts ?? []).find((c) => c.phone === phone) ?? null;
}
