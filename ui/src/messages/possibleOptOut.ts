import { api, ApiError } from '../api/client';
import type { Conversation, PossibleOptOut } from '../api/types';

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

/** The conversation's unresolved flag, unless this screen has just resolved it. */
export function standingPossibleOptOut(conversation: Conversation | null, resolvedMessageSid: string | null): PossibleOptOut | null {
  const flag = conversation?.possibleOptOut ?? null;
  return flag && flag.messageSid !== resolvedMessageSid ? flag : null;
}
