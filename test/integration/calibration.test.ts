import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api } from '../support/api';
import { mulberry32 } from '../support/prng';

// GET /api/calibration against the suite's database and production server: synthetic matured
// pairs of a model of this file's own (two horizons, a daily and an intraday timeframe, 120 days
// of predictions, raw and calibrated confidences that differ, some exactly 1 and some below
// 0.5), its maps and runs, and the metrics job run as of NOW, so every window is fixed. Every
// figure is recomputed from the stored outcomes by the SQL below, written apart from the app's.
const viewer = { kind: 'session', role: 'viewer' } as const;
const MODEL = 'calibration.test-v1';
const NOW = new Date('2026-06-15T12:00:00Z');
const DAY = 86_400_000;
const HORIZONS = ['1d', '3d'];
const TFS = ['1d', '1h'];
const PER_SERIES = 700;

let sql: pg.Client;

beforeAll(async () => {
  process.env.DATABASE_URL = inject('databaseUrl');
  sql = new pg.Client({ connectionString: inject('databaseUrl') });
  await sql.connect();
  const { db } = await import('@/lib/db/client');
  await db().modelVersion.create({
    data: {
      id: MODEL,
      featureVersion: 'test',
      weightRsi: 0.3,
      weightMacd: 0.35,
      weightTrend: 0.35,
      threshold: 0.55,
      liveThreshold: 0.65,
      status: 'candidate',
    },
  });
  const random = mulberry32(1010);
  const rows: (string | number | boolean)[][] = [];
  for (const tf of TFS) {
    for (const horizon of HORIZONS) {
      for (let i = 0; i < PER_SERIES; i++) {
        // 120 days back from NOW and a few after it (a window has no upper bound).
        const ts = new Date(NOW.getTime() - 120 * DAY + Math.floor(random() * 125 * DAY));
        const u = random();
        // Raw confidence in [0.45, 1): a few at exactly 1 and a few below 0.5 (bucket 0.5).
        const raw = u < 0.03 ? 1 : 0.45 + random() * 0.55;
        const confid = Math.min(1, 0.1 + 0.85 * raw);
        const hit = random() < 0.35 + 0.4 * raw;
        const decision = random() < 0.1 ? 0 : random() < 0.5 ? 1 : -1;
        rows.push([tf, horizon, ts.toISOString(), raw, confid, hit, decision]);
      }
    }
  }
  const column = (k: number) => rows.map((r) => r[k]);
  await sql.query(
    `WITH input AS (
       SELECT * FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::float8[], $6::float8[],
                            $7::bool[], $8::int[])
         AS u(tf, horizon, ts, raw, confid, hit, decision)
     ), p AS (
       INSERT INTO predictions (symbol, tf, horizon, cycle_slot, ts, matures_at, model_id,
                                entry_close, score, raw_confidence, confid, decision, ml_bucket,
                                part_rsi, part_macd, part_trend, backfilled)
       SELECT 'CALIBT', tf, horizon, ts, ts, ts + interval '1 day', $1, 100, 0.1, raw, confid,
              decision, 0.5, 0, 0, 0, true
       FROM input
       RETURNING id, tf, horizon, ts, raw_confidence, confid, decision
     )
     INSERT INTO outcomes (prediction_id, close_used, close_ts, realized_return, hit, model_id, tf,
                           horizon, ts, raw_confidence, confid, decision)
     SELECT p.id, 101, p.ts + interval '1 day', 0.01, i.hit, $1, p.tf, p.horizon, p.ts,
            p.raw_confidence, p.confid, p.decision
     FROM p JOIN input i ON i.tf = p.tf AND i.horizon = p.horizon AND i.ts = p.ts`,
    [MODEL, ...[0, 1, 2, 3, 4, 5, 6].map(column)],
  );
  const { evaluateMetrics } = await import('@/lib/jobs/evaluateMetrics');
  await evaluateMetrics(NOW);

  // Three versions of the daily 1d map; the newest is then tampered with.
  const { saveCalibration, recordCalibrationRun } = await import('@/lib/db/calibrations');
  let last = 0n;
  for (const [i, map] of [
    { x: [0.5, 1], y: [0.5, 0.9] },
    { x: [0.45, 0.7, 1], y: [0.4, 0.6, 0.8] },
    { x: [0.45, 0.8, 1], y: [0.45, 0.65, 0.75] },
  ].entries()) {
    last = await saveCalibration({
      modelId: MODEL,
      tfFamily: 'daily',
      horizon: '1d',
      nPairs: 150 + i,
      map,
    });
  }
  await sql.query(`UPDATE calibration_maps SET y[2] = 0.99 WHERE id = $1`, [String(last)]);
  await recordCalibrationRun({
    modelId: MODEL,
    tfFamily: 'daily',
    horizon: '1d',
    nPairs: 152,
    usedPrev: false,
    calibrationId: last,
    status: 'fitted',
    maturedTotal: 1400,
    maxPairs: 200_000,
    windowFrom: new Date(NOW.getTime() - 120 * DAY),
    windowTo: NOW,
  });
}, 120_000);

afterAll(async () => {
  await sql.query('DELETE FROM predictions WHERE model_id = $1', [MODEL]);
  for (const table of ['calibration_runs', 'calibration_maps', 'metrics']) {
    await sql.query(`DELETE FROM ${table} WHERE model_id = $1`, [MODEL]);
  }
  await sql.query('DELETE FROM model_versions WHERE id = $1', [MODEL]);
  await sql.end();
  const { pool, db } = await import('@/lib/db/client');
  await pool().end();
  await db().$disconnect();
});

interface Expected {
  horizon: string;
  bucket: string;
  n: number;
  meanConfid: number;
  hitRate: number;
}

/** The reliability figures straight from the outcomes, by SQL of this test's own. */
async function expected(input: {
  window: string;
  confidence: 'raw' | 'calibrated';
  tfs: string[];
}): Promise<{
  buckets: Expected[];
  totals: Map<string, { n: number; ece: number; brier: number }>;
}> {
  const days = { '7d': 7, '30d': 30, '90d': 90, all: null }[input.window];
  const c = input.confidence === 'raw' ? 'raw_confidence' : 'confid';
  const { rows } = await sql.query<Expected & { sumSq: number }>(
    `WITH pairs AS (
       SELECT horizon, ${c} AS c, hit::int::float8 AS h FROM outcomes
       WHERE model_id = $1 AND tf = ANY($2::text[])
         AND ($3::int IS NULL
              OR (ts AT TIME ZONE 'UTC')::date >= (($4::timestamptz AT TIME ZONE 'UTC') - $3 * interval '1 day')::date)
     )
     SELECT horizon,
            CASE WHEN c >= 1 THEN '1.0' WHEN c < 0.5 THEN '0.5'
                 ELSE '0.' || trunc(c * 10)::int::text END AS bucket,
            count(*)::int AS n, avg(c) AS "meanConfid", avg(h) AS "hitRate",
            sum((c - h) * (c - h)) AS "sumSq"
     FROM pairs GROUP BY 1, 2 ORDER BY 1, 2`,
    [MODEL, input.tfs, days, NOW],
  );
  const totals = new Map<string, { n: number; ece: number; brier: number }>();
  for (const r of rows) {
    const t = totals.get(r.horizon) ?? { n: 0, ece: 0, brier: 0 };
    t.n += r.n;
    t.brier += r.sumSq;
    totals.set(r.horizon, t);
  }
  for (const r of rows) {
    const t = totals.get(r.horizon)!;
    t.ece += (r.n / t.n) * Math.abs(r.meanConfid - r.hitRate);
  }
  for (const t of totals.values()) t.brier /= t.n;
  return { buckets: rows, totals };
}

const close = (actual: number | null | undefined, want: number, label: string) => {
  expect(actual, label).not.toBeNull();
  expect(Math.abs(actual! - want), `${label}: ${actual} vs ${want}`).toBeLessThanOrEqual(1e-12);
};

describe('GET /api/calibration: the figures are the stored pairs', () => {
  const cases = ['all', '90d', '30d', '7d'].flatMap((window) =>
    (['calibrated', 'raw'] as const).flatMap((confidence) =>
      ([null, 'daily', 'intraday'] as const).map((tfFamily) => ({ window, confidence, tfFamily })),
    ),
  );

  it.each(cases)(
    'window $window, $confidence confidence, family $tfFamily',
    async ({ window, confidence, tfFamily }) => {
      const query = new URLSearchParams({ model: MODEL, window, confidence });
      if (tfFamily) query.set('tfFamily', tfFamily);
      const reply = await api(`/api/calibration?${query}`, { as: viewer });
      expect(reply.status).toBe(200);
      const tfs = tfFamily === null ? TFS : tfFamily === 'daily' ? ['1d'] : ['1h'];
      const want = await expected({ window, confidence, tfs });
      expect(reply.body.model).toBe(MODEL);
      expect(reply.body.items.map((i) => i.horizon)).toEqual(HORIZONS);
      for (const item of reply.body.items) {
        // The window ends at the metrics run's now: NOW, whole UTC days.
        expect(item.asOf).toBe(NOW.toISOString());
        expect(item.window).toBe(window);
        expect(item.confidence).toBe(confidence);
        expect(item.buckets.map((b) => b.bucket)).toEqual([
          '0.5',
          '0.6',
          '0.7',
          '0.8',
          '0.9',
          '1.0',
        ]);
        const rows = want.buckets.filter((b) => b.horizon === item.horizon);
        expect(rows.length).toBeGreaterThan(0);
        for (const bucket of item.buckets) {
          const label = `${item.horizon} ${bucket.bucket}`;
          const row = rows.find((r) => r.bucket === bucket.bucket);
          if (!row) {
            expect(bucket, label).toEqual({
              bucket: bucket.bucket,
              n: 0,
              meanConfid: null,
              hitRate: null,
              withinBand: null,
            });
            continue;
          }
          expect(bucket.n, label).toBe(row.n);
          close(bucket.meanConfid, row.meanConfid, `${label} meanConfid`);
          close(bucket.hitRate, row.hitRate, `${label} hitRate`);
          expect(bucket.withinBand, label).toBe(Math.abs(row.hitRate - row.meanConfid) <= 0.05);
        }
        const total = want.totals.get(item.horizon)!;
        expect(item.n).toBe(total.n);
        close(item.ece, total.ece, `${item.horizon} ece`);
        close(item.brier, total.brier, `${item.horizon} brier`);
      }
    },
  );

  it('covers the edge buckets, windows that differ and raw ≠ calibrated', async () => {
    const all = await expected({ window: 'all', confidence: 'raw', tfs: TFS });
    expect(all.buckets.some((b) => b.bucket === '1.0')).toBe(true);
    const below = await sql.query(
      'SELECT count(*)::int AS n FROM outcomes WHERE model_id = $1 AND raw_confidence < 0.5',
      [MODEL],
    );
    expect(below.rows[0].n).toBeGreaterThan(0);
    const week = await expected({ window: '7d', confidence: 'raw', tfs: TFS });
    expect(week.totals.get('1d')!.n).toBeLessThan(all.totals.get('1d')!.n);
    const calibrated = await expected({ window: 'all', confidence: 'calibrated', tfs: TFS });
    expect(calibrated.totals.get('1d')!.ece).not.toBeCloseTo(all.totals.get('1d')!.ece, 6);
  });

  it('matches GET /api/model-metrics for the calibrated confidence and carries its skill', async () => {
    for (const window of ['all', '30d']) {
      const [calibration, metrics] = await Promise.all([
        api(`/api/calibration?model=${MODEL}&window=${window}`, { as: viewer }),
        api(`/api/model-metrics?model=${MODEL}&window=${window}`, { as: viewer }),
      ]);
      for (const item of calibration.body.items) {
        const m = metrics.body.items.find((i) => i.horizon === item.horizon && i.bucket === 'all')!;
        expect(item.n).toBe(m.n);
        close(item.ece, m.ece!, `${window} ${item.horizon} ece vs model-metrics`);
        close(item.brier, m.brier!, `${window} ${item.horizon} brier vs model-metrics`);
        expect(item.yardstick).toMatchObject({
          computedAt: NOW.toISOString(),
          n: m.n,
          brierSkillScore: m.skill!.brierSkillScore,
        });
        expect(item.yardstick!.baselines).toEqual(m.baselines);
      }
    }
  });
});

describe('GET /api/calibration: maps', () => {
  it('shows a tampered map as refused and the newest verified one in use, with the latest run', async () => {
    const reply = await api(`/api/calibration?model=${MODEL}&horizon=1d`, { as: viewer });
    expect(reply.status).toBe(200);
    const [item] = reply.body.items;
    expect(item!.maps.map((g) => g.tfFamily)).toEqual(['daily']);
    const group = item!.maps[0]!;
    expect(group.versionCount).toBe(3);
    expect(group.history.map((v) => [v.version, v.checksum, v.nPairs, v.points])).toEqual([
      [3, 'refused', 152, 3],
      [2, 'verified', 151, 3],
      [1, 'verified', 150, 2],
    ]);
    expect(group.current).toMatchObject({
      version: 2,
      checksum: 'verified',
      x: [0.45, 0.7, 1],
      y: [0.4, 0.6, 0.8],
    });
    // The loop applies the same map.
    const { latestValidCalibration } = await import('@/lib/db/calibrations');
    expect((await latestValidCalibration(MODEL, 'daily', '1d'))!.version).toBe(2);
    expect(group.latestRun).toMatchObject({
      status: 'fitted',
      nPairs: 152,
      usedPrev: false,
      maturedTotal: 1400,
      windowTo: NOW.toISOString(),
    });
    // The 3d horizon has pairs but no map or run.
    const threeDays = await api(`/api/calibration?model=${MODEL}&horizon=3d`, { as: viewer });
    expect(threeDays.body.items[0]!.maps).toEqual([]);
  });
});

describe('GET /api/calibration: access and bad input', () => {
  it('needs a session or token', async () => {
    const reply = await api(`/api/calibration?model=${MODEL}`);
    expect(reply.status).toBe(401);
  });

  it.each([
    ['window=1y', 'window'],
    ['horizon=1x', 'horizon'],
    ['horizon=01d', 'horizon'],
    ['confidence=both', 'confidence'],
    ['tfFamily=weekly', 'tfFamily'],
    [`model=${'m'.repeat(101)}`, 'model'],
  ])('refuses %s naming the field', async (query, field) => {
    const reply = await api(`/api/calibration?${query}`, { as: viewer });
    expect(reply.status).toBe(400);
    expect(reply.body._err).toBe(field);
    expect(reply.body.message).toEqual(expect.any(String));
  });

  it('answers 404 for a model that does not exist, and the active model by default', async () => {
    const missing = await api('/api/calibration?model=no-such-model', { as: viewer });
    expect(missing.status).toBe(404);
    expect(missing.body._err).toBe('model');
    const { findActiveModel } = await import('@/lib/db/models');
    const active = await findActiveModel();
    const reply = await api('/api/calibration', { as: viewer });
    expect(reply.status).toBe(active ? 200 : 404);
    if (active) {
      expect(reply.body).toMatchObject({
        model: active.id,
        window: 'all',
        confidence: 'calibrated',
      });
    }
  });
});
