import { Fragment, useCallback, useEffect } from 'react';
import type { Conversation } from '../api/types';
import { ConfirmDialog } from '../components/Modal';
import { getDraft, setDraft } from '../lib/drafts';
import { dayLabel, formatPhone, fullName } from '../lib/format';
import { useConfirmation } from '../lib/hooks';
import { Composer } from './Composer';
import { ConsentNotice } from './ConsentNotice';
import { MessageBubble } from './MessageBubble';
import { PossibleOptOutBanner } from './PossibleOptOutBanner';
import { ThreadHeader } from './ThreadHeader';
import { useThread } from './useThread';

export { mergeLatest } from './thread';

function composerPlaceholder(consent: string | null): string {
  if (consent === 'opted_in') return 'Type a message';
  if (consent === 'opted_out') return 'Opted out: texting is blocked';
  if (consent === 'none') return 'Waiting for consent';
  return 'Checking consent…';
}

export function ConversationView({ phone, conversation, onChanged }: {
  phone: string;
  conversation: Conversation | null;
  /** Something here changed the conversation list (a send, a read mark). */
  onChanged: () => void;
}) {
  const t = useThread(phone, conversation, onChanged);
  const sendAnyway = useConfirmation();
  // A question left open in another conversation is answered no.
  const answer = sendAnyway.answer;
  useEffect(() => answer(false), [phone, answer]);
  const saveDraft = useCallback((text: string) => setDraft(phone, text), [phone]);

  const name = fullName(t.who) || formatPhone(phone);
  const { possibleOptOut, consent } = t;
  let lastDay = '';

  return (
    <section className="thread" aria-label={`Conversation with ${name}`}>
      <ThreadHeader phone={phone} name={name} who={t.who} consent={consent} />

      <div className="thread-body" ref={t.scroll.scrollRef} onScroll={t.scroll.onScroll} role="log" aria-label="Messages" aria-live="polite" tabIndex={0}>
        {!t.loaded && <p className="thread-note">Loading…</p>}
        {t.canLoadEarlier && (
          <button type="button" className="btn small earlier-btn" onClick={() => void t.showEarlier()} disabled={t.loadingEarlier}>
            {t.loadingEarlier ? 'Loading…' : 'Load earlier messages'}
          </button>
        )}
        {t.loadError && <p className="thread-note error" role="alert">{t.loadError}</p>}
        {t.loaded && !t.loadError && t.messages.length === 0 && t.pending.length === 0 && (
          <p className="thread-note">No messages with {name} yet.</p>
        )}
        {t.messages.map((m) => {
          const day = dayLabel(m.createdAt);
          const sep = day !== lastDay;
          lastDay = day;
          return (
            <Fragment key={m._id}>
              {sep && <div className="day-sep"><span>{day}</span></div>}
              <MessageBubble message={m} />
            </Fragment>
          );
        })}
        {t.pending.map((p) => (
          <MessageBubble key={p._id} pending message={{ body: p.body, createdAt: p.createdAt, direction: 'outbound', status: 'sending' }} />
        ))}
      </div>
      {t.scroll.showJump && (
        <button type="button" className="jump-btn" onClick={t.scroll.jumpToEnd} aria-label="Jump to newest messages">
          New messages ↓
        </button>
      )}

      {possibleOptOut && (
        <PossibleOptOutBanner
          phone={phone}
          name={name}
          flag={possibleOptOut}
          onResolved={() => { t.optOutResolved(); onChanged(); }}
        />
      )}
      <ConsentNotice
        name={name}
        consent={consent}
        error={t.consentError}
        busy={t.optIn.busy}
        note={t.optIn.note}
        onRequestOptIn={() => void t.optIn.request()}
      />
      <Composer
        key={phone}
        onSend={t.send}
        confirmSend={possibleOptOut ? sendAnyway.ask : undefined}
        initialText={getDraft(phone)}
        onDraftChange={saveDraft}
        disabled={consent !== 'opted_in'}
        placeholder={composerPlaceholder(consent)}
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
