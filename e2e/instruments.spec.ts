import { expect, test } from '@playwright/test';
import { signInAs } from './signIn';

// An operator adds an instrument with the replay source (the S&P 500's returns as live 1-minute
// candles: no network needed), watches its history backfill, and sees its feed health; a viewer
// sees the universe but cannot change it. Screenshots at 1440 and 390 px are written to
// e2e/.tmp (never committed) for a look at the layout.
const SYMBOL = `E2E${Date.now().toString(36).toUpperCase().slice(-5)}`;

test('an operator adds a live instrument and sees its backfill and feed health', async ({
  page,
}) => {
  test.setTimeout(180_000); // the backfill job: 1,000 candles fetched and the loop run over them
  await signInAs(page, 'operator');
  await page.getByRole('navigation').getByRole('link', { name: 'Instruments' }).click();
  await expect(page).toHaveURL(/\/instruments$/);
  await expect(page).toHaveTitle(/Instruments/);
  // The demo's daily S&P 500 (a CSV import: no feed to watch).
  await expect(page.getByTestId('feed-SPX-1d')).toHaveAttribute('data-state', 'import');

  await page.getByRole('button', { name: 'Add instrument' }).click();
  const form = page.getByRole('form', { name: 'Add instrument' });
  await form.getByLabel('Symbol', { exact: true }).fill(SYMBOL);
  await form.getByLabel('Name').fill('Replay of the S&P 500');
  await form.getByLabel('Exchange time zone').fill('America/New_York');
  await form.getByRole('combobox', { name: /^Timeframe/ }).selectOption('1m');
  await form.getByRole('combobox', { name: /^Source/ }).selectOption('replay');
  await form.getByLabel('Horizons').fill('15m, 1h');
  // A horizon shorter than the timeframe is refused, naming the field.
  await form.getByRole('combobox', { name: /^Timeframe/ }).selectOption('1h');
  await form.getByRole('button', { name: 'Add instrument' }).click();
  await expect(form.getByRole('alert')).toContainText('timeframes.0.horizons.0');
  await form.getByRole('combobox', { name: /^Timeframe/ }).selectOption('1m');
  await form.getByRole('button', { name: 'Add instrument' }).click();
  await expect(form).toBeHidden();

  const row = page.getByTestId(`feed-${SYMBOL}-1m`);
  await expect(row).toBeVisible();
  // The backfill job fetches 1,000 candles and runs the loop over them; then the feed is live.
  await expect(row).toContainText(/done/, { timeout: 60_000 });
  await expect(row).toHaveAttribute('data-state', /^(ok|stale)$/);
  await expect(row).toContainText(/(AM|PM|:\d\d)/);

  await row.getByRole('button', { name: SYMBOL }).click();
  const detail = page.getByTestId('instrument-detail');
  await expect(detail).toContainText('America/New_York');
  const series = detail.getByRole('table', { name: `Series of ${SYMBOL}` });
  await expect(series).toContainText('1,000');
  await expect(series).toContainText('15m, 1h');

  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: 'e2e/.tmp/instruments-1440.png', fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: 'e2e/.tmp/instruments-390.png', fullPage: true });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1440, height: 900 });

  // Deactivation asks first, saying what changes.
  await detail.getByRole('button', { name: 'Deactivate' }).click();
  await expect(detail.getByRole('alertdialog')).toContainText('stop being polled');
  await detail.getByRole('button', { name: 'Confirm deactivation' }).click();
  await expect(row).toHaveAttribute('data-state', 'inactive');
  await expect(detail.getByRole('button', { name: 'Activate' })).toBeVisible();
});

test('a viewer sees the universe and the overview feed check, without changing anything', async ({
  page,
}) => {
  await signInAs(page, 'viewer');
  await expect(page.getByTestId('feed-alerts')).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: 'Instruments' }).click();
  await expect(page.getByTestId('feed-SPX-1d')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add instrument' })).toBeDisabled();
});
