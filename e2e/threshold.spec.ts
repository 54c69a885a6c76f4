import { expect, test } from '@playwright/test';
import { DATED_TIME } from './patterns';
import { signInAs } from './signIn';

test('a viewer sees the graduated threshold on the Rollout page, with the condition for the next step', async ({
  page,
}) => {
  await signInAs(page, 'viewer');
  await page.goto('/rollout');
  const panel = page.getByRole('region', { name: 'Graduated threshold' });
  await expect(panel.getByRole('heading', { name: 'Graduated live threshold' })).toBeVisible();
  // Three steps, one of them current.
  const steps = panel.getByRole('list', { name: 'Threshold steps' }).getByRole('listitem');
  await expect(steps).toHaveCount(3);
  await expect(steps.nth(0)).toContainText('0.55');
  await expect(steps.nth(2)).toContainText('0.65');
  const current = panel.locator('[aria-current="step"]');
  await expect(current).toHaveCount(1);
  const step = (await panel.getByTestId('threshold-step').innerText()).trim();
  expect(['0.55', '0.60', '0.65']).toContain(step);
  await expect(current).toContainText(step);
  // The condition for the next step with its evidence (n of M, hit rate, IR).
  const condition = panel.getByTestId('threshold-condition');
  await expect(condition).toContainText(/matured live decisions/);
  await expect(condition).toContainText(/\d+ of \d+/);
  await expect(condition).toContainText('hit rate');
  await expect(condition).toContainText('IR');
  await expect(panel.getByTestId('threshold-evidence')).toContainText('Matured live decisions');
  // Since when, dated with its zone; a viewer cannot set the step.
  await expect(panel).toContainText(new RegExp(`since ${DATED_TIME.source}`));
  await expect(panel.getByRole('button', { name: 'Set threshold step' })).toHaveCount(0);
  await expect(panel).toContainText('An admin may set the step by hand');
  await expect(panel.getByRole('heading', { name: 'History' })).toBeVisible();
});

test('an admin sets the step by hand after a confirmation, and it is in the history', async ({
  page,
}) => {
  await signInAs(page, 'admin');
  await page.goto('/rollout');
  const panel = page.getByRole('region', { name: 'Graduated threshold' });
  const set = panel.getByRole('button', { name: 'Set threshold step' });
  await expect(set).toBeDisabled();
  await expect(panel).toContainText('pick a step first');
  const before = (await panel.getByTestId('threshold-step').innerText()).trim();
  const target = before === '0.60' ? '0.55' : '0.6';
  await panel.getByRole('combobox').selectOption(target);
  await panel.getByLabel('Reason for the step (audited)').fill('e2e: set by hand');
  await set.click();
  const dialog = page.getByTestId('confirm-threshold');
  await expect(dialog).toContainText(`${before} → ${Number(target).toFixed(2)}`);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(panel.getByTestId('threshold-step')).toHaveText(before);
  await set.click();
  await dialog.getByRole('button', { name: /^Confirm / }).click();
  await expect(panel.getByTestId('threshold-step')).toHaveText(Number(target).toFixed(2));
  const history = panel.getByRole('table', { name: 'Threshold step history' });
  await expect(history).toContainText('e2e: set by hand');
  await expect(history).toContainText('set by hand');
  // Back where it was, for the specs after this one.
  const restore = await page.request.put('/api/threshold', {
    data: { step: Number(before), reason: 'e2e: restore' },
  });
  expect(restore.status()).toBe(200);
});
