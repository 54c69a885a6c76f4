import { expect, test } from '@playwright/test';
import { TEST_PASSWORD, TEST_USERS } from '../test/support/users';

test('a viewer signs in, sees the SPX chart with its EMAs, and signs out', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/signin/);
  await page.getByLabel('Email').fill(TEST_USERS.viewer);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  await expect(page.getByTestId('whoami')).toContainText('viewer');
  const symbols = page.getByRole('table', { name: 'Symbols' });
  await expect(symbols.getByRole('row', { name: /SPX/ })).toContainText('Apr 17, 2020');
  await expect(symbols.getByRole('row', { name: /SPX/ })).toContainText('2,874.56');

  const chart = page.getByTestId('price-chart');
  await expect(chart.locator('.recharts-line')).toHaveCount(3);
  await expect(chart.getByText('EMA 20')).toBeVisible();
  await expect(chart.getByText('EMA 50')).toBeVisible();
  // A viewer is not offered the operator and admin pages.
  await expect(page.getByRole('link', { name: 'Import' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/signin/);
});

test('a wrong password is refused and no session is opened', async ({ page }) => {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(TEST_USERS.operator);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('form', { name: 'Sign in' }).getByRole('alert')).toHaveText(
    'Wrong email or password.',
  );
  await page.goto('/');
  await expect(page).toHaveURL(/\/signin/);
});
