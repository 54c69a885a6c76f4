// npm run models:fit -- [--dry-run] [--demo] [--from 2019-01-01] [--to 2020-04-17] [--reason "…"]
//                        [--shadow-from 2016-01-01]
// The Bayesian weight update (lib/jobs/proposeCandidate.ts) from the command line: fits the
// active model's matured pairs of the window (default: WEIGHT_FIT_WINDOW_DAYS, 365, up to the
// newest pair) and prints the candidate's weights ± posterior sd beside the active weights.
// --dry-run stores nothing; otherwise the candidate is stored (audited as `cli:<user>`).
// --demo runs on a throwaway embedded PostgreSQL holding the demo's 20 years of S&P 500 days
// backfilled (about a minute), instead of the app's database.
// --shadow-from (with a stored candidate) scores the candidate on the stored candles from that day
// on (the shadow backfill) and prints active vs candidate on the same matured outcomes: choose
// a day after --to for an out-of-sample test.
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { instant } from '../lib/validations/common';

const { values } = parseArgs({
  options: {
    'dry-run': { type: 'boolean', default: false },
    demo: { type: 'boolean', default: false },
    from: { type: 'string' },
    to: { type: 'string' },
    reason: { type: 'string', default: 'fitted from the command line' },
    'shadow-from': { type: 'string' },
  },
});
const from = values.from ? instant.parse(values.from) : undefined;
const to = values.to ? instant.parse(values.to) : undefined;
const shadowFrom = values['shadow-from'] ? instant.parse(values['shadow-from']) : undefined;
if (shadowFrom && values['dry-run']) throw new Error('--shadow-from needs a stored candidate');

let release: () => Promise<void>;
if (values.demo) {
  const { startTestDatabase } = await import('../test/support/testDatabase');
  const database = await startTestDatabase();
  process.env.DATABASE_URL = database.url;
  const { seedMarketData } = await import('../lib/seed/demo');
  await seedMarketData();
  const { backfill } = await import('../lib/jobs/backfill');
  console.log('demo: backfilling SPX 1d…');
  await backfill({ symbol: 'SPX', tf: '1d', now: new Date() });
  release = () => database.destroy();
} else {
  const { openDatabase } = await import('../lib/runtime/database');
  const database = await openDatabase();
  release = () => database.release();
}

const fmt = (v: number, d = 4) => v.toFixed(d);

/** The shadow backfill from `from`, then active vs candidate on the same matured outcomes. */
async function compareOutOfSample(candidateId: string, from: Date) {
  const { runShadowBackfill } = await import('../lib/jobs/shadowBackfill');
  const { modelComparison } = await import('../lib/queries/shadow');
  const started = performance.now();
  const backfilled = await runShadowBackfill({ candidateId, from: from.toISOString() }, new Date());
  console.log(
    `shadow backfill from ${from.toISOString()}: ${JSON.stringify(backfilled)} in ${(
      (performance.now() - started) /
      1000
    ).toFixed(1)} s`,
  );
  const comparison = await modelComparison({ candidate: candidateId, from });
  const pct = (f: { value: number | null }) =>
    f.value === null ? '—' : (100 * f.value).toFixed(1);
  const num = (f: { value: number | null }, d = 2) => (f.value === null ? '—' : f.value.toFixed(d));
  const range = (f: { interval: { low: number; high: number } | null }, scale = 1, d = 1) =>
    f.interval
      ? `[${(scale * f.interval.low).toFixed(d)}, ${(scale * f.interval.high).toFixed(d)}]`
      : '';
  console.log(
    'horizon     n   hit active → candidate (diff, 95 %)        IR active → candidate (diff)      Brier a/c',
  );
  for (const h of comparison.horizons) {
    console.log(
      `${h.horizon.padEnd(5)} ${String(h.n).padStart(6)}   ${pct(h.active.hitRate)} → ${pct(h.candidate.hitRate)} ` +
        `(${pct(h.difference.hitRate)} ${range(h.difference.hitRate, 100)})   ` +
        `${num(h.active.ir)} → ${num(h.candidate.ir)} (${num(h.difference.ir)} ${range(h.difference.ir, 1, 2)})   ` +
        `${num(h.active.brier, 4)} / ${num(h.candidate.brier, 4)}`,
    );
  }
}
try {
  const { planCandidate, proposeCandidate } = await import('../lib/jobs/proposeCandidate');
  const input = {
    actor: `cli:${userInfo().username}`,
    reason: values.reason!,
    from,
    to,
    now: new Date(),
    trigger: 'manual' as const,
  };
  const started = performance.now();
  const plan = await planCandidate(input);
  const ms = performance.now() - started;
  if (plan.status !== 'fitted') {
    console.log(`weight update: ${plan.message}`);
    process.exitCode = 1;
  } else {
    const { candidate, fit, pairs } = plan;
    const e = candidate.evidence as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const parent = e.parentWeights as Record<string, number>;
    console.log(
      `weight update of ${e.parentModelId}: ${fit.n} matured pairs (${fit.flat} flat left out, ${fit.up} up) ` +
        `${candidate.windowFrom.toISOString()} … ${candidate.windowTo.toISOString()}, per horizon ${JSON.stringify(e.perHorizon)}` +
        `${e.capped ? ' (capped at the newest ' + e.maxPairs + ')' : ''}; read and fitted in ${ms.toFixed(0)} ms`,
    );
    console.log(
      `prior sd ${fit.priorSd}, ${fit.iterations} Newton iterations, converged ${fit.converged}`,
    );
    console.log('part    active   candidate ± sd        MAP (logit) ± sd');
    (['rsi', 'macd', 'trend'] as const).forEach((part, k) =>
      console.log(
        `${part.padEnd(6)} ${fmt(parent[part]!).padStart(7)}   ${fmt(fit.weights[k]!)} ± ${fmt(fit.sd[k]!)}     ${fmt(fit.map[k]!)} ± ${fmt(fit.mapSd[k]!)}`,
      ),
    );
    console.log(
      `log-likelihood ${fmt(fit.logLikelihood, 2)} (active weights: ${fmt(fit.priorLogLikelihood, 2)}; ` +
        `coin: ${fmt(fit.n * Math.log(0.5), 2)})`,
    );
    // In-sample direction hit rate of each weight vector on the same pairs (not a forecast test).
    const hitRate = (w: readonly number[]) => {
      let hits = 0;
      let n = 0;
      for (const p of pairs) {
        const s = w[0]! * p.parts[0] + w[1]! * p.parts[1] + w[2]! * p.parts[2];
        if (s === 0 || p.realizedReturn === 0) continue;
        n++;
        if (Math.sign(s) === Math.sign(p.realizedReturn)) hits++;
      }
      return `${((100 * hits) / n).toFixed(1)} % of ${n}`;
    };
    console.log(
      `in-sample direction hit rate: active ${hitRate([parent.rsi!, parent.macd!, parent.trend!])}, candidate ${hitRate(fit.weights)}`,
    );
    if (!values['dry-run']) {
      const result = await proposeCandidate(input);
      if (result.status === 'created') {
        console.log(
          `stored candidate ${result.candidate.id}${result.retired ? ` (retired ${result.retired})` : ''}`,
        );
        if (shadowFrom) await compareOutOfSample(result.candidate.id, shadowFrom);
      }
    } else console.log('dry run: nothing stored');
  }
} finally {
  const { pool, db } = await import('../lib/db/client');
  await pool().end();
  await db().$disconnect();
  await release();
}
