// Form fields that show the server's refusals where they belong: next to the field its `field`
// member names (or the one its code is about), in the server's own sentence, with focus moved
// there so a keyboard or screen-reader user lands on it. A refusal about no field in particular
// goes in the form's error line, which takes the focus instead.
import { useCallback, useEffect, useId, useState, type ReactNode } from 'react';
import type { ApiError } from '../api/client';

export type FieldErrors<F extends string> = Partial<Record<F | 'form', string>>;

/** The field of `fields` a refusal is about: the one the server names, else the one its code points to, else the form. */
export function fieldOfError<F extends string>(err: ApiError, fields: readonly F[], byCode: Partial<Record<string, F>> = {}): F | 'form' {
  const named = err.field;
  if (named && (fields as readonly string[]).includes(named)) return named as F;
  return (err.code && byCode[err.code]) || 'form';
}

/**
 * A form's errors, by field. `show` sets them and moves focus to the first one (after the render
 * that ties the message to its field); `control(name)` gives an input its id and ARIA wiring.
 */
export function useFieldErrors<F extends string>() {
  const base = useId();
  const [errors, setErrors] = useState<FieldErrors<F>>({});
  const [focusOn, setFocusOn] = useState<{ name: F | 'form' } | null>(null);
  const idOf = useCallback((name: F | 'form') => `${base}-${name}`, [base]);

  useEffect(() => {
    if (focusOn) document.getElementById(idOf(focusOn.name))?.focus();
  }, [focusOn, idOf]);

  const show = useCallback((next: FieldErrors<F>) => {
    setErrors(next);
    const first = Object.keys(next)[0] as F | 'form' | undefined;
    if (first) setFocusOn({ name: first });
  }, []);

  /** Shows a refusal from the server next to its field (see fieldOfError). */
  const showApiError = useCallback((err: ApiError, fields: readonly F[], byCode?: Partial<Record<string, F>>) => {
    show({ [fieldOfError(err, fields, byCode)]: err.message } as FieldErrors<F>);
  }, [show]);

  function control(name: F, opts: { hint?: boolean } = {}) {
    const described = [errors[name] ? `${idOf(name)}-err` : '', opts.hint ? `${idOf(name)}-hint` : ''].filter(Boolean).join(' ');
    return { id: idOf(name), 'aria-invalid': errors[name] ? true : undefined, 'aria-describedby': described || undefined };
  }

  return { errors, idOf, show, showApiError, clear: () => setErrors({}), control };
}

/** A labelled field: the control (given its props by `control(name)`), a hint, and its error. */
export function Field({ id, label, error, hint, children }: { id: string; label: string; error?: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <div className={error ? 'field has-error' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children}
      {error && <span className="field-error" id={`${id}-err`}>{error}</span>}
      {hint && <span className="hint" id={`${id}-hint`}>{hint}</span>}
    </div>
  );
}

/** The error line for a refusal about no field in particular; focusable so `show` can move focus to it. */
export function FormError({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return <p className="form-error" id={id} role="alert" tabIndex={-1}>{error}</p>;
}
