// The mock's state and rules (e2e/mock/server.mjs serves them over HTTP): contacts, messages,
// consent ledgers, possible opt-outs and the change feed, kept in memory (MOCK_STATE=<file>
// keeps them across restarts), and what texting in or out does to them.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const OWN = '+15005550006';

export const sessions = new Set();
export const contacts = new Map();
export const messages = [];
export const consent = new Map(); // phone -> { state, history: [] }
export const reads = new Map(); // phone -> count of inbound read
export const possibleOptOuts = new Map(); // phone -> { messageSid, text, phrase, flaggedAt } until resolved
export let position = 0;
export const changes = [];
let waiters = [];

// MOCK_STATE=<file> keeps everything (sessions too) across restarts, as crmd's database does.
const STATE = process.env.MOCK_STATE;
if (STATE && existsSync(STATE)) {
  const st = JSON.parse(readFileSync(STATE, 'utf8'));
  st.sessions.forEach((t) => sessions.add(t));
  st.contacts.forEach((c) => contacts.set(c._id, c));
  messages.push(...st.messages);
  st.consent.forEach(([k, v]) => consent.set(k, v));
  st.reads.forEach(([k, v]) => reads.set(k, v));
  (st.possibleOptOuts ?? []).forEach(([k, v]) => possibleOptOuts.set(k, v));
  position = st.position;
  changes.push(...st.changes);
}
export function save() {
  if (!STATE) return;
  writeFileSync(STATE, JSON.stringify({ sessions: [...sessions], contacts: [...contacts.values()], messages,
    consent: [...consent.entries()], reads: [...reads.entries()], possibleOptOuts: [...possibleOptOuts.entries()], position, changes }));
}

export function change(c) {
  position += 1;
  changes.push({ position, ...c });
  save();
  const w = waiters;
  waiters = [];
  for (const f of w) f();
}

/** Calls `f` once at the next change (a long poll waiting). */
export function wait(f) {
  waiters.push(f);
}

/** Forgets a waiter that is no longer waiting. */
export function unwait(f) {
  waiters = waiters.filter((w) => w !== f);
}

export function normalizePhone(p) {
  const d = String(p ?? '').replace(/[^\d+]/g, '');
  const digits = d.replace(/\D/g, '');
  if (d.startsWith('+') && digits.length >= 8 && digits.length <= 15) return `+${digits}`;
  if (digits.length === 10) return `+1${digits}`;
  if (digits.length === 11 && digits.startsWith('1')) return `+${digits}`;
  return null;
}

export function ledger(phone) {
  if (!consent.has(phone)) consent.set(phone, { state: 'none', history: [] });
  return consent.get(phone);
}

export function grant(phone, evidence) {
  const l = ledger(phone);
  l.state = 'opted_in';
  l.history.push({ type: 'ConsentGranted', at: new Date().toISOString(), evidence });
  change({ kind: 'conversation', phoneNumber: phone });
}

export function revoke(phone, evidence) {
  const l = ledger(phone);
  l.state = 'opted_out';
  l.history.push({ type: 'ConsentRevoked', at: new Date().toISOString(), evidence });
  change({ kind: 'conversation', phoneNumber: phone });
}

const GSM = /^[\n\r @£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà^{}\\[~\]|€]*$/;
export function segments(body) {
  const chars = Array.from(body).length;
  const gsm = GSM.test(body);
  const units = gsm ? chars + (body.match(/[\^{}\\[~\]|€]/g) ?? []).length : body.length;
  const one = gsm ? 160 : 70;
  const multi = gsm ? 153 : 67;
  const segs = units === 0 ? 0 : units <= one ? 1 : Math.ceil(units / multi);
  return { encoding: gsm ? 'GSM-7' : 'UCS-2', segments: segs, characters: chars, unitsPerSegment: segs > 1 ? multi : one,
    remainingInSegment: segs <= 1 ? one - units : segs * multi - units };
}
export function smart(body) {
  return body.replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/[\u2013\u2014]/g, '-').replace(/\u2026/g, '...');
}

export function contactByPhone(phone) {
  return [...contacts.values()].find((c) => c.phone === phone) ?? null;
}

function addMessage(m) {
  const msg = { _id: randomUUID(), twilioMessageSid: `SM${randomUUID().replace(/-/g, '')}`, mediaUrls: [], errorCode: null, errorMessage: null,
    createdAt: new Date().toISOString(), threadId: `thread-${m.direction === 'inbound' ? m.from : m.to}`, ...m };
  const phone = m.direction === 'inbound' ? m.from : m.to;
  msg.contactId = contactByPhone(phone)?._id ?? null;
  messages.push(msg);
  change({ kind: 'message', phoneNumber: phone, messageId: msg._id });
  return msg;
}

export function outbound(to, body) {
  const msg = addMessage({ direction: 'outbound', from: OWN, to, body, status: 'queued', numSegments: segments(body).segments });
  const steps = to.endsWith('0000') ? ['sending', 'sent', 'undelivered'] : ['sending', 'sent', 'delivered'];
  steps.forEach((s, i) => setTimeout(() => {
    msg.status = s;
    if (s === 'undelivered') { msg.errorCode = 30003; msg.errorMessage = 'Unreachable destination handset'; }
    if (s === 'delivered') msg.deliveredAt = new Date().toISOString();
    change({ kind: 'message', phoneNumber: to, messageId: msg._id });
  }, 100 * (i + 1)));
  return msg;
}

// A few phrasings that read as a request to stop texting (crmd's list in domain/ is far longer).
const STOP_PHRASES = /\b(stop (texting|messaging|contacting)|remove me|don'?t (text|message|contact) me|take me off|leave me alone)\b/i;

export function inbound(from, body) {
  const msg = addMessage({ direction: 'inbound', from, to: OWN, body, status: 'received', numSegments: 1 });
  const kw = body.trim().replace(/^[\s.!]+|[\s.!]+$/g, '').toUpperCase();
  if (['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'].includes(kw)) revoke(from, { source: 'keyword', messageSid: msg.twilioMessageSid, text: body });
  else if (['START', 'YES', 'UNSTOP', 'OPT IN'].includes(kw)) grant(from, { source: 'keyword', messageSid: msg.twilioMessageSid, text: body });
  else if (STOP_PHRASES.test(body) && ledger(from).state !== 'opted_out') {
    possibleOptOuts.set(from, { messageSid: msg.twilioMessageSid, text: body, phrase: STOP_PHRASES.exec(body)[0].toLowerCase(), flaggedAt: msg.createdAt });
    change({ kind: 'conversation', phoneNumber: from });
  }
  const c = contactByPhone(from);
  if (c) { c.lastContactDate = msg.createdAt; c.lastContactMethod = 'sms'; }
  return msg;
}

export function conversations(search) {
  const phones = new Map();
  for (const m of messages) phones.set(m.direction === 'inbound' ? m.from : m.to, m);
  let list = [...phones.entries()].map(([phone, last]) => {
    const inb = messages.filter((m) => m.direction === 'inbound' && m.from === phone).length;
    const c = contactByPhone(phone);
    return {
      phoneNumber: phone, threadId: `thread-${phone}`,
      contact: c ? { _id: c._id, firstName: c.firstName, lastName: c.lastName, phone: c.phone, preferences: c.preferences } : null,
      lastMessage: { body: last.body, direction: last.direction, status: last.status, createdAt: last.createdAt },
      unreadCount: inb - (reads.get(phone) ?? 0),
      messageCount: messages.filter((m) => m.from === phone || m.to === phone).length,
      optInStatus: ledger(phone).state,
      possibleOptOut: possibleOptOuts.get(phone) ?? null,
    };
  });
  if (search) {
    const s = search.toLowerCase();
    const d = s.replace(/\D/g, '');
    list = list.filter((c) => (c.contact && `${c.contact.firstName} ${c.contact.lastName}`.toLowerCase().includes(s))
      || (d && c.phoneNumber.includes(d)) || messages.some((m) => (m.from === c.phoneNumber || m.to === c.phoneNumber) && m.body.toLowerCase().includes(s)));
  }
  return list.sort((a, b) => b.lastMessage.createdAt.localeCompare(a.lastMessage.createdAt));
}
