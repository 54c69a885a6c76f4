import { expect, test } from '@playwright/test';
import { signInAs } from './signIn';
import { SPX_SCORE_BODY as spx } from './fixtures';

test('an operator promotes the rollout one stage, confirming, and rolls it back', async ({
  page,
}) => {
  await signInAs(page, 'operator');
  await page.getByRole('link', { name: 'Rollout' }).click();
  const stage = page.getByTestId('rollout-stage');
  await expect(stage).toHaveText('preview');

  const before = await page.request.post('/api/ml/score', { data: spx });
  expect((await before.json()).mode).toBe('preview');

  // The safe next step is the primary button; it says why it is disabled.
  const promote = page.getByRole('button', { name: 'Promote to 0.1' });
  await expect(promote).toBeDisabled();
  await expect(page.getByTestId('promote-why')).toContainText('type a reason');
  await page.getByLabel('Reason (audited)').fill('canary looks healthy');
  await promote.click();
  const dialog = page.getByTestId('confirm-stage');
  await expect(dialog).toContainText('preview → 0.1');
  await expect(dialog).toContainText('from 0 % to 10 %');
  // Cancel changes nothing.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(stage).toHaveText('preview');
  await promote.click();
  await dialog.getByRole('button', { name: 'Confirm preview → 0.1' }).click();
  await expect(stage).toHaveText('0.1');
  await expect(page.getByText('canary looks healthy').first()).toBeVisible();

  // Applied: SPX|1d lies outside the 10 % share, so its decisions are shadowed, not live.
  await expect(async () => {
    const after = await page.request.post('/api/ml/score', { data: spx });
    expect(await after.json()).toMatchObject({ mode: 'shadow' });
  }).toPass({ timeout: 3000 });

  // Skipping a stage is refused with the unmet condition; an operator cannot force it.
  await page.getByLabel('Reason (audited)').fill('straight to everyone');
  await page.getByLabel('Other stage').selectOption('1.0');
  await page.getByRole('button', { name: 'Set stage' }).click();
  await dialog.getByRole('button', { name: 'Confirm 0.1 → 1.0' }).click();
  await expect(page.getByTestId('rollout-unmet')).toContainText('skips a stage');
  await expect(page.getByRole('button', { name: /Force 0.1 → 1.0/ })).toBeDisabled();
  await expect(stage).toHaveText('0.1');

  await page.getByLabel('Reason (audited)').fill('end of test');
  await page.getByRole('button', { name: 'Roll back to off' }).click();
  await dialog.getByRole('button', { name: 'Confirm 0.1 → off' }).click();
  await expect(stage).toHaveText('off');
});

test('a viewer sees the stage but cannot change it', async ({ page }) => {
  await signInAs(page, 'viewer');
  await page.goto('/rollout');
  await expect(page.getByTestId('rollout-stage')).not.toBeEmpty();
  await expect(page.getByRole('button', { name: /Set|Roll back/ })).toHaveCount(0);
  const attempt = await page.request.post('/api/rollout', {
    data: { stage: '1.0', reason: 'sneaky' },
  });
  expect(attempt.status()).toBe(403);
});
