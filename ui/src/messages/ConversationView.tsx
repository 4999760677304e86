import { Fragment, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { api, ApiError } from '../api/client';
import type { Change, Contact, Conversation, OptInStatus, SMSMessage } from '../api/types';
import { Avatar } from '../components/Avatar';
import { ConfirmDialog } from '../components/Modal';
import { getDraft, setDraft } from '../lib/drafts';
import { clockTime, dayLabel, formatPhone, fullName } from '../lib/format';
import { useCoalesced, useConfirmation } from '../lib/hooks';
import { useLiveChanges } from '../lib/LiveContext';
import { navigate } from '../lib/router';
import { Composer } from './Composer';
import { PossibleOptOutBanner } from './PossibleOptOutBanner';
import { standingPossibleOptOut } from './possibleOptOut';
import { StatusIcon } from './StatusIcon';
import { findContactByPhone, hasEarlier, loadEarlier, loadThread, type ThreadPage } from './thread';

interface Pending {
  _id: string;
  body: string;
  createdAt: string;
}

function safeHref(url: string): string | undefined {
  return /^https?:\/\//i.test(url) ? url : undefined;
}

function timeOf(m: SMSMessage): number {
  const t = Date.parse(m.createdAt ?? '');
  return Number.isNaN(t) ? 0 : t;
}

/**
 * The newest page merged into what is shown: earlier pages the agent loaded stay, and
 * messages that slid out of the newest page as new ones arrived are kept rather than lost.
 */
export function mergeLatest(existing: SMSMessage[], latest: SMSMessage[]): SMSMessage[] {
  if (latest.length === 0) return existing.length === 0 ? existing : [];
  const ids = new Set(latest.map((m) => m._id));
  const at = existing.findIndex((m) => m._id === latest[0]._id);
  const before = at >= 0 ? existing.slice(0, at) : existing.filter((m) => timeOf(m) <= timeOf(latest[0]));
  return [...before.filter((m) => !ids.has(m._id)), ...latest];
}

export function effectiveOptIn(conversation: Conversation | null, contact: Contact | null): OptInStatus {
  if (conversation?.optInStatus === 'opted_out') return 'opted_out';
  if (conversation?.optInStatus === 'opted_in') return 'opted_in';
  const prefs = conversation?.contact?.preferences ?? contact?.preferences;
  return prefs?.smsOptIn ? 'opted_in' : 'none';
}

export function ConversationView({ phone, conversation, onChanged }: {
  phone: string;
  conversation: Conversation | null;
  /** Something here changed the conversation list (a send, a read mark). */
  onChanged: () => void;
}) {
  const [messages, setMessages] = useState<SMSMessage[]>([]);
  const [oldestPage, setOldestPage] = useState<ThreadPage | null>(null);
  const [loadingEarlier, setLoadingEarlier] = useState(false);
  const keepScrollFrom = useRef<{ height: number; top: number } | null>(null);
  const [pending, setPending] = useState<Pending[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [loadError, setLoadError] = useState('');
  const [contact, setContact] = useState<Contact | null>(null);
  const [optInNote, setOptInNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [optInBusy, setOptInBusy] = useState(false);
  const [showJump, setShowJump] = useState(false);
  const scrollRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const forceScroll = useRef(true);
  const lastInboundId = useRef<string | null>(null);
  const [resolvedOptOutSid, setResolvedOptOutSid] = useState<string | null>(null);
  const sendAnyway = useConfirmation();

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
      await api('/api/crm/sms/conversations/read', { body: { phoneNumber: phone } });
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
    sendAnyway.answer(false);
    forceScroll.current = true;
    lastInboundId.current = null;
    void refresh();
    void markRead();
    api<{ imported?: number }>('/api/crm/sms/sync', { body: { phoneNumber: phone } })
      .then((r) => { if (!cancelled && (r.imported ?? 0) > 0) { void refresh(); onChanged(); } })
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

  // Auto-scroll to the newest message unless the agent has scrolled up to read.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    if (keepScrollFrom.current) {
      // Earlier messages were added above: keep what the agent was reading in place.
      el.scrollTop = keepScrollFrom.current.top + (el.scrollHeight - keepScrollFrom.current.height);
      keepScrollFrom.current = null;
      return;
    }
    if (forceScroll.current || atBottom.current) {
      el.scrollTop = el.scrollHeight;
      forceScroll.current = false;
      setShowJump(false);
    } else {
      setShowJump(true);
    }
  }, [messages, pending, loaded]);

  function onScroll() {
    const el = scrollRef.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
    if (atBottom.current) setShowJump(false);
  }

  async function showEarlier() {
    if (!oldestPage || loadingEarlier) return;
    setLoadingEarlier(true);
    try {
      const r = await loadEarlier(phone, oldestPage);
      if (r) {
        const el = scrollRef.current;
        if (el) keepScrollFrom.current = { height: el.scrollHeight, top: el.scrollTop };
        setMessages((list) => {
          const ids = new Set(list.map((m) => m._id));
          return [...r.messages.filter((m) => !ids.has(m._id)), ...list];
        });
        setOldestPage(r);
      }
    } catch (e) {
      setLoadError((e as ApiError).message);
    } finally {
      setLoadingEarlier(false);
    }
  }

  function jumpToEnd() {
    const el = scrollRef.current;
    if (el) el.scrollTop = el.scrollHeight;
    atBottom.current = true;
    setShowJump(false);
  }

  const who = conversation?.contact ?? contact;
  const name = fullName(who) || formatPhone(phone);
  const optIn = effectiveOptIn(conversation, contact);
  const possibleOptOut = standingPossibleOptOut(conversation, resolvedOptOutSid);

  async function send(body: string, confirmedPossibleOptOut: boolean) {
    const local: Pending = { _id: `local-${Date.now()}-${Math.random()}`, body, createdAt: new Date().toISOString() };
    forceScroll.current = true;
    setPending((p) => [...p, local]);
    try {
      const r = await api<{ message?: SMSMessage }>('/api/crm/sms/send', {
        body: {
          to: phone, body,
          ...(who?._id ? { contactId: who._id } : {}),
          ...(confirmedPossibleOptOut ? { confirmPossibleOptOut: true } : {}),
        },
      });
      const m = r.message;
      if (m && m._id) setMessages((list) => (list.some((x) => x._id === m._id) ? list : [...list, m]));
      setPending((p) => p.filter((x) => x._id !== local._id));
      forceScroll.current = true;
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
      await api('/api/crm/sms/opt-in-request', { body: { phoneNumber: phone } });
      setOptInNote({ ok: true, text: 'Opt-in request sent. They can reply OPT IN (or YES, START) to agree.' });
      forceScroll.current = true;
      void refresh();
      onChanged();
    } catch (e) {
      setOptInNote({ ok: false, text: (e as ApiError).message });
    } finally {
      setOptInBusy(false);
    }
  }

  let lastDay = '';
  const saveDraft = useCallback((t: string) => setDraft(phone, t), [phone]);

  return (
    <section className="thread" aria-label={`Conversation with ${name}`}>
      <header className="thread-head">
        <button type="button" className="icon-btn back-btn" aria-label="Back to conversations" onClick={() => navigate('/agent/messages')}>
          <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true"><path d="M15 5l-7 7 7 7" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" /></svg>
        </button>
        <Avatar name={fullName(who) || '#'} optedIn={optIn === 'opted_in'} optedOut={optIn === 'opted_out'} size={40} />
        <div className="thread-title">
          <h2>{name}</h2>
          <span className="thread-sub">
            {fullName(who) ? `${formatPhone(phone)} · ` : ''}
            <span className={`consent-tag ${optIn}`} data-testid="consent-state">
              {optIn === 'opted_in' ? 'Opted in' : optIn === 'opted_out' ? 'Opted out' : 'No text consent'}
            </span>
          </span>
        </div>
        {who?._id && (
          <button type="button" className="btn ghost small" onClick={() => navigate(`/agent/crm?contact=${encodeURIComponent(who._id)}`)}>
            View contact
          </button>
        )}
      </header>

      <div className="thread-body" ref={scrollRef} onScroll={onScroll} role="log" aria-label="Messages" aria-live="polite" tabIndex={0}>
        {!loaded && <p className="thread-note">Loading…</p>}
        {hasEarlier(oldestPage) && (
          <button type="button" className="btn small earlier-btn" onClick={() => void showEarlier()} disabled={loadingEarlier}>
            {loadingEarlier ? 'Loading…' : 'Load earlier messages'}
          </button>
        )}
        {loadError && <p className="thread-note error" role="alert">{loadError}</p>}
        {loaded && !loadError && messages.length === 0 && pending.length === 0 && (
          <p className="thread-note">No messages with {name} yet.</p>
        )}
        {messages.map((m) => {
          const day = dayLabel(m.createdAt);
          const sep = day !== lastDay;
          lastDay = day;
          const out = m.direction === 'outbound';
          return (
            <Fragment key={m._id}>
              {sep && <div className="day-sep"><span>{day}</span></div>}
              <div className={out ? 'bubble-row out' : 'bubble-row in'} data-message-id={m._id} data-direction={m.direction} data-status={m.status}>
                <div className={out ? 'bubble out' : 'bubble in'}>
                  <span className="bubble-text">{m.body}</span>
                  {(m.mediaUrls ?? []).length > 0 && (
                    <span className="bubble-media">
                      {(m.mediaUrls ?? []).map((u, i) => (
                        <a key={i} href={safeHref(u)} target="_blank" rel="noopener noreferrer">Attachment {i + 1}</a>
                      ))}
                    </span>
                  )}
                  <span className="bubble-meta">
                    <time dateTime={m.createdAt}>{clockTime(m.createdAt)}</time>
                    {out && <StatusIcon status={m.status} errorCode={m.errorCode} errorMessage={m.errorMessage} />}
                  </span>
                </div>
              </div>
            </Fragment>
          );
        })}
        {pending.map((p) => (
          <div className="bubble-row out" key={p._id} data-direction="outbound" data-status="sending">
            <div className="bubble out pending">
              <span className="bubble-text">{p.body}</span>
              <span className="bubble-meta">
                <time dateTime={p.createdAt}>{clockTime(p.createdAt)}</time>
                <StatusIcon status="sending" />
              </span>
            </div>
          </div>
        ))}
      </div>
      {showJump && (
        <button type="button" className="jump-btn" onClick={jumpToEnd} aria-label="Jump to newest messages">
          New messages ↓
        </button>
      )}

      {possibleOptOut && (
        <PossibleOptOutBanner
          phone={phone}
          name={name}
          flag={possibleOptOut}
          onResolved={() => { setResolvedOptOutSid(possibleOptOut.messageSid); onChanged(); }}
        />
      )}
      {optIn !== 'opted_in' && (
        <div className={`consent-notice ${optIn}`} role="status" data-testid="consent-notice">
          {optIn === 'opted_out' ? (
            <p><strong>{name} opted out of texts</strong> (replied STOP). You cannot text this number until it replies START.</p>
          ) : (
            <>
              <p><strong>You can’t text {name} yet:</strong> there is no consent to receive texts on record. Send an opt-in request; a reply of OPT IN or YES lets you text.</p>
              <button type="button" className="btn primary small" onClick={() => void requestOptIn()} disabled={optInBusy}>
                Send opt-in request
              </button>
            </>
          )}
          {optInNote && <p className={optInNote.ok ? 'note ok' : 'note error'} role={optInNote.ok ? 'status' : 'alert'}>{optInNote.text}</p>}
        </div>
      )}
      <Composer
        key={phone}
        onSend={send}
        confirmSend={possibleOptOut ? sendAnyway.ask : undefined}
        initialText={getDraft(phone)}
        onDraftChange={saveDraft}
        disabled={optIn !== 'opted_in'}
        placeholder={optIn === 'opted_in' ? 'Type a message' : optIn === 'opted_out' ? 'Opted out: texting is blocked' : 'Waiting for consent'}
      />
      {sendAnyway.open && (
        <ConfirmDialog
          title="Send anyway?"
          message={<p>This contact may have asked you to stop texting{possibleOptOut ? <> (they wrote <q>{possibleOptOut.text}</q>)</> : null}. Send anyway?</p>}
          confirmLabel="Send anyway"
          onConfirm={() => sendAnyway.answer(true)}
          onCancel={() => sendAnyway.answer(false)}
        />
      )}
    </section>
  );
}
