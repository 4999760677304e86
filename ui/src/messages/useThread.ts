import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';
import { findContactByPhone } from '../api/contacts';
import { markConversationRead, requestOptIn as postOptInRequest, syncConversation } from '../api/conversations';
import { sendMessage } from '../api/messages';
import type { Change, Contact, Conversation, SMSMessage } from '../api/types';
import { useCoalesced } from '../lib/hooks';
import { useLiveChanges } from '../lib/LiveContext';
import { standingPossibleOptOut } from './possibleOptOut';
import { hasEarlier, loadEarlier, loadThread, mergeLatest, prependEarlier, type ThreadPage } from './thread';
import { useNumberConsent } from './useNumberConsent';
import { useThreadScroll } from './useThreadScroll';

/** A text on its way to the server, shown as a "sending" bubble until the server's message replaces it. */
export interface Pending {
  _id: string;
  body: string;
  createdAt: string;
}

export type Note = { ok: boolean; text: string };

/**
 * Everything the conversation screen keeps about one number's thread: the messages (newest
 * page, earlier pages on request, live refreshes), texts being sent, read marks, the contact
 * behind the number, its consent as the server reports it, the opt-in request and the
 * possible opt-out flag, and the scrolling that follows the newest message.
 */
export function useThread(phone: string, conversation: Conversation | null, onChanged: () => void) {
  const [messages, setMessages] = useState<SMSMessage[]>([]);
  const [oldestPage, setOldestPage] = useState<ThreadPage | null>(null);
  const [loadingEarlier, setLoadingEarlier] = useState(false);
  const [pending, setPending] = useState<Pending[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [loadError, setLoadError] = useState('');
  const [contact, setContact] = useState<Contact | null>(null);
  const [optInNote, setOptInNote] = useState<Note | null>(null);
  const [optInBusy, setOptInBusy] = useState(false);
  const [resolvedOptOutSid, setResolvedOptOutSid] = useState<string | null>(null);
  const lastInboundId = useRef<string | null>(null);
  const scroll = useThreadScroll([messages, pending, loaded]);
  const { consent, error: consentError } = useNumberConsent(phone, conversation);

  const refresh = useCallback(async () => {
    try {
      const r = await loadThread(phone);
      setMessages((existing) => mergeLatest(existing, r.messages));
      setOldestPage((p) => (p && p.order === r.order && p.skip !== r.skip ? p : r));
      setLoadError('');
    } catch (e) {
      if ((e as Error).name !== 'AbortError') setLoadError((e as ApiError).message);
    } finally {
      setLoaded(true);
    }
  }, [phone]);

  const markRead = useCallback(async () => {
    try {
      await markConversationRead(phone);
      onChanged();
    } catch {
      // A missed read mark only leaves a badge; the next open retries.
    }
  }, [phone, onChanged]);

  // Opening a conversation: show what we have, mark it read, pull Twilio's history, refresh.
  useEffect(() => {
    let cancelled = false;
    setMessages([]);
    setOldestPage(null);
    setPending([]);
    setLoaded(false);
    setLoadError('');
    setOptInNote(null);
    scroll.scrollToEndNext();
    lastInboundId.current = null;
    void refresh();
    void markRead();
    syncConversation(phone)
      .then((imported) => { if (!cancelled && imported > 0) { void refresh(); onChanged(); } })
      .catch(() => { /* history sync is best effort */ });
    return () => { cancelled = true; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [phone]);

  // The contact behind the number when the conversation list does not carry it.
  useEffect(() => {
    setContact(null);
    if (conversation?.contact) return;
    const ctl = new AbortController();
    findContactByPhone(phone, ctl.signal).then((c) => setContact(c), () => {});
    return () => ctl.abort();
  }, [phone, conversation?.contact]);

  const refreshSoon = useCoalesced(() => void refresh(), 120);
  useLiveChanges((changes: Change[], resync: boolean) => {
    if (resync || changes.some((c) => c.phoneNumber === phone || (!c.phoneNumber && c.kind !== 'contact'))) refreshSoon();
  });

  // A new inbound text in the open conversation is read as it arrives (when the page is seen).
  useEffect(() => {
    const lastIn = [...messages].reverse().find((m) => m.direction === 'inbound');
    if (!lastIn) return;
    if (lastInboundId.current !== null && lastInboundId.current !== lastIn._id && document.visibilityState !== 'hidden') void markRead();
    lastInboundId.current = lastIn._id;
  }, [messages, markRead]);

  // Coming back to the tab with this conversation open reads what arrived meanwhile.
  const unreadHere = conversation?.unreadCount ?? 0;
  useEffect(() => {
    function onVisible() {
      if (document.visibilityState === 'visible' && unreadHere > 0) void markRead();
    }
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [unreadHere, markRead]);

  async function showEarlier() {
    if (!oldestPage || loadingEarlier) return;
    setLoadingEarlier(true);
    try {
      const r = await loadEarlier(phone, oldestPage);
      if (r) {
        scroll.keepPosition();
        setMessages((list) => prependEarlier(list, r.messages));
        setOldestPage(r);
      }
    } catch (e) {
      setLoadError((e as ApiError).message);
    } finally {
      setLoadingEarlier(false);
    }
  }

  const who = conversation?.contact ?? contact;

  async function send(body: string, confirmedPossibleOptOut: boolean) {
    const local: Pending = { _id: `local-${Date.now()}-${Math.random()}`, body, createdAt: new Date().toISOString() };
    scroll.scrollToEndNext();
    setPending((p) => [...p, local]);
    try {
      const m = await sendMessage({ to: phone, body, contactId: who?._id || undefined, confirmPossibleOptOut: confirmedPossibleOptOut });
      if (m && m._id) setMessages((list) => (list.some((x) => x._id === m._id) ? list : [...list, m]));
      setPending((p) => p.filter((x) => x._id !== local._id));
      scroll.scrollToEndNext();
      onChanged();
      void refresh();
    } catch (e) {
      setPending((p) => p.filter((x) => x._id !== local._id));
      if (e instanceof ApiError && e.status === 502) void refresh(); // recorded as failed
      onChanged();
      throw e;
    }
  }

  async function requestOptIn() {
    setOptInBusy(true);
    setOptInNote(null);
    try {
      await postOptInRequest(phone);
      setOptInNote({ ok: true, text: 'Opt-in request sent. They can reply OPT IN (or YES, START) to agree.' });
      scroll.scrollToEndNext();
      void refresh();
      onChanged();
    } catch (e) {
      setOptInNote({ ok: false, text: (e as ApiError).message });
    } finally {
      setOptInBusy(false);
    }
  }

  const possibleOptOut = standingPossibleOptOut(conversation, resolvedOptOutSid);

  return {
    messages, pending, loaded, loadError,
    canLoadEarlier: hasEarlier(oldestPage), loadingEarlier, showEarlier,
    who, consent, consentError,
    send,
    optIn: { request: requestOptIn, busy: optInBusy, note: optInNote },
    possibleOptOut,
    /** The agent resolved the flag here; it stays hidden until the list brings the next one. */
    optOutResolved: () => { if (possibleOptOut) setResolvedOptOutSid(possibleOptOut.messageSid); },
    scroll,
  };
}
