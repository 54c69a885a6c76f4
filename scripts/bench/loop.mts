// npm run bench:loop [-- --pairs 100000,1000000,10000000 --runs 9]
// For each size, a fresh throwaway embedded PostgreSQL is filled with that many matured
// predictions and their outcomes (500 daily symbols × 5 horizons, one prediction per symbol,
// horizon and day: 10,000,000 pairs are 4,000 days), the outcome aggregates being kept by the
// product's own triggers as the outcomes are inserted. Then a separate process runs, as the jobs
// do, a metrics pass, a calibration pass that fits every group and one that finds no pair added:
// once cold (first use of the modules, Prisma's engine, the JIT, database caches), then --runs
// times warm (their median), and reports its peak RSS: the memory of the passes, not the fill's.
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { startTestDatabase } from '../../test/support/testDatabase';

const SYMBOLS = 500;
const HORIZONS = [
  ['1d', 1],
  ['3d', 3],
  ['7d', 7],
  ['14d', 14],
  ['30d', 30],
] as const;
const PER_DAY = SYMBOLS * HORIZONS.length;
const FIRST_DAY = Date.UTC(2000, 0, 3);
const DAY_MS = 86_400_000;

const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: '100000,1000000,10000000' },
    runs: { type: 'string', default: '9' },
    measure: { type: 'string' },
  },
});
const runs = Number(values.runs);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Passes {
  metricsMs: number;
  calibrationMs: number;
  unchangedMs: number;
}

interface Measured extends Passes {
  cold: Passes;
  metricRows: number;
  fittedPairs: number;
  groups: number;
  peakRssMiB: number;
}

if (values.measure !== undefined) {
  // The child: the passes as the jobs run them, on the database the parent filled.
  const now = new Date(Number(values.measure));
  const { evaluateMetrics } = await import('@/lib/jobs/evaluateMetrics');
  const { calibrate } = await import('../../lib/jobs/calibrate');
  const { db, pool } = await import('../../lib/db/client');
  let metricRows = 0;
  let fittedPairs = 0;
  let groups = 0;
  const passes = async (): Promise<Passes> => {
    let t = performance.now();
    metricRows = (await evaluateMetrics(now)).rows;
    const metricsMs = performance.now() - t;
    // Forget earlier fits, so that this pass fits every group again.
    await pool().query('TRUNCATE calibration_runs, calibration_maps');
    t = performance.now();
    const fitted = await calibrate();
    const calibrationMs = performance.now() - t;
    if (fitted.some((r) => r.status !== 'fitted')) throw new Error('a group was not fitted');
    fittedPairs = fitted.reduce((n, r) => n + r.nPairs, 0);
    groups = fitted.length;
    t = performance.now();
    const again = await calibrate();
    const unchangedMs = performance.now() - t;
    if (again.some((r) => r.status !== 'unchanged')) throw new Error('a group was fitted again');
    return { metricsMs, calibrationMs, unchangedMs };
  };
  const cold = await passes();
  const warm: Passes[] = [];
  for (let run = 0; run < runs; run++) warm.push(await passes());
  await db().$disconnect();
  await pool().end();
  const measured: Measured = {
    metricsMs: median(warm.map((p) => p.metricsMs)),
    calibrationMs: median(warm.map((p) => p.calibrationMs)),
    unchangedMs: median(warm.map((p) => p.unchangedMs)),
    cold,
    metricRows,
    fittedPairs,
    groups,
    // resourceUsage().maxRSS is in KiB: the peak of this process's whole life.
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
  console.log(JSON.stringify(measured));
  process.exit(0);
}

/** Fills predictions day by day (as a loop appends them) and their outcomes, in chunks. */
async function fill(url: string, pairs: number): Promise<{ days: number; seconds: number }> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  const days = Math.ceil(pairs / PER_DAY);
  try {
    await client.query(`SELECT setseed(0.42)`);
    const chunkDays = Math.max(1, Math.floor(1_000_000 / PER_DAY));
    for (let from = 0; from < days; from += chunkDays) {
      const to = Math.min(days, from + chunkDays) - 1;
      // Confidence in [0.5, 1), a fifth without a decision; scores follow the decision.
      await client.query(
        `INSERT INTO predictions (symbol, tf, horizon, cycle_slot, ts, matures_at, model_id,
           entry_close, score, raw_confidence, confid, decision, ml_bucket, part_rsi, part_macd,
           part_trend, backfilled)
         SELECT 'S' || lpad(s::text, 3, '0'), '1d', horizon, ts, ts, ts + span,
                'fusion-v2.0.0', 100, dec * (2 * conf - 1), conf, conf, dec,
                LEAST(1, floor(conf * 10) / 10), 0, 0, 0, true
         FROM (
           SELECT $3::timestamptz + d * interval '1 day' AS ts, s, h.horizon, h.span,
                  0.5 + 0.5 * random() AS conf,
                  CASE WHEN random() < 0.2 THEN 0 WHEN random() < 0.5 THEN -1 ELSE 1 END AS dec
           FROM generate_series($1::int, $2::int) AS d
           CROSS JOIN generate_series(0, ${SYMBOLS - 1}) AS s
           CROSS JOIN unnest($4::text[], $5::interval[]) AS h(horizon, span)
           ORDER BY d, s, h.horizon
           LIMIT $6
         ) x`,
        [
          from,
          to,
          new Date(FIRST_DAY),
          HORIZONS.map(([h]) => h),
          HORIZONS.map(([, d]) => `${d} days`),
          pairs - from * PER_DAY,
        ],
      );
    }
    // Outcomes in chunks of prediction ids, as the outcomes job inserts them (the triggers add
    // each chunk to the aggregates): a hit with probability confid, returns of ~1 %, and a
    // previous period's return for naive momentum.
    const { rows } = await client.query<{ lo: string; hi: string }>(
      'SELECT min(id)::text AS lo, max(id)::text AS hi FROM predictions',
    );
    const lo = Number(rows[0]!.lo);
    const hi = Number(rows[0]!.hi);
    for (let first = lo; first <= hi; first += 1_000_000) {
      await client.query(
        `INSERT INTO outcomes (prediction_id, close_used, close_ts, realized_return, hit,
           model_id, tf, horizon, ts, raw_confidence, confid, decision, prev_return)
         SELECT id, 100 * (1 + ret), matures_at, ret, win,
                model_id, tf, horizon, ts, raw_confidence, confid, decision,
                (random() - 0.48) * 0.02
         FROM (
           SELECT *, CASE WHEN decision = 0 THEN (random() - 0.5) * 0.02
                          ELSE decision * (CASE WHEN win THEN 1 ELSE -1 END) * (0.0001 + 0.02 * random())
                     END AS ret
           FROM (SELECT *, random() < raw_confidence AS win
                 FROM predictions WHERE id BETWEEN $1 AND $2 ORDER BY id) p
         ) o`,
        [first, Math.min(hi, first + 999_999)],
      );
    }
    // What autovacuum would have done on a database that grew this way (it also sets the
    // visibility map that lets calibration read the outcomes index alone).
    await client.query('VACUUM ANALYZE predictions');
    await client.query('VACUUM ANALYZE outcomes');
    await client.query('VACUUM ANALYZE outcome_stats_daily');
    await client.query('VACUUM ANALYZE outcome_stats_weekly');
    await client.query('VACUUM ANALYZE outcome_stats_total');
    // Write the fill's dirty pages out now, so that the passes do not pay for its checkpoint.
    await client.query('CHECKPOINT');
    const check = await client.query<{ outcomes: string; counted: string }>(
      `SELECT (SELECT count(*) FROM outcomes)::text AS outcomes,
              (SELECT sum(n) FROM outcome_stats_total)::text AS counted`,
    );
    if (Number(check.rows[0]!.outcomes) !== pairs || check.rows[0]!.counted !== String(pairs)) {
      throw new Error(`filled ${JSON.stringify(check.rows[0])}, wanted ${pairs}`);
    }
  } finally {
    await client.end();
  }
  return { days, seconds: (performance.now() - started) / 1000 };
}

function measure(url: string, now: Date): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...process.execArgv,
        import.meta.filename,
        '--measure',
        String(now.getTime()),
        '--runs',
        String(runs),
      ],
      { env: { ...process.env, DATABASE_URL: url }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code === 0) resolve(JSON.parse(line) as Measured);
      else reject(new Error(`measuring process exited ${code}: ${out}`));
    });
  });
}

const sizes = values.pairs.split(',').map((s) => Number(s.trim()));
const results: (Measured & { pairs: number; days: number; fillSeconds: number })[] = [];
for (const pairs of sizes) {
  if (!Number.isSafeInteger(pairs) || pairs < PER_DAY) {
    throw new Error(`--pairs must be whole numbers ≥ ${PER_DAY}: ${values.pairs}`);
  }
  const database = await startTestDatabase();
  try {
    const { days, seconds } = await fill(database.url, pairs);
    console.log(
      `${pairs.toLocaleString('en-US')} pairs: filled ${days} days × ${SYMBOLS} symbols × ${HORIZONS.length} horizons in ${seconds.toFixed(0)} s`,
    );
    // Metrics as of the hour after the last prediction: every window has data.
    const now = new Date(FIRST_DAY + days * DAY_MS + 3_600_000);
    const measured = await measure(database.url, now);
    results.push({ pairs, days, fillSeconds: seconds, ...measured });
    console.log(`  ${JSON.stringify(measured)}`);
  } finally {
    await database.destroy();
  }
}

const f = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
console.log(
  `\nwarm: median of ${runs} runs after a cold one; calibration K = ${process.env.CALIBRATION_MAX_PAIRS ?? '200000'} pairs per (model, tf family, horizon)\n`,
);
console.log(
  '| matured pairs | days | metrics pass | calibration pass (fit) | calibration pass (unchanged) | metrics + fit | cold: metrics / fit / unchanged | peak RSS | metric rows | pairs fitted |',
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) {
  console.log(
    `| ${f(r.pairs)} | ${f(r.days)} | ${f(r.metricsMs)} ms | ${f(r.calibrationMs)} ms | ${f(r.unchangedMs)} ms | ${f(r.metricsMs + r.calibrationMs)} ms | ${f(r.cold.metricsMs)} / ${f(r.cold.calibrationMs)} / ${f(r.cold.unchangedMs)} ms | ${f(r.peakRssMiB)} MiB | ${f(r.metricRows)} | ${f(r.fittedPairs)} in ${r.groups} groups |`,
  );
}
const at = (n: number) => results.find((r) => r.pairs === n);
const [million, tenMillion] = [at(1_000_000), at(10_000_000)];
if (tenMillion) {
  const total = tenMillion.metricsMs + tenMillion.calibrationMs;
  const cold = tenMillion.cold.metricsMs + tenMillion.cold.calibrationMs;
  console.log(
    `\n10M: metrics + calibration ${f(total)} ms warm, ${f(cold)} ms cold (target ≤ 5,000: ${Math.max(total, cold) <= 5000 ? 'met' : 'MISSED'}), ` +
      `peak RSS ${f(tenMillion.peakRssMiB)} MiB (target ≤ 400: ${tenMillion.peakRssMiB <= 400 ? 'met' : 'MISSED'})`,
  );
}
if (million && tenMillion) {
  for (const [name, pick] of [
    ['metrics pass', (r: Measured) => r.metricsMs],
    ['calibration pass (fit)', (r: Measured) => r.calibrationMs],
    ['calibration pass (unchanged)', (r: Measured) => r.unchangedMs],
    ['peak RSS', (r: Measured) => r.peakRssMiB],
  ] as const) {
    const ratio = pick(tenMillion) / pick(million);
    console.log(
      `10M / 1M ${name}: ${ratio.toFixed(2)}× (target ≤ 1.5×: ${ratio <= 1.5 ? 'met' : 'MISSED'})`,
    );
  }
}
