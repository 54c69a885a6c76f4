import { expect, test } from '@playwright/test';
import { signInAs } from './signIn';

// The demo (e2e/serve.mts) at its stage: the S&P 500 history backfilled 2000 … 2020 (no mode:
// replayed history) and the replay feed's fresh predictions served as paper. The viewer picks
// the daily horizon, jumps to the history's last year, and sees the history filled and the live
// column's empty state saying why; nothing here depends on which fresh pairs have matured.
test('a viewer compares paper, live and the replayed history per horizon', async ({ page }) => {
  test.slow();
  await signInAs(page, 'viewer');
  await page.getByRole('link', { name: 'Paper vs live' }).click();
  await expect(page).toHaveURL(/\/paper-vs-live$/);
  await expect(page.getByRole('heading', { name: 'Paper vs live', level: 1 })).toBeVisible();
  await expect(page.getByTestId('paper-vs-live-groups')).toContainText('not paper trading');

  await page.getByRole('combobox', { name: 'Horizon' }).selectOption('1d');
  await expect(page).toHaveURL(/horizon=1d/);
  await expect(page.getByTestId('paper-vs-live-extents')).toContainText(/history [^;]*2000/, {
    timeout: 20_000,
  });
  await page.getByTestId('show-history').click();
  await expect(page).toHaveURL(/period=custom/);
  await expect(page.getByTestId('paper-vs-live-summary')).toContainText('2019');

  const section = page.getByTestId('horizon-1d');
  const table = section.getByRole('table', { name: 'Paper vs live, horizon 1d' });
  await expect(table.getByRole('row')).toHaveCount(6);
  const decisions = table.getByRole('row', { name: /^Decisions/ });
  await expect(decisions.getByTestId('cell-history')).toHaveText(/^[1-9][\d,]*$/);
  await expect(
    table.getByRole('row', { name: /^Hit rate/ }).getByTestId('cell-history'),
  ).toHaveText(/^\d+\.\d\d % \(\d+\.\d – \d+\.\d %\)$/);
  await expect(section.getByTestId('empty-live')).toContainText('no matured live decisions');

  const chart = page.getByTestId('paper-vs-live-chart');
  await expect(chart.locator('.recharts-bar-rectangle path').first()).toBeVisible();
});
