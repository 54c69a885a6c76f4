import { expect, test } from '@playwright/test';
import { signInAs } from './signIn';

// The demo's 20 years of S&P 500 days are backfilled by e2e/serve.mts: thousands of matured
// pairs per horizon and a calibration map each.
test('a viewer opens Calibration and sees a reliability diagram with bucket counts', async ({
  page,
}) => {
  await signInAs(page, 'viewer');
  await page.getByRole('link', { name: 'Calibration' }).click();
  await expect(page).toHaveURL(/\/calibration$/);
  await expect(page.getByRole('heading', { name: 'Calibration', level: 1 })).toBeVisible();

  const horizon = page.getByTestId('horizon-1d');
  await expect(horizon).toBeVisible();
  // The diagram draws a point per bucket with pairs, the counts chart a bar per bucket.
  await expect(page.getByTestId('reliability-1d').locator('g[data-bucket]').first()).toBeVisible();
  await expect(
    page.getByTestId('bucket-counts-1d').locator('.recharts-bar-rectangle').first(),
  ).toBeVisible();
  // The bucket 0.5 holds most of the model's calls: thousands of pairs.
  const count = await page.getByTestId('bucket-row-1d-0.5').getByTestId('bucket-n').innerText();
  expect(Number(count.replace(/\D/g, ''))).toBeGreaterThan(1000);
  await expect(horizon.getByTestId('stat-ece')).toHaveText(/^0\.\d+$/);
  await expect(horizon.getByTestId('stat-brier')).toHaveText(/^0\.\d+$/);
  // The map in use, its curve and checksum.
  await expect(page.getByTestId('map-current-1d-daily')).toContainText('verified');
  await expect(page.getByTestId('map-curve-1d-daily').locator('.recharts-line')).toBeVisible();

  // Raw confidence and another window switch in the URL.
  await page
    .getByRole('group', { name: 'Confidence' })
    .getByRole('button', { name: 'raw' })
    .click();
  await expect(page).toHaveURL(/confidence=raw/);
  await expect(horizon).toContainText('raw confidence');
  await page.getByRole('group', { name: 'Window' }).getByRole('button', { name: '7d' }).click();
  await expect(page).toHaveURL(/window=7d/);
  // The demo history ends in 2020: the last 7 days hold no pairs, and the page says so.
  await expect(page.getByTestId('reliability-empty-1d')).toBeVisible();
});
