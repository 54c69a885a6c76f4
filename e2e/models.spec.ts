import { expect, test } from '@playwright/test';
import { DATED_TIME } from './patterns';
import { signInAs } from './signIn';

// The Bayesian weight update on the demo (e2e/serve.mts backfills 20 years of S&P 500 days):
// an operator fits a candidate on an explicit window of that history (the leader's weekly fit
// or another test may have made one already: this one replaces it) and sees its weights ± sd.
test('an operator fits a candidate on the S&P history and sees its weights ± sd', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await signInAs(page, 'operator');
  await page.getByRole('link', { name: 'Models' }).click();
  await expect(page.getByRole('heading', { name: 'Models', level: 1 })).toBeVisible();
  const versions = page.getByRole('table', { name: 'Model versions' });
  await expect(versions.locator('tr[data-status="active"]')).toHaveCount(1);

  await page.getByRole('button', { name: 'Fit a candidate now' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Confirm fitting a candidate' });
  await expect(dialog).toContainText(/replaces the current candidate|no candidate now/);
  await dialog.getByLabel('Reason').fill('e2e: five years of S&P');
  await dialog.getByLabel('First day (UTC, optional)').fill('2015-01-01');
  await dialog.getByLabel('Last day (UTC, optional)').fill('2020-04-17');
  await dialog.getByRole('button', { name: 'Confirm: fit and replace the candidate' }).click();

  const stored = page.getByRole('status').filter({ hasText: 'stored' });
  await expect(stored).toBeVisible({ timeout: 30_000 });
  const id = (await stored.textContent())!.match(/Candidate (\S+) stored/)![1]!;
  const panel = page.getByTestId('candidate-panel');
  await expect(panel.getByRole('heading')).toHaveText(`Candidate: ${id}`);
  const weights = panel.getByTestId('candidate-weight');
  await expect(weights).toHaveCount(3);
  for (const cell of await weights.all())
    await expect(cell).toHaveText(/^-?\d\.\d{4} ± \d\.\d{4}$/);
  await expect(panel).toContainText('e2e: five years of S&P');
  await expect(panel).toContainText(DATED_TIME);
  await expect(page.getByTestId(`model-${id}`)).toHaveAttribute('data-status', 'candidate');
});

test('a viewer sees the versions, and the fit button disabled with why', async ({ page }) => {
  await signInAs(page, 'viewer');
  await page.goto('/models');
  const versions = page.getByRole('table', { name: 'Model versions' });
  await expect(versions.locator('tbody tr').first()).toBeVisible();
  await expect(versions).toContainText('fusion-v2.0.0');
  const button = page.getByRole('button', { name: 'Fit a candidate now' });
  await expect(button).toBeDisabled();
  await expect(button).toHaveAttribute('title', /operator role/);
  // On a phone the page stays 390 px wide: the versions table scrolls inside its panel.
  await page.setViewportSize({ width: 390, height: 900 });
  await expect(versions).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
