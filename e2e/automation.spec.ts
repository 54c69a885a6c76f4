import { expect, test } from '@playwright/test';
import { signInAs } from './signIn';

// The e2e server starts with automation stopped and a 2-second cycle (e2e/serve.mts).
test('an operator presses Start Automation and sees it run and the cycle count rise', async ({
  page,
}) => {
  await signInAs(page, 'operator');
  const state = page.getByTestId('automation-state');
  await expect(state).toHaveText('stopped');
  const cycles = page.getByTestId('automation-cycles');
  const before = Number(await cycles.textContent());

  await page.getByRole('button', { name: 'Start Automation' }).click();
  await expect(state).toHaveText('running', { timeout: 15_000 });
  await expect(async () => {
    expect(Number(await cycles.textContent())).toBeGreaterThanOrEqual(before + 2);
  }).toPass({ timeout: 20_000 });
  // What the last cycle found: new candles predicted, or no new candle (nothing to predict).
  await expect(page.getByTestId('automation-last-cycle')).toContainText(
    /new candles predicted|no new candle/,
  );

  await page.getByRole('button', { name: 'Stop Automation' }).click();
  await expect(state).toHaveText('stopped');
  const audit = await page.request.post('/api/audit/list', {
    data: { limit: 5, action: 'automation.start' },
  });
  expect((await audit.json()).items[0]).toMatchObject({ actor: 'operator@test.local' });
});

test('a viewer sees the automation state but has no button', async ({ page }) => {
  await signInAs(page, 'viewer');
  await expect(page.getByTestId('automation-state')).not.toBeEmpty();
  await expect(page.getByRole('button', { name: /Automation/ })).toHaveCount(0);
});
