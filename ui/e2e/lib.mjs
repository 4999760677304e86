// Shared helpers for the browser end-to-end tests: environment, Chromium, waiting, the simulator.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));

export const CRM_URL = (process.env.CRM_URL ?? 'http://127.0.0.1:18080').replace(/\/$/, '');
export const SIM_URL = (process.env.SIM_URL ?? '').replace(/\/$/, '');
export const ADMIN_EMAIL = process.env.CRM_ADMIN_EMAIL ?? 'e2e@example.com';
export const ADMIN_PASSWORD = process.env.CRM_ADMIN_PASSWORD ?? '';
// Into the (ignored) build folder by default, so a test run leaves the committed docs' pictures
// alone; CRM_SCREENSHOT_DIR=docs/screenshots refreshes those on purpose.
export const SCREENSHOTS = process.env.CRM_SCREENSHOT_DIR ?? join(here, '..', '..', 'build', 'e2e-screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 740 };

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A US number no earlier run used (with high probability): +1760555 and four random digits. */
export function randomPhone() {
  let d;
  do d = String(Math.floor(Math.random() * 10000)).padStart(4, '0'); while (d === '0000');
  return `+1760555${d}`;
}

export function formatPhone(e164) {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : e164;
}

/** Six random letters (no digits: a phone search would read digits as part of a number). */
export function uniq() {
  return Array.from({ length: 6 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
}

/** Texts the CRM from a phone, through the simulator (signed webhook). */
export async function simInbound(from, body) {
  if (!SIM_URL) throw new Error('SIM_URL is not set');
  const res = await fetch(`${SIM_URL}/sim/inbound`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ from, body }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`simulator /sim/inbound answered ${res.status}: ${text}`);
  // The simulator reports the CRM's answer to the signed webhook instead of judging it.
  let reply = {};
  try { reply = JSON.parse(text); } catch { /* not JSON: nothing more to check */ }
  if (typeof reply.crmStatus === 'number' && (reply.crmStatus < 200 || reply.crmStatus > 299)) {
    throw new Error(`crmd answered the inbound webhook with ${reply.crmStatus}: ${reply.crmBody ?? ''} ${reply.crmError ?? ''}`);
  }
  return reply;
}

// US states and territories by zone, for a contact address where it is daytime now: crmd
// sends marketing (an opt-in request) only between 8:00 and 21:00 where the recipient is.
const ZONES = [
  ['GU', 'Pacific/Guam'], ['HI', 'Pacific/Honolulu'], ['AK', 'America/Anchorage'],
  ['CA', 'America/Los_Angeles'], ['CO', 'America/Denver'], ['IL', 'America/Chicago'],
  ['NY', 'America/New_York'], ['PR', 'America/Puerto_Rico'],
];

/** A state whose local time is 8:10-20:40 now (margins for the test's run), or null if none. */
export function daytimeState(now = new Date()) {
  for (const [state, zone] of ZONES) {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }).formatToParts(now);
    const h = Number(parts.find((p) => p.type === 'hour').value);
    const m = Number(parts.find((p) => p.type === 'minute').value);
    const minute = h * 60 + m;
    if (minute >= 8 * 60 + 10 && minute <= 20 * 60 + 40) return state;
  }
  return null;
}

/** Polls `fn` until it returns a truthy value; fails with `what` after `ms`. */
export async function waitUntil(what, fn, ms = 10000, every = 100) {
  const start = Date.now();
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, name) });
}

/**
 * Watches a page for what must never happen: uncaught errors, console errors other than the
 * browser's own "Failed to load resource" lines for API refusals the tests cause on purpose,
 * and alert dialogs (an injected script would raise one).
 *
 * Content-Security-Policy violations (crmd serves the UI with a CSP: no inline script or style,
 * no eval) and uncaught errors are also kept per test: `takeTestFailures()` hands over those
 * seen since it was last called, so an afterEach hook can fail the test that caused them.
 */
export async function watch(page) {
  const problems = [];
  const dialogs = [];
  let testFailures = [];
  page.on('pageerror', (e) => {
    problems.push(`pageerror: ${e.message}`);
    testFailures.push(`pageerror: ${e.message}`);
  });
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const t = m.text();
    if (/Content Security Policy/i.test(t)) testFailures.push(`CSP violation: ${t}`);
    if (/Failed to load resource: the server responded with a status of (401|403|404|409|400|502|503)/.test(t)) return;
    // The server down (the restart test): Chromium names a request cut off in several ways.
    if (/Failed to load resource: net::ERR_(CONNECTION_REFUSED|EMPTY_RESPONSE|CONNECTION_RESET|SOCKET_NOT_CONNECTED)/.test(t)) return;
    problems.push(`console.error: ${t}`);
  });
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  // Chromium logs what its CSP blocks; the page's own securitypolicyviolation event says so too,
  // in case a block ever goes unlogged. (Init scripts are not subject to the page's CSP.)
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`Content Security Policy violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile || 'page'}:${e.lineNumber})`);
    });
  });
  return {
    problems,
    dialogs,
    takeTestFailures() {
      const found = testFailures;
      testFailures = [];
      return found;
    },
  };
}

/** The CRM's own origin, for API calls a test makes beside the page (crmd refuses cookie-authenticated changes from elsewhere). */
export const SAME_ORIGIN = { Origin: CRM_URL };
