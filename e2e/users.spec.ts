import { expect as baseExpect, test, type Page } from '@playwright/test';
import type { Role } from '../lib/auth/roles';
import { TEST_PASSWORD, TEST_USERS } from '../test/support/users';

// Journeys of several page loads and two browsers: a machine shared by many builds needs time.
test.setTimeout(300_000);
const expect = baseExpect.configure({ timeout: 20_000 });

async function signInWith(page: Page, email: string, password: string) {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function signInAs(page: Page, role: Role) {
  await signInWith(page, TEST_USERS[role], TEST_PASSWORD);
  await expect(page.getByTestId('whoami')).toContainText(role);
}

/** The shown-once secret of a status line. */
const secretOf = async (page: Page, testId?: string) =>
  (await (testId ? page.getByTestId(testId) : page.getByRole('status'))
    .locator('.secret')
    .textContent())!.trim();

test('an admin disables a user, whose open session goes to sign-in on its next navigation', async ({
  page,
  browser,
}) => {
  const email = `e2e-${Date.now()}@test.local`;
  await signInAs(page, 'admin');
  await page.getByRole('link', { name: 'Admin' }).click();
  const create = page.getByRole('form', { name: 'Create user' });
  await create.getByLabel('Email').fill(email);
  await create.getByLabel('Name').fill('E2E colleague');
  await create.getByLabel('Role').selectOption('operator');
  await create.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByRole('status')).toContainText(email);
  const password = await secretOf(page);

  // The colleague is signed in elsewhere.
  const theirs = await browser.newContext();
  const colleague = await theirs.newPage();
  await signInWith(colleague, email, password);
  await expect(colleague.getByTestId('whoami')).toContainText('operator');

  const users = page.getByRole('table', { name: 'Users' });
  const row = users.getByRole('row').filter({ hasText: email });
  await row.getByRole('button', { name: 'Disable' }).click();
  const confirm = page.getByRole('alertdialog');
  await expect(confirm).toContainText(`Disable ${email}?`);
  await expect(confirm).toContainText('API tokens stop working');
  await confirm.getByRole('button', { name: 'Disable' }).click();
  await expect(row).toContainText('disabled since');
  await expect(confirm).toBeHidden();

  // Their next navigation (a click in the app, no reload) lands on sign-in.
  await colleague.getByRole('link', { name: 'Breaches' }).click();
  await expect(colleague).toHaveURL(/\/signin/);
  await expect(colleague.getByRole('button', { name: 'Sign in' })).toBeVisible();

  // Re-enabled, the same session works again (a reset, not a disable, ends sessions for good).
  await row.getByRole('button', { name: 'Enable' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Enable' }).click();
  await expect(row).toContainText('active');
  await colleague.goto('/signin');
  await expect(colleague.getByTestId('whoami')).toContainText('operator');
  await theirs.close();
});

test('an admin resets a password (the user chooses their own next) and demotes the user', async ({
  page,
  browser,
}) => {
  const email = `e2e-reset-${Date.now()}@test.local`;
  await signInAs(page, 'admin');
  const created = await page.request.post('/api/admin/users', {
    data: { email, name: 'E2E reset', role: 'operator', password: 'first e2e password' },
  });
  expect(created.status()).toBe(201);
  const theirs = await browser.newContext();
  const colleague = await theirs.newPage();
  await signInWith(colleague, email, 'first e2e password');
  await expect(colleague.getByTestId('whoami')).toContainText('operator');

  await page.getByRole('link', { name: 'Admin' }).click();
  const users = page.getByRole('table', { name: 'Users' });
  const row = users.getByRole('row').filter({ hasText: email });
  await row.getByRole('button', { name: 'Reset password' }).click();
  await expect(page.getByRole('alertdialog')).toContainText('signed out everywhere');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Reset password' }).click();
  await expect(page.getByTestId('reset-password')).toContainText(email);
  const temporary = await secretOf(page, 'reset-password');
  await expect(row).toContainText('must choose a password');

  await signInWith(colleague, email, temporary);
  await expect(colleague).toHaveURL(/\/set-password/);
  const chosen = 'my own e2e password';
  await colleague.getByLabel('Current password').fill(temporary);
  await colleague.getByLabel('New password (at least 12 characters)').fill(chosen);
  await colleague.getByLabel('New password again').fill(chosen);
  await colleague.getByRole('button', { name: 'Change password' }).click();
  await expect(colleague.getByTestId('whoami')).toContainText('operator');
  await expect(colleague).not.toHaveURL(/set-password/);

  // Demoted: the top bar and the data follow on the next page.
  await row.getByLabel(`Role of ${email}`).selectOption('viewer');
  await expect(page.getByRole('alertdialog')).toContainText('from operator to viewer');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Make viewer' }).click();
  await expect(row.getByLabel(`Role of ${email}`)).toHaveValue('viewer');
  await colleague.reload();
  await expect(colleague.getByTestId('whoami')).toContainText('viewer');
  await theirs.close();

  // The admin's own row says why it cannot be disabled.
  const own = users.getByRole('row').filter({ hasText: 'admin@test.local' });
  await expect(own.getByRole('button', { name: 'Disable' })).toBeDisabled();
  await expect(own.getByRole('button', { name: 'Disable' })).toHaveAttribute('title', /yourself/);
});

test('a viewer creates and revokes an API token of their own on the Account page', async ({
  page,
}) => {
  await signInAs(page, 'viewer');
  await page.getByRole('link', { name: 'Account' }).click();
  await expect(page.getByRole('heading', { name: 'Account' })).toBeVisible();
  const form = page.getByRole('form', { name: 'Create my API token' });
  // A viewer is offered the read scope only.
  await expect(form.getByRole('checkbox')).toHaveCount(1);
  await form.getByLabel('Name').fill('e2e monitor');
  await form.getByRole('button', { name: 'Create token' }).click();
  const secret = await secretOf(page, 'my-token-secret').catch(() => '');
  expect(secret).toMatch(/^fo_/);

  const tokens = page.getByRole('table', { name: 'My API tokens' });
  const row = tokens.getByRole('row').filter({ hasText: 'e2e monitor' });
  await expect(row).toContainText('active');
  const check = await page.request.get('/api/instruments', {
    headers: { authorization: `Bearer ${secret}` },
  });
  expect(check.status()).toBe(200);

  await row.getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByRole('alertdialog')).toContainText('cannot be undone');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke' }).click();
  await expect(row).toContainText('revoked');
  const after = await page.request.get('/api/instruments', {
    headers: { authorization: `Bearer ${secret}` },
  });
  expect(after.status()).toBe(401);
});
