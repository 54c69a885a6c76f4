import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { confidenceBucket } from '@/lib/domain/fusion';
import { horizonDays } from '@/lib/domain/horizons';
import {
  computeMetrics,
  inMetricWindow,
  METRIC_WINDOWS,
  type MaturedPair,
} from '@/lib/domain/quality';
import type { PredictionRow } from '@/lib/domain/predictions';
import { TIMEFRAMES, tfFamily } from '@/lib/domain/timeframes';
import { mulberry32 } from '../support/prng';
import { startTestDatabase, type TestDatabase } from '../support/testDatabase';

// In-process jobs against a database of this file's own.
let database: TestDatabase;

beforeAll(async () => {
  database = await startTestDatabase();
  process.env.DATABASE_URL = database.url;
});

afterAll(async () => {
  const { stopBoss } = await import('@/lib/jobs/queue');
  await stopBoss();
  const { pool } = await import('@/lib/db/client');
  await pool().end();
  await database?.destroy();
});

const base = new Date('2024-01-01T00:00:00Z');

/** n matured 1d predictions with outcomes: confidence rises with i, hits follow a fixed pattern. */
async function seedMatured(from: number, to: number, horizon = '1d') {
  const { insertPredictions } = await import('@/lib/db/predictions');
  const { insertOutcomes } = await import('@/lib/db/outcomes');
  const { pool } = await import('@/lib/db/client');
  const rows: PredictionRow[] = [];
  for (let i = from; i < to; i++) {
    const ts = new Date(base.getTime() + i * 86_400_000);
    const raw = 0.5 + (i % 50) / 100;
    rows.push({
      symbol: 'CAL',
      tf: '1d',
      horizon,
      cycleSlot: ts,
      ts,
      maturesAt: new Date(ts.getTime() + 86_400_000),
      modelId: 'fusion-v2.0.0',
      entryClose: 100,
      score: 2 * raw - 1,
      rawConfidence: raw,
      confid: raw,
      decision: 1,
      mlBucket: Math.floor(raw * 10) / 10,
      partRsi: 0,
      partMacd: 0,
      partTrend: 0,
      calibrationId: null,
      backfilled: true,
    });
  }
  await insertPredictions(rows);
  const { rows: ids } = await pool().query<{ id: string; raw: number }>(
    `SELECT id::text, raw_confidence AS raw FROM predictions p
     WHERE symbol = 'CAL' AND horizon = $1 AND NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.prediction_id = p.id)`,
    [horizon],
  );
  await insertOutcomes(
    ids.map((r, k) => ({
      predictionId: r.id,
      closeUsed: 101,
      closeTs: base,
      realizedReturn: 0.01,
      hit: k % 10 < Math.round(r.raw * 10) - 3,
    })),
  );
}

describe('single-row state', () => {
  it('is created once when many first readers arrive together', async () => {
    const { readRollout } = await import('@/lib/db/rollout');
    const { readAutomationState } = await import('@/lib/db/automation');
    const rollouts = await Promise.all(Array.from({ length: 12 }, () => readRollout()));
    const states = await Promise.all(Array.from({ length: 12 }, () => readAutomationState()));
    expect(new Set(rollouts.map((r) => r.stage)).size).toBe(1);
    expect(new Set(states.map((s) => s.desired)).size).toBe(1);
  });
});

describe('calibration job', () => {
  it('keeps the previous map with 149 pairs and fits one at 150, checksummed', async () => {
    const { calibrate } = await import('@/lib/jobs/calibrate');
    await seedMatured(0, 149);
    expect(await calibrate()).toEqual([
      {
        modelId: 'fusion-v2.0.0',
        tfFamily: 'daily',
        horizon: '1d',
        nPairs: 149,
        usedPrev: true,
        status: 'too-few-pairs',
      },
    ]);
    const { latestValidCalibration, latestCalibrationRuns } = await import('@/lib/db/calibrations');
    expect(await latestValidCalibration('fusion-v2.0.0', 'daily', '1d')).toBeNull();

    await seedMatured(149, 150);
    expect(await calibrate()).toEqual([
      {
        modelId: 'fusion-v2.0.0',
        tfFamily: 'daily',
        horizon: '1d',
        nPairs: 150,
        usedPrev: false,
        status: 'fitted',
      },
    ]);
    const fitted = await latestValidCalibration('fusion-v2.0.0', 'daily', '1d');
    expect(fitted).not.toBeNull();
    expect(fitted!.map.y.every((y, i, ys) => i === 0 || y >= ys[i - 1]!)).toBe(true);
    expect(await latestCalibrationRuns()).toEqual([
      expect.objectContaining({ horizon: '1d', nPairs: 150, usedPrev: false, checksumOk: true }),
    ]);
  });

  it('refuses a corrupted map loudly and falls back to the previous valid one', async () => {
    const { calibrate } = await import('@/lib/jobs/calibrate');
    const { latestValidCalibration, latestCalibrationRuns } = await import('@/lib/db/calibrations');
    const { pool } = await import('@/lib/db/client');
    const first = await latestValidCalibration('fusion-v2.0.0', 'daily', '1d');
    await seedMatured(150, 160);
    await calibrate();
    const second = await latestValidCalibration('fusion-v2.0.0', 'daily', '1d');
    expect(second!.id).not.toBe(first!.id);
    await pool().query('UPDATE calibration_maps SET y[1] = y[1] + 0.1 WHERE id = $1', [
      second!.id.toString(),
    ]);
    const lines: string[] = [];
    const write = vi
      .spyOn(process.stdout, 'write')
      .mockImplementation((line) => lines.push(String(line)) > 0);
    try {
      expect((await latestValidCalibration('fusion-v2.0.0', 'daily', '1d'))!.id).toBe(first!.id);
    } finally {
      write.mockRestore();
    }
    expect(lines.join('')).toMatch(/error.*fails its checksum/i);
    expect((await latestCalibrationRuns())[0]).toMatchObject({ checksumOk: false });
    const { diagnose } = await import('@/lib/queries/diagnose');
    const report = await diagnose();
    expect(report.severity).toBe('critical');
    expect(report.findings.map((f) => f.check)).toContain('calibration');
  });

  it('lets only one calibration run at a time across processes', async () => {
    const { calibrate } = await import('@/lib/jobs/calibrate');
    const { pool } = await import('@/lib/db/client');
    const holder = await pool().connect();
    await holder.query('SELECT pg_advisory_lock(727003)');
    let finished = false;
    const run = calibrate().then(() => (finished = true));
    await new Promise((r) => setTimeout(r, 500));
    expect(finished).toBe(false);
    await holder.query('SELECT pg_advisory_unlock(727003)');
    holder.release();
    await run;
    expect(finished).toBe(true);
  });
});

describe('outcomes job', () => {
  it('fills each matured prediction once, however often it runs', async () => {
    const { importCandles } = await import('@/lib/db/candles');
    const { runCycle } = await import('@/lib/jobs/cycle');
    const { populateOutcomes } = await import('@/lib/jobs/outcomes');
    const { pool } = await import('@/lib/db/client');
    const day = (d: number) => new Date(Date.UTC(2021, 0, 1) + d * 86_400_000);
    const candles = Array.from({ length: 80 }, (_, d) => ({
      tf: '1d' as const,
      ts: day(d),
      o: 100 + d,
      h: 102 + d,
      l: 99 + d,
      c: 101 + d,
      v: 10,
    }));
    await importCandles({
      symbol: 'OUT',
      exchangeTz: 'UTC',
      source: 'test',
      candles: candles.slice(0, 60),
    });
    const cycle = await runCycle({ slot: day(60), now: day(60), instance: 'test' });
    expect(cycle).toMatchObject({ ran: true, predictions: 5 });
    expect(await runCycle({ slot: day(60), now: day(60), instance: 'test' })).toMatchObject({
      ran: false,
    });

    // With candles up to day 62, only the 1d and 3d horizons have data at maturity.
    await importCandles({
      symbol: 'OUT',
      exchangeTz: 'UTC',
      source: 'test',
      candles: candles.slice(60, 63),
    });
    const first = await populateOutcomes(day(70));
    const second = await populateOutcomes(day(70));
    expect(second.filled).toBe(0);
    const { rows } = await pool().query<{ horizon: string; close_used: number; hit: boolean }>(
      `SELECT p.horizon, o.close_used, o.hit FROM outcomes o JOIN predictions p ON p.id = o.prediction_id
       WHERE p.symbol = 'OUT' ORDER BY p.horizon`,
    );
    expect(first.filled).toBe(rows.length);
    // Scored on day 59's close (160); 1d exits on day 60's close, 3d on day 62's.
    expect(rows.map((r) => [r.horizon, r.close_used])).toEqual([
      ['1d', 161],
      ['3d', 163],
    ]);
  });
});

describe('queues', () => {
  it('runs a failing job 3 times, then leaves it in its dead-letter queue', async () => {
    const { boss, createQueueWithDeadLetter } = await import('@/lib/jobs/queue');
    const instance = await boss();
    await createQueueWithDeadLetter(instance, 'always-fails');
    let attempts = 0;
    await instance.work('always-fails', { pollingIntervalSeconds: 0.5 }, async () => {
      attempts++;
      throw new Error('boom');
    });
    await instance.send('always-fails', { n: 1 });
    const deadline = Date.now() + 30_000;
    while ((await instance.findJobs('always-fails-dlq')).length < 1) {
      if (Date.now() > deadline) throw new Error(`no dead letter after ${attempts} attempts`);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(attempts).toBe(3);
  }, 45_000);
});

/** Predictions of one model with outcomes, written through the product's own functions. */
interface SeedPair {
  symbol: string;
  tf: string;
  horizon: string;
  ts: Date;
  confid: number;
  decision: -1 | 0 | 1;
  realizedReturn: number;
  hit: boolean;
}

async function seedPairs(modelId: string, pairs: readonly SeedPair[], withOutcomes = true) {
  const { insertPredictions } = await import('@/lib/db/predictions');
  const { insertOutcomes } = await import('@/lib/db/outcomes');
  const { pool } = await import('@/lib/db/client');
  await insertPredictions(
    pairs.map((p) => ({
      symbol: p.symbol,
      tf: p.tf,
      horizon: p.horizon,
      cycleSlot: p.ts,
      ts: p.ts,
      maturesAt: p.ts,
      modelId,
      entryClose: 100,
      score: 0,
      rawConfidence: p.confid,
      confid: p.confid,
      decision: p.decision,
      mlBucket: Math.floor(p.confid * 10) / 10,
      partRsi: 0,
      partMacd: 0,
      partTrend: 0,
      calibrationId: null,
      backfilled: true,
    })),
  );
  if (!withOutcomes) return;
  const { rows } = await pool().query<{ id: string; key: string }>(
    `SELECT id::text, symbol || '|' || tf || '|' || horizon || '|' || (extract(epoch FROM ts) * 1000)::bigint AS key
     FROM predictions WHERE model_id = $1`,
    [modelId],
  );
  const ids = new Map(rows.map((r) => [r.key, r.id]));
  const outcomes = pairs.map((p) => ({
    predictionId: ids.get(`${p.symbol}|${p.tf}|${p.horizon}|${p.ts.getTime()}`)!,
    closeUsed: 100 * (1 + p.realizedReturn),
    closeTs: p.ts,
    realizedReturn: p.realizedReturn,
    hit: p.hit,
  }));
  // In batches, as the outcomes job writes them.
  for (let i = 0; i < outcomes.length; i += 1000) await insertOutcomes(outcomes.slice(i, i + 1000));
}

/** Realistic random pairs: returns ~ N(0.0004, 0.012), a third without a decision. */
function randomPairs(
  seed: number,
  count: number,
  shape: { now: Date; spanDays: number; symbols: string[]; series: [string, string][] },
): SeedPair[] {
  const random = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const used = new Set<string>();
  const pairs: SeedPair[] = [];
  while (pairs.length < count) {
    const [tf, horizon] = shape.series[Math.floor(random() * shape.series.length)]!;
    const symbol = shape.symbols[Math.floor(random() * shape.symbols.length)]!;
    const ts = new Date(
      shape.now.getTime() - Math.floor(random() * shape.spanDays * 1440) * 60_000,
    );
    const key = `${symbol}|${tf}|${horizon}|${ts.getTime()}`;
    if (used.has(key)) continue;
    used.add(key);
    const decision = ([-1, 0, 1] as const)[Math.floor(random() * 3)]!;
    const realizedReturn = 0.0004 + 0.012 * normal();
    pairs.push({
      symbol,
      tf,
      horizon,
      ts,
      decision,
      realizedReturn,
      confid: random() < 0.02 ? 1 : 0.3 + 0.7 * random(),
      hit: decision === 0 ? random() < 0.5 : decision * realizedReturn > 0,
    });
  }
  return pairs;
}

async function statsText(modelId?: string) {
  const { pool } = await import('@/lib/db/client');
  const where = modelId ? 'WHERE model_id = $1' : '';
  const params = modelId ? [modelId] : [];
  const daily = await pool().query(
    `SELECT * FROM outcome_stats_daily ${where} ORDER BY model_id, tf_family, horizon, bucket, day`,
    params,
  );
  const total = await pool().query(
    `SELECT * FROM outcome_stats_total ${where} ORDER BY model_id, tf_family, horizon, bucket`,
    params,
  );
  return { daily: daily.rows, total: total.rows };
}

describe('outcome aggregates', () => {
  it('have SQL twins of tfFamily and confidenceBucket that agree with the domain', async () => {
    const { pool } = await import('@/lib/db/client');
    const confids = [
      -0.1, 0, 0.3, 0.49999999999999994, 0.5, 0.55, 0.6, 0.7, 0.7999999999999999, 0.8, 0.9,
      0.9999999999999999, 1, 1.2,
    ];
    const { rows } = await pool().query<{ family: string[]; bucket: number[] }>(
      `SELECT array_agg(tf_family(tf) ORDER BY i) AS family,
              (SELECT array_agg(confidence_bucket_tenths(c) ORDER BY j)
               FROM unnest($2::float8[]) WITH ORDINALITY AS b(c, j)) AS bucket
       FROM unnest($1::text[]) WITH ORDINALITY AS t(tf, i)`,
      [TIMEFRAMES, confids],
    );
    expect(rows[0]!.family).toEqual(TIMEFRAMES.map((tf) => tfFamily(tf)));
    expect(rows[0]!.bucket).toEqual(confids.map((c) => Math.round(confidenceBucket(c) * 10)));
  });

  it('count an outcome once, however often or concurrently it is filled', async () => {
    const { insertOutcomes } = await import('@/lib/db/outcomes');
    const { pool } = await import('@/lib/db/client');
    const now = new Date('2026-11-20T12:00:00Z');
    const pairs = randomPairs(11, 300, {
      now,
      spanDays: 20,
      symbols: ['AGG1', 'AGG2'],
      series: [
        ['1d', '1d'],
        ['1h', '4h'],
      ],
    });
    await seedPairs('agg-model', pairs);
    const once = await statsText('agg-model');
    const { rows } = await pool().query<{ id: string; hit: boolean; r: number }>(
      `SELECT o.prediction_id::text AS id, o.hit, o.realized_return AS r FROM outcomes o
       JOIN predictions p ON p.id = o.prediction_id WHERE p.model_id = 'agg-model'`,
    );
    const again = rows.map((r) => ({
      predictionId: r.id,
      closeUsed: 1,
      closeTs: now,
      realizedReturn: r.r,
      hit: r.hit,
    }));
    expect(await insertOutcomes(again)).toBe(0);
    await Promise.all([insertOutcomes(again), insertOutcomes(again.slice(100))]);
    expect(await statsText('agg-model')).toEqual(once);
    const total = await pool().query<{ n: string }>(
      `SELECT sum(n)::text AS n FROM outcome_stats_total WHERE model_id = 'agg-model'`,
    );
    expect(Number(total.rows[0]!.n)).toBe(300);
  });

  it('count an outcome once when several writers race to fill the same new outcomes', async () => {
    const { insertOutcomes } = await import('@/lib/db/outcomes');
    const { pool } = await import('@/lib/db/client');
    const now = new Date('2026-10-01T00:00:00Z');
    const pairs = randomPairs(12, 200, {
      now,
      spanDays: 10,
      symbols: ['RACE'],
      series: [
        ['1d', '1d'],
        ['15m', '1h'],
      ],
    });
    await seedPairs('race-model', pairs, false);
    const { rows } = await pool().query<{ id: string }>(
      `SELECT id::text FROM predictions WHERE model_id = 'race-model' ORDER BY id`,
    );
    const outcomes = rows.map((r, i) => ({
      predictionId: r.id,
      closeUsed: 1,
      closeTs: now,
      realizedReturn: pairs[i]!.realizedReturn,
      hit: pairs[i]!.hit,
    }));
    const inserted = await Promise.all([
      insertOutcomes(outcomes),
      insertOutcomes([...outcomes].reverse()),
      insertOutcomes(outcomes.slice(50)),
      insertOutcomes(outcomes.slice(0, 120)),
    ]);
    expect(inserted.reduce((a, b) => a + b, 0)).toBe(200);
    const total = await pool().query<{ n: string; outcomes: string }>(
      `SELECT (SELECT sum(n) FROM outcome_stats_total WHERE model_id = 'race-model')::text AS n,
              (SELECT count(*) FROM outcomes WHERE model_id = 'race-model')::text AS outcomes`,
    );
    expect(total.rows[0]).toEqual({ n: '200', outcomes: '200' });
  });

  it('follow deleted outcomes and predictions, and rebuild to exactly the incremental sums', async () => {
    // Also checks the sums the racing writers above left.
    const { rebuildOutcomeStats } = await import('@/lib/db/outcomeStats');
    const { pool } = await import('@/lib/db/client');
    // A prediction deleted with its outcome (as removing duplicates does), an outcome deleted alone.
    await pool().query(
      `DELETE FROM predictions WHERE id IN (
         SELECT id FROM predictions WHERE model_id = 'agg-model' ORDER BY id LIMIT 40)`,
    );
    await pool().query(
      `DELETE FROM outcomes WHERE prediction_id IN (
         SELECT id FROM predictions WHERE model_id = 'agg-model' ORDER BY id DESC LIMIT 25)`,
    );
    const incremental = await statsText();
    const total = await pool().query<{ n: string }>(
      `SELECT sum(n)::text AS n FROM outcome_stats_total WHERE model_id = 'agg-model'`,
    );
    expect(Number(total.rows[0]!.n)).toBe(300 - 40 - 25);
    await rebuildOutcomeStats();
    const rebuilt = await statsText();
    // Rows emptied by deletes stay (at zero) incrementally; a rebuild has none.
    const nonEmpty = <T extends { n: string | number }>(rows: T[]) =>
      rows.filter((r) => Number(r.n) !== 0);
    expect(rebuilt.total).toEqual(nonEmpty(incremental.total));
    expect(rebuilt.daily).toEqual(nonEmpty(incremental.daily));
  });
});

describe('metrics job', () => {
  it('writes the same numbers as computeMetrics over the same pairs, per day-defined window', async () => {
    const { evaluateMetrics } = await import('@/lib/jobs/evaluateMetrics');
    const { pool } = await import('@/lib/db/client');
    const now = new Date('2026-11-24T15:30:00Z');
    await seedPairs(
      'metrics-model',
      randomPairs(23, 6000, {
        now,
        spanDays: 120,
        symbols: ['MA', 'MB', 'MC'],
        series: [
          ['1d', '1d'],
          ['1d', '7d'],
          ['1m', '15m'],
          ['4h', '1d'],
        ],
      }),
    );
    await evaluateMetrics(now);

    const { rows: pairs } = await pool().query<
      MaturedPair & { modelId: string; horizon: string; ts: Date }
    >(
      `SELECT p.model_id AS "modelId", p.horizon, p.ts, p.confid, p.decision, o.hit,
              o.realized_return AS "realizedReturn"
       FROM predictions p JOIN outcomes o ON o.prediction_id = p.id`,
    );
    const groups = new Map<string, typeof pairs>();
    for (const p of pairs) {
      for (const bucket of ['all', confidenceBucket(p.confid).toFixed(1)]) {
        const key = `${p.modelId}|${p.horizon}|${bucket}`;
        const group = groups.get(key) ?? [];
        group.push(p);
        groups.set(key, group);
      }
    }
    const { rows: stored } = await pool().query(
      `SELECT model_id AS "modelId", horizon, bucket, "window", n, n_decisions AS "nDecisions",
              hit_rate AS "hitRate", ir, brier, ece, mean_confid AS "meanConfid"
       FROM metrics`,
    );
    expect(stored.length).toBe(groups.size * METRIC_WINDOWS.length);
    let compared = 0;
    for (const row of stored) {
      const group = groups.get(`${row.modelId}|${row.horizon}|${row.bucket}`)!;
      const days = METRIC_WINDOWS.find((w) => w.name === row.window)!.days;
      const expected = computeMetrics(
        group.filter((p) => inMetricWindow(p.ts, now, days)),
        horizonDays(row.horizon),
      );
      expect(row.n, `${row.modelId} ${row.horizon} ${row.bucket} ${row.window}`).toBe(expected.n);
      expect(row.nDecisions).toBe(expected.nDecisions);
      for (const k of ['hitRate', 'ir', 'brier', 'ece', 'meanConfid'] as const) {
        const label = `${row.modelId} ${row.horizon} ${row.bucket} ${row.window} ${k}`;
        if (expected[k] === null || row[k] === null) {
          expect(row[k], label).toBe(expected[k]);
        } else {
          const scale = Math.max(Math.abs(row[k]), Math.abs(expected[k]));
          expect(Math.abs(row[k] - expected[k]!), label).toBeLessThanOrEqual(1e-12 * scale);
          if (k === 'ir') compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(50);
  });
});

describe('bounded calibration', () => {
  const DAY = 86_400_000;
  const start = new Date('2025-01-01T00:00:00Z').getTime();
  // Daily pairs, newest first by i: the newest 250 follow a rising curve, older ones all miss,
  // and newer intraday pairs of the same horizon belong to another map.
  const daily = (i: number): SeedPair => {
    const confid = 0.5 + ((i * 37) % 50) / 100;
    return {
      symbol: 'KCAL',
      tf: '1d',
      horizon: '1d',
      ts: new Date(start - i * DAY),
      confid,
      decision: 1,
      realizedReturn: 0.01,
      hit: i < 250 ? (i * 7) % 10 < Math.round(confid * 10) - 3 : false,
    };
  };

  it('fits on the newest K matured pairs of its timeframe family only', async () => {
    const { calibrate } = await import('@/lib/jobs/calibrate');
    const { latestValidCalibration, lastCalibrationRun } = await import('@/lib/db/calibrations');
    const { fitIsotonic } = await import('@/lib/domain/calibration');
    const newest = Array.from({ length: 400 }, (_, i) => daily(i));
    const intraday = Array.from({ length: 200 }, (_, i) => ({
      ...daily(i),
      tf: '1h',
      ts: new Date(start + (i + 1) * 3_600_000),
      hit: true,
    }));
    // Pending predictions newer than every matured one are skipped, not counted.
    const pending = Array.from({ length: 30 }, (_, i) => ({
      ...daily(0),
      ts: new Date(start + (i + 1) * DAY),
    }));
    await seedPairs('k-model', [...newest, ...intraday]);
    await seedPairs('k-model', pending, false);

    const results = (await calibrate({ maxPairs: 250 })).filter((r) => r.modelId === 'k-model');
    expect(results).toEqual([
      {
        modelId: 'k-model',
        tfFamily: 'daily',
        horizon: '1d',
        nPairs: 250,
        usedPrev: false,
        status: 'fitted',
      },
      {
        modelId: 'k-model',
        tfFamily: 'intraday',
        horizon: '1d',
        nPairs: 200,
        usedPrev: false,
        status: 'fitted',
      },
    ]);
    const map = await latestValidCalibration('k-model', 'daily', '1d');
    const expected = fitIsotonic(
      newest.slice(0, 250).map((p) => ({ x: p.confid, y: p.hit ? 1 : 0 })),
    );
    expect(map!.map).toEqual(expected);
    expect(map!.version).toBe(1);
    expect(await lastCalibrationRun('k-model', 'daily', '1d')).toMatchObject({
      status: 'fitted',
      nPairs: 250,
      maturedTotal: 400,
      maxPairs: 250,
      windowFrom: newest[249]!.ts,
      windowTo: newest[0]!.ts,
    });
    const intradayMap = await latestValidCalibration('k-model', 'intraday', '1d');
    expect(intradayMap!.map.y.every((y) => y === 1)).toBe(true);
  });

  it('records a run but writes no version when no pair was added, and fits again when one was', async () => {
    const { calibrate } = await import('@/lib/jobs/calibrate');
    const { latestValidCalibration, lastCalibrationRun } = await import('@/lib/db/calibrations');
    const { pool } = await import('@/lib/db/client');
    const counts = async () =>
      (
        await pool().query<{ maps: number; runs: number }>(
          `SELECT (SELECT count(*) FROM calibration_maps WHERE model_id = 'k-model' AND tf_family = 'daily')::int AS maps,
                  (SELECT count(*) FROM calibration_runs WHERE model_id = 'k-model' AND tf_family = 'daily')::int AS runs`,
        )
      ).rows[0]!;
    const before = await counts();
    const fitted = await lastCalibrationRun('k-model', 'daily', '1d');

    const results = (await calibrate({ maxPairs: 250 })).filter((r) => r.modelId === 'k-model');
    expect(results.map((r) => [r.tfFamily, r.status, r.usedPrev, r.nPairs])).toEqual([
      ['daily', 'unchanged', true, 250],
      ['intraday', 'unchanged', true, 200],
    ]);
    expect(await counts()).toEqual({ maps: before.maps, runs: before.runs + 1 });
    const unchanged = await lastCalibrationRun('k-model', 'daily', '1d');
    expect(unchanged).toMatchObject({
      status: 'unchanged',
      usedPrev: true,
      calibrationId: fitted!.calibrationId,
      maturedTotal: 400,
      windowFrom: fitted!.windowFrom,
      windowTo: fitted!.windowTo,
    });

    await seedPairs('k-model', [{ ...daily(0), ts: new Date(start + 45 * DAY) }]);
    const [again] = (await calibrate({ maxPairs: 250 })).filter(
      (r) => r.modelId === 'k-model' && r.tfFamily === 'daily',
    );
    expect(again).toMatchObject({ status: 'fitted', usedPrev: false, nPairs: 250 });
    expect((await latestValidCalibration('k-model', 'daily', '1d'))!.version).toBe(2);
    expect(await counts()).toEqual({ maps: before.maps + 1, runs: before.runs + 2 });
  });

  it('gives each prediction of a cycle the map of its own timeframe family', async () => {
    const { calibrationLookup, latestValidCalibration } = await import('@/lib/db/calibrations');
    const lookup = calibrationLookup('k-model');
    const dailyMap = await latestValidCalibration('k-model', 'daily', '1d');
    const intradayMap = await latestValidCalibration('k-model', 'intraday', '1d');
    expect(dailyMap!.id).not.toBe(intradayMap!.id);
    expect((await lookup('1d', '1d'))!.id).toBe(dailyMap!.id);
    expect((await lookup('1h', '1d'))!.id).toBe(intradayMap!.id);
    expect((await lookup('4h', '1d'))!.id).toBe(intradayMap!.id);
    expect(await lookup('1m', '15m')).toBeNull();
  });
});
