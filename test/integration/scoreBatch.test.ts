import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { fuse, FUSION_V2_DEFAULTS } from '@/lib/domain/fusion';
import { api } from '../support/api';
import { startAppServer, type AppServer } from '../support/appServer';
import {
  SOME_INDICATORS,
  SPX_LAST_CANDLE,
  storedScoreRows,
  syntheticFeature,
} from '../support/scoreFeatures';

const operator = { kind: 'session', role: 'operator' } as const;
const admin = { kind: 'session', role: 'admin' } as const;
const internal = { kind: 'internal' } as const;

const spx = SPX_LAST_CANDLE;
const indicators = SOME_INDICATORS;

const synthetic = (i: number) =>
  syntheticFeature(i, { prefix: 'BATCH', symbols: 7, timeframes: ['1m', '1h', '1d'] });

const rows = storedScoreRows;

beforeAll(() => {
  process.env.DATABASE_URL = inject('databaseUrl');
});

afterAll(async () => {
  const { pool } = await import('@/lib/db/client');
  await pool().end();
});

describe('POST /api/ml/score/batch', () => {
  it('answers every item in order: scores for valid ones, its own 4xx for each bad one', async () => {
    const before = await rows();
    const features = [
      { ...spx, ...indicators },
      { ...spx, ...indicators, h: 2000, l: 2100, o: 2050, c: 2050 }, // high below low
      spx, // indicators computed from the stored candles, as the single route does
      { ...spx, ...indicators, tf: '2h' },
      synthetic(4),
      { ...spx, ts: '2000-01-20T05:00:00Z', o: 1450, h: 1460, l: 1440, c: 1455 }, // too little history
      { ...spx, ...indicators, rsi14: 3 },
      'not a feature',
      { ...spx, ...indicators, v: '100' },
      synthetic(9),
    ];
    const response = await api('/api/ml/score/batch', { body: { features }, as: internal });
    expect(response.status).toBe(200);
    const { results } = response.body;
    expect(results).toHaveLength(features.length);
    expect(response.body).toMatchObject({ scored: 4, refused: 6, failed: 0 });

    const scoredAt = [0, 2, 4, 9];
    const errors = results.map((r: { _err?: string; status?: number }) =>
      r._err === undefined ? null : [r._err, r.status],
    );
    expect(errors).toEqual([
      null,
      ['features[1].h', 400],
      null,
      ['features[3].tf', 400],
      null,
      ['features[5].rsi_14', 422],
      ['features[6]', 400],
      ['features[7]', 400],
      ['features[8].v', 400],
      null,
    ]);
    for (const r of results.filter((r: { _err?: string }) => r._err))
      expect(r.message).toEqual(expect.any(String));

    // Scored items answer exactly what the single route answers for them.
    const single = await api('/api/ml/score', {
      body: { feature: { ...spx, ...indicators } },
      as: internal,
    });
    const modelOutput = (r: Record<string, unknown>) => {
      const { requestId: _id, guardrails: _observedSlo, ...rest } = r;
      return rest;
    };
    expect(modelOutput(results[0])).toEqual(modelOutput(single.body));
    expect(Object.keys(results[0]).sort()).toEqual(Object.keys(single.body).sort());
    expect(results[0].score).toBe(fuse(FUSION_V2_DEFAULTS, { c: spx.c, ...indicators }).score);
    const computed = await api('/api/ml/score', { body: { feature: spx }, as: internal });
    expect(results[2].score).toBe(computed.body.score);
    expect(results[2].ml_signal_parts).toEqual(computed.body.ml_signal_parts);

    // Exactly the valid ones are stored (plus the two single requests above), in order.
    expect(await rows()).toEqual({ events: before.events + 6, audits: before.audits + 6 });
    const audit = await api('/api/audit/list', {
      body: { limit: 6, action: 'ml.score' },
      as: operator,
    });
    const batchAudits = audit.body.items.slice(2).reverse(); // newest first; skip the two singles
    expect(batchAudits.map((a: { details: { requestId: string } }) => a.details.requestId)).toEqual(
      scoredAt.map((i) => results[i].requestId),
    );
    expect(
      batchAudits.map((a: { details: { batchIndex: number } }) => a.details.batchIndex),
    ).toEqual(scoredAt);
    expect(batchAudits[1]).toMatchObject({
      actor: 'internal',
      details: {
        symbol: 'SPX',
        decision: results[2].decision,
        confid: results[2].confid,
        ml_bucket: results[2].ml_bucket,
        ml_signal_parts: results[2].ml_signal_parts,
        guardrails: results[2].guardrails,
      },
    });
    const { pool } = await import('@/lib/db/client');
    const events = await pool().query<{ n: number }>(
      'SELECT count(*)::int AS n FROM score_events WHERE request_id = ANY($1::uuid[])',
      [scoredAt.map((i) => results[i].requestId)],
    );
    expect(events.rows[0]!.n).toBe(4);
  });

  it('scores 1,000 items in one request and stores every one', async () => {
    const before = await rows();
    const features = Array.from({ length: 1000 }, (_, i) => synthetic(i));
    const response = await api('/api/ml/score/batch', { body: { features }, as: internal });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ scored: 1000, refused: 0, failed: 0 });
    expect(
      response.body.results.every((r: { decision?: number }) => typeof r.decision === 'number'),
    ).toBe(true);
    expect(await rows()).toEqual({ events: before.events + 1000, audits: before.audits + 1000 });
  });

  const refusedWhole: [string, string | object, number, string][] = [
    [
      '1,001 items',
      { features: Array.from({ length: 1001 }, (_, i) => synthetic(i)) },
      400,
      'features',
    ],
    ['features that are not an array', { features: { 0: synthetic(0) } }, 400, 'features'],
    ['no features', { features: [] }, 400, 'features'],
    ['an unknown envelope field', { features: [synthetic(0)], feature: synthetic(1) }, 400, 'body'],
    ['an unknown model', { modelId: 'fusion-v9', features: [synthetic(0)] }, 400, 'modelId'],
    ['malformed JSON', '{"features": [', 400, 'body'],
    [
      'a body over 2 MiB',
      { features: [synthetic(0)], pad: 'x'.repeat(2 * 1024 * 1024) },
      413,
      'body',
    ],
  ];

  it.each(refusedWhole)(
    'refuses %s as a whole with a 4xx naming the field, storing nothing',
    async (_name, body, status, field) => {
      const before = await rows();
      const response = await api('/api/ml/score/batch', {
        body: typeof body === 'string' ? body : JSON.stringify(body),
        as: internal,
        headers: { 'content-type': 'application/json' },
      });
      expect(response.status).toBe(status);
      expect(response.body._err).toBe(field);
      expect(await rows()).toEqual(before);
    },
  );

  it('takes the same callers as the single route', async () => {
    const body = { features: [synthetic(1)] };
    const before = await rows();
    expect((await api('/api/ml/score/batch', { body })).status).toBe(401);
    const viewer = await api('/api/ml/score/batch', {
      body,
      as: { kind: 'session', role: 'viewer' },
    });
    expect(viewer.status).toBe(403);
    const token = async (name: string, scopes: string[]) =>
      (await api('/api/admin/tokens', { body: { name, scopes }, as: admin })).body.secret as string;
    const readOnly = await api('/api/ml/score/batch', {
      body,
      as: { kind: 'bearer', token: await token('batch-read', ['read']) },
    });
    expect(readOnly.status).toBe(403);
    expect(await rows()).toEqual(before);
    const scorer = await api('/api/ml/score/batch', {
      body,
      as: { kind: 'bearer', token: await token('batch-score', ['score']) },
    });
    expect(scorer.status).toBe(200);
    const asOperator = await api('/api/ml/score/batch', { body, as: operator });
    expect(asOperator.status).toBe(200);
    // The rehearsal header, as on the single route: operators yes, tokens no.
    const rehearsal = await api('/api/ml/score/batch', {
      body,
      as: operator,
      headers: { 'x-test-guardrails': 'p95=1600,err=0.03' },
    });
    expect(rehearsal.body.results[0]).toMatchObject({ decision: 0, advisory: true });
  });
});

describe('POST /api/ml/score/batch rate limit', () => {
  const token = randomBytes(16).toString('hex');
  let server: AppServer;

  beforeAll(async () => {
    server = await startAppServer({
      databaseUrl: inject('databaseUrl'),
      env: { INTERNAL_API_TOKEN: token, SCORE_RATE_LIMIT_PER_MINUTE: '10' },
    });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  const batch = (n: number) =>
    fetch(`${server.baseUrl}/api/ml/score/batch`, {
      method: 'POST',
      headers: { 'x-internal-api-token': token, 'content-type': 'application/json' },
      body: JSON.stringify({ features: Array.from({ length: n }, (_, i) => synthetic(i)) }),
    });

  it('counts every item against the per-minute score limit', async () => {
    const before = await rows();
    expect((await batch(8)).status).toBe(200);
    const over = await batch(3); // 8 + 3 > 10
    expect(over.status).toBe(429);
    expect(((await over.json()) as { _err: string })._err).toBe('rate');
    // The single route draws on the same count, already past 10: 8 + 3 (a refused batch
    // counts, as a refused single request does).
    const single = await fetch(`${server.baseUrl}/api/ml/score`, {
      method: 'POST',
      headers: { 'x-internal-api-token': token, 'content-type': 'application/json' },
      body: JSON.stringify({ feature: synthetic(0) }),
    });
    expect(single.status).toBe(429);
    const tooBig = await batch(11);
    expect(tooBig.status).toBe(429);
    expect(((await tooBig.json()) as { message: string }).message).toContain('more than the 10');
    expect(await rows()).toEqual({ events: before.events + 8, audits: before.audits + 8 });
  });
});
