// The one signed-in page the browser tests share, and what they share about it: this run's
// contacts, the page's lifecycle (hooks that apply to every test of crm.test.mjs), and the
// locators and steps the tests repeat. Imported by crm.test.mjs and its flows/.
import assert from 'node:assert/strict';
import { after, afterEach, before } from 'node:test';
import { ADMIN_PASSWORD, CRM_URL, DESKTOP, formatPhone, launch, randomPhone, uniq, watch } from './lib.mjs';

export const T = { timeout: 90_000 };
export const run = uniq();
export const optedIn = { first: 'Maya', last: 'Rivera', phone: randomPhone() };
export let noConsent = { first: 'Owen', last: 'Brooks', phone: randomPhone() };
while (noConsent.phone === optedIn.phone) noConsent = { ...noConsent, phone: randomPhone() };
export let stranger = randomPhone();
while (stranger === optedIn.phone || stranger === noConsent.phone) stranger = randomPhone();
export let askedToStop = { first: 'Nora', last: 'Quinn', phone: randomPhone() };
while ([optedIn.phone, noConsent.phone, stranger].includes(askedToStop.phone)) askedToStop = { ...askedToStop, phone: randomPhone() };
export const phonesTaken = () => [optedIn.phone, noConsent.phone, stranger, askedToStop.phone];

export let browser;
export let context;
export let page;
export let watched;

before(async () => {
  assert.ok(ADMIN_PASSWORD, 'CRM_ADMIN_PASSWORD must be set');
  browser = await launch();
  context = await browser.newContext({ viewport: DESKTOP, locale: 'en-US', timezoneId: 'UTC' });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  watched = await watch(page);
});

// Every test runs under crmd's Content-Security-Policy: one that makes the browser block
// something (or throws) fails, whatever it asserted itself.
afterEach(() => {
  if (!watched) return;
  assert.deepEqual(watched.takeTestFailures(), [], 'no CSP violations or uncaught errors during the test');
});

after(async () => {
  await browser?.close();
});

export const byLabel = (label) => page.getByLabel(label, { exact: true });
export const button = (name) => page.getByRole('button', { name, exact: true });
export const thread = () => page.locator('.thread-body');
export const composer = () => page.getByRole('textbox', { name: 'Message', exact: true });
export const convItem = (phone) => page.locator(`.conv-item[data-phone="${phone}"]`);

// Each test starts from an address of its own (a fresh load), so one failure does not leave a
// dialog open in front of the next test.
export async function openContactsTab() {
  await page.goto(`${CRM_URL}/agent/crm`);
  await page.getByRole('heading', { name: 'Contacts', exact: true }).waitFor();
}

export async function openConversation(phone) {
  if (decodeURIComponent(new URL(page.url()).pathname) !== `/agent/messages/${phone}`) {
    await page.goto(`${CRM_URL}/agent/messages/${encodeURIComponent(phone)}`);
  }
  await composer().waitFor();
}

export async function addContact(c, { optIn, state }) {
  await openContactsTab();
  await button('Add contact').click();
  const dialog = page.getByRole('dialog', { name: 'Add contact' });
  await dialog.waitFor();
  await byLabel('First name').fill(c.first);
  await byLabel('Last name').fill(c.last);
  // Typed the way an agent would; the server normalises it to E.164.
  await byLabel('Phone').fill(formatPhone(c.phone));
  await byLabel('Email').fill(`${c.first.toLowerCase()}.${run}@example.com`);
  await byLabel('Status').selectOption('qualified');
  await byLabel('Tags').fill(`buyer, e2e-${run}`);
  await byLabel('Notes').fill('Met at the Sunday open house.');
  await page.getByLabel('Buying', { exact: true }).check();
  await byLabel('Locations').fill('Carlsbad, Oceanside');
  if (state) await byLabel('State').fill(state);
  if (optIn) await page.getByRole('checkbox', { name: 'SMS opt-in' }).check();
  await button('Save contact').click();
  await page.getByRole('dialog', { name: 'Contact details' }).waitFor();
}

export async function openConversationFromDetail(c) {
  await button('Open conversation').click();
  await page.waitForURL((u) => decodeURIComponent(u.pathname) === `/agent/messages/${c.phone}`);
  await page.getByRole('heading', { name: `${c.first} ${c.last}` }).waitFor();
}
