import { useEffect, useState } from 'react';
import { fetchConsentState } from '../api/consent';
import type { Change, Conversation, OptInStatus } from '../api/types';
import { useCoalesced } from '../lib/hooks';
import { useLiveChanges } from '../lib/LiveContext';

/**
 * Where the number's consent stands, as the server reports it: the conversation's
 * `optInStatus` (the consent ledger, projected) or, for a number not in the conversation list
 * (no texts yet, or filtered out by a search), the ledger's own `state` from
 * GET /api/crm/consent/:phone. Never the contact's `preferences.smsOptIn`: that is a form
 * field, and the ledger can disagree with it (a STOP after the box was ticked). null while
 * the ledger has not answered. Texts may go only when it is "opted_in".
 */
export function numberConsent(conversation: Conversation | null, ledgerState: OptInStatus | null): OptInStatus | null {
  return conversation ? conversation.optInStatus : ledgerState;
}

export function useNumberConsent(phone: string, conversation: Conversation | null): { consent: OptInStatus | null; error: string } {
  const listed = conversation !== null;
  const [ledger, setLedger] = useState<{ phone: string; state: OptInStatus } | null>(null);
  const [error, setError] = useState('');
  const [asked, setAsked] = useState(0);

  useEffect(() => {
    setError('');
    if (listed) return;
    const ctl = new AbortController();
    fetchConsentState(phone, ctl.signal).then(
      (state) => { setLedger({ phone, state }); setError(''); },
      (e) => { if ((e as Error).name !== 'AbortError') setError((e as Error).message); });
    return () => ctl.abort();
  }, [phone, listed, asked]);

  const askAgainSoon = useCoalesced(() => setAsked((n) => n + 1), 120);
  useLiveChanges((changes: Change[], resync: boolean) => {
    if (!listed && (resync || changes.some((c) => c.phoneNumber === phone))) askAgainSoon();
  });

  const ledgerState = ledger && ledger.phone === phone ? ledger.state : null;
  return { consent: numberConsent(conversation, ledgerState), error: listed ? '' : error };
}
