// npm run build && npm run bench:timechart [-- --days 90 --runs 7]
// Loads `days` of one-per-second score events, rolls them up as the SLO job does, then times
// GET /api/slo/timechart for 7d / 30d / 90d on the production build (median of --runs calls).
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { startAppServer } from '../../test/support/appServer';
import { startTestDatabase } from '../../test/support/testDatabase';

const { values } = parseArgs({
  options: { days: { type: 'string', default: '90' }, runs: { type: 'string', default: '7' } },
});
const days = Number(values.days);
const runs = Number(values.runs);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const token = randomBytes(16).toString('hex');

const database = await startTestDatabase();
process.env.DATABASE_URL = database.url;
const { pool } = await import('../../lib/db/client');
const now = new Date();
const end = Math.floor(now.getTime() / 60_000) * 60_000;
const start = end - days * 86_400_000;
try {
  let t = performance.now();
  // One event per second: latency ~ lognormal-ish, 0.5 % errors, confid in [0.5, 1).
  await pool().query(
    `INSERT INTO score_events (ts, request_id, symbol, tf, status, latency_ms, decision, confid, mode, model_id, staleness)
     SELECT to_timestamp(s), gen_random_uuid(), 'SYM' || (s % 50), '1m',
            CASE WHEN random() < 0.005 THEN 500 ELSE 200 END,
            5 + 40 * random() * random() * 10, (s % 3) - 1, 0.5 + random() / 2, 'live', 'fusion-v2.0.0', 5 * random()
     FROM generate_series($1::bigint, $2::bigint - 1) AS s`,
    [start / 1000, end / 1000],
  );
  const { rows } = await pool().query<{ n: string }>('SELECT count(*) AS n FROM score_events');
  console.log(
    `loaded ${Number(rows[0]!.n).toLocaleString('en-US')} score events (${days} days × 86,400) in ${((performance.now() - t) / 1000).toFixed(0)} s`,
  );

  t = performance.now();
  const { rollUpRange } = await import('../../lib/jobs/sloGuard');
  for (let from = start; from < end; from += 6 * 3_600_000) {
    await rollUpRange(from, Math.min(from + 6 * 3_600_000, end), null);
  }
  console.log(
    `rolled up ${(days * 1440).toLocaleString('en-US')} minutes in ${((performance.now() - t) / 1000).toFixed(0)} s`,
  );

  const server = await startAppServer({
    databaseUrl: database.url,
    env: { INTERNAL_API_TOKEN: token },
  });
  try {
    for (const range of ['7d', '30d', '90d'].filter((r) => Number(r.slice(0, -1)) <= days)) {
      const times: number[] = [];
      let points = 0;
      for (let run = 0; run < runs + 1; run++) {
        const started = performance.now();
        const response = await fetch(`${server.baseUrl}/api/slo/timechart?range=${range}`, {
          headers: { 'x-internal-api-token': token },
        });
        points = ((await response.json()) as { points: unknown[] }).points.length;
        if (run > 0) times.push(performance.now() - started); // the first call warms the route up
      }
      console.log(
        `timechart ${range}: ${points} points, median ${median(times).toFixed(1)} ms over ${runs} calls (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)})`,
      );
    }
  } finally {
    await server.stop();
  }
} finally {
  await pool().end();
  await database.destroy();
}
