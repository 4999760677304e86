// The forms of the Users page, each shown in a Modal: adding a user, renaming one, changing a
// role, resetting a password. Each sends one request and shows a refusal next to its field.
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../api/client';
import { ROLES, type Role, type TeamUser } from '../api/types';
import { createUser, updateUser } from '../api/users';
import { PASSWORD_RULE } from '../auth/password';
import { Field, FormError, useFieldErrors } from '../components/FormField';

export const ROLE_LABELS: Record<Role, string> = { admin: 'Admin', agent: 'Agent' };
export const ROLE_HINT = 'Agents work with contacts and texts; admins also manage users.';

const ADD_FIELDS = ['email', 'name', 'role', 'password'] as const;
type AddField = (typeof ADD_FIELDS)[number];
const ADD_CODES: Partial<Record<string, AddField>> = {
  email_taken: 'email', invalid_email: 'email', invalid_name: 'name', invalid_role: 'role', weak_password: 'password',
};

function Actions({ busy, submit, busyLabel, onCancel }: { busy: boolean; submit: string; busyLabel: string; onCancel: () => void }) {
  return (
    <div className="form-actions">
      <button type="button" className="btn" onClick={onCancel}>Cancel</button>
      <button type="submit" className="btn primary" disabled={busy}>{busy ? busyLabel : submit}</button>
    </div>
  );
}

export function AddUserForm({ onSaved, onCancel }: { onSaved: (u: TeamUser) => void; onCancel: () => void }) {
  const f = useFieldErrors<AddField>();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    const local: Partial<Record<AddField, string>> = {};
    if (!email.trim()) local.email = 'Email is required.';
    if (!name.trim()) local.name = 'Name is required.';
    if (!password) local.password = 'Password is required.';
    if (Object.keys(local).length > 0) { f.show(local); return; }
    f.clear();
    setBusy(true);
    try {
      onSaved(await createUser({ email: email.trim(), name: name.trim(), role, password }));
    } catch (e) {
      f.showApiError(e as ApiError, ADD_FIELDS, ADD_CODES);
      setBusy(false);
    }
  }

  return (
    <form className="user-form" onSubmit={submit} noValidate>
      <Field id={f.idOf('email')} label="Email" error={f.errors.email}>
        <input {...f.control('email')} type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" required autoFocus />
      </Field>
      <Field id={f.idOf('name')} label="Name" error={f.errors.name}>
        <input {...f.control('name')} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" maxLength={100} required />
      </Field>
      <Field id={f.idOf('role')} label="Role" error={f.errors.role} hint={ROLE_HINT}>
        <select {...f.control('role', { hint: true })} value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => <option key={r} value={r}>{ROLE_LABELS[r]}</option>)}
        </select>
      </Field>
      <Field id={f.idOf('password')} label="Password" error={f.errors.password} hint={PASSWORD_RULE}>
        <input {...f.control('password', { hint: true })} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" required />
      </Field>
      <FormError id={f.idOf('form')} error={f.errors.form} />
      <Actions busy={busy} submit="Create user" busyLabel="Creating…" onCancel={onCancel} />
    </form>
  );
}

export function RenameUserForm({ user, onSaved, onCancel }: { user: TeamUser; onSaved: (u: TeamUser) => void; onCancel: () => void }) {
  const f = useFieldErrors<'name'>();
  const [name, setName] = useState(user.name);
  const [busy, setBusy] = useState(false);

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    if (!name.trim()) { f.show({ name: 'Name is required.' }); return; }
    f.clear();
    setBusy(true);
    try {
      onSaved(await updateUser(user._id, { name: name.trim() }));
    } catch (e) {
      f.showApiError(e as ApiError, ['name'], { invalid_name: 'name', missing_field: 'name' });
      setBusy(false);
    }
  }

  return (
    <form className="user-form" onSubmit={submit} noValidate>
      <Field id={f.idOf('name')} label="Name" error={f.errors.name}>
        <input {...f.control('name')} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" maxLength={100} required autoFocus />
      </Field>
      <FormError id={f.idOf('form')} error={f.errors.form} />
      <Actions busy={busy} submit="Save name" busyLabel="Saving…" onCancel={onCancel} />
    </form>
  );
}

export function ChangeRoleForm({ user, onSaved, onCancel }: { user: TeamUser; onSaved: (u: TeamUser) => void; onCancel: () => void }) {
  const f = useFieldErrors<'role'>();
  const [role, setRole] = useState<Role>(user.role);
  const [busy, setBusy] = useState(false);

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    if (role === user.role) { onCancel(); return; }
    f.clear();
    setBusy(true);
    try {
      onSaved(await updateUser(user._id, { role }));
    } catch (e) {
      // A refusal to demote the last administrator is about the role chosen.
      f.showApiError(e as ApiError, ['role'], { invalid_role: 'role', last_admin: 'role' });
      setBusy(false);
    }
  }

  return (
    <form className="user-form" onSubmit={submit} noValidate>
      <p className="muted">{user.name} ({user.email})</p>
      <Field id={f.idOf('role')} label="Role" error={f.errors.role} hint={ROLE_HINT}>
        <select {...f.control('role', { hint: true })} value={role} onChange={(e) => setRole(e.target.value as Role)} autoFocus>
          {ROLES.map((r) => <option key={r} value={r}>{ROLE_LABELS[r]}</option>)}
        </select>
      </Field>
      <FormError id={f.idOf('form')} error={f.errors.form} />
      <Actions busy={busy} submit="Save role" busyLabel="Saving…" onCancel={onCancel} />
    </form>
  );
}

export function ResetPasswordForm({ user, onSaved, onCancel }: { user: TeamUser; onSaved: (u: TeamUser) => void; onCancel: () => void }) {
  const f = useFieldErrors<'password'>();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    if (!password) { f.show({ password: 'Enter the new password.' }); return; }
    f.clear();
    setBusy(true);
    try {
      onSaved(await updateUser(user._id, { password }));
    } catch (e) {
      f.showApiError(e as ApiError, ['password'], { weak_password: 'password', missing_field: 'password' });
      setBusy(false);
    }
  }

  return (
    <form className="user-form" onSubmit={submit} noValidate>
      <p>Sets a new password for <strong>{user.name}</strong> ({user.email}) and signs them out everywhere. Tell them the new password yourself.</p>
      <Field id={f.idOf('password')} label="New password" error={f.errors.password} hint={PASSWORD_RULE}>
        <input {...f.control('password', { hint: true })} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" required autoFocus />
      </Field>
      <FormError id={f.idOf('form')} error={f.errors.form} />
      <Actions busy={busy} submit="Set password" busyLabel="Saving…" onCancel={onCancel} />
    </form>
  );
}
