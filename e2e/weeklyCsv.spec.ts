import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { expect, test } from '@playwright/test';
import { signInAs } from './signIn';

const HEADER =
  'ts,symbol,tf,horizon,model,raw_confidence,confid,ml_bucket,part_rsi,part_macd,part_trend,decision,live_decision,realized_return,hit,served';

test("a viewer downloads a week's CSV of the demo's S&P history from the Reports page", async ({
  page,
}) => {
  await signInAs(page, 'viewer');
  await page.goto('/reports');
  await expect(page).toHaveTitle(/^Reports · Fusion Ops/);
  const table = page.getByRole('table', { name: 'The last 12 weeks' });
  await expect(table.getByRole('row')).toHaveCount(13);
  // The demo's backfilled history starts in 2000.
  await expect(
    page.getByText(/Matured predictions exist from 2000-W\d\d to \d{4}-W\d\d/),
  ).toBeVisible();

  // A week of 2019: five trading days of SPX 1d, each predicted at five horizons, all matured.
  await page.getByLabel('Week', { exact: true }).fill('2019-W10');
  const link = page.getByRole('link', { name: 'Download the CSV of 2019-W10' });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe('fusion-ops-weekly-2019-W10.csv');
  const text = readFileSync((await download.path())!, 'utf8');
  expect(text.split('\r\n')[0]).toBe(HEADER);
  const rows = parse(text, { columns: true }) as Record<string, string>[];
  const spx = rows.filter((r) => r.symbol === 'SPX' && r.tf === '1d');
  expect(spx).toHaveLength(25);
  for (const r of spx) {
    expect(Date.parse(r.ts!)).toBeGreaterThanOrEqual(Date.parse('2019-03-04T00:00:00Z'));
    expect(Date.parse(r.ts!)).toBeLessThan(Date.parse('2019-03-11T00:00:00Z'));
    expect(r.served).toBe('advisory');
    expect(['true', 'false']).toContain(r.hit);
  }
  expect(new Set(spx.map((r) => r.horizon))).toEqual(new Set(['1d', '3d', '7d', '14d', '30d']));
});
