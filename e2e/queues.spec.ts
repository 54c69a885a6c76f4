import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { PgBoss } from 'pg-boss';
import { signInAs } from './signIn';

// A dead job, arranged deterministically: a `calibrate` job whose payload the server's worker
// refuses fails its 3 attempts and waits in `calibrate-dlq` (e2e/serve.mts's database).
const marker = randomUUID();
let deadId = '';

test.beforeAll(async () => {
  test.setTimeout(60_000);
  const boss = new PgBoss({
    connectionString: readFileSync(
      fileURLToPath(new URL('.tmp/database-url', import.meta.url)),
      'utf8',
    ).trim(),
    schema: 'pgboss',
    max: 2,
    supervise: false,
    schedule: false,
  });
  await boss.start();
  await boss.send('calibrate', { marker });
  for (;;) {
    const dead = (await boss.findJobs('calibrate-dlq', { data: { marker } })).filter(
      (j) => j.state === 'created',
    );
    if (dead.length > 0) {
      deadId = dead[0]!.id;
      break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await boss.stop({ graceful: false });
});

test('an operator retries a dead job from the queue page', async ({ page }) => {
  await signInAs(page, 'operator');
  await page.getByRole('link', { name: 'Queues' }).click();
  await expect(page.getByRole('heading', { name: 'Queues', level: 1 })).toBeVisible();
  await expect(page.getByTestId('queue-calibrate-dlq')).toBeVisible();
  await page
    .getByTestId('queue-calibrate-dlq')
    .getByRole('button', { name: 'calibrate-dlq' })
    .click();
  await expect(page).toHaveURL(/queue=calibrate-dlq/);
  const row = page.getByTestId(`job-${deadId}`);
  await expect(row).toContainText('dead');
  await expect(row).toContainText('3');

  // Its detail: the payload the worker refused and the error.
  await row.getByRole('button', { name: deadId.slice(0, 8) }).click();
  await expect(page.getByTestId('job-detail')).toContainText(marker);
  await expect(page.getByTestId('job-detail')).toContainText('dead-lettered from calibrate');

  // Retry asks first, saying what will happen; Cancel changes nothing.
  await row.getByRole('button', { name: 'Retry' }).click();
  await expect(row).toContainText('back to calibrate as a new job');
  await row.getByRole('button', { name: 'Cancel' }).click();
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: 'Retry' }).click();
  await row.getByRole('button', { name: 'Confirm retry' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'retried' })).toContainText('Audited');
  await expect(page.getByTestId(`job-${deadId}`)).toHaveCount(0);
});

test('a viewer sees the queues but no retry or delete', async ({ page }) => {
  await signInAs(page, 'viewer');
  await page.goto('/queues?queue=calibrate-dlq');
  await expect(page.getByTestId('queue-gates')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Retry all dead jobs' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Confirm retry' })).toHaveCount(0);
});

test('the overview shows the five chain steps and the gates', async ({ page }) => {
  await signInAs(page, 'viewer');
  const chain = page.getByRole('region', { name: 'Loop chain' });
  for (const key of ['automation', 'predictions', 'outcomes', 'metrics', 'calibration']) {
    await expect(chain.getByTestId(`chain-step-${key}`)).toBeVisible();
    await expect(chain.getByTestId(`chain-state-${key}`)).toHaveText(
      /^(ok|waiting|stalled|failed)$/,
    );
  }
  // The backfilled demo: outcomes filled and a calibration with its n_pairs.
  await expect(chain.getByTestId('chain-step-outcomes')).toContainText('outcomes filled');
  await expect(chain.getByTestId('chain-step-calibration')).toContainText('n_pairs');
  const gates = page.getByRole('region', { name: 'Gates at a glance' });
  for (const key of ['p95', 'staleness', 'err', 'scoreRate'])
    await expect(gates.getByTestId(`glance-${key}`)).toBeVisible();
});
