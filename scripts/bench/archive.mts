// npm run bench:archive [-- --runs 3 --days 30 --symbols 500]
// Archive size and build time, on a throwaway embedded PostgreSQL:
//  1. one day of demo data: the S&P 500 daily history backfilled through the loop today (as
//     `npm start` does), then the archive of today (its predictions, outcomes, calibration maps
//     and runs, audit);
//  2. `--days` days of `--symbols` symbols: one prediction per symbol × 5 horizons × day and its
//     outcome, an ml.score audit entry at 10 scores a minute (the SLO floor), every SLO minute
//     and hour, then the archive of those days.
// Each archive is built by the job's own function (lib/jobs/archives.ts buildArchive) `--runs`
// times (a rebuild starts over, as after a crash); prints size, rows and the median seconds.
import { parseArgs } from 'node:util';
import { buildSha } from '../../lib/buildSha.mjs';
import { startTestDatabase } from '../../test/support/testDatabase';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    days: { type: 'string', default: '30' },
    symbols: { type: 'string', default: '500' },
    only: { type: 'string', default: 'demo,bulk' },
  },
});
const runs = Number(values.runs);
const days = Number(values.days);
const symbols = Number(values.symbols);
const only = new Set(values.only.split(','));
const DAY_MS = 86_400_000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

process.env.BUILD_SHA ??= buildSha();
process.env.LOG_LEVEL ??= 'warn';
const database = await startTestDatabase();
process.env.DATABASE_URL = database.url;
const { pool } = await import('../../lib/db/client');
const { createArchive, archiveVersions } = await import('../../lib/db/archives');
const { buildArchive } = await import('../../lib/jobs/archives');
const { archiveFileName } = await import('../../lib/domain/archive');

async function measure(label: string, from: Date, to: Date) {
  const versions = archiveVersions();
  const { archive } = await createArchive({
    key: `bench:${label}`,
    kind: 'manual',
    from,
    to,
    fileName: archiveFileName({ from, to }, versions),
    versions,
    createdBy: 'bench',
  });
  const seconds: number[] = [];
  let result: Awaited<ReturnType<typeof buildArchive>> | null = null;
  for (let run = 0; run < runs; run++) {
    await pool().query(`UPDATE archives SET status = 'queued' WHERE id = $1`, [archive.id]);
    const t = performance.now();
    result = await buildArchive(archive.id);
    seconds.push((performance.now() - t) / 1000);
  }
  const { rows } = await pool().query<{ manifest: { files: { name: string; rows: number }[] } }>(
    'SELECT manifest FROM archives WHERE id = $1',
    [archive.id],
  );
  const files = rows[0]!.manifest.files.map((f) => `${f.name} ${f.rows}`).join(', ');
  const bytes = (result as { bytes: number }).bytes;
  console.log(
    `${label.padEnd(28)} ${(bytes / 1024 / 1024).toFixed(2)} MiB, ${(result as { rows: number }).rows} rows; build median ${median(seconds).toFixed(2)} s of ${runs} (${seconds.map((s) => s.toFixed(2)).join(', ')})`,
  );
  console.log(`${''.padEnd(28)} ${files}`);
}

try {
  if (only.has('demo')) {
    const { seedMarketData } = await import('../../lib/seed/demo');
    await seedMarketData();
    const { backfill } = await import('../../lib/jobs/backfill');
    const t = performance.now();
    await backfill({ symbol: 'SPX', tf: '1d', now: new Date() });
    console.log(`demo backfill ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    await measure('one day of demo data', new Date(today), new Date(today + DAY_MS));
  }
  if (only.has('bulk')) {
    const first = Date.UTC(2026, 0, 1);
    const from = new Date(first);
    const to = new Date(first + days * DAY_MS);
    const t = performance.now();
    await pool().query(
      `INSERT INTO predictions (symbol, tf, horizon, cycle_slot, ts, matures_at, model_id,
         entry_close, score, raw_confidence, confid, decision, ml_bucket, part_rsi, part_macd,
         part_trend, created_at)
       SELECT 'S' || s, '1d', h || 'd', d, d, d + make_interval(days => h), 'fusion-v2.0.0',
              100 + random(), random() * 2 - 1, 0.5 + random() / 2, 0.5 + random() / 2,
              (ARRAY[-1, 0, 1])[1 + floor(random() * 3)::int], 0.6, random() * 2 - 1,
              random() * 2 - 1, random() * 2 - 1, d + interval '5 minutes'
         FROM generate_series(1, $3::int) s, unnest(ARRAY[1, 3, 7, 14, 30]) h,
              generate_series($1::timestamptz, $2::timestamptz - interval '1 day', interval '1 day') d`,
      [from, to, symbols],
    );
    await pool().query(
      `INSERT INTO outcomes (prediction_id, close_used, close_ts, realized_return, hit, filled_at,
         model_id, tf, horizon, ts, raw_confidence, confid, decision)
       SELECT id, entry_close * 1.01, ts + interval '1 day', 0.01, random() < 0.55,
              created_at + interval '1 minute', model_id, tf, horizon, ts, raw_confidence,
              confid, decision
         FROM predictions`,
    );
    await pool().query(
      `INSERT INTO audit_log (ts, action, actor, details)
       SELECT m, 'ml.score', 'token:bench',
              jsonb_build_object('symbol', 'S' || (1 + floor(random() * $3::int)), 'tf', '1d',
                'decision', 1, 'confid', round(random()::numeric, 4), 'ml_bucket', 0.6,
                'ml_signal_parts', jsonb_build_object('rsi', 0.1, 'macd', -0.2, 'trend', 0.3),
                'guardrails', 'pass', 'advisory', false)
         FROM generate_series($1::timestamptz, $2::timestamptz - interval '6 seconds', interval '6 seconds') m`,
      [from, to, symbols],
    );
    await pool().query(
      `INSERT INTO slo_minutes (minute, count, errors, latency, confid, max_staleness)
       SELECT m, 10, 0, array_fill(1, ARRAY[20]), array_fill(1, ARRAY[10]), 3
         FROM generate_series($1::timestamptz, $2::timestamptz - interval '1 minute', interval '1 minute') m`,
      [from, to],
    );
    await pool().query(
      `INSERT INTO slo_hours (hour, count, errors, latency, confid, max_staleness)
       SELECT h, 600, 0, array_fill(60, ARRAY[20]), array_fill(60, ARRAY[10]), 3
         FROM generate_series($1::timestamptz, $2::timestamptz - interval '1 hour', interval '1 hour') h`,
      [from, to],
    );
    console.log(
      `fill ${days} days × ${symbols} symbols ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    await measure(`${days} days of ${symbols} symbols`, from, to);
  }
} finally {
  const { stopBoss } = await import('../../lib/jobs/queue');
  await stopBoss();
  await pool().end();
  await database.destroy();
}
