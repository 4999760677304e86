import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SMSMessage } from '../api/types';
import { mergeLatest } from './ConversationView';
import { hasEarlier, loadEarlier, loadThread } from './thread';

const m = (i: number): SMSMessage => ({
  _id: `m${i}`, from: '+1', to: '+2', body: `#${i}`, direction: 'inbound', status: 'received',
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
});
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => m(a + i));

function serve(all: SMSMessage[], order: 'asc' | 'desc') {
  vi.stubGlobal('fetch', vi.fn(async (url: string) => {
    const q = new URL(url, 'http://x').searchParams;
    const limit = Number(q.get('limit'));
    const skip = Number(q.get('skip'));
    const sorted = order === 'asc' ? all : [...all].reverse();
    const page = sorted.slice(skip, skip + limit);
    const messages = order === 'asc' ? page : [...page].reverse(); // oldest first within a page
    return new Response(JSON.stringify({ success: true, messages, pagination: { total: all.length, limit, skip, hasMore: skip + limit < all.length } }));
  }));
}

afterEach(() => vi.unstubAllGlobals());

describe('thread paging', () => {
  it.each(['asc', 'desc'] as const)('shows the newest page and loads earlier ones (%s pages)', async (order) => {
    serve(range(0, 250), order);
    const latest = await loadThread('+1');
    expect(latest.messages.map((x) => x.body)).toEqual(range(150, 250).map((x) => x.body));
    expect(hasEarlier(latest)).toBe(true);
    const p2 = (await loadEarlier('+1', latest))!;
    expect(p2.messages.map((x) => x.body)).toEqual(range(50, 150).map((x) => x.body));
    const p3 = (await loadEarlier('+1', p2))!;
    expect(p3.messages.map((x) => x.body)).toEqual(range(0, 50).map((x) => x.body));
    expect(hasEarlier(p3)).toBe(false);
  });

  it('a short thread has one page and nothing earlier', async () => {
    serve(range(0, 3), 'asc');
    const latest = await loadThread('+1');
    expect(latest.messages).toHaveLength(3);
    expect(hasEarlier(latest)).toBe(false);
  });

  it('merging the newest page keeps loaded history and what slid out of the page', () => {
    const shown = range(0, 10);
    expect(mergeLatest(shown, range(5, 12)).map((x) => x._id)).toEqual(range(0, 12).map((x) => x._id));
    expect(mergeLatest([], range(0, 3)).map((x) => x._id)).toEqual(['m0', 'm1', 'm2']);
    expect(mergeLatest(range(0, 3), [])).toEqual([]);
  });
});
