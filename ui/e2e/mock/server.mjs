// An in-memory stand-in for crmd and the Twilio simulator, following api.md, for developing
// the UI and its e2e tests before (or without) the C++ server. Not used by tools/e2e.
//
//   node e2e/mock/server.mjs            # CRM on :18080 (serves ui/dist), simulator on :18081
//   PORT=... SIM_PORT=... CRM_ADMIN_EMAIL=... CRM_ADMIN_PASSWORD=... node e2e/mock/server.mjs
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  change, changes, contactByPhone, contacts, conversations, grant, inbound, ledger, messages, normalizePhone, outbound, position,
  possibleOptOuts, reads, revoke, save, segments, sessions, smart, unwait, wait,
} from './store.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const DIST = process.env.CRM_UI_DIR ?? join(here, '..', '..', 'dist');
const PORT = Number(process.env.PORT ?? 18080);
const SIM_PORT = Number(process.env.SIM_PORT ?? 18081);
const ADMIN = { _id: 'u1', email: process.env.CRM_ADMIN_EMAIL ?? 'e2e@example.com', name: 'Alex Agent', role: 'admin' };
const PASSWORD = process.env.CRM_ADMIN_PASSWORD ?? 'secret';

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
const fail = (res, status, error, code) => send(res, status, { success: false, error, code });

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const t = Buffer.concat(chunks).toString('utf8');
  if (!t) return {};
  return JSON.parse(t);
}

function sameOrigin(req) {
  const origin = req.headers.origin;
  if (origin) return origin !== 'null' && new URL(origin).host === req.headers.host;
  return req.headers['sec-fetch-site'] === 'same-origin';
}

function cookie(req) {
  const m = /(?:^|;\s*)crm_session=([^;]+)/.exec(req.headers.cookie ?? '');
  return m ? m[1] : null;
}

// What crmd sends with HTML (http/security_headers): the UI must work under it.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "
  + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon' };

function serveStatic(req, res, path) {
  if (path.startsWith('/assets/')) {
    const file = normalize(join(DIST, path));
    if (!file.startsWith(DIST) || !existsSync(file) || !statSync(file).isFile()) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'public, max-age=31536000, immutable' });
    res.end(readFileSync(file));
    return;
  }
  if (path === '/' || path === '/login' || path.startsWith('/agent/')) {
    res.writeHead(200, { 'Content-Type': TYPES['.html'], 'Cache-Control': 'no-cache', 'Content-Security-Policy': CSP });
    res.end(readFileSync(join(DIST, 'index.html')));
    return;
  }
  res.writeHead(404); res.end('not found');
}

async function api(req, res, url) {
  const path = url.pathname;
  const q = url.searchParams;
  const method = req.method;
  let body = {};
  if (method === 'POST' || method === 'PUT') {
    try { body = await readBody(req); } catch { return fail(res, 400, 'Malformed JSON', 'bad_json'); }
  }
  if (path === '/api/auth/login' && method === 'POST') {
    if (body.email !== ADMIN.email || body.password !== PASSWORD) return fail(res, 401, 'Invalid email or password', 'invalid_credentials');
    const token = randomUUID();
    sessions.add(token);
    save();
    return send(res, 200, { success: true, token, user: ADMIN }, { 'Set-Cookie': `crm_session=${token}; HttpOnly; SameSite=Strict; Path=/` });
  }
  const token = cookie(req);
  const signedIn = token && sessions.has(token);
  if (path === '/api/auth/logout') {
    sessions.delete(token);
    return send(res, 200, { success: true }, { 'Set-Cookie': 'crm_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0' });
  }
  if (!signedIn) return fail(res, 401, 'Sign in first', 'unauthorized');
  if (method !== 'GET' && method !== 'HEAD' && !sameOrigin(req)) {
    return fail(res, 403, "This change did not come from the CRM's own pages, so it was refused", 'bad_origin');
  }
  if (path === '/api/auth/me') return send(res, 200, { success: true, user: ADMIN });

  if (path === '/api/crm/contacts' && method === 'GET') {
    let list = [...contacts.values()];
    const s = (q.get('search') ?? '').toLowerCase();
    if (s) {
      const d = s.replace(/\D/g, '');
      list = list.filter((c) => `${c.firstName} ${c.lastName}`.toLowerCase().includes(s) || (c.email ?? '').toLowerCase().includes(s) || (d && c.phone.includes(d)));
    }
    if (q.get('status')) list = list.filter((c) => c.status === q.get('status'));
    if (q.get('tag')) list = list.filter((c) => c.tags.includes(q.get('tag')));
    if (q.get('smsOptIn')) list = list.filter((c) => String(!!c.preferences.smsOptIn) === q.get('smsOptIn'));
    list.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    const limit = Number(q.get('limit') ?? 50);
    const skip = Number(q.get('skip') ?? 0);
    return send(res, 200, { success: true, contacts: list.slice(skip, skip + limit), pagination: { total: list.length, limit, skip, hasMore: skip + limit < list.length } });
  }
  if ((path === '/api/crm/contacts' && (method === 'POST' || method === 'PUT'))) {
    const existing = method === 'PUT' ? contacts.get(body._id) : null;
    if (method === 'PUT' && !existing) return fail(res, 404, 'Contact not found', 'not_found');
    for (const f of ['firstName', 'lastName', 'phone']) if (!existing && !body[f]) return fail(res, 400, `${f} is required`, 'missing_field');
    const phone = body.phone !== undefined ? normalizePhone(body.phone) : existing.phone;
    if (!phone) return fail(res, 400, 'Phone number must be in E.164 format (e.g., +17605551234)', 'invalid_phone');
    const dup = contactByPhone(phone);
    if (dup && dup._id !== existing?._id) return fail(res, 409, 'Contact with this phone number already exists', 'duplicate_phone');
    const now = new Date().toISOString();
    const c = { tags: [], status: 'new', preferences: {}, interests: {}, createdAt: now, ...(existing ?? { _id: randomUUID() }), ...body, phone, updatedAt: now };
    delete c.consentWordingVersion;
    const wasIn = !!existing?.preferences?.smsOptIn;
    contacts.set(c._id, c);
    change({ kind: 'contact', contactId: c._id });
    if (c.preferences.smsOptIn && !wasIn) grant(phone, { source: 'contact_form', agent: ADMIN.email, ip: req.socket.remoteAddress, userAgent: req.headers['user-agent'], wordingVersion: body.consentWordingVersion });
    if (!c.preferences.smsOptIn && wasIn) revoke(phone, { source: 'agent', agent: ADMIN.email });
    return send(res, method === 'POST' ? 201 : 200, { success: true, contact: c, message: method === 'POST' ? 'Contact created successfully' : 'Contact updated successfully' });
  }
  if (path === '/api/crm/contacts' && method === 'DELETE') {
    if (!contacts.delete(q.get('id'))) return fail(res, 404, 'Contact not found', 'not_found');
    change({ kind: 'contact', contactId: q.get('id') });
    return send(res, 200, { success: true, message: 'Contact deleted successfully' });
  }
  let m = /^\/api\/crm\/contacts\/([^/]+)$/.exec(path);
  if (m) {
    const c = contacts.get(decodeURIComponent(m[1]));
    return c ? send(res, 200, { success: true, contact: c }) : fail(res, 404, 'Contact not found', 'not_found');
  }
  m = /^\/api\/crm\/consent\/([^/]+)$/.exec(path);
  if (m) {
    const phone = normalizePhone(decodeURIComponent(m[1]));
    const l = ledger(phone);
    return send(res, 200, { success: true, phoneNumber: phone, state: l.state, history: l.history });
  }
  if (path === '/api/crm/sms/send' && method === 'POST') {
    const to = normalizePhone(body.to);
    if (!to) return fail(res, 400, 'Phone number must be in E.164 format (e.g., +17605551234)', 'invalid_phone');
    const st = ledger(to).state;
    if (st === 'opted_out') return fail(res, 403, 'This number has opted out of text messages', 'opted_out');
    if (st !== 'opted_in') return fail(res, 403, 'No consent on record for this number', 'no_consent');
    if (possibleOptOuts.has(to) && body.confirmPossibleOptOut !== true) {
      return fail(res, 403, 'This contact may have asked you to stop texting. Confirm that you still mean to send, or resolve the possible opt-out first.', 'possible_opt_out');
    }
    if (to === '+15005550004') return fail(res, 502, 'Attempt to send to unsubscribed recipient', '21610');
    const msg = outbound(to, body.body);
    return send(res, 200, { success: true, message: msg, twilioMessageSid: msg.twilioMessageSid });
  }
  if (path === '/api/crm/sms/messages' && method === 'GET') {
    const phone = q.get('phoneNumber');
    const list = messages.filter((x) => !phone || x.from === phone || x.to === phone);
    const limit = Number(q.get('limit') ?? 100);
    const skip = Number(q.get('skip') ?? 0);
    return send(res, 200, { success: true, messages: list.slice(skip, skip + limit), pagination: { total: list.length, limit, skip, hasMore: skip + limit < list.length } });
  }
  if (path === '/api/crm/sms/segments') {
    const b = String(body.body ?? '');
    const s = segments(b);
    const sm = smart(b);
    const ss = segments(sm);
    return send(res, 200, { success: true, ...s, smartEncoded: { body: sm, encoding: ss.encoding, segments: ss.segments } });
  }
  if (path === '/api/crm/sms/conversations') {
    const list = conversations(q.get('search'));
    return send(res, 200, { success: true, conversations: list.slice(0, 50), pagination: { total: list.length, limit: 50, skip: 0, hasMore: list.length > 50 } });
  }
  if (path === '/api/crm/sms/conversations/read') {
    reads.set(body.phoneNumber, messages.filter((x) => x.direction === 'inbound' && x.from === body.phoneNumber).length);
    change({ kind: 'conversation', phoneNumber: body.phoneNumber });
    return send(res, 200, { success: true, unreadCount: 0 });
  }
  if (path === '/api/crm/sms/possible-opt-out/resolve' && method === 'POST') {
    const phone = normalizePhone(body.phoneNumber);
    if (body.resolution !== 'revoke' && body.resolution !== 'keep') return fail(res, 400, 'resolution must be "revoke" or "keep"', 'invalid_field');
    if (!possibleOptOuts.has(phone)) return fail(res, 409, 'There is no possible opt-out to resolve for this number', 'no_possible_opt_out');
    const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
    if (body.resolution === 'keep' && !reason) return fail(res, 400, 'Say why you keep texting this number', 'reason_required');
    const flag = possibleOptOuts.get(phone);
    possibleOptOuts.delete(phone);
    if (body.resolution === 'revoke') revoke(phone, { source: 'agent', agent: ADMIN.email, messageSid: flag.messageSid, text: flag.text, note: reason });
    else change({ kind: 'conversation', phoneNumber: phone });
    return send(res, 200, { success: true });
  }
  if (path === '/api/crm/sms/opt-in-request' && possibleOptOuts.has(normalizePhone(body.phoneNumber ?? contacts.get(body.contactId)?.phone))) {
    return fail(res, 403, 'This contact may have asked you to stop texting; resolve that before sending an opt-in request.', 'possible_opt_out');
  }
  if (path === '/api/crm/sms/sync') return send(res, 200, { success: true, imported: 0, skipped: 0 });
  if (path === '/api/crm/sms/opt-in-request') {
    const phone = normalizePhone(body.phoneNumber ?? contacts.get(body.contactId)?.phone);
    if (ledger(phone).state === 'opted_out') return fail(res, 403, 'This number has opted out of text messages', 'opted_out');
    const msg = outbound(phone, "Hey this is Alex Agent, your trusted real estate agent! Type 'OPT IN' to receive text alerts. Msg & data rates may apply. Reply STOP to opt out.");
    return send(res, 200, { success: true, message: msg });
  }
  if (path === '/api/crm/updates') {
    const after = Number(q.get('after') ?? 0);
    const timeout = Math.min(Number(q.get('timeout') ?? 25), 60);
    const reply = () => send(res, 200, { success: true, position, changes: changes.filter((c) => c.position > after).map(({ position: _p, ...c }) => c) });
    if (position > after || timeout === 0) return reply();
    const t = setTimeout(() => { unwait(wake); reply(); }, timeout * 1000);
    const wake = () => { clearTimeout(t); reply(); };
    wait(wake);
    req.on('close', () => { clearTimeout(t); unwait(wake); });
    return;
  }
  return fail(res, 404, 'Not found', 'not_found');
}

createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/readyz' || url.pathname === '/healthz') return send(res, 200, { success: true });
  if (url.pathname.startsWith('/api/')) {
    api(req, res, url).catch((e) => { console.error(e); fail(res, 500, 'Internal error', 'internal'); });
    return;
  }
  serveStatic(req, res, url.pathname);
}).listen(PORT, '127.0.0.1', () => console.log(`mock crmd on http://127.0.0.1:${PORT}`));

createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/sim/inbound' && req.method === 'POST') {
    const b = await readBody(req);
    const from = normalizePhone(b.from);
    const msg = inbound(from, String(b.body ?? ''));
    return send(res, 200, { sid: msg.twilioMessageSid, status: 'received', crmStatus: 200, crmBody: '<Response/>' });
  }
  res.writeHead(404); res.end();
}).listen(SIM_PORT, '127.0.0.1', () => console.log(`twilio-sim listening on http://127.0.0.1:${SIM_PORT}`));