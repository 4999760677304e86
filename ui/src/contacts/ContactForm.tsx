import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { ApiError } from '../api/client';
import { createContact, updateContact } from '../api/contacts';
import { CONTACT_STATUSES, type Contact } from '../api/types';
import { splitList, statusLabel } from '../lib/format';
import { CONSENT_WORDING, CONSENT_WORDING_VERSION } from './consent';

type FieldName = 'firstName' | 'lastName' | 'phone' | 'email' | 'form';

const TIMEFRAMES = ['', 'immediately', '1-3 months', '3-6 months', '6-12 months', '12+ months'];

/** Which field a server refusal belongs to: duplicate and unparseable phones go to "Phone". */
export function fieldForError(err: ApiError): FieldName {
  const named = (err.body as { field?: unknown } | null)?.field;
  if (named === 'phone' || named === 'firstName' || named === 'lastName' || named === 'email') return named;
  const msg = err.message.toLowerCase();
  const code = (err.code ?? '').toLowerCase();
  if (err.status === 409 || code.includes('phone') || msg.includes('phone')) return 'phone';
  if (code.includes('first') || msg.includes('first name') || msg.includes('firstname')) return 'firstName';
  if (code.includes('last') || msg.includes('last name') || msg.includes('lastname')) return 'lastName';
  if (code.includes('email') || msg.includes('email')) return 'email';
  return 'form';
}

function numOrNull(s: string): number | null {
  const t = s.replace(/[$,\s]/g, '');
  if (!t) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

export function ContactForm({ contact, onSaved, onCancel }: { contact?: Contact | null; onSaved: (c: Contact) => void; onCancel: () => void }) {
  const id = useId();
  const editing = !!contact?._id;
  const [firstName, setFirstName] = useState(contact?.firstName ?? '');
  const [lastName, setLastName] = useState(contact?.lastName ?? '');
  const [phone, setPhone] = useState(contact?.phone ?? '');
  const [email, setEmail] = useState(contact?.email ?? '');
  const [status, setStatus] = useState<string>(contact?.status ?? 'new');
  const [tags, setTags] = useState((contact?.tags ?? []).join(', '));
  const [notes, setNotes] = useState(contact?.notes ?? '');
  const [buying, setBuying] = useState(!!contact?.interests?.buying);
  const [selling, setSelling] = useState(!!contact?.interests?.selling);
  const [propertyTypes, setPropertyTypes] = useState((contact?.interests?.propertyTypes ?? []).join(', '));
  const [locations, setLocations] = useState((contact?.interests?.locations ?? []).join(', '));
  const [priceMin, setPriceMin] = useState(contact?.interests?.priceRange?.min?.toString() ?? '');
  const [priceMax, setPriceMax] = useState(contact?.interests?.priceRange?.max?.toString() ?? '');
  const [timeframe, setTimeframe] = useState(contact?.interests?.timeframe ?? '');
  const [street, setStreet] = useState(contact?.address?.street ?? '');
  const [city, setCity] = useState(contact?.address?.city ?? '');
  const [addrState, setAddrState] = useState(contact?.address?.state ?? '');
  const [zip, setZip] = useState(contact?.address?.zip ?? '');
  const [smsOptIn, setSmsOptIn] = useState(!!contact?.preferences?.smsOptIn);
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [busy, setBusy] = useState(false);

  function validate(): Partial<Record<FieldName, string>> {
    const e: Partial<Record<FieldName, string>> = {};
    if (!firstName.trim()) e.firstName = 'First name is required.';
    if (!lastName.trim()) e.lastName = 'Last name is required.';
    if (!phone.trim()) e.phone = 'Phone is required.';
    return e;
  }

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    const local = validate();
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    const body: Record<string, unknown> = {
      firstName: firstName.trim(),
      lastName: lastName.trim(),
      phone: phone.trim(),
      email: email.trim(),
      status,
      tags: splitList(tags),
      notes,
      address: { street: street.trim(), city: city.trim(), state: addrState.trim(), zip: zip.trim() },
      interests: {
        ...(contact?.interests ?? {}),
        buying,
        selling,
        propertyTypes: splitList(propertyTypes),
        locations: splitList(locations),
        priceRange: { min: numOrNull(priceMin), max: numOrNull(priceMax) },
        timeframe,
      },
      preferences: { ...(contact?.preferences ?? {}), smsOptIn },
    };
    if (!editing && !body.email) delete body.email;
    if (smsOptIn) body.consentWordingVersion = CONSENT_WORDING_VERSION;
    setBusy(true);
    try {
      onSaved(editing ? await updateContact(contact!._id, body) : await createContact(body));
    } catch (e) {
      const err = e as ApiError;
      setErrors({ [fieldForError(err)]: err.message });
      setBusy(false);
    }
  }

  function field(name: FieldName, label: string, input: ReactNode, hint?: string) {
    const err = errors[name];
    return (
      <div className={err ? 'field has-error' : 'field'}>
        <label htmlFor={`${id}-${name}`}>{label}</label>
        {input}
        {hint && !err && <span className="hint" id={`${id}-${name}-hint`}>{hint}</span>}
        {err && <span className="field-error" id={`${id}-${name}-err`} role="alert">{err}</span>}
      </div>
    );
  }

  const describe = (name: FieldName) => (errors[name] ? `${id}-${name}-err` : undefined);

  return (
    <form className="contact-form" onSubmit={submit} noValidate>
      <div className="grid2">
        {field('firstName', 'First name', <input id={`${id}-firstName`} value={firstName} onChange={(e) => setFirstName(e.target.value)} aria-invalid={!!errors.firstName} aria-describedby={describe('firstName')} autoComplete="off" required autoFocus />)}
        {field('lastName', 'Last name', <input id={`${id}-lastName`} value={lastName} onChange={(e) => setLastName(e.target.value)} aria-invalid={!!errors.lastName} aria-describedby={describe('lastName')} autoComplete="off" required />)}
        {field('phone', 'Phone', <input id={`${id}-phone`} type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} aria-invalid={!!errors.phone} aria-describedby={describe('phone')} placeholder="(760) 555-1234" autoComplete="off" required />)}
        {field('email', 'Email', <input id={`${id}-email`} type="email" value={email} onChange={(e) => setEmail(e.target.value)} aria-invalid={!!errors.email} aria-describedby={describe('email')} autoComplete="off" />)}
        <div className="field">
          <label htmlFor={`${id}-status`}>Status</label>
          <select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value)}>
            {CONTACT_STATUSES.map((s) => <option key={s} value={s}>{statusLabel(s)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-tags`}>Tags</label>
          <input id={`${id}-tags`} value={tags} onChange={(e) => setTags(e.target.value)} placeholder="buyer, open-house" aria-describedby={`${id}-tags-hint`} />
          <span className="hint" id={`${id}-tags-hint`}>Separate tags with commas.</span>
        </div>
      </div>

      <fieldset className="interests">
        <legend>Real-estate interests</legend>
        <div className="checks">
          <label className="check"><input type="checkbox" checked={buying} onChange={(e) => setBuying(e.target.checked)} /> Buying</label>
          <label className="check"><input type="checkbox" checked={selling} onChange={(e) => setSelling(e.target.checked)} /> Selling</label>
        </div>
        <div className="grid2">
          <div className="field">
            <label htmlFor={`${id}-ptypes`}>Property types</label>
            <input id={`${id}-ptypes`} value={propertyTypes} onChange={(e) => setPropertyTypes(e.target.value)} placeholder="single-family, condo" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-locs`}>Locations</label>
            <input id={`${id}-locs`} value={locations} onChange={(e) => setLocations(e.target.value)} placeholder="Carlsbad, Oceanside" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-pmin`}>Price from</label>
            <input id={`${id}-pmin`} inputMode="numeric" value={priceMin} onChange={(e) => setPriceMin(e.target.value)} placeholder="500000" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-pmax`}>Price to</label>
            <input id={`${id}-pmax`} inputMode="numeric" value={priceMax} onChange={(e) => setPriceMax(e.target.value)} placeholder="900000" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-tf`}>Timeframe</label>
            <select id={`${id}-tf`} value={timeframe} onChange={(e) => setTimeframe(e.target.value)}>
              {TIMEFRAMES.map((t) => <option key={t} value={t}>{t ? statusLabel(t) : 'Not set'}</option>)}
            </select>
          </div>
        </div>
      </fieldset>

      <fieldset className="interests">
        <legend>Address</legend>
        <div className="field">
          <label htmlFor={`${id}-street`}>Street</label>
          <input id={`${id}-street`} value={street} onChange={(e) => setStreet(e.target.value)} autoComplete="off" />
        </div>
        <div className="grid3">
          <div className="field">
            <label htmlFor={`${id}-city`}>City</label>
            <input id={`${id}-city`} value={city} onChange={(e) => setCity(e.target.value)} autoComplete="off" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-state`}>State</label>
            <input id={`${id}-state`} value={addrState} onChange={(e) => setAddrState(e.target.value)} placeholder="CA" aria-describedby={`${id}-state-hint`} autoComplete="off" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-zip`}>ZIP</label>
            <input id={`${id}-zip`} value={zip} onChange={(e) => setZip(e.target.value)} inputMode="numeric" autoComplete="off" />
          </div>
        </div>
        <span className="hint" id={`${id}-state-hint`}>The state sets the recipient’s time zone for quiet hours (8:00–21:00).</span>
      </fieldset>

      <div className="field">
        <label htmlFor={`${id}-notes`}>Notes</label>
        <textarea id={`${id}-notes`} rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} />
      </div>

      <div className="consent-box">
        <input id={`${id}-sms`} type="checkbox" checked={smsOptIn} onChange={(e) => setSmsOptIn(e.target.checked)} aria-describedby={`${id}-sms-wording`} />
        <div>
          <label htmlFor={`${id}-sms`} className="consent-label">SMS opt-in</label>
          <p className="consent-wording" id={`${id}-sms-wording`}>{CONSENT_WORDING}</p>
          {editing && contact?.preferences?.smsOptIn && !smsOptIn && (
            <p className="hint warn">Unchecking records that consent was revoked.</p>
          )}
        </div>
      </div>

      {errors.form && <p className="form-error" role="alert">{errors.form}</p>}
      <div className="form-actions">
        <button type="button" className="btn" onClick={onCancel}>Cancel</button>
        <button type="submit" className="btn primary" disabled={busy}>{busy ? 'Saving…' : editing ? 'Save changes' : 'Save contact'}</button>
      </div>
    </form>
  );
}
