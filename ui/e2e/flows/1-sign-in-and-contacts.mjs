// Browser tests, part 1 (run by crm.test.mjs, in order, on session.mjs's page): signing in, and
// the contacts tab: adding, listing, searching and filtering contacts, their consent history.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ADMIN_EMAIL, ADMIN_PASSWORD, CRM_URL, SAME_ORIGIN, formatPhone, randomPhone, screenshot, waitUntil } from '../lib.mjs';
import {
  T, run, optedIn, phonesTaken, context, page, byLabel, button, openContactsTab, addContact,
} from '../session.mjs';

test('sign in: wrong password shows the server message; the session survives a reload', T, async () => {
  await page.goto(`${CRM_URL}/`);
  await page.waitForURL(/\/login$/);
  await byLabel('Email').fill(ADMIN_EMAIL);
  await byLabel('Password').fill(`${ADMIN_PASSWORD}-wrong`);
  await button('Sign in').click();
  await page.getByRole('alert').filter({ hasText: 'Invalid email or password' }).waitFor();

  // With the keyboard only: focus the field, type, Enter submits.
  await byLabel('Password').focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(ADMIN_PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/agent\/messages$/);
  await button('Sign out').waitFor();

  await page.reload();
  await page.waitForURL(/\/agent\/messages$/);
  await button('Sign out').waitFor();
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === 'crm_session');
  assert.ok(session, 'crm_session cookie set');
  assert.equal(session.httpOnly, true, 'crm_session is HttpOnly');
});

test('add a contact with SMS opt-in; it is listed with its status and tags; a duplicate phone is refused next to "Phone"', T, async () => {
  await addContact(optedIn, { optIn: true });
  const detail = page.getByRole('dialog', { name: 'Contact details' });
  await detail.getByText(`${optedIn.first} ${optedIn.last}`).waitFor();
  await detail.getByText(formatPhone(optedIn.phone)).first().waitFor();
  await detail.getByRole('button', { name: 'Close' }).click();

  // Search as you type, by digits of the phone.
  await page.getByLabel('Search contacts').fill(optedIn.phone.slice(-7));
  const row = page.locator('tr[data-contact-id]').filter({ hasText: formatPhone(optedIn.phone) });
  await row.waitFor();
  await row.locator('.badge', { hasText: 'Qualified' }).waitFor();
  await row.locator('.tag:visible', { hasText: `e2e-${run}` }).waitFor();
  await row.locator('.pill.green', { hasText: 'Opted in' }).waitFor();

  // Filters: this run's tag, opted in.
  await page.getByLabel('Search contacts').fill('');
  await page.getByLabel('Filter by tag').fill(`e2e-${run}`);
  await page.getByLabel('Filter by SMS consent').selectOption('true');
  await waitUntil('the filtered list', async () => (await page.locator('tr[data-contact-id]').count()) === 1
    && (await page.locator('tr[data-contact-id]').first().textContent()).includes(optedIn.last));
  await page.getByLabel('Filter by SMS consent').selectOption('');
  await page.getByLabel('Filter by tag').fill('');

  // A few more contacts through the API, so the list (and its screenshot) shows some variety.
  const seeds = [
    { firstName: 'Priya', lastName: 'Shah', status: 'client', tags: ['seller', 'vip'], optIn: true },
    { firstName: 'Daniel', lastName: 'Okafor', status: 'nurturing', tags: ['investor'], optIn: false },
    { firstName: 'Grace', lastName: 'Kim', status: 'new', tags: ['first-time-buyer'], optIn: false },
    { firstName: 'Luis', lastName: 'Fernández', status: 'contacted', tags: ['buyer', 'relocation'], optIn: true },
  ];
  for (const sd of seeds) {
    let phone = randomPhone();
    while (phonesTaken().includes(phone)) phone = randomPhone();
    const r = await page.request.post(`${CRM_URL}/api/crm/contacts`, { headers: SAME_ORIGIN, data: {
      firstName: sd.firstName, lastName: sd.lastName, phone, email: `${sd.firstName.toLowerCase()}.${run}@example.com`,
      status: sd.status, tags: sd.tags, preferences: { smsOptIn: sd.optIn },
      ...(sd.optIn ? { consentWordingVersion: 'tcpa-v1' } : {}),
    } });
    assert.equal(r.status(), 201, `seed contact: ${await r.text()}`);
  }
  await page.getByLabel('Search contacts').fill(run);
  await waitUntil('this run\'s contacts', async () => (await page.locator('tr[data-contact-id]').count()) === 5);
  await screenshot(page, 'contacts-desktop.png');
  await page.getByLabel('Search contacts').fill('');

  // The same phone again: 409 shown next to Phone.
  await button('Add contact').click();
  await byLabel('First name').fill('Dup');
  await byLabel('Last name').fill('Licate');
  await byLabel('Phone').fill(optedIn.phone);
  await button('Save contact').click();
  await page.getByRole('alert').filter({ hasText: 'Contact with this phone number already exists' }).waitFor();
  assert.equal(await byLabel('Phone').getAttribute('aria-invalid'), 'true');
  // An unparseable phone: 400 next to Phone.
  await byLabel('Phone').fill('12');
  await button('Save contact').click();
  await page.getByRole('alert').filter({ hasText: 'Phone number must be in E.164 format' }).waitFor();
  await button('Cancel').click();
});

test('a contact\'s detail shows its consent history', T, async () => {
  await openContactsTab();
  await page.getByLabel('Search contacts').fill(run);
  await page.getByRole('button', { name: `${optedIn.first} ${optedIn.last}`, exact: true }).click();
  const detail = page.getByRole('dialog', { name: 'Contact details' });
  // From /api/crm/consent/:phone: the checkbox grant is there.
  await detail.locator('.consent-history').waitFor();
  await waitUntil('the consent grant in the history', async () =>
    (await detail.locator('.consent-tag.opted_in').count()) > 0 || (await detail.locator('.timeline li.grant').count()) > 0, 10_000);
  await detail.getByRole('button', { name: 'Close' }).click();
});
