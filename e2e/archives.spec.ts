import { DATED_TIME } from './patterns';
import { statSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { signInAs } from './signIn';

// The demo (e2e/serve.mts) backfills 20 years of S&P 500 days today: today's archive holds the
// ~25,000 predictions and their outcomes, built by the server's own workers.
test('an operator creates an archive of today, watches it build and downloads it', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signInAs(page, 'operator');
  await page.getByRole('link', { name: 'Archives' }).click();
  await expect(page.getByRole('heading', { name: 'Archives' })).toBeVisible();
  const today = new Date().toISOString().slice(0, 10);
  await page.getByLabel('First day (UTC)').fill(today);
  await page.getByLabel('Last day (UTC, included)').fill(today);
  await page.getByRole('button', { name: 'Create archive…' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Confirm the archive' });
  await expect(confirm).toContainText(`1 UTC day, ${today} to ${today}`);
  await confirm.getByRole('button', { name: 'Confirm: build it' }).click();
  const queued = page.getByRole('status').filter({ hasText: 'queued' });
  await expect(queued).toBeVisible();
  const id = (await queued.textContent())!.match(/#(\d+)/)![1]!;

  const row = page.getByTestId(`archive-${id}`);
  await expect(row.getByTestId('archive-status')).toHaveText('ready', { timeout: 90_000 });
  await expect(row).toContainText(/rows in 9 files/);
  // Its range with date and zone, who made it.
  await expect(row).toContainText(DATED_TIME);
  await expect(row).toContainText('by operator@test.local');

  const link = row.getByTestId('archive-download');
  await expect(link).toHaveText(
    new RegExp(`^fusion-ops_${today}_${today}_v[\\d.]+_fusion-v[\\d.]+_[0-9a-f]{7}\\.zip$`),
  );
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe(await link.textContent());
  const file = await download.path();
  expect(statSync(file).size).toBeGreaterThan(10_000);
});

test('a viewer sees the archives but cannot create one', async ({ page }) => {
  await signInAs(page, 'viewer');
  await page.goto('/archives');
  await expect(page.getByRole('table', { name: 'Archives' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create archive…' })).toHaveCount(0);
  await expect(page.getByText('Operators create archives on demand')).toBeVisible();
});
