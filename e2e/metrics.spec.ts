import { expect, test } from '@playwright/test';
import { signInAs } from './signIn';

// The demo data (e2e/serve.mts): the S&P 500's 20 years of days backfilled through the loop, so
// the metrics job has rows for every daily horizon and the weekly sums cover two decades.
test('a viewer reads the model metrics with targets, baselines and the weekly trend', async ({
  page,
}) => {
  // Each filter change is a soft navigation that renders the page on the server again: on a
  // busy two-core machine that alone can take seconds.
  test.setTimeout(90_000);
  await signInAs(page, 'viewer');
  await page.getByRole('link', { name: 'Metrics' }).click();
  await expect(page).toHaveURL(/\/metrics$/);

  const table = page.getByRole('table', { name: 'Model metrics' });
  // All time over every bucket by default: one row a horizon (the five daily ones at least).
  const row = table.getByTestId('metrics-row-1d-all-all');
  await expect(row).toBeVisible();
  expect(await table.getByRole('row').count()).toBeGreaterThanOrEqual(1 + 5);
  await expect(row.getByTestId('target-hitRate')).toHaveText(/^(met|missed) ≥ 60 %$/);
  await expect(row.getByTestId('target-ir')).toHaveText(/^(met|missed) > 1\.0$/);
  await expect(row.getByTestId('best-hitRate')).toContainText('best baseline:');
  await expect(row.getByTestId('best-hitRate')).toContainText('95 % CI');

  // Every baseline, folded beside the figures.
  await row.getByText(/^all 5 over \d+ decisions$/).click();
  const baselines = row.getByTestId('baselines');
  for (const name of ['always long', 'always short', 'momentum', 'coin flip', 'previous version'])
    await expect(baselines).toContainText(name);
  await expect(baselines).toContainText('95 % range');

  // Filters live in the URL and survive a reload.
  await page.getByRole('combobox', { name: 'Horizon', exact: true }).selectOption('7d');
  await expect(page).toHaveURL(/horizon=7d/, { timeout: 20_000 });
  await page.getByLabel('Bucket').selectOption('every');
  await expect(page).toHaveURL(/bucket=every/, { timeout: 20_000 });
  await expect(table.getByTestId('metrics-row-7d-all-0.5')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Horizon', exact: true })).toHaveValue('7d');
  await expect(table.getByRole('row').nth(1)).toBeVisible();
  expect(await table.getByRole('row').count()).toBeGreaterThan(2);

  // The trend of the chosen horizon: two charts with lines drawn.
  const trend = page.getByRole('region', { name: 'Quality trend' });
  await expect(trend.getByTestId('trend-caption')).toContainText('at 7d');
  for (const chart of ['trend-hit', 'trend-ir']) {
    await expect(trend.getByTestId(chart).locator('.recharts-line-curve').first()).toBeVisible();
  }
  await page.getByLabel('Each point over').selectOption('4');
  await expect(page).toHaveURL(/span=4/, { timeout: 20_000 });
  await expect(trend.getByTestId('trend-caption')).toContainText('the 4 weeks ending with it');
});
