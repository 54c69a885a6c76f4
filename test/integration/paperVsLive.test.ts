import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PredictionRow } from '@/lib/domain/predictions';
import type { ScoringMode } from '@/lib/domain/rollout';
import { api } from '../support/api';
import { mulberry32 } from '../support/prng';

// GET /api/paper-vs-live against pairs of a model of this file's own (no other test's rows
// count): predictions written with their serving mode and live decision, outcomes through the
// outcomes writer (which copies both), and every figure recomputed from the predictions' own
// columns by an independent SQL formulation (avg of booleans, stddev_samp) to 1e-9.
const viewer = { kind: 'session', role: 'viewer' } as const;
const MODEL = 'paper-vs-live-test';
const SYMBOLS = ['PVLA', 'PVLB', 'PVLC'];
const HORIZONS = ['1d', '5d'] as const;
const DAY = 86_400_000;
const START = Date.UTC(2021, 0, 4, 14, 30);
const DAYS = 300;
// The period asked for: 2021-03-01 … 2021-09-01 (exclusive), 184 days.
const FROM = '2021-03-01T00:00:00.000Z';
const TO = '2021-09-01T00:00:00.000Z';

/** Preview first, then a live stage (0.5): two symbols live, one shadow; history before. */
function modeOf(symbol: string, d: number): ScoringMode | null {
  if (d < 40) return null;
  if (d < 120) return d === 100 ? 'off' : 'preview';
  return symbol === 'PVLC' ? 'shadow' : 'live';
}

beforeAll(async () => {
  process.env.DATABASE_URL = inject('databaseUrl');
  const { insertPredictions } = await import('@/lib/db/predictions');
  const { insertOutcomes } = await import('@/lib/db/outcomes');
  const { pool } = await import('@/lib/db/client');
  const rand = mulberry32(1313);
  const rows: PredictionRow[] = [];
  const returns = new Map<string, number>();
  for (let d = 0; d < DAYS; d++) {
    for (const symbol of SYMBOLS) {
      for (const tf of ['1d', '1h']) {
        const ts = new Date(START + d * DAY + (tf === '1h' ? 3_600_000 : 0));
        for (const horizon of HORIZONS) {
          const score = (rand() < 0.5 ? -1 : 1) * (0.02 + rand() * 0.6);
          const confid = 0.5 + Math.abs(score) / 2;
          const decision = confid >= 0.55 ? Math.sign(score) : 0;
          const mode = modeOf(symbol, d);
          // Live decisions only above the live threshold; a paused day (d = 200) decides 0.
          const liveDecision =
            mode !== 'live' ? null : d === 200 ? 0 : confid >= 0.65 ? Math.sign(score) : 0;
          // The model is right 58 % of the time; live pairs are a little better.
          const right = rand() < (mode === 'live' ? 0.63 : 0.58);
          const r = Math.sign(score) * (right ? 1 : -1) * 0.003 * (0.2 + rand() * 4);
          rows.push({
            symbol,
            tf,
            horizon,
            cycleSlot: ts,
            ts,
            maturesAt: new Date(ts.getTime() + DAY),
            modelId: MODEL,
            entryClose: 100,
            score,
            rawConfidence: confid,
            confid,
            decision,
            mlBucket: Math.min(1, Math.floor(confid * 10) / 10),
            partRsi: 0,
            partMacd: 0,
            partTrend: 0,
            calibrationId: null,
            backfilled: mode === null,
            mode,
            liveDecision,
          });
          returns.set(`${symbol}|${tf}|${horizon}|${ts.toISOString()}`, r);
        }
      }
    }
  }
  // The period's exclusive end: a pair exactly at `to` must not count.
  const edge = rows.find((r) => r.mode === 'live')!;
  rows.push({ ...edge, ts: new Date(TO), cycleSlot: new Date(TO) });
  returns.set(`${edge.symbol}|${edge.tf}|${edge.horizon}|${TO}`, 0.5);
  await insertPredictions(rows);
  const { rows: stored } = await pool().query<{
    id: string;
    symbol: string;
    tf: string;
    horizon: string;
    ts: Date;
    score: number;
  }>('SELECT id::text, symbol, tf, horizon, ts, score FROM predictions WHERE model_id = $1', [
    MODEL,
  ]);
  await insertOutcomes(
    stored.map((p) => {
      const r = returns.get(`${p.symbol}|${p.tf}|${p.horizon}|${p.ts.toISOString()}`)!;
      return {
        predictionId: p.id,
        closeUsed: 100 * (1 + r),
        closeTs: new Date(p.ts.getTime() + DAY),
        realizedReturn: r,
        hit: Math.sign(p.score) * r > 0,
      };
    }),
  );
});

afterAll(async () => {
  const { pool } = await import('@/lib/db/client');
  await pool().query('DELETE FROM predictions WHERE model_id = $1', [MODEL]);
});

interface Expected {
  horizon: string;
  grp: 'paper' | 'live' | 'history';
  n: number;
  n_dec: number;
  hit_rate: number | null;
  ir: number | null;
  mean_confid: number;
}

/** The figures from the predictions' own columns joined to their outcomes. */
async function expected(filter: { tf?: string; horizon?: string } = {}): Promise<Expected[]> {
  const { pool } = await import('@/lib/db/client');
  const { rows } = await pool().query<Expected>(
    `WITH pairs AS (
       SELECT p.horizon, p.confid, o.realized_return AS r,
              CASE WHEN p.mode IS NULL THEN 'history' WHEN p.mode = 'live' THEN 'live'
                   ELSE 'paper' END AS grp,
              CASE WHEN p.mode = 'live' THEN p.live_decision ELSE p.decision END AS d
       FROM predictions p JOIN outcomes o ON o.prediction_id = p.id
       WHERE p.model_id = $1 AND p.ts >= $2 AND p.ts < $3 AND p.mode IS DISTINCT FROM 'off'
         AND ($4::text IS NULL OR p.tf = $4) AND ($5::text IS NULL OR p.horizon = $5))
     SELECT horizon, grp, count(*)::int AS n, count(*) FILTER (WHERE d <> 0)::int AS n_dec,
            avg((sign(d) = sign(r))::int) FILTER (WHERE d <> 0)::float8 AS hit_rate,
            (avg(d * r) FILTER (WHERE d <> 0) / stddev_samp(d * r) FILTER (WHERE d <> 0)
              * sqrt(365.0 / CASE horizon WHEN '1d' THEN 1 ELSE 5 END))::float8 AS ir,
            avg(confid)::float8 AS mean_confid
     FROM pairs GROUP BY horizon, grp ORDER BY horizon, grp`,
    [MODEL, FROM, TO, filter.tf ?? null, filter.horizon ?? null],
  );
  return rows;
}

describe('GET /api/paper-vs-live', () => {
  it('gives each group of each horizon the figures an independent query finds', async () => {
    const res = await api(`/api/paper-vs-live?model=${MODEL}&from=${FROM}&to=${TO}`, {
      as: viewer,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ model: MODEL, from: FROM, to: TO, tf: null });
    expect(res.body.horizons.map((h) => h.horizon)).toEqual(['1d', '5d']);
    const want = await expected();
    // Preview and history before March, preview and live after: paper and live in the period,
    // no history (it ends 40 days in, 2021-02-13).
    expect(want.map((w) => `${w.horizon} ${w.grp}`)).toEqual([
      '1d live',
      '1d paper',
      '5d live',
      '5d paper',
    ]);
    for (const w of want) {
      const got = res.body.horizons.find((h) => h.horizon === w.horizon)![w.grp];
      expect(got.n, `${w.horizon} ${w.grp}`).toBe(w.n);
      expect(got.nDecisions).toBe(w.n_dec);
      expect(got.hitRate).toBeCloseTo(w.hit_rate!, 9);
      expect(got.ir).toBeCloseTo(w.ir!, 9);
      expect(got.meanConfid).toBeCloseTo(w.mean_confid, 9);
      expect(got.hitInterval!.low).toBeLessThan(got.hitRate!);
      expect(got.hitInterval!.high).toBeGreaterThan(got.hitRate!);
    }
    for (const h of res.body.horizons) {
      expect(h.history).toMatchObject({ n: 0, nDecisions: 0, hitRate: null });
      expect(h.difference.hitRate!.value).toBeCloseTo(h.live.hitRate! - h.paper.hitRate!, 12);
      expect(h.difference.ir!.value).toBeCloseTo(h.live.ir! - h.paper.ir!, 12);
      expect(typeof h.difference.hitRate!.beyondNoise).toBe('boolean');
    }
    // Where each group's pairs are, whatever the period; the pair at `to` (return +50 %) is
    // outside it, which the figures' equality above also says.
    expect(res.body.extents.history).toEqual({
      first: new Date(START).toISOString(),
      last: new Date(START + 39 * DAY + 3_600_000).toISOString(),
    });
    expect(res.body.extents.live).toEqual({
      first: new Date(START + 120 * DAY).toISOString(),
      last: new Date(START + (DAYS - 1) * DAY + 3_600_000).toISOString(),
    });
  });

  it('filters by timeframe and horizon, and counts history in its own column', async () => {
    const res = await api(
      `/api/paper-vs-live?model=${MODEL}&from=2021-01-01&to=2021-04-01&tf=1h&horizon=5d`,
      { as: viewer },
    );
    expect(res.status).toBe(200);
    expect(res.body.horizons.map((h) => h.horizon)).toEqual(['5d']);
    const [h] = res.body.horizons;
    // Days 0 … 86 are before April: 40 of history and 47 of preview, three symbols each.
    expect(h!.history.n).toBe(40 * 3);
    expect(h!.paper.n).toBe(47 * 3);
    expect(h!.live.n).toBe(0);
    expect(h!.difference).toEqual({ hitRate: null, ir: null });
  });

  it('defaults to the active model and the last 90 days', async () => {
    const res = await api('/api/paper-vs-live', { as: viewer });
    expect(res.status).toBe(200);
    expect(res.body.model).toBe('fusion-v2.0.0');
    expect(Date.parse(res.body.to) - Date.parse(res.body.from)).toBe(90 * DAY);
  });

  it('needs a signed-in viewer', async () => {
    const res = await api('/api/paper-vs-live');
    expect(res.status).toBe(401);
  });

  it('refuses bad input by field, and an unknown model with 404', async () => {
    for (const [query, field] of [
      ['from=2021-05-01&to=2021-04-01', 'to'],
      ['from=2021-05-01&to=2021-05-01', 'to'],
      ['from=2020-01-01&to=2021-01-03', 'to'],
      ['from=yesterday', 'from'],
      ['to=0999-01-01', 'to'],
      ['from=10000-01-01', 'from'],
      ['tf=2x', 'tf'],
      ['horizon=abc', 'horizon'],
      ['horizon=', 'horizon'],
      [`model=${'m'.repeat(101)}`, 'model'],
    ] as const) {
      const res = await api(`/api/paper-vs-live?${query}`, { as: viewer });
      expect(res.status, query).toBe(400);
      expect(res.body._err, query).toBe(field);
    }
    const unknown = await api('/api/paper-vs-live?model=no-such-model', { as: viewer });
    expect(unknown.status).toBe(404);
    expect(unknown.body._err).toBe('model');
  });
});
