// npx tsx scripts/bench/sloReport.mts [-- --runs 9 --history-days 3650]
// The daily SLO report's reads on a throwaway database shaped like a long-running deployment:
// 90 days of SLO minutes, 7 days of raw score events (12 a minute, the canary's rate, retention
// 7 days), breaches and stage changes, and outcome_stats_daily for `history-days` days × 5
// horizons × 6 buckets × 2 timeframe families (its size follows days, not predictions: 10 million
// predictions over 10 years fill the same rows). Times building one day's report (median of
// --runs), the list of 100 stored reports and one stored report, and prints the plans.
import { parseArgs } from 'node:util';
import { startTestDatabase } from '../../test/support/testDatabase';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '9' },
    'history-days': { type: 'string', default: '3650' },
  },
});
const runs = Number(values.runs);
const historyDays = Number(values['history-days']);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const database = await startTestDatabase();
process.env.DATABASE_URL = database.url;
const { pool } = await import('../../lib/db/client');
const DAY_MS = 86_400_000;
const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
const day = new Date(today - DAY_MS).toISOString().slice(0, 10);
try {
  const q = (text: string, v: unknown[] = []) => pool().query(text, v);
  let t = performance.now();
  await q(
    `INSERT INTO slo_minutes (minute, count, errors, latency, confid, max_staleness)
     SELECT to_timestamp(m * 60), 12, (m % 97 = 0)::int,
            array_fill(0, ARRAY[5]) || ARRAY[12] || array_fill(0, ARRAY[13]), array_fill(0, ARRAY[20]), 5 + m % 40
     FROM generate_series($1::bigint, $2::bigint - 1) AS m`,
    [(today - 90 * DAY_MS) / 60_000, today / 60_000],
  );
  await q(
    `INSERT INTO score_events (ts, request_id, symbol, tf, status, latency_ms, decision, confid, mode, model_id, staleness)
     SELECT to_timestamp(s), gen_random_uuid(), 'SYM' || (s % 50), '1m',
            CASE WHEN s % 200 = 0 THEN 500 ELSE 200 END, 20, (s % 3) - 1, 0.6,
            CASE WHEN s % 200 = 0 THEN NULL WHEN s % 2 = 0 THEN 'live' ELSE 'preview' END, 'fusion-v2.0.0', 5
     FROM generate_series($1::bigint, $2::bigint - 1, 5) AS s`,
    [(today - 7 * DAY_MS) / 1000, today / 1000],
  );
  await q(
    `INSERT INTO breaches (ts, rule, severity, "window", observed, stage_before, stage_after, action)
     SELECT to_timestamp($1::bigint + i * 7777), 'p95-15m', 'major', '15m', '{}', '0.1', 'preview', 'none'
     FROM generate_series(0, 999) AS i`,
    [(today - 90 * DAY_MS) / 1000],
  );
  await q(
    `INSERT INTO rollout_changes (ts, "from", "to", actor, reason)
     SELECT to_timestamp($1::bigint + i * 38880), 'preview', '0.1', 'bench', ''
     FROM generate_series(0, 199) AS i`,
    [(today - 90 * DAY_MS) / 1000],
  );
  await q(
    `INSERT INTO outcome_stats_daily (model_id, tf_family, horizon, bucket, day, n, n_decisions, hits,
       decision_hits, sum_return, sum_return_sq, sum_brier, sum_confid)
     SELECT 'fusion-v2.0.0', f, h, b, ($1::date - d), 100, 60, 55, 33, 0.12, 0.004, 24, 62
     FROM generate_series(1, $2::int) AS d, unnest(ARRAY['intraday', 'daily']) AS f,
          unnest(ARRAY['1d', '3d', '7d', '14d', '30d']) AS h, generate_series(5, 10) AS b`,
    [new Date(today).toISOString().slice(0, 10), historyDays],
  );
  await q('ANALYZE');
  const counts = await q(
    `SELECT (SELECT count(*) FROM slo_minutes) AS minutes, (SELECT count(*) FROM score_events) AS events,
            (SELECT count(*) FROM outcome_stats_daily) AS stats`,
  );
  console.log(`loaded in ${((performance.now() - t) / 1000).toFixed(0)} s:`, counts.rows[0]);

  const reports = await import('../../lib/queries/sloDailyReport');
  const build: number[] = [];
  for (let i = 0; i < runs; i++) {
    t = performance.now();
    await reports.buildAndStoreSloDailyReport({
      day,
      now: new Date(),
      createdBy: 'bench',
      audited: false,
    });
    build.push(performance.now() - t);
  }
  for (let d = 2; d <= 120; d++)
    await reports.buildAndStoreSloDailyReport({
      day: new Date(today - d * DAY_MS).toISOString().slice(0, 10),
      now: new Date(),
      createdBy: 'bench',
      audited: false,
    });
  const list: number[] = [];
  const one: number[] = [];
  const csv: number[] = [];
  for (let i = 0; i < runs; i++) {
    t = performance.now();
    await reports.sloDailyReportPage({ limit: 100 });
    list.push(performance.now() - t);
    t = performance.now();
    await reports.storedSloDailyReportOf(day);
    one.push(performance.now() - t);
    t = performance.now();
    await reports.sloDailyReportCsvOf(day);
    csv.push(performance.now() - t);
  }
  const ms = (xs: number[]) => `${median(xs).toFixed(1)} ms (max ${Math.max(...xs).toFixed(1)})`;
  console.log(`build one day: median ${ms(build)}`);
  console.log(`list 100 of 120 days: median ${ms(list)}`);
  console.log(`one stored report (JSON): median ${ms(one)}; as CSV: median ${ms(csv)}`);

  const [from, to] = [`${day}T00:00:00Z`, new Date(Date.parse(day) + DAY_MS).toISOString()];
  for (const [name, sql, v] of [
    [
      'slo_minutes of the day',
      'SELECT * FROM slo_minutes WHERE minute >= $1 AND minute < $2',
      [from, to],
    ],
    [
      'decisions by mode',
      `SELECT coalesce(mode, 'none'), decision, count(*) FROM score_events WHERE ts >= $1 AND ts < $2 GROUP BY 1, 2`,
      [from, to],
    ],
    [
      'day sums',
      `SELECT model_id, horizon, sum(n) FROM outcome_stats_daily WHERE day = $1::date AND model_id = ANY($2::text[]) GROUP BY 1, 2`,
      [day, ['fusion-v2.0.0']],
    ],
    [
      'breaches of the day',
      'SELECT * FROM breaches WHERE ts >= $1 AND ts < $2 ORDER BY ts, id LIMIT 500',
      [from, to],
    ],
    ['report list', 'SELECT day FROM slo_daily_reports ORDER BY day DESC LIMIT 101', []],
  ] as const) {
    const plan = await q(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) ${sql}`, [...v]);
    console.log(`\n-- ${name}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
  }
} finally {
  await pool().end();
  await database.destroy();
}
