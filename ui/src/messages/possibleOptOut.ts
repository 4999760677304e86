import type { Conversation, PossibleOptOut } from '../api/types';

/** The conversation's unresolved flag, unless this screen has just resolved it. */
export function standingPossibleOptOut(conversation: Conversation | null, resolvedMessageSid: string | null): PossibleOptOut | null {
  const flag = conversation?.possibleOptOut ?? null;
  return flag && flag.messageSid !== resolvedMessageSid ? flag : null;
}
