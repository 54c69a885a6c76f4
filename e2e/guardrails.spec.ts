import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import type { RolloutStage } from '../lib/domain/rollout';
import { signInAs } from './signIn';

// A critical live breach cannot be caused from the UI in a test's time, so this spec arranges
// one through the real trigger path (the same recordSloEvaluation the SLO guard calls), in the
// e2e database that e2e/serve.mts started.
let stageBefore: RolloutStage | null = null;

async function database() {
  process.env.DATABASE_URL = readFileSync(
    fileURLToPath(new URL('.tmp/database-url', import.meta.url)),
    'utf8',
  ).trim();
  const rollout = await import('@/lib/db/rollout');
  const breaches = await import('@/lib/db/breaches');
  const slo = await import('@/lib/db/slo');
  const triggers = await import('@/lib/domain/slo/triggers');
  return { ...rollout, ...breaches, ...slo, ...triggers };
}

/** 0.5 with a reason, then a critical err-rate-30m breach: rollback to off and a live pause. */
async function arrangeCriticalLiveBreach(): Promise<string> {
  const db = await database();
  stageBefore = (await db.readRollout()).stage;
  await db.changeRollout({ stage: '0.5', actor: 'e2e', reason: 'e2e: a live stage to breach' });
  const rule = db.TRIGGER_RULES.find((r) => r.id === 'err-rate-30m')!;
  const { breaches } = await db.recordSloEvaluation({
    now: new Date(),
    evaluations: [
      {
        rule,
        state: 'breach',
        observed: {
          threshold: 0.02,
          lowest: 0.05,
          breachingMinutes: 30,
          minutesWithoutData: 0,
          minutes: 30,
        },
        reason: 'above 2.00 % in all 30 minutes (lowest 5.00 %)',
      },
    ],
  });
  expect(
    breaches.map((b) => b.action),
    'the stage moved under the trigger',
  ).toEqual(['rollback']);
  return breaches[0]!.id.toString();
}

// Whatever happens above, the specs after this one must find no pause and the stage they expect.
test.afterAll(async () => {
  const db = await database();
  for (let pause = await db.unacknowledgedPause(); pause; pause = await db.unacknowledgedPause())
    await db.acknowledgeBreach(pause.id, 'e2e-cleanup');
  if (stageBefore && (await db.readRollout()).stage !== stageBefore)
    await db.changeRollout({ stage: stageBefore, actor: 'e2e', reason: 'e2e: restore the stage' });
  const { closeConnections } = await import('@/lib/db/client');
  await closeConnections();
});

const pauseDialog = (page: Page) => page.getByRole('dialog', { name: 'Live decisions paused' });

test('a viewer sees the SLO charts with their thresholds and switches the range', async ({
  page,
}) => {
  await signInAs(page, 'viewer');
  await page.getByRole('link', { name: 'SLOs' }).click();
  for (const key of ['p95', 'staleness', 'err']) {
    const chart = page.getByTestId(`slo-chart-${key}`);
    await expect(chart).toBeVisible();
    // warn (dashed) and fail (solid) threshold lines
    await expect(chart.locator('.recharts-reference-line:not(.chart-marker)')).toHaveCount(2);
    await expect(page.getByTestId(`slo-gate-${key}`)).toHaveText(/^(pass|warn|fail|n\/a)$/);
  }
  await page.getByRole('combobox', { name: 'Range', exact: true }).selectOption('30d');
  await expect(page).toHaveURL(/range=30d/);
  await expect(page.getByText('6 h steps')).toBeVisible();

  await page.getByRole('link', { name: 'Guardrails' }).click();
  await expect(page.getByRole('table', { name: 'Burn rates' })).toBeVisible();
  const rule = page.getByTestId('rule-err-rate-30m');
  await expect(rule).toBeVisible();
  // Too little traffic to judge must say so, not read as a pass.
  if ((await rule.getAttribute('data-state')) === 'insufficient')
    await expect(rule).toContainText('too little traffic');
  await expect(page.getByTestId('eligibility')).not.toBeEmpty();
});

test('a critical live breach pauses live decisions until an operator acknowledges it', async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  const breachId = await arrangeCriticalLiveBreach();

  // The operator sees the modal on the overview page and on any other page.
  await signInAs(page, 'operator');
  const dialog = pauseDialog(page);
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('err-rate-30m');
  await expect(dialog).toContainText('lowest minute 5.00 %');
  await expect(dialog).toContainText('Rolled the rollout back from 0.5 to off');
  await expect(dialog.getByRole('button', { name: 'Acknowledge' })).toBeVisible();
  await page.goto('/breaches');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`#${breachId}`);

  // The viewer sees it too, without a way to acknowledge.
  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  await signInAs(viewer, 'viewer');
  const viewerDialog = pauseDialog(viewer);
  await expect(viewerDialog).toBeVisible();
  await expect(viewerDialog).toContainText('An operator must acknowledge this breach.');
  await expect(viewerDialog.getByRole('button', { name: /acknowledge/i })).toHaveCount(0);

  // While paused, going live from the UI is refused with the reason.
  await page.goto('/guardrails');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('pause-banner')).toContainText(`#${breachId}`);
  await expect(page.getByTestId('rollout-stage')).toHaveText('off');
  await page.getByLabel('Reason (audited)').fill('e2e: try to go live while paused');
  await page.getByLabel('Other stage').selectOption('0.5');
  await page.getByRole('button', { name: 'Set stage' }).click();
  await page
    .getByTestId('confirm-stage')
    .getByRole('button', { name: 'Confirm off → 0.5' })
    .click();
  await expect(
    page.getByRole('region', { name: 'Rollout stage' }).getByRole('alert'),
  ).toContainText(`acknowledge breach #${breachId}`);
  await expect(page.getByTestId('rollout-stage')).toHaveText('off');

  // The operator acknowledges: the modal goes, for the viewer as well (next poll).
  await page.getByRole('button', { name: 'Show details' }).click();
  await dialog.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('pause-banner')).toHaveCount(0);
  await expect(viewerDialog).toBeHidden({ timeout: 15_000 });
  await viewerContext.close();

  // Breach history shows it acknowledged, with what happened.
  await page.getByRole('link', { name: 'Breaches' }).click();
  const row = page.getByTestId(`breach-${breachId}`);
  await expect(row).toContainText('err-rate-30m');
  await expect(row).toContainText('0.5 → off');
  await expect(row).toContainText('paused live decisions');
  await expect(row.getByTestId('breach-ack')).toContainText('acknowledged');
  await expect(row.getByTestId('breach-ack')).toContainText('operator@test.local');

  const audit = await page.request.post('/api/audit/list', {
    data: { limit: 5, action: 'slo.acknowledge' },
  });
  expect(audit.ok()).toBe(true);
  expect((await audit.json()).items).toContainEqual(
    expect.objectContaining({
      actor: 'operator@test.local',
      details: { breachId, rule: 'err-rate-30m' },
    }),
  );
});
