// A number's consent ledger: GET /api/crm/consent/:phone.
import { api } from './client';
import type { OptInStatus } from './types';

// E.164 in the path as it is: '+' and digits need no escaping there, and a router that
// does not percent-decode path parameters would not understand %2B.
const consentPath = (phone: string) => `/api/crm/consent/${phone.replace(/[^+\d]/g, '')}`;

/** The ledger as the server sends it: each grant and revocation with its evidence, and the state now. */
export function fetchConsentHistory(phone: string, signal?: AbortSignal): Promise<Record<string, unknown>> {
  return api<Record<string, unknown>>(consentPath(phone), { signal });
}

const STATES: readonly OptInStatus[] = ['opted_in', 'opted_out', 'none'];

/**
 * Where the number's consent stands now (`state`, the domain's fold of the ledger): texts may
 * go only when it is "opted_in" (a standing grant and no opt-out).
 */
export async function fetchConsentState(phone: string, signal?: AbortSignal): Promise<OptInStatus> {
  const r = await fetchConsentHistory(phone, signal);
  const s = r.state;
  if (typeof s === 'string' && (STATES as readonly string[]).includes(s)) return s as OptInStatus;
  throw new Error('The server did not say where this number\u2019s consent stands.');
}
