import { useCallback, useEffect, useRef, useState } from 'react';

/** The value, once it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/**
 * Coalesces bursts of calls into one: the function runs `ms` after the first call of a burst,
 * with the latest closure. Used to refetch once per batch of live changes.
 */
export function useCoalesced(fn: () => void, ms: number): () => void {
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);
  const trigger = useRef(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      fnRef.current();
    }, ms);
  });
  return trigger.current;
}

/**
 * A yes/no question put to the agent in a dialog: `ask()` opens it (`open` becomes true) and
 * resolves with what `answer()` is given. A question still open when a new one is asked, or
 * when the component goes, is answered no.
 */
export function useConfirmation(): { open: boolean; ask: () => Promise<boolean>; answer: (yes: boolean) => void } {
  const [open, setOpen] = useState(false);
  const pending = useRef<((yes: boolean) => void) | null>(null);
  useEffect(() => () => { pending.current?.(false); }, []);
  const ask = useCallback(() => new Promise<boolean>((resolve) => {
    pending.current?.(false);
    pending.current = resolve;
    setOpen(true);
  }), []);
  const answer = useCallback((yes: boolean) => {
    const resolve = pending.current;
    pending.current = null;
    setOpen(false);
    resolve?.(yes);
  }, []);
  return { open, ask, answer };
}
