import { createContext, useContext, useEffect, useRef, useState } from 'react';
import type { Change } from '../api/types';
import { LiveUpdates, type LiveState } from './live';

export const LiveContext = createContext<LiveUpdates | null>(null);

/** Calls `handler` on every batch of changes (and with resync=true after a reconnect). */
export function useLiveChanges(handler: (changes: Change[], resync: boolean) => void): void {
  const live = useContext(LiveContext);
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!live) return;
    return live.subscribe((c, r) => ref.current(c, r));
  }, [live]);
}

export function useLiveState(): LiveState | null {
  const live = useContext(LiveContext);
  const [state, setState] = useState<LiveState | null>(live?.state ?? null);
  useEffect(() => {
    if (!live) return;
    setState(live.state);
    return live.onState(setState);
  }, [live]);
  return state;
}
