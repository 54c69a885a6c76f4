import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PredictionRow } from '@/lib/domain/predictions';
import { METRIC_WINDOWS, windowStartDay } from '@/lib/domain/quality';
import { SIGNAL_PARTS } from '@/lib/domain/signalParts';
import { api } from '../support/api';
import { mulberry32 } from '../support/prng';

// GET /api/signal-parts against pairs of a model of this file's own (so no other test's rows
// count, and none of its rows outlive it): every figure recomputed from the stored rows by an
// independent SQL formulation (corr(), FILTER, averages of booleans, UTC dates of the
// prediction) and required equal to 1e-9.
const viewer = { kind: 'session', role: 'viewer' } as const;
const MODEL = 'signal-parts-test';
const SYMBOL = 'SIGPARTS';
const HORIZONS = ['1d', '5d'] as const;
const DAY = 86_400_000;

beforeAll(async () => {
  process.env.DATABASE_URL = inject('databaseUrl');
  const { insertPredictions } = await import('@/lib/db/predictions');
  const { insertOutcomes } = await import('@/lib/db/outcomes');
  const { pool } = await import('@/lib/db/client');
  const rand = mulberry32(1010);
  // Two and a half years of days up to a few hours from now, so every window has pairs; the
  // trend part carries the wins of the 1d horizon, the others are noise with some exact zeros.
  const now = Date.now();
  const rows: PredictionRow[] = [];
  const truth = new Map<string, { r: number; hit: boolean }>();
  for (let day = 900; day >= 0; day--) {
    const ts = new Date(Math.floor((now - day * DAY) / DAY) * DAY + 14.5 * 3_600_000);
    for (const horizon of HORIZONS) {
      const u = rand();
      const decision = u < 0.15 ? 0 : u < 0.55 ? -1 : 1;
      const score = (decision === 0 ? (rand() < 0.5 ? -1 : 1) : decision) * (0.05 + rand() * 0.5);
      const hit = rand() < 0.56;
      const r = Math.sign(score) * (hit ? 1 : -1) * 0.002 * (0.2 + rand() * 5);
      const noise = () => (rand() < 0.05 ? 0 : rand() * 2 - 1);
      const carried = horizon === '1d' && decision !== 0 && hit;
      const trend = carried ? decision * (0.1 + 0.9 * rand()) : noise();
      rows.push({
        symbol: SYMBOL,
        tf: '1d',
        horizon,
        cycleSlot: ts,
        ts,
        maturesAt: new Date(ts.getTime() + DAY),
        modelId: MODEL,
        entryClose: 100,
        score,
        rawConfidence: 0.5 + Math.abs(score) / 2,
        confid: 0.5 + Math.abs(score) / 2,
        decision,
        mlBucket: 0.5,
        partRsi: noise(),
        partMacd: noise(),
        partTrend: trend,
        calibrationId: null,
        backfilled: true,
      } as PredictionRow);
      truth.set(`${horizon}@${ts.toISOString()}`, { r, hit });
    }
  }
  await insertPredictions(rows);
  const { rows: stored } = await pool().query<{ id: string; horizon: string; ts: Date }>(
    'SELECT id::text, horizon, ts FROM predictions WHERE model_id = $1',
    [MODEL],
  );
  await insertOutcomes(
    stored.map((p) => {
      const { r, hit } = truth.get(`${p.horizon}@${p.ts.toISOString()}`)!;
      return {
        predictionId: p.id,
        closeUsed: 100 * (1 + r),
        closeTs: new Date(p.ts.getTime() + DAY),
        realizedReturn: r,
        hit,
      };
    }),
  );
});

afterAll(async () => {
  const { pool } = await import('@/lib/db/client');
  // Outcomes go with their predictions (ON DELETE CASCADE), and the triggers take their sums out.
  await pool().query('DELETE FROM predictions WHERE model_id = $1', [MODEL]);
  await pool().end();
});

interface Expected {
  n: number;
  nd: number;
  wins: number;
  [figure: string]: number | null;
}

/** The figures straight from the rows: a different formulation from lib/db's sums. */
async function expected(horizon: string, fromDay: string | null): Promise<Expected> {
  const { pool } = await import('@/lib/db/client');
  const perPart = SIGNAL_PARTS.map((k) => {
    const agrees = `sign(p.part_${k}) = p.decision`;
    return `corr(p.part_${k}, o.realized_return) AS ${k}_corr,
      avg((${agrees})::int) FILTER (WHERE p.decision <> 0)::float8 AS ${k}_agreement,
      avg(o.hit::int) FILTER (WHERE p.decision <> 0 AND ${agrees})::float8 AS ${k}_hit_agree,
      avg(o.hit::int) FILTER (WHERE p.decision <> 0 AND NOT ${agrees})::float8 AS ${k}_hit_disagree,
      avg((${agrees})::int) FILTER (WHERE p.decision <> 0 AND o.hit)::float8 AS ${k}_win_share`;
  }).join(',\n');
  const { rows } = await pool().query<Expected>(
    `SELECT count(*)::int AS n, count(*) FILTER (WHERE p.decision <> 0)::int AS nd,
            count(*) FILTER (WHERE p.decision <> 0 AND o.hit)::int AS wins,
            ${perPart}
     FROM predictions p JOIN outcomes o ON o.prediction_id = p.id
     WHERE p.model_id = $1 AND p.horizon = $2
       AND ($3::date IS NULL OR (p.ts AT TIME ZONE 'UTC')::date >= $3::date)`,
    [MODEL, horizon, fromDay],
  );
  return rows[0]!;
}

function expectClose(actual: number | null, want: number | null, label: string) {
  if (want === null) return expect(actual, label).toBeNull();
  expect(actual, label).not.toBeNull();
  expect(Math.abs(actual! - want), label).toBeLessThanOrEqual(1e-9);
}

describe('GET /api/signal-parts', () => {
  it('equals an independent SQL computation for every horizon and window', async () => {
    for (const horizon of HORIZONS) {
      for (const w of METRIC_WINDOWS) {
        const before = new Date();
        const res = await api(
          `/api/signal-parts?model=${MODEL}&horizon=${horizon}&window=${w.name}`,
          {
            as: viewer,
          },
        );
        expect(res.status).toBe(200);
        const body = res.body;
        expect(body).toMatchObject({
          model: MODEL,
          horizon,
          window: w.name,
          horizons: ['1d', '5d'],
        });
        if (w.days === null) expect(body.fromDay).toBeNull();
        // The window's first day as the metrics job defines it (a call across midnight UTC may
        // see either day).
        else
          expect([windowStartDay(before, w.days), windowStartDay(new Date(), w.days)]).toContain(
            body.fromDay,
          );
        const want = await expected(horizon, body.fromDay);
        const label = `${horizon} ${w.name}`;
        expect(want.n, label).toBeGreaterThan(0);
        expect({ n: body.n, nDecisions: body.nDecisions, wins: body.wins }, label).toEqual({
          n: want.n,
          nDecisions: want.nd,
          wins: want.wins,
        });
        for (const p of body.parts) {
          const k = p.part;
          expectClose(p.correlation, want[`${k}_corr`], `${label} ${k} correlation`);
          expectClose(p.agreement, want[`${k}_agreement`], `${label} ${k} agreement`);
          expectClose(p.hitRateAgree, want[`${k}_hit_agree`], `${label} ${k} hit when agreeing`);
          expectClose(p.hitRateDisagree, want[`${k}_hit_disagree`], `${label} ${k} hit otherwise`);
          expectClose(p.winShare, want[`${k}_win_share`], `${label} ${k} win share`);
        }
      }
    }
  });

  it('shows the part built to carry the wins with a share of 1', async () => {
    const res = await api(`/api/signal-parts?model=${MODEL}&horizon=1d`, { as: viewer });
    expect(res.status).toBe(200);
    const share = Object.fromEntries(res.body.parts.map((p) => [p.part, p.winShare]));
    expect(share.trend).toBe(1);
    expect(share.rsi).toBeGreaterThan(0.35);
    expect(share.rsi).toBeLessThan(0.65);
  });

  it('draws the trend from the same rows: per ISO week over 90 days', async () => {
    const res = await api(`/api/signal-parts?model=${MODEL}&horizon=5d&window=90d`, { as: viewer });
    expect(res.body.trend).toMatchObject({ unit: 'week', span: 1 });
    const { pool } = await import('@/lib/db/client');
    const { rows } = await pool().query<{ week: string; wins: number; rsi: number | null }>(
      `SELECT to_char(date_trunc('week', p.ts AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS week,
              count(*) FILTER (WHERE p.decision <> 0 AND o.hit)::int AS wins,
              avg((sign(p.part_rsi) = p.decision)::int)
                FILTER (WHERE p.decision <> 0 AND o.hit)::float8 AS rsi
       FROM predictions p JOIN outcomes o ON o.prediction_id = p.id
       WHERE p.model_id = $1 AND p.horizon = '5d' AND (p.ts AT TIME ZONE 'UTC')::date >= $2::date
       GROUP BY 1 ORDER BY 1`,
      [MODEL, res.body.fromDay],
    );
    expect(res.body.trend.points.map((p) => p.start.slice(0, 10))).toEqual(rows.map((r) => r.week));
    res.body.trend.points.forEach((p, i) => {
      expect(p.wins).toBe(rows[i]!.wins);
      expectClose(p.winShare.rsi, rows[i]!.rsi, `week ${rows[i]!.week}`);
    });
    const all = await api(`/api/signal-parts?model=${MODEL}&horizon=5d`, { as: viewer });
    expect(all.body.trend).toMatchObject({ unit: 'week', span: 52 });
    expect(all.body.trend.points.length).toBeGreaterThan(100);
    expect(all.body.trend.points.length).toBeLessThanOrEqual(520);
  });

  it('defaults to the active model, its shortest horizon and all time', async () => {
    const res = await api('/api/signal-parts', { as: viewer });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ model: 'fusion-v2.0.0', window: 'all', fromDay: null });
    const own = await api(`/api/signal-parts?model=${MODEL}`, { as: viewer });
    expect(own.body.horizon).toBe('1d');
  });

  it('needs a signed-in viewer', async () => {
    const res = await api('/api/signal-parts');
    expect(res.status).toBe(401);
  });

  it('refuses bad input by field, and an unknown model with 404', async () => {
    for (const [query, field] of [
      ['horizon=abc', 'horizon'],
      ['horizon=1y', 'horizon'],
      ['window=1y', 'window'],
      ['window=', 'window'],
      [`model=${'m'.repeat(101)}`, 'model'],
    ] as const) {
      const res = await api(`/api/signal-parts?${query}`, { as: viewer });
      expect(res.status, query).toBe(400);
      expect(res.body._err, query).toBe(field);
    }
    const unknown = await api('/api/signal-parts?model=no-such-model', { as: viewer });
    expect(unknown.status).toBe(404);
    expect(unknown.body._err).toBe('model');
  });
});
