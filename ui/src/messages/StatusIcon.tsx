import { useState } from 'react';
import type { MessageStatus } from '../api/types';

export type StatusKind = 'sending' | 'sent' | 'delivered' | 'failed' | 'none';

/** Twilio's many statuses collapse to the four an agent cares about. */
export function statusKind(status: MessageStatus | undefined): StatusKind {
  switch (status) {
    case 'queued':
    case 'accepted':
    case 'scheduled':
    case 'sending':
    case 'pending':
      return 'sending';
    case 'sent':
      return 'sent';
    case 'delivered':
    case 'read':
    case 'partially_delivered':
      return 'delivered';
    case 'failed':
    case 'undelivered':
    case 'canceled':
      return 'failed';
    default:
      return 'none';
  }
}

export function failureText(errorCode?: number | string | null, errorMessage?: string | null): string {
  if (errorMessage && errorCode) return `${errorMessage} (error ${errorCode})`;
  if (errorMessage) return errorMessage;
  if (errorCode) return `Twilio error ${errorCode}`;
  return 'Not delivered';
}

const LABELS: Record<Exclude<StatusKind, 'none'>, string> = {
  sending: 'Sending',
  sent: 'Sent',
  delivered: 'Delivered',
  failed: 'Failed',
};

export function StatusIcon({ status, errorCode, errorMessage, interactive = true }: { status: MessageStatus; errorCode?: number | string | null; errorMessage?: string | null; interactive?: boolean }) {
  const kind = statusKind(status);
  const [open, setOpen] = useState(false);
  if (kind === 'none') return null;
  if (kind === 'failed') {
    const why = failureText(errorCode, errorMessage);
    if (!interactive) {
      return (
        <span className="status status-failed" data-status="failed" role="img" aria-label={`Failed: ${why}`} title={why}>
          <svg viewBox="0 0 16 16" width="15" height="15" aria-hidden="true"><circle cx="8" cy="8" r="7" fill="currentColor" /><path d="M8 4v5" stroke="#fff" strokeWidth="1.8" strokeLinecap="round" /><circle cx="8" cy="11.6" r="1" fill="#fff" /></svg>
        </span>
      );
    }
    return (
      <span className="status-wrap">
        <button
          type="button"
          className="status status-failed"
          data-status="failed"
          aria-label={`Failed: ${why}`}
          aria-expanded={open}
          title={why}
          onClick={() => setOpen((o) => !o)}
        >
          <svg viewBox="0 0 16 16" width="15" height="15" aria-hidden="true"><circle cx="8" cy="8" r="7" fill="currentColor" /><path d="M8 4v5" stroke="#fff" strokeWidth="1.8" strokeLinecap="round" /><circle cx="8" cy="11.6" r="1" fill="#fff" /></svg>
        </button>
        {open && <span className="status-error" role="note">{why}</span>}
      </span>
    );
  }
  const label = LABELS[kind];
  return (
    <span className={`status status-${kind}`} data-status={kind} role="img" aria-label={label} title={label}>
      {kind === 'sending' && (
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true"><circle cx="8" cy="8" r="6.2" fill="none" stroke="currentColor" strokeWidth="1.5" /><path d="M8 4.5V8l2.4 1.6" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" /></svg>
      )}
      {kind === 'sent' && (
        <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true"><path d="M3 8.5l3 3 7-7" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" /></svg>
      )}
      {kind === 'delivered' && (
        <svg viewBox="0 0 20 16" width="19" height="16" aria-hidden="true"><path d="M1.5 8.5l3 3 7-7M7.5 11.5l.4.4 8.6-8.6" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" /></svg>
      )}
    </span>
  );
}
