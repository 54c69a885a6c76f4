import { expect, test } from '@playwright/test';
import { signInAs } from './signIn';

// The demo's canary prober (on by default) sends real score traffic from the first minute.
test('on a fresh demo the SLO chart shows the canary’s traffic within two minutes', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signInAs(page, 'viewer');
  await page.goto('/rollout');
  await expect(page.getByTestId('canary-state')).toHaveText('running', { timeout: 30_000 });
  await expect(page.getByTestId('canary-last')).toContainText('HTTP 200');

  await page.goto('/slo');
  // Real traffic, rolled up by the leader every minute: polled, not a domain clock.
  await expect
    .poll(
      async () => {
        await page.reload();
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        return page.getByTestId('slo-traffic').isVisible();
      },
      { timeout: 120_000, intervals: [5_000, 10_000] },
    )
    .toBe(true);
  await expect(page.getByTestId('slo-empty')).toHaveCount(0);
  await expect(page.getByTestId('slo-traffic')).toContainText('score requests');
  // The audit log names the canary as the caller.
  const audit = await page.request.get('/api/audit?action=ml.score&limit=5');
  const actors = ((await audit.json()).items as { actor: string }[]).map((i) => i.actor);
  expect(actors).toContain('canary');
});

test('a promotion from preview to 1.0 is refused with its reasons, and an admin’s force is audited', async ({
  page,
}) => {
  await signInAs(page, 'admin');
  await page.goto('/rollout');
  const stage = page.getByTestId('rollout-stage');
  await expect(stage).toHaveText('preview');
  const dialog = page.getByTestId('confirm-stage');

  await page.getByLabel('Reason (audited)').fill('e2e: everyone at once');
  await page.getByLabel('Other stage').selectOption('1.0');
  await page.getByRole('button', { name: 'Set stage' }).click();
  await expect(dialog).toContainText('from 0 % to 100 %');
  await dialog.getByRole('button', { name: 'Confirm preview → 1.0' }).click();
  await expect(
    page.getByRole('region', { name: 'Rollout stage' }).getByRole('alert'),
  ).toContainText('not allowed');
  await expect(page.getByTestId('rollout-unmet')).toContainText(
    'preview → 1.0 skips a stage: promote one stage at a time (next is 0.1)',
  );
  await expect(stage).toHaveText('preview');

  // The admin forces it: the confirmation lists what it is forced past.
  await page.getByRole('button', { name: 'Force preview → 1.0 (admin)' }).click();
  await expect(dialog.getByTestId('confirm-unmet')).toContainText('skips a stage');
  await dialog.getByRole('button', { name: 'Force preview → 1.0' }).click();
  await expect(stage).toHaveText('1.0');

  // The timeline shows it forced, with the gates at the time; the audit log records it.
  const row = page.getByTestId('stage-change').first();
  await expect(row).toContainText('preview → 1.0');
  await expect(row).toContainText('forced');
  await expect(row).toContainText('e2e: everyone at once');
  await expect(row).toContainText('score rate');
  const audit = await page.request.get('/api/audit?action=rollout.forced&limit=1');
  const [entry] = (await audit.json()).items;
  expect(entry).toMatchObject({
    actor: 'admin@test.local',
    details: { from: 'preview', to: '1.0', reason: 'e2e: everyone at once' },
  });
  expect(entry.details.unmet[0]).toContain('skips a stage');

  // Back to preview for the specs after this one (lowering is never held back).
  await page.getByLabel('Reason (audited)').fill('e2e: back to preview');
  await page.getByLabel('Other stage').selectOption('preview');
  await page.getByRole('button', { name: 'Set stage' }).click();
  await dialog.getByRole('button', { name: 'Confirm 1.0 → preview' }).click();
  await expect(stage).toHaveText('preview');
});
