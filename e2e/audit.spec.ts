import { DATED_TIME } from './patterns';
import { expect, test } from '@playwright/test';
import { signInAs } from './signIn';

test('a viewer filters the audit log and expands an entry', async ({ page }) => {
  await signInAs(page, 'viewer');
  await page.getByRole('link', { name: 'Audit', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Audit log' });
  const rows = table.getByRole('row');
  // The seeded users' sign-ins at least (e2e/serve.mts and every spec's sign-in).
  await expect(rows.nth(1)).toBeVisible();
  await expect(page).toHaveTitle(/Audit log/);

  await page.getByLabel('Action').fill('auth.signin');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/action=auth.signin/);
  await expect(rows.nth(1).getByRole('cell').nth(1)).toHaveText('auth.signin');
  await expect(table.getByRole('cell', { name: 'auth.signin_failed' })).toHaveCount(0);
  // Time with date and zone.
  await expect(rows.nth(1).getByRole('cell').first()).toContainText(DATED_TIME);

  const today = new Date().toISOString().slice(0, 10);
  await page.getByLabel('From (UTC)').fill(today);
  await expect(page).toHaveURL(new RegExp(`from=${today}`));
  await page.getByLabel('Text in details').fill('no such text at all');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText('No entries match the filter.')).toBeVisible();
  await page.getByLabel('Text in details').fill('');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(rows.nth(1)).toBeVisible();

  // Expanding an entry shows its whole JSON.
  const first = rows.nth(1);
  const details = first.locator('details');
  await expect(details).not.toHaveAttribute('open');
  await first.locator('summary').click();
  await expect(details).toHaveAttribute('open');
  await expect(first.locator('pre')).toContainText('{');
});
