import { listMessages } from '../api/messages';
import type { SMSMessage } from '../api/types';

export const PAGE = 100;

function lastTime(list: SMSMessage[]): number {
  let best = 0;
  for (const m of list) {
    const t = Date.parse(m.createdAt ?? '');
    if (!Number.isNaN(t) && t > best) best = t;
  }
  return best;
}

/** Where the page shown sits, so that "earlier" can be asked for in the right direction. */
export interface ThreadPage {
  messages: SMSMessage[];
  total: number;
  /** skip of the page shown */
  skip: number;
  /** 'asc': skip=0 is the oldest page; 'desc': skip=0 is the newest page. */
  order: 'asc' | 'desc';
}

function page(phone: string, skip: number, signal?: AbortSignal) {
  return listMessages(phone, { limit: PAGE, skip }, signal);
}

/**
 * The newest page of a thread, oldest first. api.md orders messages oldest first within a page
 * without saying which page comes first, so when there is more than one page both ends are
 * read and the one holding the newer messages wins.
 */
export async function loadThread(phone: string, signal?: AbortSignal): Promise<ThreadPage> {
  const first = await page(phone, 0, signal);
  const msgs = first.messages ?? [];
  const total = first.pagination?.total ?? msgs.length;
  if (!first.pagination?.hasMore || total <= PAGE) return { messages: msgs, total, skip: 0, order: 'asc' };
  const lastSkip = total - PAGE;
  const other = (await page(phone, lastSkip, signal)).messages ?? [];
  return lastTime(other) >= lastTime(msgs)
    ? { messages: other, total, skip: lastSkip, order: 'asc' }
    : { messages: msgs, total, skip: 0, order: 'desc' };
}

/** The page before `shown` (older messages), or null when `shown` is the oldest. */
export async function loadEarlier(phone: string, shown: ThreadPage, signal?: AbortSignal): Promise<ThreadPage | null> {
  const skip = shown.order === 'asc' ? shown.skip - PAGE : shown.skip + PAGE;
  if (shown.order === 'asc' && shown.skip <= 0) return null;
  if (shown.order === 'desc' && skip >= shown.total) return null;
  const from = Math.max(0, skip);
  const r = await page(phone, from, signal);
  let older = r.messages ?? [];
  // An ascending page that would start before 0 overlaps the one shown: keep only what is new.
  const seen = new Set(shown.messages.map((m) => m._id));
  older = older.filter((m) => !seen.has(m._id));
  return { messages: older, total: r.pagination?.total ?? shown.total, skip: from, order: shown.order };
}

/** There is something older than the page shown. */
export function hasEarlier(p: ThreadPage | null): boolean {
  if (!p) return false;
  return p.order === 'asc' ? p.skip > 0 : p.skip + PAGE < p.total;
}

function timeOf(m: SMSMessage): number {
  const t = Date.parse(m.createdAt ?? '');
  return Number.isNaN(t) ? 0 : t;
}

/**
 * The newest page merged into what is shown: earlier pages the agent loaded stay, and
 * messages that slid out of the newest page as new ones arrived are kept rather than lost.
 */
export function mergeLatest(existing: SMSMessage[], latest: SMSMessage[]): SMSMessage[] {
  if (latest.length === 0) return existing.length === 0 ? existing : [];
  const ids = new Set(latest.map((m) => m._id));
  const at = existing.findIndex((m) => m._id === latest[0]._id);
  const before = at >= 0 ? existing.slice(0, at) : existing.filter((m) => timeOf(m) <= timeOf(latest[0]));
  return [...before.filter((m) => !ids.has(m._id)), ...latest];
}

/** Earlier messages put before those shown, each once. */
export function prependEarlier(shown: SMSMessage[], earlier: SMSMessage[]): SMSMessage[] {
  const ids = new Set(shown.map((m) => m._id));
  return [...earlier.filter((m) => !ids.has(m._id)), ...shown];
}
