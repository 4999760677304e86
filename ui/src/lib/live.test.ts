import { afterEach, describe, expect, it, vi } from 'vitest';
import { LiveUpdates } from './live';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

async function until(cond: () => boolean, ms = 3000) {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('LiveUpdates', () => {
  let live: LiveUpdates | null = null;
  afterEach(() => { live?.stop(); vi.unstubAllGlobals(); });

  it('skips through history to the head without refetching, then long-polls and reports changes', async () => {
    const urls: string[] = [];
    const replies: Record<string, () => Response> = {
      'after=0&timeout=0': () => json(200, { success: true, position: 500, changes: Array(500).fill({ kind: 'old' }) }),
      'after=500&timeout=0': () => json(200, { success: true, position: 641, changes: [{ kind: 'old' }] }),
      'after=641&timeout=0': () => json(200, { success: true, position: 641, changes: [] }),
      'after=641&timeout=25': () => json(200, { success: true, position: 642, changes: [{ kind: 'message', phoneNumber: '+17605550100' }] }),
    };
    vi.stubGlobal('fetch', vi.fn((url: string) => {
      urls.push(url);
      const r = replies[url.split('?')[1]];
      return r ? Promise.resolve(r()) : new Promise<Response>(() => {});
    }));
    live = new LiveUpdates();
    const seen: unknown[] = [];
    live.subscribe((c, resync) => seen.push({ c, resync }));
    live.start();
    await until(() => urls.length >= 5);
    expect(urls).toEqual([
      '/api/crm/updates?after=0&timeout=0',
      '/api/crm/updates?after=500&timeout=0',
      '/api/crm/updates?after=641&timeout=0',
      '/api/crm/updates?after=641&timeout=25',
      '/api/crm/updates?after=642&timeout=25',
    ]);
    expect(seen).toEqual([{ c: [], resync: true }, { c: [{ kind: 'message', phoneNumber: '+17605550100' }], resync: false }]);
    expect(live.state).toBe('live');
  });

  it('backs off on network errors and 503, then recovers and asks everyone to refetch', async () => {
    const urls: string[] = [];
    let n = 0;
    vi.stubGlobal('fetch', vi.fn((url: string) => {
      urls.push(url);
      n += 1;
      if (n === 1) return Promise.resolve(json(200, { success: true, position: 7, changes: [] }));
      if (n === 2) return Promise.reject(new TypeError('Failed to fetch'));
      if (n === 3) return Promise.resolve(json(503, { success: false, error: 'not ready', code: 'not_ready' }));
      if (n === 4) return Promise.resolve(json(200, { success: true, position: 9, changes: [{ kind: 'contact', contactId: 'c1' }] }));
      return new Promise<Response>(() => {});
    }));
    live = new LiveUpdates();
    const states: string[] = [];
    live.onState((s) => states.push(s));
    const seen: { resync: boolean }[] = [];
    live.subscribe((_c, resync) => seen.push({ resync }));
    live.start();
    await until(() => urls.length >= 5, 8000);
    expect(urls[1]).toBe('/api/crm/updates?after=7&timeout=25');
    expect(urls[3]).toBe('/api/crm/updates?after=7&timeout=25');
    expect(urls[4]).toBe('/api/crm/updates?after=9&timeout=25');
    expect(states).toContain('reconnecting');
    expect(states[states.length - 1]).toBe('live');
    expect(seen).toEqual([{ resync: true }, { resync: false }, { resync: true }]);
  }, 10000);

  it('stops on 401 (the app signs out)', async () => {
    const f = vi.fn(() => Promise.resolve(json(401, { success: false, error: 'Not signed in', code: 'unauthorized' })));
    vi.stubGlobal('fetch', f);
    live = new LiveUpdates();
    live.start();
    await new Promise((r) => setTimeout(r, 100));
    expect(f).toHaveBeenCalledTimes(1);
  });
});
