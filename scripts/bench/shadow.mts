// Shadow scoring costs (run on purpose, not in npm test): the demo's 20 years of S&P 500 days
// backfilled on a throwaway embedded PostgreSQL and the production build over it; a candidate is
// inserted, then: the shadow backfill over the whole history (and its no-op rerun), the
// comparison and promotion-check requests as a viewer (median of the runs), the comparison's
// plan, and a cycle of N synthetic daily symbols with and without a candidate (median, ratio).
//   npm run build && npm run bench:shadow [-- --runs 7 --symbols 500]
import { parseArgs } from 'node:util';
import { startBackfilledDemo } from '../../test/support/backfilledDemo';
import { seedSyntheticSymbols } from '../../test/support/syntheticMarket';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    symbols: { type: 'string', default: '500' },
  },
});
const runs = Number(values.runs);
const symbols = Number(values.symbols);
const NOW = new Date('2026-11-24T12:00:00Z');
const CANDIDATE = 'fusion-bench-candidate';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const demo = await startBackfilledDemo(NOW);
try {
  const { pool } = await import('../../lib/db/client');
  const q = (sql: string, params: unknown[] = []) => pool().query(sql, params);
  await q(
    `INSERT INTO model_versions (id, feature_version, weight_rsi, weight_macd, weight_trend,
                                 threshold, live_threshold, status)
     VALUES ($1, 'v2.0.0', 0.5, 0.25, 0.25, 0.55, 0.65, 'candidate')`,
    [CANDIDATE],
  );
  const { runShadowBackfill } = await import('../../lib/jobs/shadowBackfill');
  let started = performance.now();
  const first = await runShadowBackfill(
    { candidateId: CANDIDATE, from: '2000-01-01T00:00:00Z' },
    NOW,
  );
  console.log(
    `shadow backfill: ${first.rows} rows in ${(performance.now() - started).toFixed(0)} ms`,
  );
  started = performance.now();
  const again = await runShadowBackfill(
    { candidateId: CANDIDATE, from: '2000-01-01T00:00:00Z' },
    NOW,
  );
  console.log(`rerun: ${again.rows} rows in ${(performance.now() - started).toFixed(0)} ms`);
  await q('ANALYZE');

  await demo.call('/api/healthz', { as: 'viewer' });
  for (const path of [
    `/api/models/compare?candidate=${CANDIDATE}`,
    `/api/models/compare?candidate=${CANDIDATE}&horizon=1d&from=2019-01-01`,
    `/api/models/${CANDIDATE}/promotion`,
  ]) {
    const { status } = await demo.call(path, { as: 'viewer' });
    if (status !== 200) throw new Error(`${path}: ${status}`);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await demo.call(path, { as: 'viewer' });
      times.push(performance.now() - t);
    }
    console.log(
      `${path.padEnd(70)} median ${median(times).toFixed(1)} ms, worst ${Math.max(...times).toFixed(1)} ms`,
    );
  }
  const { comparisonCells } = await import('../../lib/db/shadow');
  const cells = await comparisonCells({ candidateId: CANDIDATE, activeId: 'fusion-v2.0.0' });
  console.log(`comparison cells: ${cells.cells.length}`);

  await seedSyntheticSymbols(symbols, 250);
  await q('ANALYZE');
  const { runCycle } = await import('../../lib/jobs/cycle');
  const times = { without: [] as number[], with: [] as number[] };
  let slot = new Date('2030-01-01T00:00:00Z').getTime();
  for (let r = 0; r < runs; r++) {
    const order = r % 2 === 0 ? (['without', 'with'] as const) : (['with', 'without'] as const);
    for (const mode of order) {
      await q(`UPDATE model_versions SET status = $2 WHERE id = $1`, [
        CANDIDATE,
        mode === 'with' ? 'candidate' : 'retired',
      ]);
      slot += 300_000;
      const at = new Date(slot);
      const t = performance.now();
      const result = await runCycle({ slot: at, now: at, instance: 'bench' });
      times[mode].push(performance.now() - t);
      const [shadow] = (
        await q('SELECT count(*)::int AS n FROM shadow_predictions WHERE cycle_slot = $1', [at])
      ).rows;
      if (r === 0)
        console.log(`${mode}: ${result.predictions} predictions, ${shadow.n} shadow rows`);
      await q('DELETE FROM predictions WHERE cycle_slot = $1', [at]);
      await q('DELETE FROM shadow_predictions WHERE cycle_slot = $1', [at]);
    }
  }
  const a = median(times.without);
  const b = median(times.with);
  console.log(
    `cycle of ${symbols} symbols × 5 horizons: without a candidate ${a.toFixed(0)} ms, with ${b.toFixed(0)} ms (medians of ${runs}); ratio ${(b / a).toFixed(2)}`,
  );
} finally {
  await demo.stop();
}
