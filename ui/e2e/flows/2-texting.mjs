// Browser tests, part 2 (run by crm.test.mjs, in order, on session.mjs's page): texting. A text
// sent and delivered, one received live, the phone layout, HTML shown as text, a possible
// opt-out flagged and resolved, and the page recovering from a server restart.
import assert from 'node:assert/strict';
import { exec } from 'node:child_process';
import { promisify } from 'node:util';
import { test } from 'node:test';
import { CRM_URL, DESKTOP, PHONE, SAME_ORIGIN, formatPhone, screenshot, simInbound, waitUntil } from '../lib.mjs';
import {
  T, run, optedIn, stranger, askedToStop, page, watched, button, thread, composer, convItem, openContactsTab,
  openConversation, openConversationFromDetail,
} from '../session.mjs';

test('send a text from the conversation and see it reach delivered', T, async () => {
  // This run's contacts: the run id is in their e-mail addresses.
  await openContactsTab();
  await page.getByLabel('Search contacts').fill(run);
  await page.getByRole('button', { name: `${optedIn.first} ${optedIn.last}`, exact: true }).click();
  await openConversationFromDetail(optedIn);
  const body = `Hi ${optedIn.first}, the Elm St listing just dropped to $749k. Want a tour this weekend? [${run}]`;
  await composer().fill(body);
  await page.getByTestId('segment-counter').filter({ hasText: 'GSM-7' }).waitFor();
  await composer().press('Enter');
  assert.equal(await composer().inputValue(), '', 'composer cleared after send');
  const bubble = thread().locator('.bubble-row.out').filter({ hasText: body });
  await bubble.first().waitFor();
  await waitUntil('delivered', async () => (await bubble.locator('[role=img][aria-label="Delivered"]').count()) === 1, 20_000);
  assert.equal(await bubble.count(), 1, 'one bubble for one send');
});

test('a text in from the simulator appears live with an unread badge', T, async () => {
  await page.goto(`${CRM_URL}/agent/messages`);
  await convItem(optedIn.phone).waitFor();
  const body = `Yes please! Saturday 10am works. [${run}]`;
  const t0 = Date.now();
  await simInbound(optedIn.phone, body);
  const item = convItem(optedIn.phone);
  await item.filter({ hasText: body }).waitFor({ timeout: 10_000 });
  await item.getByTestId('unread-badge').waitFor({ timeout: 10_000 });
  const ms = Date.now() - t0;
  console.log(`# inbound text shown in the list ${ms} ms after the simulator sent it`);
  assert.equal((await item.getByTestId('unread-badge').textContent()).trim(), '1');
  // Newest first: this conversation is at the top.
  assert.equal(await page.locator('.conv-item').first().getAttribute('data-phone'), optedIn.phone);

  // A number with no contact texts in: a new conversation appears, under its formatted number.
  await simInbound(stranger, `Hello, is 12 Oak Ave still for sale? [${run}]`);
  await convItem(stranger).filter({ hasText: formatPhone(stranger) }).waitFor({ timeout: 10_000 });

  // Opening marks it read.
  await item.click();
  await thread().locator('.bubble-row.in').filter({ hasText: body }).waitFor();
  await waitUntil('the badge to clear', async () => (await item.getByTestId('unread-badge').count()) === 0, 10_000);
  await thread().locator('.bubble-row.out[data-status="delivered"]').first().waitFor();
  const reply = 'Great, see you Saturday at 10 at 418 Elm St. I will bring the disclosures.';
  await composer().fill(reply);
  await composer().press('Enter');
  await thread().locator('.bubble-row.out').filter({ hasText: reply }).locator('[role=img][aria-label="Delivered"]').waitFor({ timeout: 20_000 });
  await screenshot(page, 'conversation-desktop.png');
});

test('phone width: one pane at a time with a back button', T, async () => {
  await openConversation(optedIn.phone);
  await page.setViewportSize(PHONE);
  await page.reload();
  await thread().locator('.bubble-row').first().waitFor();
  assert.equal(await page.locator('.conv-pane').isVisible(), false, 'list hidden while a thread is open');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling at 375 px (overflow ${overflow}px)`);
  await screenshot(page, 'conversation-phone.png');
  await button('Back to conversations').click();
  await page.waitForURL(/\/agent\/messages$/);
  await convItem(optedIn.phone).waitFor();
  assert.equal(await page.locator('.thread-pane').isVisible(), false, 'thread hidden on the list screen');
  const listOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(listOverflow <= 0, `no horizontal scrolling on the list at 375 px (overflow ${listOverflow}px)`);
  assert.ok(await button('Contacts').isVisible(), '"Contacts" reachable at 375 px');
  const box = await button('Contacts').boundingBox();
  assert.ok(box && box.x + box.width <= 375, '"Contacts" inside the screen');
  await convItem(optedIn.phone).click();
  await composer().waitFor();
  await page.setViewportSize(DESKTOP);
});

test('a message containing HTML is shown as text', T, async () => {
  const evil = '<img src=x onerror=alert(1)>';
  await page.setViewportSize(DESKTOP);
  await openConversation(optedIn.phone);
  await simInbound(optedIn.phone, evil);
  const inbound = thread().locator('.bubble-row.in .bubble-text').filter({ hasText: evil });
  await inbound.waitFor({ timeout: 10_000 });
  assert.equal(await inbound.first().textContent(), evil);
  // And sent by the agent.
  await composer().fill(`Got it: ${evil}`);
  await button('Send').click();
  await thread().locator('.bubble-row.out .bubble-text').filter({ hasText: `Got it: ${evil}` }).first().waitFor();
  assert.equal(await page.locator('.thread img, .conv-list img').count(), 0, 'no <img> element was created');
  await page.waitForTimeout(300);
  assert.deepEqual(watched.dialogs, [], 'no script ran');
});

test('a text that reads as "stop texting me": flagged in the list and the thread, sending asks first, "Keep texting" with a reason clears it', T, async () => {
  const r = await page.request.post(`${CRM_URL}/api/crm/contacts`, { headers: SAME_ORIGIN, data: {
    firstName: askedToStop.first, lastName: askedToStop.last, phone: askedToStop.phone, email: `nora.${run}@example.com`,
    status: 'client', tags: [`e2e-${run}`], preferences: { smsOptIn: true }, consentWordingVersion: 'tcpa-v1',
  } });
  assert.equal(r.status(), 201, `contact: ${await r.text()}`);
  await page.setViewportSize(DESKTOP);
  await page.goto(`${CRM_URL}/agent/messages`);
  await page.locator('.conv-list, .list-empty').first().waitFor();

  // Not a STOP keyword, so nothing is opted out, but crmd flags the thread (FCC 24-24).
  await simInbound(askedToStop.phone, 'please stop texting me');
  const item = convItem(askedToStop.phone);
  const badge = item.getByTestId('possible-opt-out-badge');
  await badge.waitFor({ timeout: 10_000 });
  assert.equal(await badge.getAttribute('aria-label'), 'Possible opt-out');
  assert.equal((await badge.textContent()).trim(), 'Possible opt-out');

  await item.click();
  await page.waitForURL((u) => decodeURIComponent(u.pathname) === `/agent/messages/${askedToStop.phone}`);
  await thread().locator('.bubble-row.in .bubble-text').filter({ hasText: 'please stop texting me' }).waitFor();
  const banner = page.getByRole('region', { name: 'Possible opt-out' });
  await banner.waitFor();
  assert.match(await banner.textContent(), /They wrote: please stop texting me/);
  assert.equal(await page.getByTestId('consent-state').textContent(), 'Opted in', 'not opted out by itself');
  await screenshot(page, 'possible-opt-out-desktop.png');

  // Sending asks first; Cancel sends nothing and keeps the text.
  const first = `Understood. One last thing: the Elm St inspection is done [${run}]`;
  await composer().fill(first);
  await composer().press('Enter');
  let confirm = page.getByRole('dialog', { name: 'Send anyway?' });
  await confirm.waitFor();
  assert.match(await confirm.textContent(), /may have asked you to stop texting/);
  await confirm.getByRole('button', { name: 'Cancel', exact: true }).click();
  await confirm.waitFor({ state: 'detached' });
  assert.equal(await composer().inputValue(), first, 'text kept after cancelling');
  assert.equal(await thread().locator('.bubble-row.out').filter({ hasText: first }).count(), 0, 'nothing sent on cancel');

  // Confirmed: crmd takes it (confirmPossibleOptOut) and it is delivered.
  await button('Send').click();
  confirm = page.getByRole('dialog', { name: 'Send anyway?' });
  await confirm.getByRole('button', { name: 'Send anyway', exact: true }).click();
  await thread().locator('.bubble-row.out').filter({ hasText: first }).locator('[role=img][aria-label="Delivered"]').waitFor({ timeout: 20_000 });
  assert.equal(await page.locator('.send-error').count(), 0, 'no refusal shown');

  // "Keep texting" needs a reason; with one, the flag is resolved and the banner and badge go.
  await banner.getByRole('button', { name: 'Keep texting', exact: true }).click();
  const keep = page.getByRole('dialog', { name: 'Keep texting' });
  await keep.waitFor();
  await keep.getByRole('button', { name: 'Keep texting', exact: true }).click();
  await keep.getByRole('alert').filter({ hasText: 'Say why' }).waitFor();
  await keep.getByLabel('Reason', { exact: true }).fill('She asked to stop the listing alerts only; we are closing on Elm St this week.');
  await keep.getByRole('button', { name: 'Keep texting', exact: true }).click();
  await keep.waitFor({ state: 'detached' });
  await banner.waitFor({ state: 'detached', timeout: 10_000 });
  await waitUntil('the list badge to go', async () => (await badge.count()) === 0, 10_000);

  // Resolved: sending no longer asks.
  const next = `Closing is set for Friday at 2pm [${run}]`;
  await composer().fill(next);
  await composer().press('Enter');
  await thread().locator('.bubble-row.out').filter({ hasText: next }).locator('[role=img][aria-label="Delivered"]').waitFor({ timeout: 20_000 });
  assert.equal(await page.getByRole('dialog').count(), 0, 'no confirmation once resolved');
  // A reload agrees: the flag is gone on the server, not just on this screen.
  await page.reload();
  await convItem(askedToStop.phone).filter({ hasText: next }).waitFor();
  await thread().locator('.bubble-row.out').filter({ hasText: next }).waitFor();
  assert.equal(await badge.count(), 0, 'no badge after a reload');
  assert.equal(await page.getByTestId('possible-opt-out-banner').count(), 0, 'no banner after a reload');
});

const RESTART = process.env.CRM_RESTART_CMD;
test('the page recovers by itself after the server restarts', { ...T, skip: RESTART ? false : 'CRM_RESTART_CMD not set' }, async () => {
  await openConversation(optedIn.phone);
  const t0 = Date.now();
  await promisify(exec)(RESTART, { timeout: 80_000 });
  console.log(`# crmd restarted in ${Date.now() - t0} ms`);
  const body = `Are you back? [${run}]`;
  await simInbound(optedIn.phone, body);
  await thread().locator('.bubble-row.in').filter({ hasText: body }).waitFor({ timeout: 20_000 });
  assert.doesNotMatch(page.url(), /\/login$/, 'still signed in after the restart');
  await waitUntil('the reconnecting notice to go', async () => (await page.locator('.live-pill.warn').count()) === 0, 10_000);
  // And sending works again.
  await composer().fill(`Yes, all good [${run}]`);
  await composer().press('Enter');
  await thread().locator('.bubble-row.out').filter({ hasText: `Yes, all good [${run}]` }).locator('[role=img][aria-label="Delivered"]').waitFor({ timeout: 20_000 });
});
