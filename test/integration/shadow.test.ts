import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startBackfilledDemo, type BackfilledDemo } from '../support/backfilledDemo';

// Shadow scoring, the active-vs-candidate comparison and promotion (issue 13) on a database of
// this file's own: the demo's 20 years of S&P 500 days backfilled as of NOW, a real `next start`,
// cycles and the shadow backfill run in this process with explicit times.
const NOW = new Date('2026-11-24T12:00:00Z');
const ACTIVE = 'fusion-v2.0.0';
const CANDIDATE = 'fusion-v2.1.0-shadow-test';
const FROM = '2015-01-01T00:00:00.000Z';

let demo: BackfilledDemo;
const call: BackfilledDemo['call'] = (path, init) => demo.call(path, init);

beforeAll(async () => {
  // Far more than the demo has: promotion is refused for too few outcomes, deterministically.
  process.env.PROMOTION_MIN_OUTCOMES = '1000000';
  demo = await startBackfilledDemo(NOW);
}, 300_000);

afterAll(async () => {
  delete process.env.PROMOTION_MIN_OUTCOMES;
  await demo?.stop();
});

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const { pool } = await import('@/lib/db/client');
  return (await pool().query(sql, params)).rows as T[];
}

/** A new SPX day after the last one (its close 1 % up), so a cycle has a new candle to score. */
async function addCandle(): Promise<Date> {
  const [last] = await query<{ ts: Date }>(
    `SELECT max(ts) AS ts FROM candles WHERE symbol = 'SPX' AND tf = '1d'`,
  );
  const ts = new Date(last!.ts.getTime() + 86_400_000);
  await query(
    `INSERT INTO candles (symbol, tf, ts, o, h, l, c, v, source)
     SELECT symbol, tf, $1, c, c * 1.02, c * 0.98, c * 1.01, v, source FROM candles
     WHERE symbol = 'SPX' AND tf = '1d' AND ts = $2`,
    [ts, last!.ts],
  );
  return ts;
}

async function cycle(slot: Date) {
  const { runCycle } = await import('@/lib/jobs/cycle');
  return runCycle({ slot, now: slot, instance: 'shadow-test' });
}

const keysAt = (table: string, model: string, ts: Date) =>
  query<{ horizon: string }>(
    `SELECT horizon FROM ${table} WHERE model_id = $1 AND symbol = 'SPX' AND ts = $2 ORDER BY horizon`,
    [model, ts],
  );

function expectClose(actual: number | null | undefined, expected: number | null, label: string) {
  expect(actual, label).not.toBeNull();
  expect(expected, label).not.toBeNull();
  expect(Math.abs(actual! - expected!), label).toBeLessThanOrEqual(
    1e-9 * Math.max(1, Math.abs(expected!)),
  );
}

describe('shadow scoring of a candidate', () => {
  it('refuses promotion of a candidate without shadow outcomes; operators cannot override', async () => {
    await query(
      `INSERT INTO model_versions (id, feature_version, weight_rsi, weight_macd, weight_trend,
                                   threshold, live_threshold, status, notes)
       VALUES ($1, 'v2.0.0', 0.5, 0.25, 0.25, 0.55, 0.65, 'candidate', 'shadow test')`,
      [CANDIDATE],
    );
    const dry = await call(`/api/models/${CANDIDATE}/promotion`, { as: 'viewer' });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({
      candidate: CANDIDATE,
      active: ACTIVE,
      eligible: false,
      matured: 0,
      required: 1000000,
      shadowRows: 0,
    });
    const refused = await call(`/api/models/${CANDIDATE}/promote`, {
      as: 'operator',
      body: { reason: 'try it' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body._err).toBe('id');
    expect(refused.body.unmet).toEqual([
      '0 matured shadow outcomes, fewer than the 1000000 required (PROMOTION_MIN_OUTCOMES)',
    ]);
    const operatorOverride = await call(`/api/models/${CANDIDATE}/promote`, {
      as: 'operator',
      body: { reason: 'try it', override: true },
    });
    expect(operatorOverride.status).toBe(403);
    expect(operatorOverride.body._err).toBe('override');
    expect(
      (await call(`/api/models/${CANDIDATE}/promote`, { as: 'viewer', body: { reason: 'x y z' } }))
        .status,
    ).toBe(403);
    const [model] = await query<{ status: string }>(
      'SELECT status::text FROM model_versions WHERE id = $1',
      [CANDIDATE],
    );
    expect(model!.status).toBe('candidate');
  });

  it('scores the candidate in the cycle on the candles the active model scores, never served', async () => {
    const candle = await addCandle();
    const result = await cycle(NOW);
    expect(result).toMatchObject({ ran: true, predictions: 5, scored: 1 });
    const active = await keysAt('predictions', ACTIVE, candle);
    const shadow = await keysAt('shadow_predictions', CANDIDATE, candle);
    expect(active).toHaveLength(5);
    expect(shadow).toEqual(active);
    // The same calibration as the active prediction of the candle, on the candidate's raw score.
    const rows = await query<{ same: boolean; differs: boolean }>(
      `SELECT s.cycle_slot = p.cycle_slot AND NOT s.backfilled AS same,
              s.score <> p.score AS differs
       FROM shadow_predictions s JOIN predictions p USING (symbol, tf, ts, horizon)
       WHERE s.model_id = $1 AND p.model_id = $2 AND s.ts = $3`,
      [CANDIDATE, ACTIVE, candle],
    );
    expect(rows.every((r) => r.same && r.differs)).toBe(true);
    // Nothing of the candidate reaches the predictions explorer.
    const page = await call(`/api/predictions?limit=500&from=${candle.toISOString()}`, {
      as: 'viewer',
    });
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(5);
    expect(page.body.items.every((i: { model: string }) => i.model === ACTIVE)).toBe(true);
  });

  it('backfills the stored history from `from`, idempotently', async () => {
    const { runShadowBackfill } = await import('@/lib/jobs/shadowBackfill');
    const first = await runShadowBackfill({ candidateId: CANDIDATE, from: FROM }, NOW);
    expect(first.rows).toBeGreaterThan(5000);
    const again = await runShadowBackfill({ candidateId: CANDIDATE, from: FROM }, NOW);
    expect(again.rows).toBe(0);
    // Exactly the active model's keys at or after `from`, no more, no fewer.
    const [cover] = await query<{ active: number; shadow: number; paired: number }>(
      `SELECT (SELECT count(*)::int FROM predictions WHERE model_id = $2 AND ts >= $3) AS active,
              (SELECT count(*)::int FROM shadow_predictions WHERE model_id = $1) AS shadow,
              (SELECT count(*)::int FROM shadow_predictions s JOIN predictions p
                 USING (symbol, tf, ts, horizon) WHERE s.model_id = $1 AND p.model_id = $2) AS paired`,
      [CANDIDATE, ACTIVE, FROM],
    );
    expect(cover!.shadow).toBe(cover!.active);
    expect(cover!.paired).toBe(cover!.active);
    expect(first.rows! + 5).toBe(cover!.shadow);
  });

  it('reports the latest shadow backfill and its progress, and a rerun fills what is missing', async () => {
    const status = () => call(`/api/models/${CANDIDATE}/shadow-backfill`, { as: 'viewer' });
    const settled = async () => {
      await expect
        .poll(async () => (await status()).body.job?.state, { timeout: 120_000 })
        .toBe('completed');
      return (await status()).body;
    };
    expect((await status()).body).toEqual({ candidate: CANDIDATE, job: null, coverage: null });
    // The server runs no automation (AUTOMATION_AUTOSTART=0): this process works the queued jobs
    // with the app's own workers, as a server's would.
    const { startWorkers } = await import('@/lib/jobs/workers');
    const { stopBoss } = await import('@/lib/jobs/queue');
    await startWorkers();
    onTestFinished(() => stopBoss());
    const [active] = await query<{ n: number }>(
      'SELECT count(*)::int AS n FROM predictions WHERE model_id = $1 AND ts >= $2',
      [ACTIVE, FROM],
    );

    // Already backfilled: the job writes nothing and the range is fully covered.
    const queued = await call(`/api/models/${CANDIDATE}/shadow-backfill`, {
      as: 'operator',
      body: { from: FROM },
    });
    expect(queued.status).toBe(202);
    expect(queued.body).toEqual({ queued: true, candidate: CANDIDATE, from: FROM });
    const done = await settled();
    expect(done.job).toMatchObject({ from: FROM, rows: 0 });
    expect(done.job.completedOn >= done.job.startedOn).toBe(true);
    expect(done.coverage).toEqual({ expected: active!.n, scored: active!.n });

    // A year of shadow rows lost: the progress says so, and a rerun writes exactly those back.
    const lost = await query<{ ts: Date }>(
      `DELETE FROM shadow_predictions WHERE model_id = $1 AND ts >= '2019-01-01' AND ts < '2020-01-01'
       RETURNING ts`,
      [CANDIDATE],
    );
    expect(lost.length).toBeGreaterThan(1000);
    const gap = (await status()).body;
    expect(gap.job.id).toBe(done.job.id);
    expect(gap.coverage).toEqual({ expected: active!.n, scored: active!.n - lost.length });
    const rerun = await call(`/api/models/${CANDIDATE}/shadow-backfill`, {
      as: 'operator',
      body: { from: FROM },
    });
    expect(rerun.body.queued).toBe(true);
    await expect.poll(async () => (await status()).body.job.id).not.toBe(done.job.id);
    const refilled = await settled();
    expect(refilled.job.rows).toBe(lost.length);
    expect(refilled.coverage).toEqual({ expected: active!.n, scored: active!.n });

    expect((await call(`/api/models/${CANDIDATE}/shadow-backfill`)).status).toBe(401);
    const unknown = await call('/api/models/nope/shadow-backfill', { as: 'viewer' });
    expect(unknown.status).toBe(404);
    expect(unknown.body._err).toBe('id');
  });

  it('compares active and candidate on the same outcomes as an independent SQL computation', async () => {
    const expected = await query<{
      horizon: string;
      n: number;
      aDec: number;
      cDec: number;
      aHit: number;
      cHit: number;
      aIr: number;
      cIr: number;
      aBrier: number;
      cBrier: number;
      aEce: number;
      cEce: number;
    }>(
      `WITH j AS (
         SELECT s.horizon, rtrim(s.horizon, 'd')::int AS days, o.realized_return AS r,
                p.decision AS ad, p.confid AS ac, o.hit::int AS ah,
                s.decision AS cd, s.confid AS cc, (sign(s.score) * o.realized_return > 0)::int AS ch
         FROM shadow_predictions s
         JOIN predictions p USING (symbol, tf, ts, horizon)
         JOIN outcomes o ON o.prediction_id = p.id
         WHERE s.model_id = $1 AND p.model_id = $2
       ), ece AS (
         SELECT horizon, 'a' AS side, abs(sum(ac) - sum(ah)) AS gap FROM j
           GROUP BY horizon, LEAST(GREATEST(floor(ac * 10), 5), 10)
         UNION ALL
         SELECT horizon, 'c', abs(sum(cc) - sum(ch)) FROM j
           GROUP BY horizon, LEAST(GREATEST(floor(cc * 10), 5), 10)
       )
       SELECT horizon, count(*)::int AS n,
              count(*) FILTER (WHERE ad <> 0)::int AS "aDec",
              count(*) FILTER (WHERE cd <> 0)::int AS "cDec",
              avg(ah) FILTER (WHERE ad <> 0)::float8 AS "aHit",
              avg(ch) FILTER (WHERE cd <> 0)::float8 AS "cHit",
              (avg(ad * r) FILTER (WHERE ad <> 0) / stddev_samp(ad * r) FILTER (WHERE ad <> 0)
                * sqrt(365.0 / min(days)))::float8 AS "aIr",
              (avg(cd * r) FILTER (WHERE cd <> 0) / stddev_samp(cd * r) FILTER (WHERE cd <> 0)
                * sqrt(365.0 / min(days)))::float8 AS "cIr",
              avg((ac - ah) ^ 2)::float8 AS "aBrier",
              avg((cc - ch) ^ 2)::float8 AS "cBrier",
              ((SELECT sum(gap) FROM ece WHERE ece.horizon = j.horizon AND side = 'a')
                / count(*))::float8 AS "aEce",
              ((SELECT sum(gap) FROM ece WHERE ece.horizon = j.horizon AND side = 'c')
                / count(*))::float8 AS "cEce"
       FROM j GROUP BY horizon ORDER BY min(days)`,
      [CANDIDATE, ACTIVE],
    );
    expect(expected.map((e) => e.horizon)).toEqual(['1d', '3d', '7d', '14d', '30d']);
    const reply = await call(`/api/models/compare?candidate=${CANDIDATE}`, { as: 'viewer' });
    expect(reply.status).toBe(200);
    expect(reply.body.active.id).toBe(ACTIVE);
    expect(reply.body.candidate).toEqual({
      id: CANDIDATE,
      weights: { rsi: 0.5, macd: 0.25, trend: 0.25 },
      threshold: 0.55,
    });
    expect(reply.body.horizons.map((h: { horizon: string }) => h.horizon)).toEqual(
      expected.map((e) => e.horizon),
    );
    for (const [k, e] of expected.entries()) {
      const h = reply.body.horizons[k];
      expect(h.n, e.horizon).toBe(e.n);
      expect(h.active.nDecisions).toBe(e.aDec);
      expect(h.candidate.nDecisions).toBe(e.cDec);
      expectClose(h.active.hitRate.value, e.aHit, `${e.horizon} active hit`);
      expectClose(h.candidate.hitRate.value, e.cHit, `${e.horizon} candidate hit`);
      expectClose(h.active.ir.value, e.aIr, `${e.horizon} active IR`);
      expectClose(h.candidate.ir.value, e.cIr, `${e.horizon} candidate IR`);
      expectClose(h.active.brier.value, e.aBrier, `${e.horizon} active Brier`);
      expectClose(h.candidate.brier.value, e.cBrier, `${e.horizon} candidate Brier`);
      expectClose(h.active.ece.value, e.aEce, `${e.horizon} active ECE`);
      expectClose(h.candidate.ece.value, e.cEce, `${e.horizon} candidate ECE`);
      expectClose(h.difference.hitRate.value, e.cHit - e.aHit, `${e.horizon} hit difference`);
      // Five years of days: every figure has its interval, around its value.
      for (const f of [h.active.hitRate, h.candidate.ir, h.difference.hitRate, h.difference.ece]) {
        expect(f.interval.low).toBeLessThanOrEqual(f.value);
        expect(f.interval.high).toBeGreaterThanOrEqual(f.value);
      }
    }
    // One horizon and a range narrow it.
    const narrow = await call(
      `/api/models/compare?candidate=${CANDIDATE}&horizon=3d&from=2016-01-01&to=2016-12-31`,
      { as: 'viewer' },
    );
    expect(narrow.status).toBe(200);
    expect(narrow.body.horizons).toHaveLength(1);
    expect(narrow.body.horizons[0].n).toBeLessThan(expected[1]!.n);
    expect(narrow.body.horizons[0].n).toBeGreaterThan(200);
  });

  it('refuses anonymous callers, bad input naming the field, and unknown models', async () => {
    expect((await call(`/api/models/compare?candidate=${CANDIDATE}`)).status).toBe(401);
    expect((await call(`/api/models/${CANDIDATE}/promotion`)).status).toBe(401);
    const bad = [
      [`/api/models/compare?candidate=${CANDIDATE}&horizon=2x`, 'horizon'],
      [`/api/models/compare?candidate=${CANDIDATE}&from=someday`, 'from'],
      [`/api/models/compare?candidate=${CANDIDATE}&from=2021-01-01&to=2020-01-01`, 'from'],
      ['/api/models/compare?candidate=%20drop', 'candidate'],
    ] as const;
    for (const [path, field] of bad) {
      const reply = await call(path, { as: 'viewer' });
      expect(reply.status, path).toBe(400);
      expect(reply.body._err, path).toBe(field);
    }
    const unknown = await call('/api/models/compare?candidate=nope', { as: 'viewer' });
    expect(unknown.status).toBe(404);
    expect(unknown.body._err).toBe('candidate');
    expect((await call('/api/models/nope/promotion', { as: 'viewer' })).status).toBe(404);
    const self = await call(`/api/models/${ACTIVE}/promotion`, { as: 'viewer' });
    expect(self.status).toBe(409);
    const backfill = await call(`/api/models/${CANDIDATE}/shadow-backfill`, {
      as: 'operator',
      body: {},
    });
    expect(backfill.status).toBe(400);
    expect(backfill.body._err).toBe('from');
    const promote = await call(`/api/models/${CANDIDATE}/promote`, {
      as: 'admin',
      body: { reason: 'x' },
    });
    expect(promote.status).toBe(400);
    expect(promote.body._err).toBe('reason');
  });

  it('lets an admin override with a reason, audited, and the next cycle predicts with it', async () => {
    const dry = await call(`/api/models/${CANDIDATE}/promotion`, { as: 'viewer' });
    expect(dry.body.eligible).toBe(false);
    expect(dry.body.matured).toBeGreaterThan(5000);
    const promoted = await call(`/api/models/${CANDIDATE}/promote`, {
      as: 'admin',
      body: { reason: 'shadow test: promote past the minimum', override: true },
    });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ promoted: CANDIDATE, retired: ACTIVE, forced: true });
    expect(promoted.body.unmet).toEqual(dry.body.unmet);
    const versions = await query<{ id: string; status: string; activated: boolean }>(
      `SELECT id, status::text, activated_at IS NOT NULL AS activated FROM model_versions
       WHERE id IN ($1, $2) ORDER BY id`,
      [ACTIVE, CANDIDATE],
    );
    expect(versions).toEqual([
      { id: ACTIVE, status: 'retired', activated: true },
      { id: CANDIDATE, status: 'active', activated: true },
    ]);
    const audit = await query<{ actor: string; details: Record<string, unknown> }>(
      `SELECT actor, details FROM audit_log WHERE action = 'model.promote'`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({
      promoted: CANDIDATE,
      retired: ACTIVE,
      reason: 'shadow test: promote past the minimum',
      forced: true,
      unmet: dry.body.unmet,
    });
    // A second promotion of the same version: it is no longer a candidate.
    const twice = await call(`/api/models/${CANDIDATE}/promote`, {
      as: 'admin',
      body: { reason: 'again', override: true },
    });
    expect(twice.status).toBe(409);

    const candle = await addCandle();
    const slot = new Date(NOW.getTime() + 5 * 60_000);
    expect(await cycle(slot)).toMatchObject({ ran: true, scored: 1 });
    expect(await keysAt('predictions', CANDIDATE, candle)).toHaveLength(5);
    expect(await keysAt('predictions', ACTIVE, candle)).toHaveLength(0);
    // No candidate any more: nothing in the shadow.
    const [shadowNow] = await query<{ n: number }>(
      'SELECT count(*)::int AS n FROM shadow_predictions WHERE cycle_slot = $1',
      [slot],
    );
    expect(shadowNow!.n).toBe(0);
    // The score route follows at once.
    const version = await call('/api/ml/version', { as: 'viewer' });
    expect(version.status).toBe(200);
  });
});
