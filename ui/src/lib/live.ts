// Live updates by long polling GET /api/crm/updates (api.md): the first call (after=0,
// timeout=0) only learns the current position; each later call is held open by the server
// until something newer exists. Network errors and 502/503 (a restarting server) back off
// and retry forever; after a recovery every listener is told to refetch everything.
import { ApiError } from '../api/client';
import type { Change } from '../api/types';
import { fetchUpdates, type UpdatesReply } from '../api/updates';

export type LiveListener = (changes: Change[], resync: boolean) => void;
export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'polling';

const HOLD_SECONDS = 25;
const FALLBACK_POLL_MS = 4000;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
  });
}

export class LiveUpdates {
  private listeners = new Set<LiveListener>();
  private stateListeners = new Set<(s: LiveState) => void>();
  private controller: AbortController | null = null;
  state: LiveState = 'connecting';

  subscribe(l: LiveListener): () => void {
    this.listeners.add(l);
    return () => { this.listeners.delete(l); };
  }

  onState(l: (s: LiveState) => void): () => void {
    this.stateListeners.add(l);
    return () => { this.stateListeners.delete(l); };
  }

  private setState(s: LiveState): void {
    if (this.state === s) return;
    this.state = s;
    for (const l of this.stateListeners) l(s);
  }

  private emit(changes: Change[], resync: boolean): void {
    for (const l of [...this.listeners]) {
      try {
        l(changes, resync);
      } catch (e) {
        console.warn('live listener failed', e);
      }
    }
  }

  start(): void {
    if (this.controller) return;
    this.controller = new AbortController();
    void this.run(this.controller.signal);
  }

  stop(): void {
    this.controller?.abort();
    this.controller = null;
  }

  private async poll(after: string, timeout: number, outer: AbortSignal): Promise<UpdatesReply> {
    // A bound of our own, in case a proxy or a wedged server never answers.
    const ctl = new AbortController();
    const abort = () => ctl.abort();
    outer.addEventListener('abort', abort, { once: true });
    const timer = setTimeout(abort, (timeout + 15) * 1000);
    try {
      return await fetchUpdates(after, timeout, ctl.signal);
    } catch (e) {
      if ((e as Error)?.name === 'AbortError' && !outer.aborted) throw new ApiError(0, 'long poll timed out');
      throw e;
    } finally {
      clearTimeout(timer);
      outer.removeEventListener('abort', abort);
    }
  }

  private async run(signal: AbortSignal): Promise<void> {
    let after: string | null = null;
    let failures = 0;
    let needResync = false;
    while (!signal.aborted) {
      const started = Date.now();
      try {
        if (after === null) {
          // Learn the head: the server answers at most a batch of changes per call, so with a
          // long log the first answers are history. Skip through it without refetching, then
          // refetch once (the screens loaded their data before this position was known).
          let at = '0';
          for (let i = 0; i < 10_000; i += 1) {
            const r: UpdatesReply = await this.poll(at, 0, signal);
            const next = r.position === undefined || r.position === null ? at : String(r.position);
            const batch = Array.isArray(r.changes) ? r.changes.length : 0;
            if (batch === 0 || next === at) { at = next; break; }
            at = next;
          }
          if (signal.aborted) return;
          after = at;
          failures = 0;
          this.setState('live');
          this.emit([], true);
          needResync = false;
          continue;
        }
        const reply: UpdatesReply = await this.poll(after, HOLD_SECONDS, signal);
        if (signal.aborted) return;
        const position: string = reply.position === undefined || reply.position === null ? after : String(reply.position);
        const changes = Array.isArray(reply.changes) ? reply.changes : [];
        after = position;
        if (changes.length > 0) this.emit(changes, false);
        if (needResync) {
          needResync = false;
          this.emit([], true);
        }
        failures = 0;
        this.setState('live');
        // Never spin if a server answers at once with nothing.
        if (changes.length === 0 && Date.now() - started < 300) await sleep(1000, signal);
      } catch (e) {
        if (signal.aborted || (e as Error)?.name === 'AbortError') return;
        const err = e as ApiError;
        if (err.status === 401) return; // the app goes to /login
        if (err.status === 404 || err.status === 405 || err.status === 501) {
          // No long-poll endpoint on this server: refresh on a timer instead.
          this.setState('polling');
          await sleep(FALLBACK_POLL_MS, signal);
          this.emit([], true);
          continue;
        }
        failures += 1;
        needResync = true;
        this.setState('reconnecting');
        const base = Math.min(500 * 2 ** (failures - 1), 5000);
        await sleep(base / 2 + Math.random() * (base / 2), signal);
      }
    }
  }
}
