import { expect, test, type Page } from '@playwright/test';
import { signInAs } from './signIn';

async function expectSeries(page: Page, id: string) {
  const card = page.getByTestId(id);
  await expect(card).toBeVisible();
  for (const feature of ['rsi_14', 'macd_hist']) {
    await expect(card.getByTestId(`${id}-${feature}-status`)).toHaveText(
      /^(ok|warn|drift|too few values)$/,
    );
    const chart = card.getByTestId(`${id}-${feature}-histogram`);
    await expect(chart).toBeVisible();
    // Bars drawn, not just axes.
    await expect(chart.locator('.recharts-bar-rectangle path').first()).toBeVisible();
  }
}

test('a viewer sees drift of the demo series: a status, the rule and overlaid histograms', async ({
  page,
}) => {
  await signInAs(page, 'viewer');
  await page.getByRole('link', { name: 'Drift' }).click();
  await expect(page).toHaveURL(/\/drift$/);
  await expect(page.getByTestId('drift-rule')).toContainText('more than 25 %');

  await expectSeries(page, 'drift-SPX-1d');
  const spx = page.getByTestId('drift-SPX-1d');
  // SPX 1d ended in 2020: its windows end at its last candle, shown with its date and zone.
  await expect(spx).toContainText('America/New_York');
  await expect(spx).toContainText('Apr 17, 2020');
  await expect(spx.getByTestId('drift-SPX-1d-ended')).toBeVisible();
  await expect(spx.getByTestId('drift-SPX-1d-rsi_14-status')).not.toHaveText('too few values');

  // The replay feed, where the e2e database has candles of it.
  const replay = await page.request.get('/api/drift?symbol=SPX.R&tf=1m');
  if (replay.ok() && (await replay.json()).items.length > 0) {
    await page.getByLabel('Symbol').selectOption('SPX.R');
    await expectSeries(page, 'drift-SPX.R-1m');
  }

  // Filters live in the URL.
  await page.getByLabel('Reference window').selectOption('30');
  await expect(page).toHaveURL(/days=30/);
  await expect(page.getByTestId('drift-rule')).toContainText('the 30 days before them');
});
