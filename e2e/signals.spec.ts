import { expect, test } from '@playwright/test';
import { signInAs } from './signIn';

// The demo's S&P 500 history (e2e/serve.mts backfills 2000 … 2020): thousands of matured pairs
// per horizon, all of them older than 90 days, so all time has figures and 90 days has none.
test('a viewer sees which signal part carries the wins, per horizon and window', async ({
  page,
}) => {
  // Sign-in and a production server on a shared CI machine: room beyond the default 30 s.
  test.slow();
  await signInAs(page, 'viewer');
  await page.getByRole('link', { name: 'Signal parts' }).click();
  await expect(page).toHaveURL(/\/signals$/);
  await expect(page.getByRole('heading', { name: 'Signal parts' })).toBeVisible();
  // The demo's daily history (another spec may add an intraday instrument, whose horizons sort first).
  await page.getByRole('combobox', { name: 'Horizon' }).selectOption('1d');

  const table = page.getByRole('table', { name: 'Signal parts' });
  for (const part of ['rsi', 'macd', 'trend'])
    await expect(page.getByTestId(`signal-winshare-${part}`)).toHaveText(/^\d+\.\d\d %$/, {
      timeout: 20_000,
    });
  await expect(table.getByRole('row')).toHaveCount(4);
  await expect(page.getByTestId('signal-carrier')).toHaveCount(1);
  await expect(page.getByTestId('signal-summary')).toContainText(/[\d,]+ decisions/);

  const chart = page.getByTestId('signal-trend-chart');
  await expect(chart.locator('.recharts-line')).toHaveCount(3);
  await expect(chart.locator('.recharts-line-curve').first()).toHaveAttribute('d', /^M[^C]+C/); // a drawn curve

  // Another horizon of the daily history: its own figures, kept in the URL.
  const horizon = page.getByRole('combobox', { name: 'Horizon' });
  expect(await horizon.locator('option').allTextContents()).toContain('7d');
  await horizon.selectOption('7d');
  await expect(page).toHaveURL(/horizon=7d/);
  await expect(page.getByTestId('signal-summary')).toContainText('horizon 7d');

  // The last 90 days of a history that ended in 2020: the empty state, not an error.
  await page.getByRole('combobox', { name: 'Window' }).selectOption('90d');
  await expect(page.getByText('No matured predictions in this window yet.')).toBeVisible();
});
