// Browser tests, part 4 (run by crm.test.mjs, in order, on session.mjs's page, after part 3 has
// signed out): the team. The administrator adds an agent on the Users page; the agent signs in
// and has no Users tab (and /agent/users refuses them); the administrator signs back in for
// whatever follows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ADMIN_EMAIL, ADMIN_PASSWORD, CRM_URL } from '../lib.mjs';
import { T, page, watched, byLabel, button } from '../session.mjs';

const agent = { name: 'Gus Agent', email: 'gus.e2e@example.com', password: 'a long agent passphrase' };
const mainNav = () => page.getByRole('navigation', { name: 'Main' });
const usersTab = () => mainNav().getByRole('link', { name: 'Users', exact: true });

/** From wherever the page is: the sign-in page, then signed in as this user on Messages. */
async function signIn(email, password) {
  await page.goto(`${CRM_URL}/login`);
  await page.waitForURL(/\/login$/);
  await button('Sign in').waitFor();
  await byLabel('Email').fill(email);
  await byLabel('Password').fill(password);
  await button('Sign in').click();
  await page.waitForURL(/\/agent\/messages$/);
  await button('Sign out').waitFor();
}

/** From a fresh load of Messages (so no dialog a failed step left open is in the way): signed out. */
async function signOut() {
  await page.goto(`${CRM_URL}/agent/messages`);
  await button('Sign out').click();
  await page.waitForURL(/\/login$/);
  await button('Sign in').waitFor();
}

test('the admin adds an agent on the Users page', T, async () => {
  // Part 3 ended signed out; sign in again if so.
  await page.goto(`${CRM_URL}/agent/messages`);
  await button('Sign out').or(button('Sign in')).first().waitFor();
  if (await button('Sign in').count()) await signIn(ADMIN_EMAIL, ADMIN_PASSWORD);

  await usersTab().click();
  await page.waitForURL(/\/agent\/users$/);
  await page.getByRole('heading', { name: 'Users', exact: true }).waitFor();
  await page.locator('tr[data-user-id] .pill.you').waitFor();   // the admin's own row

  await button('Add user').click();
  const dialog = page.getByRole('dialog', { name: 'Add user' });
  await dialog.waitFor();
  await dialog.getByText('At least 10 characters, and not a common password.').waitFor();
  await dialog.getByLabel('Email', { exact: true }).fill(agent.email);
  await dialog.getByLabel('Name', { exact: true }).fill(agent.name);
  await dialog.getByLabel('Role', { exact: true }).selectOption('agent');
  await dialog.getByLabel('Password', { exact: true }).fill(agent.password);
  await dialog.getByRole('button', { name: 'Create user', exact: true }).click();
  await page.getByRole('status').filter({ hasText: `Added ${agent.name}.` }).waitFor();
  await dialog.waitFor({ state: 'detached' });

  const row = page.locator('tr[data-user-id]').filter({ has: page.getByRole('rowheader', { name: agent.name, exact: true }) });
  await row.waitFor();
  await row.getByText(agent.email, { exact: true }).waitFor();
  await row.locator('.badge', { hasText: 'Agent' }).waitFor();
  await row.locator('.pill.green', { hasText: 'Active' }).waitFor();

  // The same email again is refused next to "Email", in the server's words.
  await button('Add user').click();
  await dialog.waitFor();
  await dialog.getByLabel('Email', { exact: true }).fill(agent.email.toUpperCase());
  await dialog.getByLabel('Name', { exact: true }).fill('Gus Again');
  await dialog.getByLabel('Password', { exact: true }).fill(agent.password);
  await dialog.getByRole('button', { name: 'Create user', exact: true }).click();
  const email = dialog.getByLabel('Email', { exact: true });
  // `has` is matched inside each .field, so its locator starts from the page, not the dialog.
  const emailField = dialog.locator('.field.has-error').filter({ has: page.getByLabel('Email', { exact: true }) });
  await emailField.filter({ hasText: 'A user with this email exists already' }).waitFor();
  assert.equal(await email.getAttribute('aria-invalid'), 'true');
  assert.equal(await email.evaluate((el) => el === document.activeElement), true, 'focus moved to the refused field');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
});

test('the agent signs in: no Users tab, and /agent/users refuses them', T, async () => {
  await signOut();
  await signIn(agent.email, agent.password);
  await page.getByRole('button', { name: agent.name, exact: true }).waitFor();
  await mainNav().getByRole('link', { name: 'Contacts', exact: true }).waitFor();
  assert.equal(await usersTab().count(), 0, 'no Users tab for an agent');

  await page.goto(`${CRM_URL}/agent/users`);
  await page.getByText('Only an administrator can manage users.').waitFor();
  assert.equal(await button('Add user').count(), 0, 'no Add user for an agent');
  await signOut();
});

test('the admin signs back in', T, async () => {
  await signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
  await usersTab().waitFor();
});

test('no uncaught errors or console errors on the team pages', async () => {
  assert.deepEqual(watched.problems, []);
});
