import { expect, test } from '@playwright/test';
import { signInAs } from './signIn';

// Live panels keep their last data when a refresh fails, say so, and recover on Retry; the
// viewer's zone choice changes every time shown and is remembered.

test('a failed refresh keeps the last values and offers Retry, which recovers', async ({
  page,
}) => {
  // Sign-in, a 15 s wait for the first failed refresh and the recovery: beyond the default 30 s.
  test.slow();
  await signInAs(page, 'viewer');
  const table = page.getByRole('table', { name: 'Automation status' });
  await expect(table).toBeVisible();
  const panel = page.locator('section', { has: table });
  await expect(panel.getByTestId('updated-ago')).toContainText('updated');
  const before = await table.innerText();

  // The status request fails from now on (after its first success).
  await page.route('**/api/automation/status', (route) =>
    route.fulfill({
      status: 503,
      contentType: 'application/json',
      body: JSON.stringify({ _err: 'database', message: 'injected outage' }),
    }),
  );
  const banner = panel.getByTestId('refresh-failed');
  await expect(banner).toBeVisible({ timeout: 15_000 });
  await expect(banner).toContainText('Refresh failed');
  // The last values stay, with no flicker back to Loading… while the refreshes keep failing.
  for (let i = 0; i < 4; i++) {
    await expect(table).toBeVisible();
    await expect(panel.getByText('Loading…')).toHaveCount(0);
    await page.waitForTimeout(500);
  }
  expect((await table.innerText()).split('\n')[0]).toBe(before.split('\n')[0]);

  await page.unroute('**/api/automation/status');
  await banner.getByRole('button', { name: 'Retry' }).click();
  await expect(banner).toBeHidden();
  await expect(table).toBeVisible();
});

test.describe('zone choice', () => {
  test.use({ timezoneId: 'Asia/Tokyo' });

  test('changes the times shown and is remembered across a reload', async ({ page }) => {
    await signInAs(page, 'viewer');
    await page.getByRole('link', { name: 'SLOs' }).click();
    const span = page.getByText(/steps ·/);
    await expect(span).toContainText('UTC');
    const picker = page.getByTestId('zone-picker');
    await expect(picker).toHaveValue('utc');

    await picker.selectOption('local');
    await expect(span).toContainText('GMT+9');
    await expect(span).not.toContainText('UTC');

    await page.reload();
    await expect(page.getByTestId('zone-picker')).toHaveValue('local');
    await expect(page.getByText(/steps ·/)).toContainText('GMT+9');

    // Exchange time: the symbol table follows SPX's New York zone.
    await page.getByTestId('zone-picker').selectOption('exchange');
    await page.getByRole('link', { name: 'Overview' }).click();
    const symbols = page.getByRole('table', { name: 'Symbols' });
    await expect(symbols).toContainText(/EDT|EST|GMT-4|GMT-5/);
  });
});
