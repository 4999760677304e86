import type { OptInStatus } from '../api/types';
import type { Note } from './useThread';

/**
 * Why the composer is closed, under the thread: the number opted out, or there is no consent
 * on record (then "Send opt-in request"), or its consent could not be read. Nothing while
 * the number is opted in or its consent is still being read.
 */
export function ConsentNotice({ name, consent, error, busy, note, onRequestOptIn }: {
  name: string;
  consent: OptInStatus | null;
  /** The consent ledger could not be read. */
  error?: string;
  busy: boolean;
  note: Note | null;
  onRequestOptIn: () => void;
}) {
  if (consent === 'opted_in') return null;
  if (consent === null) {
    if (!error) return null;
    return (
      <div className="consent-notice none" role="status" data-testid="consent-notice">
        <p className="note error" role="alert">Cannot tell whether this number may be texted: {error}</p>
      </div>
    );
  }
  return (
    <div className={`consent-notice ${consent}`} role="status" data-testid="consent-notice">
      {consent === 'opted_out' ? (
        <p><strong>{name} opted out of texts</strong> (replied STOP). You cannot text this number until it replies START.</p>
      ) : (
        <>
          <p><strong>You can’t text {name} yet:</strong> there is no consent to receive texts on record. Send an opt-in request; a reply of OPT IN or YES lets you text.</p>
          <button type="button" className="btn primary small" onClick={onRequestOptIn} disabled={busy}>
            Send opt-in request
          </button>
        </>
      )}
      {note && <p className={note.ok ? 'note ok' : 'note error'} role={note.ok ? 'status' : 'alert'}>{note.text}</p>}
    </div>
  );
}
