// Changing one's own password (from the profile menu): the current one and a new one. The
// server ends one's other sessions; this one stays.
import { useState, type FormEvent } from 'react';
import { changePassword } from '../api/auth';
import type { ApiError } from '../api/client';
import { Field, FormError, useFieldErrors } from '../components/FormField';
import { Modal } from '../components/Modal';
import { PASSWORD_RULE } from './password';

const FIELDS = ['currentPassword', 'newPassword'] as const;
type PasswordField = (typeof FIELDS)[number];
const CODES: Partial<Record<string, PasswordField>> = { wrong_password: 'currentPassword', weak_password: 'newPassword' };

export function ChangePasswordDialog({ onDone, onClose }: { onDone: (message: string) => void; onClose: () => void }) {
  const f = useFieldErrors<PasswordField>();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    const local: Partial<Record<PasswordField, string>> = {};
    if (!current) local.currentPassword = 'Enter your current password.';
    if (!next) local.newPassword = 'Enter a new password.';
    if (Object.keys(local).length > 0) { f.show(local); return; }
    f.clear();
    setBusy(true);
    try {
      onDone(await changePassword(current, next));
    } catch (e) {
      f.showApiError(e as ApiError, FIELDS, CODES);
      setBusy(false);
    }
  }

  return (
    <Modal title="Change password" onClose={onClose}>
      <form className="user-form" onSubmit={submit} noValidate>
        <Field id={f.idOf('currentPassword')} label="Current password" error={f.errors.currentPassword}>
          <input {...f.control('currentPassword')} type="password" value={current} onChange={(e) => setCurrent(e.target.value)} autoComplete="current-password" required autoFocus />
        </Field>
        <Field id={f.idOf('newPassword')} label="New password" error={f.errors.newPassword} hint={PASSWORD_RULE}>
          <input {...f.control('newPassword', { hint: true })} type="password" value={next} onChange={(e) => setNext(e.target.value)} autoComplete="new-password" required />
        </Field>
        <p className="hint">Your other sessions are signed out; this one stays signed in.</p>
        <FormError id={f.idOf('form')} error={f.errors.form} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
          <button type="submit" className="btn primary" disabled={busy}>{busy ? 'Changing…' : 'Change password'}</button>
        </div>
      </form>
    </Modal>
  );
}
