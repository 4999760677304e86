// Texts: /api/crm/sms/messages, /send and /segments.
import { api, qs } from './client';
import type { Pagination, SegmentInfo, SMSMessage } from './types';

export interface MessagePage {
  messages: SMSMessage[];
  pagination?: Pagination;
}

/** One page of a number's thread, oldest first within the page. */
export async function listMessages(phoneNumber: string, page: { limit: number; skip: number }, signal?: AbortSignal): Promise<MessagePage> {
  const r = await api<Partial<MessagePage>>(`/api/crm/sms/messages${qs({ phoneNumber, limit: page.limit, skip: page.skip })}`, { signal });
  return { messages: r.messages ?? [], pagination: r.pagination };
}

export interface SendRequest {
  to: string;
  body: string;
  contactId?: string;
  /** The agent confirmed sending despite an unresolved possible opt-out. */
  confirmPossibleOptOut?: boolean;
}

/** Sends one text; rejects with the server's refusal (no_consent, opted_out, possible_opt_out, 502 Twilio). */
export async function sendMessage(req: SendRequest): Promise<SMSMessage | null> {
  const r = await api<{ message?: SMSMessage }>('/api/crm/sms/send', {
    body: {
      to: req.to, body: req.body,
      ...(req.contactId ? { contactId: req.contactId } : {}),
      ...(req.confirmPossibleOptOut ? { confirmPossibleOptOut: true } : {}),
    },
  });
  return r.message ?? null;
}

/** Encoding and segments of a text, by the server's counter (the one that bills). */
export function countSegments(body: string, signal?: AbortSignal): Promise<SegmentInfo> {
  return api<SegmentInfo>('/api/crm/sms/segments', { body: { body }, signal });
}
