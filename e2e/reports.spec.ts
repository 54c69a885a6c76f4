import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { DATED_TIME } from './patterns';
import { signInAs } from './signIn';

// A past UTC day of SLO minutes in the e2e database (e2e/serve.mts), long enough ago that no
// chart or breach list of the other specs reaches it: an operator builds its report on the
// Reports page, a viewer reads it. The demo's canary writes only today's minutes.
const DAY = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 - 120 * 86_400_000)
  .toISOString()
  .slice(0, 10);
const LATENCY_BUCKETS = 19;

test.beforeAll(async () => {
  // A connection of its own: the specs share one worker, and with it lib/db's pool.
  const client = new pg.Client({
    connectionString: readFileSync(
      fileURLToPath(new URL('.tmp/database-url', import.meta.url)),
      'utf8',
    ).trim(),
  });
  await client.connect();
  const fast = new Array<number>(LATENCY_BUCKETS).fill(0);
  fast[5] = 12;
  const slow = new Array<number>(LATENCY_BUCKETS).fill(0);
  slow[14] = 12;
  // 00:00–01:59 healthy, 02:00–02:09 slow (p95 fails), 12 requests a minute, fresh feeds.
  await client.query(
    `INSERT INTO slo_minutes (minute, count, errors, latency, confid, max_staleness)
     SELECT $1::timestamptz + make_interval(mins => m), 12, 0,
            CASE WHEN m >= 120 THEN $3::int[] ELSE $2::int[] END, '{}', 4
     FROM generate_series(0, 129) AS m
     ON CONFLICT (minute) DO NOTHING`,
    [`${DAY}T00:00:00Z`, fast, slow],
  );
  await client.end();
});

// Generous waits on navigation and data: the machines run several suites at once.
const SLOW = { timeout: 30_000 };

test('an operator builds a past day’s SLO report, after a confirmation', async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, 'operator');
  await page.getByRole('link', { name: 'Reports' }).click();
  await expect(page.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible(SLOW);
  await page.getByLabel('Day (UTC)').fill(DAY);
  await page.getByRole('button', { name: 'Build report…' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Confirm the report' });
  await expect(confirm).toContainText(`${DAY} (00:00 to 24:00 UTC)`);
  await expect(confirm).toContainText('replaced');
  await confirm.getByRole('button', { name: 'Confirm: build it' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Report of ${DAY} built` })).toBeVisible(
    SLOW,
  );
  await expect(page.getByTestId(`slo-report-row-${DAY}`)).toBeVisible(SLOW);
});

test('a viewer opens Reports and reads a day with its gates', async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, 'viewer');
  await page.getByRole('link', { name: 'Reports' }).click();
  await expect(page.getByText('A day is a UTC calendar day')).toBeVisible(SLOW);
  await expect(page.getByRole('button', { name: 'Build report…' })).toHaveCount(0);
  const row = page.getByTestId(`slo-report-row-${DAY}`);
  await expect(row).toContainText('fail', SLOW);
  await expect(row).toContainText('p95 10');
  await expect(row).toContainText(DATED_TIME);
  await row.getByRole('button', { name: DAY }).click();
  await expect(page).toHaveURL(new RegExp(`day=${DAY}`), SLOW);
  const report = page.getByTestId('slo-report');
  await expect(report.getByRole('heading', { name: new RegExp(DAY) })).toBeVisible(SLOW);
  const gates = report.getByRole('table', { name: 'Gate minutes' });
  await expect(gates.getByRole('rowheader')).toHaveCount(4);
  await expect(report.getByTestId('gate-p95-pass')).toHaveText('120', SLOW);
  await expect(report.getByTestId('gate-p95-fail')).toHaveText('10');
  await expect(report.getByTestId('gate-p95-noData')).toHaveText('1,310');
  await expect(report.getByTestId('slo-report-volume')).toContainText('1,560 score requests');
  await expect(report.getByRole('img', { name: /p95 latency minutes: pass: 120/ })).toBeVisible();
  // Its downloads answer.
  const csv = await page.request.get(`/api/reports/slo-daily.csv?date=${DAY}`);
  expect(csv.status()).toBe(200);
  expect((await csv.text()).split('\r\n')[1]).toBe(
    `${DAY},gate,p95,120,0,10,0,1310,0,1440,,p95 latency`,
  );
  const json = await page.request.get(`/api/reports/slo-daily/${DAY}`);
  expect((await json.json()).report.worst).toBe('fail');
});
