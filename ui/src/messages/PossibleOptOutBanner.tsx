import { useId, useState, type FormEvent } from 'react';
import type { ApiError } from '../api/client';
import { resolvePossibleOptOut, type PossibleOptOutResolution } from '../api/conversations';
import type { PossibleOptOut } from '../api/types';
import { Modal } from '../components/Modal';

/**
 * Shown while a text from this number reads as a request to stop texting (FCC 24-24: any
 * reasonable means revokes consent). The agent decides: record the opt-out, or keep texting
 * with a reason; both are recorded with the agent.
 */
export function PossibleOptOutBanner({ phone, name, flag, onResolved }: {
  phone: string;
  name: string;
  flag: PossibleOptOut;
  onResolved: (resolution: PossibleOptOutResolution) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [askingReason, setAskingReason] = useState(false);

  async function recordOptOut() {
    setBusy(true);
    setError('');
    try {
      await resolvePossibleOptOut(phone, 'revoke');
      onResolved('revoke');
    } catch (e) {
      setError((e as ApiError).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="opt-out-banner" role="region" aria-label="Possible opt-out" data-testid="possible-opt-out-banner">
      <p>
        <strong>{name} may have asked you to stop texting.</strong>{' '}
        They wrote: <q className="opt-out-quote">{flag.text}</q>
        {flag.phrase && <span className="muted"> (read as “{flag.phrase}”)</span>}
      </p>
      <div className="opt-out-actions">
        <button type="button" className="btn danger small" onClick={() => void recordOptOut()} disabled={busy}>
          Stop texting (record opt-out)
        </button>
        <button type="button" className="btn small" onClick={() => setAskingReason(true)} disabled={busy}>
          Keep texting
        </button>
      </div>
      {error && <p className="note error" role="alert">{error}</p>}
      {askingReason && (
        <KeepTextingDialog
          phone={phone}
          onCancel={() => setAskingReason(false)}
          onKept={() => { setAskingReason(false); onResolved('keep'); }}
        />
      )}
    </div>
  );
}

/** "Keep texting" needs a reason, which is recorded with the agent's decision. */
function KeepTextingDialog({ phone, onCancel, onKept }: { phone: string; onCancel: () => void; onKept: () => void }) {
  const id = useId();
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!reason.trim()) {
      setError('Say why you will keep texting this number.');
      return;
    }
    setBusy(true);
    setError('');
    try {
      await resolvePossibleOptOut(phone, 'keep', reason.trim());
      onKept();
    } catch (err) {
      setError((err as ApiError).message);
      setBusy(false);
    }
  }

  return (
    <Modal title="Keep texting" onClose={onCancel}>
      <form onSubmit={submit} noValidate>
        <div className={error ? 'field has-error' : 'field'}>
          <label htmlFor={`${id}-reason`}>Reason</label>
          <textarea
            id={`${id}-reason`}
            rows={3}
            value={reason}
            onChange={(e) => { setReason(e.target.value); if (error) setError(''); }}
            placeholder="e.g. They meant stop texting about the Elm St listing only"
            aria-invalid={!!error}
            aria-describedby={error ? `${id}-reason-err` : `${id}-reason-hint`}
            maxLength={1000}
            required
          />
          {error
            ? <span className="field-error" id={`${id}-reason-err`} role="alert">{error}</span>
            : <span className="hint" id={`${id}-reason-hint`}>Recorded with your name, as the reason this text was not an opt-out.</span>}
        </div>
        <div className="form-actions">
          <button type="button" className="btn" onClick={onCancel}>Cancel</button>
          <button type="submit" className="btn primary" disabled={busy}>Keep texting</button>
        </div>
      </form>
    </Modal>
  );
}
