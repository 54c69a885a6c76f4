// npm run bench:weekly-csv [-- --runs 3 --symbols 500 --weeks 3]
// The weekly CSV of one week of 500 symbols, on a throwaway embedded PostgreSQL. "A week of 500
// symbols" is 500 hourly series over the week's five trading days (24 × 5 = 120 candles each)
// predicted at 5 horizons (1h, 4h, 1d, 3d, 7d), every prediction matured: 500 × 120 × 5 =
// 300,000 rows. `--weeks` weeks are filled (the measured one is the middle one, so the read is a
// range inside a larger table, not the whole table). The CSV is produced by the route's own
// streaming function (lib/queries/weeklyReport.ts weeklyCsvPieces) and consumed piece by piece
// as a client would; prints rows, bytes, the median seconds of `--runs` downloads, the peak RSS
// growth of this process during a download (it streams: a page at a time, not the week), and
// the plan of one page's query.
import { parseArgs } from 'node:util';
import { startTestDatabase } from '../../test/support/testDatabase';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    symbols: { type: 'string', default: '500' },
    weeks: { type: 'string', default: '3' },
  },
});
const runs = Number(values.runs);
const symbols = Number(values.symbols);
const weeks = Math.max(1, Number(values.weeks));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

process.env.LOG_LEVEL ??= 'warn';
const database = await startTestDatabase();
process.env.DATABASE_URL = database.url;
const { pool } = await import('../../lib/db/client');
const { weeklyCsvPieces, WEEKLY_PAGE_ROWS } = await import('../../lib/queries/weeklyReport');
const { isoWeekRange, formatIsoWeek } = await import('../../lib/domain/weeklyReport');

const firstWeek = { year: 2026, week: 40 };
const measured = { year: 2026, week: 40 + Math.floor(weeks / 2) };

try {
  const t = performance.now();
  for (let w = 0; w < weeks; w++) {
    const { from } = isoWeekRange({ year: firstWeek.year, week: firstWeek.week + w });
    // One statement per week: predictions of 500 × 120 hourly candles × 5 horizons, then their
    // outcomes (the triggers keep the outcome sums as they do in production).
    await pool().query(
      `WITH p AS (
         INSERT INTO predictions (symbol, tf, horizon, cycle_slot, ts, matures_at, model_id,
           entry_close, score, raw_confidence, confid, decision, ml_bucket, part_rsi, part_macd,
           part_trend, mode, live_decision)
         SELECT 'S' || s, '1h', h, c, c, c + hz.span, 'fusion-v2.0.0', 100 + random(),
                random() * 2 - 1, 0.5 + random() / 2, 0.5 + random() / 2,
                (ARRAY[-1, 0, 1])[1 + floor(random() * 3)::int],
                (ARRAY[0.5, 0.6, 0.7, 0.8, 0.9, 1.0])[1 + floor(random() * 6)::int],
                random() * 2 - 1, random() * 2 - 1, random() * 2 - 1,
                CASE WHEN s % 2 = 0 THEN 'live' ELSE 'preview' END,
                CASE WHEN s % 2 = 0 THEN (ARRAY[-1, 0, 1])[1 + floor(random() * 3)::int] END
           FROM generate_series(1, $2::int) s,
                (VALUES ('1h', interval '1 hour'), ('4h', interval '4 hours'),
                        ('1d', interval '1 day'), ('3d', interval '3 days'),
                        ('7d', interval '7 days')) AS hz(h, span),
                generate_series($1::timestamptz, $1::timestamptz + interval '119 hours',
                                interval '1 hour') c
         RETURNING id, ts, tf, horizon, model_id, raw_confidence, confid, decision, mode,
                   live_decision, matures_at
       )
       INSERT INTO outcomes (prediction_id, close_used, close_ts, realized_return, hit, filled_at,
         model_id, tf, horizon, ts, raw_confidence, confid, decision, mode, live_decision)
       SELECT id, 101, matures_at, (random() - 0.5) / 50, random() < 0.55, matures_at, model_id,
              tf, horizon, ts, raw_confidence, confid, decision, mode, live_decision
         FROM p`,
      [from, symbols],
    );
  }
  await pool().query('VACUUM ANALYZE predictions');
  await pool().query('VACUUM ANALYZE outcomes');
  const { rows: total } = await pool().query<{ n: string }>('SELECT count(*) AS n FROM outcomes');
  console.log(
    `filled ${weeks} week(s) × ${symbols} symbols × 120 hourly candles × 5 horizons: ${total[0]!.n} matured predictions in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );

  const range = isoWeekRange(measured);
  const seconds: number[] = [];
  const growth: number[] = [];
  let rows = 0;
  let bytes = 0;
  for (let run = 0; run < runs; run++) {
    (globalThis as { gc?: () => void }).gc?.();
    const base = process.memoryUsage().rss;
    let peak = base;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    rows = 0;
    bytes = 0;
    const started = performance.now();
    for await (const piece of weeklyCsvPieces(range)) {
      rows += piece.rows;
      bytes += Buffer.byteLength(piece.text, 'utf8');
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    seconds.push((performance.now() - started) / 1000);
    clearInterval(sampler);
    growth.push(peak - base);
  }
  console.log(
    `${formatIsoWeek(measured)}: ${rows} rows, ${mib(bytes)} (${bytes} bytes); median ${median(seconds).toFixed(2)} s of ${runs} (${seconds.map((s) => s.toFixed(2)).join(', ')}); ${Math.round(rows / median(seconds))} rows/s`,
  );
  console.log(
    `peak RSS growth during a download: median ${mib(median(growth))} (${growth.map(mib).join(', ')}); pages of ${WEEKLY_PAGE_ROWS} rows; the CSV is ${mib(bytes)}`,
  );
  // One page in the middle of the week, as the stream reads it.
  const { rows: mid } = await pool().query<{ ts: Date; id: string }>(
    `SELECT ts, prediction_id::text AS id FROM outcomes WHERE ts >= $1 AND ts < $2
      ORDER BY ts, prediction_id OFFSET $3 LIMIT 1`,
    [range.from, range.to, Math.floor(rows / 2)],
  );
  const plan = await pool().query<{ 'QUERY PLAN': string }>(
    `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
     SELECT o.prediction_id, p.ts, p.symbol, p.tf, p.horizon, p.model_id, p.raw_confidence,
            p.confid, p.ml_bucket, p.part_rsi, p.part_macd, p.part_trend, p.decision,
            p.live_decision, o.realized_return, o.hit, p.mode
       FROM outcomes o JOIN predictions p ON p.id = o.prediction_id
      WHERE o.ts >= $1 AND o.ts < $2 AND (o.ts, o.prediction_id) > ($3, $4::bigint)
      ORDER BY o.ts, o.prediction_id LIMIT $5`,
    [range.from, range.to, mid[0]!.ts, mid[0]!.id, WEEKLY_PAGE_ROWS],
  );
  console.log('one page in the middle of the week:');
  for (const line of plan.rows) console.log(`  ${line['QUERY PLAN']}`);
} finally {
  const { stopBoss } = await import('../../lib/jobs/queue');
  await stopBoss().catch(() => {});
  await pool().end();
  await database.destroy();
}
