import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsTrendResponse, type MetricsTrend } from '@/lib/contracts/modelMetrics';
import { horizonDays } from '@/lib/domain/horizons';
import { timeframesOf } from '@/lib/domain/timeframes';
import { startBackfilledDemo, type BackfilledDemo } from '../support/backfilledDemo';

// GET /api/model-metrics/trend on a database of this file's own: the demo's 20 years of S&P 500
// days backfilled (every prediction matured by NOW), served by a real `next start`. Every point
// is recomputed from the predictions and their outcomes, pair by pair, in SQL.
const NOW = new Date('2026-11-24T12:00:00Z');
const MODEL = 'fusion-v2.0.0';
const HORIZONS = ['1d', '3d', '7d', '14d', '30d'];

let demo: BackfilledDemo;
const call: BackfilledDemo['call'] = (path, init) => demo.call(path, init);

async function trend(query: Record<string, string>): Promise<MetricsTrend> {
  const response = await call(`/api/model-metrics/trend?${new URLSearchParams(query)}`, {
    as: 'viewer',
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return metricsTrendResponse.parse(response.body);
}

beforeAll(async () => {
  demo = await startBackfilledDemo(NOW);
}, 300_000);

afterAll(async () => {
  await demo?.stop();
});

interface Expected {
  week: string;
  n: number;
  nDecisions: number;
  hitRate: number | null;
  ir: number | null;
  longHitRate: number | null;
  longIr: number | null;
}

/**
 * The points from the raw rows: pairs are the predictions of the model at the horizon on the
 * family's timeframes with an outcome, in the ISO week (Monday, UTC) of the prediction's candle;
 * each point over its week and the span − 1 calendar weeks before it, for the last `weeks` weeks
 * up to the latest week with a pair.
 */
async function expectedPoints(
  horizon: string,
  options: { weeks: number; span: number; tfs: readonly string[] },
): Promise<Expected[]> {
  const { pool } = await import('@/lib/db/client');
  const { rows } = await pool().query<Expected>(
    `WITH pairs AS (
       SELECT date_trunc('week', p.ts AT TIME ZONE 'UTC')::date AS week, p.decision,
              o.realized_return AS r, o.hit
       FROM predictions p JOIN outcomes o ON o.prediction_id = p.id
       WHERE p.model_id = $1 AND p.horizon = $2 AND p.tf = ANY($3::text[])
     ), points AS (
       SELECT DISTINCT week FROM pairs
       WHERE week > (SELECT max(week) FROM pairs) - 7 * $4::int
     )
     SELECT to_char(pt.week, 'YYYY-MM-DD') AS week, count(*)::int AS n,
            count(*) FILTER (WHERE q.decision <> 0)::int AS "nDecisions",
            avg(q.hit::int) FILTER (WHERE q.decision <> 0)::float8 AS "hitRate",
            (avg(q.decision * q.r) FILTER (WHERE q.decision <> 0)
              / nullif(stddev_samp(q.decision * q.r) FILTER (WHERE q.decision <> 0), 0)
              * sqrt(365.0 / $6))::float8 AS ir,
            avg((q.r > 0)::int) FILTER (WHERE q.decision <> 0)::float8 AS "longHitRate",
            (avg(q.r) FILTER (WHERE q.decision <> 0)
              / nullif(stddev_samp(q.r) FILTER (WHERE q.decision <> 0), 0)
              * sqrt(365.0 / $6))::float8 AS "longIr"
     FROM points pt JOIN pairs q ON q.week <= pt.week AND q.week > pt.week - 7 * $5::int
     GROUP BY pt.week ORDER BY pt.week`,
    [MODEL, horizon, options.tfs, options.weeks, options.span, horizonDays(horizon)],
  );
  return rows;
}

function expectClose(actual: number | null, expected: number | null, label: string) {
  if (expected === null || actual === null) return expect(actual, label).toBe(expected);
  expect(Math.abs(actual - expected), label).toBeLessThanOrEqual(
    1e-9 * Math.max(1, Math.abs(expected)),
  );
}

function expectPoints(points: MetricsTrend['points'], expected: Expected[], label: string) {
  expect(
    points.map((p) => p.week),
    label,
  ).toEqual(expected.map((e) => e.week));
  points.forEach((p, i) => {
    const e = expected[i]!;
    const at = `${label} ${p.week}`;
    expect(p.n, at).toBe(e.n);
    expect(p.nDecisions, at).toBe(e.nDecisions);
    expectClose(p.hitRate, e.hitRate, `${at} hit rate`);
    expectClose(p.ir, e.ir, `${at} IR`);
    expectClose(p.longHitRate, e.longHitRate, `${at} long hit rate`);
    expectClose(p.longIr, e.longIr, `${at} long IR`);
  });
}

describe('GET /api/model-metrics/trend on the demo data', () => {
  it('equals an independent SQL computation from the predictions and outcomes, week by week', async () => {
    for (const horizon of HORIZONS) {
      const got = await trend({ model: MODEL, horizon });
      expect(got).toMatchObject({ model: MODEL, horizon, tfFamily: 'all', weeks: 520, span: 1 });
      const expected = await expectedPoints(horizon, { weeks: 520, span: 1, tfs: ['1d'] });
      // Twenty years of weeks, bounded to the last 520 calendar weeks.
      expect(expected.length, horizon).toBeGreaterThan(400);
      expect(expected.length, horizon).toBeLessThanOrEqual(520);
      expect(got.latestWeek).toBe(expected.at(-1)!.week);
      expectPoints(got.points, expected, horizon);
    }
  });

  it('adds up a trailing span of calendar weeks, and bounds the weeks served', async () => {
    const got = await trend({ model: MODEL, horizon: '7d', span: '13', weeks: '60' });
    const expected = await expectedPoints('7d', { weeks: 60, span: 13, tfs: ['1d'] });
    expect(got.points.length).toBeGreaterThan(40);
    expectPoints(got.points, expected, '7d span 13');
    // Each point adds up the weekly points of its 13 calendar weeks.
    const weekly = await trend({ model: MODEL, horizon: '7d', weeks: '80' });
    const { weeksBefore } = await import('@/lib/domain/trend');
    for (const p of got.points) {
      const within = weekly.points.filter(
        (w) => w.week <= p.week && w.week > weeksBefore(p.week, 13),
      );
      expect(p.n, p.week).toBe(within.reduce((s, w) => s + w.n, 0));
      expect(p.nDecisions, p.week).toBe(within.reduce((s, w) => s + w.nDecisions, 0));
    }
  });

  it('defaults to the active model and filters by timeframe family', async () => {
    const all = await trend({ horizon: '1d', weeks: '20' });
    expect(all.model).toBe(MODEL);
    const daily = await trend({ horizon: '1d', weeks: '20', tfFamily: 'daily' });
    expect(daily.points).toEqual(all.points);
    expectPoints(
      daily.points,
      await expectedPoints('1d', { weeks: 20, span: 1, tfs: timeframesOf('daily') }),
      'daily',
    );
    const intraday = await trend({ horizon: '1d', tfFamily: 'intraday' });
    expect(intraday).toMatchObject({ tfFamily: 'intraday', latestWeek: null, points: [] });
    expect((await trend({ horizon: '15m' })).points).toEqual([]);
  });

  it('needs a session and refuses bad input with a 4xx naming the field', async () => {
    expect((await call('/api/model-metrics/trend?horizon=1d')).status).toBe(401);
    for (const [query, field] of [
      ['horizon=1x', 'horizon'],
      ['horizon=01d', 'horizon'],
      ['', 'horizon'],
      ['horizon=1d&weeks=0', 'weeks'],
      ['horizon=1d&weeks=521', 'weeks'],
      ['horizon=1d&span=53', 'span'],
      ['horizon=1d&span=1.5', 'span'],
      ['horizon=1d&tfFamily=weekly', 'tfFamily'],
      ['horizon=1d&model=nope', 'model'],
    ] as const) {
      const response = await call(`/api/model-metrics/trend?${query}`, { as: 'viewer' });
      expect(response.status, query).toBeGreaterThanOrEqual(400);
      expect(response.status, query).toBeLessThan(500);
      expect(response.body._err, query).toBe(field);
    }
  });
});
