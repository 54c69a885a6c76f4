import { expect, test } from '@playwright/test';
import { signInAs } from './signIn';

// The viewer's zone choice changes every time shown and is remembered. (The failed-refresh
// journey is not here yet: its Retry stays disabled in Chromium while the outage lasts; see issue 14.)

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
