import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@/lib/auth/roles';
import type { FusionModel } from '@/lib/domain/fusion';
import type { PredictionRow } from '@/lib/domain/predictions';
import { modelMetricsResponse, type ModelMetricsItem } from '@/lib/contracts/modelMetrics';
import { startBackfilledDemo, type BackfilledDemo } from '../support/backfilledDemo';
import { TEST_USERS } from '../support/users';
import { syntheticCloses } from '../support/marketPaths';
import { mulberry32 } from '../support/prng';
import { seedSyntheticSeries } from '../support/syntheticMarket';

// Baselines and the no-skill gate on a database of this file's own: the demo's 20 years of
// S&P 500 days backfilled (every prediction matured by NOW), a real `next start` for the API,
// and the SLO guard run in this process on outcomes filled now.
const NOW = new Date('2026-11-24T12:00:00Z');
const MODEL = 'fusion-v2.0.0';

const lib = async () => ({
  ...(await import('@/lib/db/client')),
  ...(await import('@/lib/db/rollout')),
  ...(await import('@/lib/db/predictions')),
  ...(await import('@/lib/jobs/outcomes')),
  ...(await import('@/lib/jobs/evaluateMetrics')),
  ...(await import('@/lib/jobs/sloGuard')),
});

let demo: BackfilledDemo;
const call: BackfilledDemo['call'] = (path, init) => demo.call(path, init);

beforeAll(async () => {
  demo = await startBackfilledDemo(NOW);
}, 300_000);

afterAll(async () => {
  await demo?.stop();
});

const itemOf = (items: ModelMetricsItem[], horizon: string, bucket: string) =>
  items.find((i) => i.horizon === horizon && i.bucket === bucket && i.window === 'all')!;

function expectClose(actual: number | null | undefined, expected: number | null, label: string) {
  expect(actual, label).not.toBeNull();
  expect(expected, label).not.toBeNull();
  expect(Math.abs(actual! - expected!), label).toBeLessThanOrEqual(1e-9 * Math.abs(expected!));
}

describe('baselines on the demo data', () => {
  it('equal an independent SQL computation from the candles and predictions', async () => {
    const { pool } = await lib();
    // From the raw rows, not from what the outcomes job stored: the exit close is the first
    // candle at or after maturity, the previous period starts one horizon (calendar days in New
    // York) before the prediction's candle, at the last candle at or before it.
    const { rows: expected } = await pool().query<{
      horizon: string;
      bucket: string;
      n: number;
      modelHit: number;
      longHit: number;
      shortHit: number;
      momentumHit: number;
      withDirection: number;
      longIr: number;
      momentumIr: number;
      modelIr: number;
    }>(
      `WITH p AS (
         SELECT p.horizon, p.decision, p.ts, p.entry_close, p.matures_at, i.exchange_tz AS tz,
                rtrim(p.horizon, 'd')::int AS days,
                CASE WHEN p.confid >= 1 THEN '1.0' WHEN p.confid < 0.5 THEN '0.5'
                     ELSE to_char(floor(p.confid * 10) / 10, 'FM0.0') END AS bucket
         FROM predictions p JOIN instruments i ON i.symbol = p.symbol
         WHERE p.model_id = $1 AND p.symbol = 'SPX' AND p.tf = '1d' AND p.decision <> 0
       ), priced AS (
         SELECT p.*,
           (SELECT c.c FROM candles c WHERE c.symbol = 'SPX' AND c.tf = '1d' AND c.ts >= p.matures_at
            ORDER BY c.ts LIMIT 1) / p.entry_close - 1 AS r,
           sign(coalesce(p.entry_close / (
             SELECT c.c FROM candles c WHERE c.symbol = 'SPX' AND c.tf = '1d'
               AND c.ts <= ((p.ts AT TIME ZONE p.tz) - make_interval(days => p.days)) AT TIME ZONE p.tz
             ORDER BY c.ts DESC LIMIT 1) - 1, 0)) AS m
         FROM p
       )
       SELECT horizon, coalesce(bucket, 'all') AS bucket, count(*)::int AS n,
              avg((decision * r > 0)::int)::float8 AS "modelHit",
              avg((r > 0)::int)::float8 AS "longHit",
              avg((r < 0)::int)::float8 AS "shortHit",
              avg((m * r > 0)::int)::float8 AS "momentumHit",
              count(*) FILTER (WHERE m <> 0)::int AS "withDirection",
              avg(r) / stddev_samp(r) * sqrt(365.0 / min(days)) AS "longIr",
              avg(m * r) / stddev_samp(m * r) * sqrt(365.0 / min(days)) AS "momentumIr",
              avg(decision * r) / stddev_samp(decision * r) * sqrt(365.0 / min(days)) AS "modelIr"
       FROM priced WHERE r IS NOT NULL
       GROUP BY GROUPING SETS ((horizon), (horizon, bucket))`,
      [MODEL],
    );
    const response = await call(`/api/model-metrics?model=${MODEL}&window=all`, { as: 'viewer' });
    expect(response.status).toBe(200);
    const { items } = modelMetricsResponse.parse(response.body);
    expect(
      expected
        .filter((e) => e.bucket === 'all')
        .map((e) => e.horizon)
        .sort(),
    ).toEqual(['14d', '1d', '30d', '3d', '7d']);
    let compared = 0;
    for (const e of expected) {
      if (e.n < 2) continue;
      const label = `${e.horizon} ${e.bucket}`;
      const item = itemOf(items, e.horizon, e.bucket);
      const b = item.baselines!;
      expect(item.nDecisions, label).toBe(e.n);
      expectClose(item.hitRate, e.modelHit, `${label} model hit`);
      expectClose(item.ir, e.modelIr, `${label} model IR`);
      for (const baseline of [b.alwaysLong, b.alwaysShort, b.momentum, b.coinFlip])
        expect(baseline.n, label).toBe(e.n);
      expectClose(b.alwaysLong.hitRate, e.longHit, `${label} long hit`);
      expectClose(b.alwaysShort.hitRate, e.shortHit, `${label} short hit`);
      expectClose(b.momentum.hitRate, e.momentumHit, `${label} momentum hit`);
      expect(b.momentum.withDirection, label).toBe(e.withDirection);
      expectClose(b.alwaysLong.ir, e.longIr, `${label} long IR`);
      expectClose(b.alwaysShort.ir, -e.longIr, `${label} short IR`);
      expectClose(b.momentum.ir, e.momentumIr, `${label} momentum IR`);
      expectClose(b.alwaysLong.brier, e.longHit * (1 - e.longHit), `${label} long Brier`);
      expect(b.coinFlip).toMatchObject({ hitRate: 0.5, ir: 0, brier: 0.25 });
      expect(b.previousModel, label).toBeNull();
      compared++;
    }
    expect(compared).toBeGreaterThan(15);

    // What the issue measured: always long beats the model at every horizon, and the model's
    // skill over it is negative (its interval says whether that is beyond chance).
    for (const e of expected.filter((x) => x.bucket === 'all')) {
      const item = itemOf(items, e.horizon, 'all');
      expect(e.longHit, e.horizon).toBeGreaterThan(e.modelHit);
      expect(item.skill!.hitRate).toMatchObject({ against: 'alwaysLong' });
      expect(item.skill!.hitRate!.value).toBeLessThan(0);
      expect(item.skill!.periods).toBeGreaterThan(30);
      expect(item.skill!.hitRate!.interval).not.toBeNull();
      expect(item.targets.hitRate).toEqual({ target: 0.6, met: false });
    }
  });

  it('keeps the weekly aggregates equal to the days they sum and to a rebuild', async () => {
    const { pool } = await lib();
    const weekly = async () =>
      (
        await pool().query(
          `SELECT * FROM outcome_stats_weekly WHERE n <> 0
           ORDER BY model_id, tf_family, horizon, bucket, week`,
        )
      ).rows;
    const { rows: fromDays } = await pool().query(
      `SELECT model_id, horizon, bucket, date_trunc('week', day)::date AS week,
              sum(n)::int AS n, sum(long_hits)::int AS long_hits,
              sum(momentum_sum_return)::text AS momentum_sum_return
       FROM outcome_stats_daily GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0 ORDER BY 1, 2, 3, 4`,
    );
    const before = await weekly();
    expect(
      before.map((w) => ({
        model_id: w.model_id,
        horizon: w.horizon,
        bucket: w.bucket,
        week: w.week,
        n: w.n,
        long_hits: w.long_hits,
        momentum_sum_return: String(w.momentum_sum_return),
      })),
    ).toEqual(fromDays.map((d) => ({ ...d, momentum_sum_return: String(d.momentum_sum_return) })));
    await pool().query('SELECT outcome_stats_rebuild()');
    expect(await weekly()).toEqual(before);
  });
});

describe('GET /api/model-metrics', () => {
  it('answers viewers with targets, baselines and skill, filtered', async () => {
    expect((await call('/api/model-metrics')).status).toBe(401);
    const { status, body } = await call('/api/model-metrics?horizon=7d', { as: 'viewer' });
    expect(status).toBe(200);
    const { items } = modelMetricsResponse.parse(body);
    expect(new Set(items.map((i) => i.horizon))).toEqual(new Set(['7d']));
    expect(new Set(items.map((i) => i.window))).toEqual(new Set(['7d', '30d', '90d', 'all']));
    expect(items[0]).toMatchObject({ bucket: 'all', window: '7d' });
    const all = itemOf(items, '7d', 'all');
    expect(all.targets.ir).toEqual({ target: 1, met: all.ir! > 1 });
    expect(body.skillMethod).toMatch(/Newey–West/);
  });

  it('refuses bad filters with a 4xx naming them', async () => {
    const bad = async (query: string, status: number, field: string) => {
      const response = await call(`/api/model-metrics?${query}`, { as: 'viewer' });
      expect(response.status, query).toBe(status);
      expect(response.body._err, query).toBe(field);
    };
    await bad('horizon=2x', 400, 'horizon');
    await bad('horizon=01d', 400, 'horizon');
    await bad('window=1y', 400, 'window');
    await bad(`model=${'m'.repeat(101)}`, 400, 'model');
    await bad('model=no-such-model', 404, 'model');
  });
});

describe('the previous active version as a baseline', () => {
  it('is compared on the candles both versions predicted, beside the new one there', async () => {
    const { db, pool, insertPredictions, populateOutcomes, evaluateMetrics } = await lib();
    const { closedSeries } = await import('@/lib/db/candles');
    const { computeFeatures } = await import('@/lib/domain/indicators');
    const { buildPredictions } = await import('@/lib/domain/predictions');
    const candidate = {
      id: 'fusion-v2.1.0-test',
      weights: { rsi: 0.6, macd: 0.2, trend: 0.2 },
      threshold: 0.55,
      liveThreshold: 0.65,
    };
    await db().modelVersion.create({
      data: {
        id: candidate.id,
        featureVersion: 'v2.0.0',
        weightRsi: 0.6,
        weightMacd: 0.2,
        weightTrend: 0.2,
        threshold: 0.55,
        liveThreshold: 0.65,
        status: 'candidate',
      },
    });
    // Every other candle from 2010 on: the earlier years and the rest have no shared pair.
    const series = await closedSeries('SPX', '1d', NOW);
    const features = computeFeatures(series.closes);
    const rows: PredictionRow[] = [];
    series.ts.forEach((ts, i) => {
      const f = features[i]!;
      if (ts < new Date('2010-01-01') || i % 2 === 1) return;
      if (Object.values(f).some((v) => v === null)) return;
      rows.push(
        ...buildPredictions({
          symbol: 'SPX',
          tf: '1d',
          timeZone: 'America/New_York',
          cycleSlot: ts,
          ts,
          features: { c: series.closes[i]!, ...f } as Parameters<
            typeof buildPredictions
          >[0]['features'],
          model: candidate,
          horizons: ['1d'],
          calibrations: new Map(),
          backfilled: true,
        }),
      );
    });
    await insertPredictions(rows);
    await populateOutcomes(NOW);
    await evaluateMetrics(NOW);

    const { rows: sql } = await pool().query<{
      n: number;
      prevHit: number;
      selfHit: number;
      prevIr: number;
      selfIr: number;
    }>(
      `WITH pairs AS (
         SELECT n.decision, sign(o.score) AS prev,
                (SELECT c.c FROM candles c WHERE c.symbol = 'SPX' AND c.tf = '1d'
                   AND c.ts >= n.matures_at ORDER BY c.ts LIMIT 1) / n.entry_close - 1 AS r
         FROM predictions n
         JOIN predictions o ON o.model_id = $2 AND o.symbol = n.symbol AND o.tf = n.tf
           AND o.ts = n.ts AND o.horizon = n.horizon
         WHERE n.model_id = $1 AND n.decision <> 0
       )
       SELECT count(*)::int AS n, avg((prev * r > 0)::int)::float8 AS "prevHit",
              avg((decision * r > 0)::int)::float8 AS "selfHit",
              avg(prev * r) / stddev_samp(prev * r) * sqrt(365) AS "prevIr",
              avg(decision * r) / stddev_samp(decision * r) * sqrt(365) AS "selfIr"
       FROM pairs WHERE r IS NOT NULL`,
      [candidate.id, MODEL],
    );
    const { status, body } = await call(
      `/api/model-metrics?model=${candidate.id}&horizon=1d&window=all`,
      { as: 'viewer' },
    );
    expect(status).toBe(200);
    const item = itemOf(modelMetricsResponse.parse(body).items, '1d', 'all');
    const prev = item.baselines!.previousModel!;
    expect(prev.model).toBe(MODEL);
    expect(prev.n).toBe(sql[0]!.n);
    expect(prev.n).toBeGreaterThan(500);
    // The candidate decided on candles the old version never predicted too: n is smaller.
    expect(prev.n).toBeLessThanOrEqual(item.nDecisions);
    expectClose(prev.hitRate, sql[0]!.prevHit, 'previous hit');
    expectClose(prev.modelHitRate, sql[0]!.selfHit, 'candidate hit on shared');
    expectClose(prev.ir, sql[0]!.prevIr, 'previous IR');
    expectClose(prev.modelIr, sql[0]!.selfIr, 'candidate IR on shared');
    // Skill is the margin over the best baseline: never more than the margin over this one.
    expect(item.skill!.hitRate!.value).toBeLessThanOrEqual(
      sql[0]!.selfHit - sql[0]!.prevHit + 1e-12,
    );
  });
});

describe('the no-skill gate', () => {
  const GATE_MODEL = 'gate-model';

  /** Mean reversion only: the RSI part (oversold → up), nothing else. */
  const RSI_ONLY: FusionModel = {
    weights: { rsi: 1, macd: 0, trend: 0 },
    threshold: 0.55,
    liveThreshold: 0.65,
  };

  /**
   * Live 1d predictions on a synthetic series: a fusion model's calls, or a random caller going
   * long with probability `longShare` (its calls know nothing of what follows).
   */
  async function livePredictions(
    symbol: string,
    closes: number[],
    caller: FusionModel | { longShare: number },
  ) {
    const { insertPredictions } = await lib();
    const { computeFeatures } = await import('@/lib/domain/indicators');
    const { buildPredictions } = await import('@/lib/domain/predictions');
    const candles = await seedSyntheticSeries(symbol, closes);
    const features = computeFeatures(closes);
    const random = mulberry32(4);
    const rows: PredictionRow[] = [];
    candles.forEach(({ ts, c }, i) => {
      const f = features[i]!;
      if (Object.values(f).some((v) => v === null)) return;
      const [built] = buildPredictions({
        symbol,
        tf: '1d',
        timeZone: 'UTC',
        cycleSlot: ts,
        ts,
        features: { c, ...f } as Parameters<typeof buildPredictions>[0]['features'],
        model: { id: GATE_MODEL, ...('weights' in caller ? caller : RSI_ONLY) },
        horizons: ['1d'],
        calibrations: new Map(),
        backfilled: false,
      });
      if ('longShare' in caller) {
        const decision = random() < caller.longShare ? 1 : -1;
        rows.push({ ...built!, score: 0.4 * decision, confid: 0.7, mlBucket: 0.7, decision });
      } else rows.push(built!);
    });
    await insertPredictions(rows);
  }

  const stage = async () => (await (await lib()).readRollout()).stage;
  const promote = (to: string, as: Role, override?: boolean) =>
    call('/api/rollout', {
      as,
      body: { stage: to, reason: 'rehearsing the gate', ...(override ? { override } : {}) },
    });
  const noSkillRows = async () =>
    (
      await (await lib()).pool().query<{
        action: string;
        stageBefore: string;
        stageAfter: string;
        ended: boolean;
        observed: Record<string, number | null>;
      }>(
        `SELECT action, stage_before AS "stageBefore", stage_after AS "stageAfter",
                ended_at IS NOT NULL AS ended, observed
         FROM breaches WHERE rule = 'no-skill-12h' ORDER BY id`,
      )
    ).rows;

  // A random caller leaning long clears the card's floors in a drifting market (hit rate near
  // 58 %, a high IR: hit-rate-12h and ir-12h pass) only by riding the drift: always long does
  // better, which only the no-skill gate sees.
  const LEANING_LONG = { longShare: 0.8 };

  it('holds a random model in a drifting market at preview until an admin overrides it', async () => {
    const { changeRollout, populateOutcomes, runSloGuard, pool } = await lib();
    await changeRollout({ stage: 'preview', actor: 'test', reason: 'start at preview' });
    // Nothing matured yet: the gate cannot judge, so it holds nothing.
    expect((await promote('0.1', 'operator')).status).toBe(200);
    expect((await promote('preview', 'operator')).status).toBe(200);

    await livePredictions('DRIFT', syntheticCloses('drifting', 1500, 1), LEANING_LONG);
    await populateOutcomes(new Date());
    const first = await runSloGuard(new Date());
    const byRule = Object.fromEntries(first.evaluations.map((e) => [e.rule.id, e]));
    expect(byRule['hit-rate-12h']!.state).toBe('ok');
    expect(byRule['ir-12h']!.state).toBe('ok');
    const gate = byRule['no-skill-12h']!;
    expect(gate.state).toBe('breach');
    expect(gate.reason).toMatch(/^no skill over the best baseline in 1d hit .* vs always long/);
    const [row] = await noSkillRows();
    expect(row).toMatchObject({ action: 'none', stageBefore: 'preview', ended: false });
    expect(row!.observed['n@1d']).toBeGreaterThan(1000);
    expect(row!.observed['value@1d']).toBeLessThan(0);
    expect(row!.observed['high@1d']).toBeLessThan(0);

    const held = await promote('0.1', 'operator');
    expect(held.status).toBe(409);
    expect(held.body).toMatchObject({ _err: 'stage' });
    expect(held.body.message).toMatch(/^held at preview by no-skill-12h: .*override/);
    expect((await promote('0.1', 'operator', true)).body).toMatchObject({ _err: 'override' });
    expect(await stage()).toBe('preview');
    const status = await call('/api/slo/status', { as: 'viewer' });
    expect(status.body.rules.find((r: { id: string }) => r.id === 'no-skill-12h').state).toBe(
      'breach',
    );

    const overridden = await promote('0.1', 'admin', true);
    expect(overridden.status).toBe(200);
    expect(overridden.body.stage).toBe('0.1');
    const { rows: audit } = await pool().query<{
      actor: string;
      details: { gate: { observed: Record<string, number> } };
    }>(`SELECT actor, details FROM audit_log WHERE action = 'rollout.override' ORDER BY id`);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toBe(TEST_USERS.admin);
    expect(audit[0]!.details).toMatchObject({
      from: 'preview',
      to: '0.1',
      reason: 'rehearsing the gate',
      gate: { rule: 'no-skill-12h', state: 'breach' },
    });
    expect(audit[0]!.details.gate.observed['n@1d']).toBe(row!.observed['n@1d']);

    // The guard leaves an overridden stage alone; the next promotion needs its own override.
    await runSloGuard(new Date());
    expect(await stage()).toBe('0.1');
    expect((await promote('0.5', 'admin')).status).toBe(409);
    expect((await promote('preview', 'operator')).status).toBe(200);

    // Live without an override (set before the gate breached, say): the guard steps it down.
    await changeRollout({ stage: '0.5', actor: 'test', reason: 'live before the gate' });
    const after = await runSloGuard(new Date());
    expect(after.decision).toMatchObject({ target: 'preview' });
    expect(await stage()).toBe('preview');
    expect((await noSkillRows()).map((r) => [r.action, r.stageBefore, r.stageAfter])).toEqual([
      ['none', 'preview', 'preview'],
      ['preview', '0.5', 'preview'],
    ]);

    // An override granted while the gate could not judge still holds when it starts breaching.
    await pool().query(`DELETE FROM predictions WHERE model_id = $1`, [GATE_MODEL]);
    await runSloGuard(new Date());
    expect((await noSkillRows()).every((r) => r.ended)).toBe(true);
    expect((await promote('0.1', 'admin', true)).status).toBe(200);
    await livePredictions('DRIFT', syntheticCloses('drifting', 1500, 1), LEANING_LONG);
    await populateOutcomes(new Date());
    await runSloGuard(new Date());
    expect(await stage()).toBe('0.1');
    expect((await noSkillRows()).at(-1)).toMatchObject({
      action: 'overridden',
      stageBefore: '0.1',
      stageAfter: '0.1',
      ended: false,
    });
    await pool().query(`DELETE FROM predictions WHERE model_id = $1`, [GATE_MODEL]);
    await changeRollout({ stage: 'preview', actor: 'test', reason: 'back to preview' });
  });

  it('lets a mean-reversion model through in a mean-reverting market, where it has skill', async () => {
    const { populateOutcomes, runSloGuard } = await lib();
    await livePredictions('REVERT', syntheticCloses('meanReverting', 1500, 1), RSI_ONLY);
    await populateOutcomes(new Date());
    const result = await runSloGuard(new Date());
    const gate = result.evaluations.find((e) => e.rule.id === 'no-skill-12h')!;
    expect(gate.state).toBe('ok');
    expect(gate.observed['low@1d']).toBeGreaterThan(0);
    expect(gate.observed['irLow@1d']).toBeGreaterThan(0);
    expect((await noSkillRows()).every((r) => r.ended)).toBe(true);
    const promoted = await promote('0.1', 'operator');
    expect(promoted.status).toBe(200);
    expect(promoted.body.stage).toBe('0.1');
  });
});
