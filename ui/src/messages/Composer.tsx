import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { describeSendError } from './sendErrors';
import { SegmentCounter, fetchSegments, type FetchSegments } from './SegmentCounter';

export interface ComposerProps {
  /**
   * Sends the text; rejects (with an ApiError) when the server refuses it. `confirmed` is true
   * when `confirmSend` asked first and the agent said yes.
   */
  onSend: (text: string, confirmed: boolean) => Promise<unknown>;
  /** Asked before each send when given: on false nothing is sent and the text stays in the box. */
  confirmSend?: () => Promise<boolean>;
  initialText?: string;
  onDraftChange?: (text: string) => void;
  disabled?: boolean;
  placeholder?: string;
  fetcher?: FetchSegments;
  counterDelayMs?: number;
}

/**
 * The message box: Enter sends, Shift+Enter adds a line. The box clears at once (the bubble
 * appears in the thread); when the server refuses, the text comes back with the reason.
 */
export function Composer({ onSend, confirmSend, initialText = '', onDraftChange, disabled, placeholder, fetcher = fetchSegments, counterDelayMs }: ComposerProps) {
  const [text, setText] = useState(initialText);
  const [error, setError] = useState<{ code: string; text: string } | null>(null);
  const [sending, setSending] = useState(false);
  const areaRef = useRef<HTMLTextAreaElement>(null);
  const errorId = useId();
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => { mounted.current = false; };
  }, []);

  useEffect(() => { onDraftChange?.(text); }, [text, onDraftChange]);

  // Grow with the text up to a few lines.
  useEffect(() => {
    const el = areaRef.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 160)}px`;
  }, [text]);

  async function send() {
    const body = text;
    if (!body.trim() || disabled) return;
    setError(null);
    const confirmed = confirmSend ? await confirmSend() : false;
    if (confirmSend && !confirmed) return;
    setText('');
    setSending(true);
    try {
      await onSend(body, confirmed);
    } catch (e) {
      // Gone to another conversation meanwhile: the text goes back into this one's draft.
      if (!mounted.current) onDraftChange?.(body);
      setText((current) => (current.trim() ? current : body));
      setError(describeSendError(e));
    } finally {
      setSending(false);
      areaRef.current?.focus();
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  }

  return (
    <div className="composer">
      {error && (
        <p className="send-error" role="alert" id={errorId} data-code={error.code}>{error.text}</p>
      )}
      <div className="composer-row">
        <label className="sr-only" htmlFor={`${errorId}-msg`}>Message</label>
        <textarea
          id={`${errorId}-msg`}
          ref={areaRef}
          rows={1}
          value={text}
          disabled={disabled}
          placeholder={placeholder ?? 'Type a message'}
          aria-describedby={error ? errorId : undefined}
          onChange={(e) => { setText(e.target.value); if (error) setError(null); }}
          onKeyDown={onKeyDown}
        />
        <button type="button" className="send-btn" onClick={() => void send()} disabled={disabled || !text.trim()} aria-label="Send" title="Send (Enter)" data-sending={sending || undefined}>
          <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true"><path d="M3.4 20.4l17.45-7.48a1 1 0 000-1.84L3.4 3.6a1 1 0 00-1.39 1.17L4.2 12l-2.19 7.23a1 1 0 001.39 1.17z" fill="currentColor" /></svg>
        </button>
      </div>
      {!disabled && <SegmentCounter text={text} fetcher={fetcher} delayMs={counterDelayMs} />}
    </div>
  );
}
