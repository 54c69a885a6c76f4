import { DATED_TIME } from './patterns';
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { signInAs } from './signIn';

// The demo data (e2e/serve.mts): 20 years of S&P 500 days backfilled, ~25,000 predictions over
// five horizons, nearly all matured.
test('a viewer filters the predictions, pages back, and downloads the filter as CSV', async ({
  page,
}) => {
  await signInAs(page, 'viewer');
  await page.getByRole('link', { name: 'Predictions' }).click();
  await expect(page.getByRole('heading', { name: 'Predictions' })).toBeVisible();
  const rows = page.getByRole('table', { name: 'Predictions' }).getByRole('row');
  await expect(rows).toHaveCount(1 + 50); // header + a page

  await page.getByLabel('Horizon').selectOption('7d');
  await page.getByLabel('Outcome').selectOption('matured');
  await expect(page).toHaveURL(/horizon=7d/);
  await expect(page).toHaveURL(/outcome=matured/);
  await expect(rows).toHaveCount(1 + 50);
  const first = rows.nth(1);
  await expect(first.getByRole('cell').nth(1)).toHaveText('7d');
  await expect(first.getByTestId('prediction-outcome')).toContainText(/hit|miss/);
  // The candle's moment with its date and zone.
  await expect(first.getByRole('cell').first()).toContainText(
    new RegExp(`SPX 1d ${DATED_TIME.source}`),
  );
  await expect(page.getByTestId('prediction-pending')).toHaveCount(0);
  const newestId = await first.getAttribute('data-testid');

  await page.getByRole('button', { name: 'Older' }).click();
  await expect(page).toHaveURL(/cursor=\d+/);
  await expect(page).toHaveURL(/horizon=7d/);
  await expect(page).toHaveURL(/outcome=matured/);
  await expect(rows.nth(1)).not.toHaveAttribute('data-testid', newestId!);
  await expect(rows).toHaveCount(1 + 50);
  await expect(page.getByTestId('prediction-outcome')).toHaveCount(50);
  const olderId = Number((await rows.nth(1).getAttribute('data-testid'))!.split('-')[1]);
  expect(olderId).toBeLessThan(Number(newestId!.split('-')[1]));

  // A reload shows the same page with the same filters.
  await page.reload();
  await expect(page.getByLabel('Horizon')).toHaveValue('7d');
  await expect(page.getByLabel('Outcome')).toHaveValue('matured');
  await expect(rows.nth(1)).toHaveAttribute('data-testid', `prediction-${olderId}`);

  // The CSV link downloads every matured 7d prediction, newest first.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^predictions_7d_start_to_\d{4}-\d\d-\d\d\.csv$/);
  const lines = readFileSync((await download.path())!, 'utf8')
    .trim()
    .split('\r\n');
  expect(lines[0]).toMatch(/^id,model,symbol,tf,ts,/);
  expect(lines.length).toBeGreaterThan(1000);
  expect(lines[1]!.split(',')[0]).toBe(newestId!.split('-')[1]);
  expect(lines.slice(1).every((line) => line.includes(',7d,') && line.includes(',matured,'))).toBe(
    true,
  );
});
