import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { computeFeatures } from '@/lib/domain/indicators';
import { applyCalibration, calibrationChecksum } from '@/lib/domain/calibration';
import { fuse, FUSION_V2_DEFAULTS, type ScoringFeatures } from '@/lib/domain/fusion';
import { rolloutPosition } from '@/lib/domain/rollout';
import { api } from '../support/api';
import { SOME_INDICATORS, SPX_LAST_CANDLE, storedScoreRows } from '../support/scoreFeatures';

const operator = { kind: 'session', role: 'operator' } as const;
const internal = { kind: 'internal' } as const;
const admin = { kind: 'session', role: 'admin' } as const;

const feature = SPX_LAST_CANDLE;
const indicators = SOME_INDICATORS;

const rows = storedScoreRows;

async function setStage(stage: string) {
  // The tests jump between stages: an admin's forced change (eligibility is not the subject here).
  const response = await api('/api/rollout', {
    body: { stage, reason: 'integration test', force: true },
    as: admin,
  });
  expect(response.status).toBe(200);
  // Every process re-reads the stage at least every 500 ms.
  await new Promise((r) => setTimeout(r, 600));
}

beforeAll(async () => {
  process.env.DATABASE_URL = inject('databaseUrl');
  await setStage('preview');
});

afterAll(async () => {
  await setStage('preview');
});

describe('POST /api/ml/score', () => {
  it('answers the SPEC contract and audits the score', async () => {
    const before = await rows();
    const response = await api('/api/ml/score', {
      body: { feature: { ...feature, ...indicators } },
      as: internal,
    });
    expect(response.status).toBe(200);
    const expected = fuse(FUSION_V2_DEFAULTS, { c: feature.c, ...indicators });
    expect(response.body).toEqual({
      decision: expected.decision,
      confid: expected.confid,
      score: expected.score,
      ml_bucket: expected.ml_bucket,
      ml_signal_parts: expected.ml_signal_parts,
      guardrails: expect.objectContaining({
        status: expect.any(String),
        advisory: false,
        reasons: expect.any(Array),
      }),
      advisory: true,
      mode: 'preview',
      modelId: 'fusion-v2.0.0',
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      calibration: 'identity',
    });
    expect(response.body.guardrails).toHaveProperty('p95');
    expect(response.body.guardrails).toHaveProperty('err');
    expect(response.body.guardrails).toHaveProperty('staleness', null);
    expect(await rows()).toEqual({ events: before.events + 1, audits: before.audits + 1 });

    const audit = await api('/api/audit/list', {
      body: { limit: 1, action: 'ml.score' },
      as: operator,
    });
    expect(audit.body.items[0]).toMatchObject({
      action: 'ml.score',
      actor: 'internal',
      details: {
        requestId: response.body.requestId,
        decision: response.body.decision,
        confid: response.body.confid,
        score: response.body.score,
        ml_bucket: response.body.ml_bucket,
        ml_signal_parts: response.body.ml_signal_parts,
        guardrails: response.body.guardrails,
        modelId: 'fusion-v2.0.0',
        mode: 'preview',
        latencyMs: expect.any(Number),
      },
    });
  });

  it('computes missing indicators from the stored candles up to ts', async () => {
    const history = await api(
      '/api/features?symbol=SPX&tf=1d&to=2020-04-17T04:00:00Z&limit=10000',
      {
        as: operator,
      },
    );
    // The full history's last row has every indicator.
    const last = history.body.rows.at(-1) as ScoringFeatures;
    const response = await api('/api/ml/score', { body: { feature }, as: operator });
    expect(response.status).toBe(200);
    const expected = fuse(FUSION_V2_DEFAULTS, last);
    expect(response.body.score).toBe(expected.score);
    expect(response.body.ml_signal_parts).toEqual(expected.ml_signal_parts);
    // A close different from the stored one changes the features: the request's candle counts.
    const closes = history.body.rows.map((r: { c: number }) => r.c);
    closes[closes.length - 1] = 2500;
    const shifted = computeFeatures(closes).at(-1)!;
    const moved = await api('/api/ml/score', {
      body: { feature: { ...feature, c: 2500, l: 2500, o: 2842 } },
      as: operator,
    });
    expect(moved.status).toBe(200);
    expect(moved.body.score).toBe(fuse(FUSION_V2_DEFAULTS, { c: 2500, ...shifted } as never).score);
  });

  it('answers 422 naming the indicator when history is too short to compute it', async () => {
    const before = await rows();
    const response = await api('/api/ml/score', {
      body: {
        feature: { ...feature, ts: '2000-01-20T05:00:00Z', o: 1450, h: 1460, l: 1440, c: 1455 },
      },
      as: operator,
    });
    expect(response.status).toBe(422);
    expect(response.body._err).toBe('feature.rsi_14');
    expect(await rows()).toEqual(before);
  });

  const invalid: [string, string, string | RegExp][] = [
    [
      'null price',
      JSON.stringify({ feature: { ...feature, ...indicators, c: null } }),
      'feature.c',
    ],
    [
      'NaN as a string',
      JSON.stringify({ feature: { ...feature, ...indicators, o: 'NaN' } }),
      'feature.o',
    ],
    [
      'Infinity (1e999)',
      JSON.stringify({ feature: { ...feature, ...indicators, ema_20: 1 } }).replace(
        '"ema_20":1',
        '"ema_20":1e999',
      ),
      'feature.ema_20',
    ],
    [
      'a number as a string',
      JSON.stringify({ feature: { ...feature, ...indicators, v: '100' } }),
      'feature.v',
    ],
    [
      'high below low',
      JSON.stringify({
        feature: { ...feature, ...indicators, h: 2000, l: 2100, o: 2050, c: 2050 },
      }),
      'feature.h',
    ],
    [
      'close above high',
      JSON.stringify({ feature: { ...feature, ...indicators, c: 3000 } }),
      'feature.c',
    ],
    [
      'an unknown timeframe',
      JSON.stringify({ feature: { ...feature, ...indicators, tf: '2h' } }),
      'feature.tf',
    ],
    [
      'an unknown model',
      JSON.stringify({ modelId: 'fusion-v9', feature: { ...feature, ...indicators } }),
      'modelId',
    ],
    [
      'an unknown field',
      JSON.stringify({ feature: { ...feature, ...indicators, rsi14: 3 } }),
      'feature',
    ],
    [
      'RSI out of range',
      JSON.stringify({ feature: { ...feature, ...indicators, rsi_14: 140 } }),
      'feature.rsi_14',
    ],
    ['no feature', JSON.stringify({}), 'feature'],
    ['malformed JSON', '{"feature": {', 'body'],
    [
      'a body over 16 KiB',
      JSON.stringify({ feature: { ...feature, ...indicators }, pad: 'x'.repeat(17_000) }),
      'body',
    ],
    [
      'a bad timestamp',
      JSON.stringify({ feature: { ...feature, ...indicators, ts: 'yesterday' } }),
      'feature.ts',
    ],
  ];

  it.each(invalid)(
    'refuses %s with a 4xx naming the field, storing nothing',
    async (_name, body, field) => {
      const before = await rows();
      const response = await api('/api/ml/score', {
        body,
        as: operator,
        headers: { 'content-type': 'application/json' },
      });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.body._err).toBe(field);
      expect(await rows()).toEqual(before);
    },
  );
});

describe('rollout stages', () => {
  // SPX|1d sits at 0.475 of the hash space: shadow at 0.1, live from 0.5.
  it('serves SPX 1d as the stage and its hash position say', async () => {
    expect(rolloutPosition('SPX', '1d')).toBeGreaterThan(0.1);
    expect(rolloutPosition('SPX', '1d')).toBeLessThan(0.5);
    const body = { feature: { ...feature, rsi_14: 20, macd_hist: 30, ema_20: 2900, ema_50: 2700 } };
    const expectations: [string, string, boolean][] = [
      ['off', 'off', true],
      ['preview', 'preview', true],
      ['0.1', 'shadow', true],
      ['0.5', 'live', false],
      ['1.0', 'live', false],
    ];
    for (const [stage, mode, advisory] of expectations) {
      await setStage(stage);
      const response = await api('/api/ml/score', { body, as: operator });
      expect({ stage, mode: response.body.mode, advisory: response.body.advisory }).toEqual({
        stage,
        mode,
        advisory,
      });
      expect(response.body.decision).toBe(stage === 'off' ? 0 : 1);
    }
  });

  it('records who changed the stage and why, and refuses an unknown stage', async () => {
    const bad = await api('/api/rollout', { body: { stage: '0.25', reason: 'no' }, as: operator });
    expect(bad.status).toBe(400);
    expect(bad.body._err).toBe('stage');
    const noReason = await api('/api/rollout', { body: { stage: 'off' }, as: operator });
    expect(noReason.body._err).toBe('reason');
    await setStage('0.5');
    const audit = await api('/api/audit/list', {
      body: { limit: 1, action: 'rollout.change' },
      as: operator,
    });
    expect(audit.body.items[0]).toMatchObject({
      actor: 'admin@test.local',
      details: { to: '0.5', reason: 'integration test' },
    });
  });
});

describe('guardrail rehearsal (x-test-guardrails)', () => {
  const body = { feature: { ...feature, rsi_14: 20, macd_hist: 30, ema_20: 2900, ema_50: 2700 } };

  it('forces decision 0 and advisory for an operator, even in a live stage', async () => {
    await setStage('1.0');
    const normal = await api('/api/ml/score', { body, as: operator });
    expect(normal.body).toMatchObject({ decision: 1, advisory: false, mode: 'live' });
    for (const caller of [operator, internal, admin]) {
      const rehearsal = await api('/api/ml/score', {
        body,
        as: caller,
        headers: { 'x-test-guardrails': 'p95=1600,err=0.03' },
      });
      expect(rehearsal.status).toBe(200);
      expect(rehearsal.body).toMatchObject({
        decision: 0,
        advisory: true,
        guardrails: { status: 'fail', advisory: true, p95: 1600, err: 0.03 },
      });
    }
  });

  it('is refused for an API token and for anonymous callers', async () => {
    const created = await api('/api/admin/tokens', {
      body: { name: 'scorer', scopes: ['score'] },
      as: admin,
    });
    const token = { kind: 'bearer', token: created.body.secret } as const;
    expect((await api('/api/ml/score', { body, as: token })).status).toBe(200);
    const refused = await api('/api/ml/score', {
      body,
      as: token,
      headers: { 'x-test-guardrails': 'p95=1600,err=0.03' },
    });
    expect(refused.status).toBe(403);
    expect(refused.body._err).toBe('x-test-guardrails');
    const anonymous = await api('/api/ml/score', {
      body,
      headers: { 'x-test-guardrails': 'p95=1600,err=0.03' },
    });
    expect(anonymous.status).toBe(401);
  });

  it('refuses a malformed rehearsal header by name', async () => {
    const response = await api('/api/ml/score', {
      body,
      as: operator,
      headers: { 'x-test-guardrails': 'p95=slow' },
    });
    expect(response.status).toBe(400);
    expect(response.body._err).toBe('x-test-guardrails');
  });
});

describe('POST /api/audit/list', () => {
  it('pages newest first with a stable cursor while entries keep arriving', async () => {
    for (let i = 0; i < 5; i++)
      await api('/api/ml/score', {
        body: { feature: { ...feature, ...indicators } },
        as: internal,
      });
    const first = await api('/api/audit/list', {
      body: { limit: 3, action: 'ml.score' },
      as: operator,
    });
    expect(first.body.items).toHaveLength(3);
    // New entries land while paging: the next page continues where the first stopped.
    await api('/api/ml/score', { body: { feature: { ...feature, ...indicators } }, as: internal });
    const second = await api('/api/audit/list', {
      body: { limit: 3, action: 'ml.score', cursor: first.body.nextCursor },
      as: operator,
    });
    const ids = [...first.body.items, ...second.body.items].map((i: { id: string }) =>
      BigInt(i.id),
    );
    expect(new Set(ids).size).toBe(6);
    expect([...ids].sort((a, b) => (a > b ? -1 : 1))).toEqual(ids);
    expect(second.body.items.every((i: { action: string }) => i.action === 'ml.score')).toBe(true);
  });

  it('filters by time and refuses bad limits and cursors by name', async () => {
    const future = await api('/api/audit/list', {
      body: { limit: 10, since: '2999-01-01T00:00:00Z' },
      as: operator,
    });
    expect(future.body).toEqual({ items: [], nextCursor: null });
    for (const [body, field] of [
      [{ limit: 0 }, 'limit'],
      [{ limit: 501 }, 'limit'],
      [{ limit: 10, cursor: 'abc' }, 'cursor'],
      [{ limit: 10, since: 'last week' }, 'since'],
    ] as const) {
      const response = await api('/api/audit/list', { body, as: operator });
      expect(response.status).toBe(400);
      expect(response.body._err).toBe(field);
    }
  });
});

describe('GET /api/ml/test/determinism', () => {
  it('passes every golden vector of the Python reference', async () => {
    const response = await api('/api/ml/test/determinism');
    expect(response.status).toBe(200);
    expect(response.body.total).toBeGreaterThanOrEqual(3);
    expect(response.body.passed).toBe(response.body.total);
    expect(response.body.cases.every((c: { passed: boolean }) => c.passed)).toBe(true);
  });
});

describe('calibration of a score request', () => {
  it('uses the map of its timeframe family at its primary horizon, and says which', async () => {
    const { pool } = await import('@/lib/db/client');
    // An intraday 4h map: what a 1h request is calibrated with (primaryHorizon('1h') = '4h').
    const map = { x: [0, 1], y: [0.2, 0.9] };
    const { rows } = await pool().query<{ id: string }>(
      `INSERT INTO calibration_maps (model_id, tf_family, horizon, version, n_pairs, x, y, checksum)
       VALUES ('fusion-v2.0.0', 'intraday', '4h', 1, 150, $1, $2, $3) RETURNING id::text`,
      [map.x, map.y, calibrationChecksum(map)],
    );
    try {
      const features = { c: feature.c, ...indicators };
      const hourly = await api('/api/ml/score', {
        body: { feature: { ...feature, tf: '1h', ...indicators } },
        as: internal,
      });
      expect(hourly.status).toBe(200);
      const calibrated = fuse(FUSION_V2_DEFAULTS, features, {
        calibrate: (p) => applyCalibration(map, p),
      });
      expect(calibrated.confid).not.toBe(fuse(FUSION_V2_DEFAULTS, features).confid);
      expect(hourly.body).toMatchObject({
        calibration: { horizon: '4h', version: 1 },
        confid: calibrated.confid,
        score: calibrated.score,
        ml_bucket: calibrated.ml_bucket,
      });

      // The same candle as a daily request: no daily map exists, so no calibration, and it says so.
      const daily = await api('/api/ml/score', {
        body: { feature: { ...feature, ...indicators } },
        as: internal,
      });
      expect(daily.status).toBe(200);
      expect(daily.body).toMatchObject({
        calibration: 'identity',
        confid: fuse(FUSION_V2_DEFAULTS, features).confid,
      });
    } finally {
      await pool().query('DELETE FROM calibration_maps WHERE id = $1', [rows[0]!.id]);
    }
  });
});

describe('x-traffic-origin', () => {
  const body = { feature: { ...feature, ...indicators } };
  const latestAudit = async () =>
    (await api('/api/audit/list', { body: { limit: 1, action: 'ml.score' }, as: operator })).body
      .items[0];

  it('records the origin a caller marks its scores with, on both score routes', async () => {
    const marked = await api('/api/ml/score', {
      body,
      as: internal,
      headers: { 'x-traffic-origin': 'certification' },
    });
    expect(marked.status).toBe(200);
    expect((await latestAudit()).details).toMatchObject({
      requestId: marked.body.requestId,
      origin: 'certification',
    });
    const batch = await api('/api/ml/score/batch', {
      body: { features: [body.feature] },
      as: internal,
      headers: { 'x-traffic-origin': 'rollout-probe' },
    });
    expect(batch.status).toBe(200);
    expect((await latestAudit()).details).toMatchObject({
      requestId: batch.body.results[0].requestId,
      origin: 'rollout-probe',
    });
    const unmarked = await api('/api/ml/score', { body, as: internal });
    expect((await latestAudit()).details).toMatchObject({
      requestId: unmarked.body.requestId,
      origin: null,
    });
  });

  it('refuses an origin it does not know, by name, and stores nothing', async () => {
    const before = await rows();
    const response = await api('/api/ml/score', {
      body,
      as: internal,
      headers: { 'x-traffic-origin': 'canary' },
    });
    expect(response.status).toBe(400);
    expect(response.body._err).toBe('x-traffic-origin');
    expect(response.body.message).toContain('certification');
    expect(await rows()).toEqual(before);
  });
});
