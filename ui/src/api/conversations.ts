// Conversations (one per number): /api/crm/sms/conversations, read marks, history sync,
// opt-in requests and possible opt-outs.
import { api, ApiError, qs } from './client';
import type { Conversation, Pagination } from './types';

export interface ConversationPage {
  conversations: Conversation[];
  pagination?: Pagination;
}

export async function listConversations(q: { search?: string; limit?: number }): Promise<ConversationPage> {
  const r = await api<Partial<ConversationPage>>(`/api/crm/sms/conversations${qs({ search: q.search, limit: q.limit })}`);
  return { conversations: r.conversations ?? [], pagination: r.pagination };
}

export async function markConversationRead(phoneNumber: string): Promise<void> {
  await api('/api/crm/sms/conversations/read', { body: { phoneNumber } });
}

/** Pulls the number's history from Twilio; answers how many texts were new. */
export async function syncConversation(phoneNumber: string): Promise<number> {
  const r = await api<{ imported?: number }>('/api/crm/sms/sync', { body: { phoneNumber } });
  return r.imported ?? 0;
}

/** Sends the opt-in request template to the number. */
export async function requestOptIn(phoneNumber: string): Promise<void> {
  await api('/api/crm/sms/opt-in-request', { body: { phoneNumber } });
}

export type PossibleOptOutResolution = 'revoke' | 'keep';

/**
 * The agent's answer to a text that read as a request to stop texting: "revoke" records the
 * opt-out (the number can no longer be texted), "keep" goes on texting and needs a reason.
 * A flag already resolved elsewhere (409 no_possible_opt_out) counts as done.
 */
export async function resolvePossibleOptOut(phoneNumber: string, resolution: PossibleOptOutResolution, reason?: string): Promise<void> {
  try {
    await api('/api/crm/sms/possible-opt-out/resolve', {
      body: { phoneNumber, resolution, ...(reason ? { reason } : {}) },
    });
  } catch (e) {
    if (e instanceof ApiError && e.code === 'no_possible_opt_out') return;
    throw e;
  }
}
