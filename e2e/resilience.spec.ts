import { expect, test } from '@playwright/test';
import { signInAs } from './signIn';

// Live panels keep their last data when a refresh fails, say so, and recover on Retry; the
// viewer's zone choice changes every time shown and is remembered.

test('a failed refresh keeps the last values and offers Retry, which recovers', async ({
  page,
}) => {
  await signInAs(page, 'viewer');
  // The panel's refresh interval and React Query's retry delay run on a fake clock: it runs
  // freely while the page loads, then stands still, so only the requests the test causes are
  // made.
  await page.clock.install();
  await page.goto('/');
  const table = page.getByRole('table', { name: 'Automation status' });
  await expect(table).toBeVisible();
  const panel = page.locator('section', { has: table });
  const before = (await table.innerText()).split('\n')[0];
  // Far enough ahead of the page's clock that a busy machine has not passed it yet.
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 5000);

  let outage = true;
  let requests = 0;
  await page.route('**/api/automation/status', (route) => {
    requests++;
    return outage
      ? route.fulfill({
          status: 503,
          contentType: 'application/json',
          body: JSON.stringify({ _err: 'database', message: 'injected outage' }),
        })
      : route.continue();
  });
  const banner = panel.getByTestId('refresh-failed');
  // The interval's refresh fails, then its one retry: the banner appears over the last values.
  await expect
    .poll(async () => {
      await page.clock.runFor(1000);
      return banner.isVisible();
    })
    .toBe(true);
  await expect(banner).toContainText('Refresh failed');
  await expect(banner).toContainText('injected outage');
  await expect(table).toBeVisible();
  await expect(panel.getByText('Loading…')).toHaveCount(0);
  expect((await table.innerText()).split('\n')[0]).toBe(before);

  // Retry during the outage asks at once, fails, and is offered again; the values stay.
  const retry = banner.getByRole('button', { name: 'Retry' });
  const asked = requests;
  await retry.click();
  await expect.poll(() => requests).toBeGreaterThan(asked);
  // Its own one retry waits a second of the page's clock; then Retry is offered again.
  await expect
    .poll(async () => {
      await page.clock.runFor(500);
      return retry.isEnabled();
    })
    .toBe(true);
  await expect(banner).toBeVisible();
  await expect(table).toBeVisible();

  // The outage ends: Retry recovers without waiting for the next refresh.
  outage = false;
  await retry.click();
  // React Query hands results to the page on a zero-delay timer: a tick of the clock delivers it.
  await expect
    .poll(async () => {
      await page.clock.runFor(100);
      return banner.isVisible();
    })
    .toBe(false);
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
