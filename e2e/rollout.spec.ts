import { expect, test } from '@playwright/test';
import { signInAs } from './signIn';

const spx = {
  feature: {
    ts: '2020-04-17T04:00:00.000Z',
    symbol: 'SPX',
    tf: '1d',
    o: 2842.43,
    h: 2879.22,
    l: 2830.88,
    c: 2874.56,
    v: 5792140000,
  },
};

test('an operator moves the rollout to 0.5 and SPX 1d scores go live', async ({ page }) => {
  await signInAs(page, 'operator');
  await page.getByRole('link', { name: 'Rollout' }).click();
  const stage = page.getByTestId('rollout-stage');
  await expect(stage).toHaveText('preview');

  const before = await page.request.post('/api/ml/score', { data: spx });
  expect((await before.json()).mode).toBe('preview');

  const setHalf = page.getByRole('button', { name: 'Set 0.5' });
  await expect(setHalf).toBeDisabled(); // a reason is required first
  await page.getByLabel('Reason (audited)').fill('canary looks healthy');
  await setHalf.click();
  await expect(stage).toHaveText('0.5');
  await expect(page.getByText('canary looks healthy')).toBeVisible();

  // Applied: SPX|1d falls inside the 50 % share, so its decisions are now live.
  await expect(async () => {
    const after = await page.request.post('/api/ml/score', { data: spx });
    expect(await after.json()).toMatchObject({ mode: 'live', advisory: false });
  }).toPass({ timeout: 3000 });

  await page.getByLabel('Reason (audited)').fill('end of test');
  await page.getByRole('button', { name: 'Roll back to off' }).click();
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
