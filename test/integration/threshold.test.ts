import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { fuse, FUSION_V2_DEFAULTS } from '@/lib/domain/fusion';
import type { PredictionRow } from '@/lib/domain/predictions';
import { startAppServer, type AppServer } from '../support/appServer';
import { signIn } from '../support/session';
import { seedSyntheticSymbols } from '../support/syntheticMarket';
import { startTestDatabase, type TestDatabase } from '../support/testDatabase';
import { seedTestUsers, TEST_PASSWORD, TEST_USERS } from '../support/users';

// The graduated live threshold on a database and server of this file's own: its live outcomes,
// steps and cycles must not move what other suites start from. Every instant is explicit.
let database: TestDatabase;
let server: AppServer;
const cookies: Record<string, string> = {};

const DAY = 86_400_000;
const T0 = new Date('2031-01-01T00:00:00Z');
const at = (base: Date, days: number) => new Date(base.getTime() + days * DAY);
const SYMBOLS = 30;
const DAYS = 80;
const candleDay = (d: number) => new Date(Date.UTC(2020, 0, 1) + d * DAY);

const lib = async () => ({
  ...(await import('@/lib/db/client')),
  ...(await import('@/lib/db/threshold')),
  ...(await import('@/lib/db/predictions')),
  ...(await import('@/lib/jobs/thresholdStep')),
  ...(await import('@/lib/jobs/cycle')),
});

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const { pool } = await lib();
  return (await pool().query(sql, params)).rows as T[];
}

type As = 'anonymous' | 'viewer' | 'operator' | 'admin';

async function call(path: string, init: { method?: string; body?: unknown; as?: As } = {}) {
  const headers: Record<string, string> = {};
  if (init.as && init.as !== 'anonymous') headers.cookie = cookies[init.as]!;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${server.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    redirect: 'manual',
  });
  const text = await response.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the reply as JSON
  let body: any = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body };
}

beforeAll(async () => {
  database = await startTestDatabase();
  process.env.DATABASE_URL = database.url;
  await seedTestUsers();
  await seedSyntheticSymbols(SYMBOLS, DAYS);
  // Live outcomes of a model of their own, so the active model's figures stay untouched.
  await query(
    `INSERT INTO model_versions (id, feature_version, weight_rsi, weight_macd, weight_trend,
       threshold, live_threshold, status) VALUES ('thr-test', 'v2.0.0', 0.3, 0.35, 0.35, 0.55, 0.65, 'retired')`,
  );
  server = await startAppServer({
    databaseUrl: database.url,
    env: { INTERNAL_API_TOKEN: randomBytes(16).toString('hex'), SIGNIN_RATE_LIMIT: '1000' },
  });
  for (const role of ['viewer', 'operator', 'admin'] as const) {
    const session = await signIn(server.baseUrl, TEST_USERS[role], TEST_PASSWORD);
    cookies[role] = session.cookie!;
  }
}, 180_000);

afterAll(async () => {
  await server?.stop();
  const { pool } = await import('@/lib/db/client');
  await pool().end();
  await database?.destroy();
});

/**
 * Matured live decisions (mode live, live decision ±1) of horizon `horizon`, one a day from
 * `from`: `returns[i]` is live decision × realised return, so a positive one is a hit.
 */
async function liveOutcomes(from: Date, horizon: string, returns: readonly number[]) {
  const { insertPredictions } = await lib();
  const rows: PredictionRow[] = returns.map((x, i) => {
    const decision = i % 2 === 0 ? 1 : -1;
    return {
      symbol: 'THR',
      tf: '1d',
      horizon,
      cycleSlot: at(from, i),
      ts: at(from, i),
      maturesAt: at(from, i + 1),
      modelId: 'thr-test',
      entryClose: 100,
      score: decision * 0.4,
      rawConfidence: 0.7,
      confid: 0.7,
      decision,
      mlBucket: 0.7,
      partRsi: 0,
      partMacd: 0,
      partTrend: 0,
      calibrationId: null,
      backfilled: false,
      mode: 'live',
      liveDecision: decision,
    };
  });
  await insertPredictions(rows);
  // The outcome: realised return = x × decision, so live decision × return = x.
  await query(
    `INSERT INTO outcomes (prediction_id, close_used, close_ts, realized_return, hit, model_id, tf,
                           horizon, ts, raw_confidence, confid, decision, mode, live_decision)
     SELECT p.id, 100, p.matures_at, u.x * p.live_decision, u.x > 0, p.model_id, p.tf, p.horizon,
            p.ts, p.raw_confidence, p.confid, p.decision, p.mode, p.live_decision
     FROM unnest($1::timestamptz[], $2::float8[]) AS u(ts, x)
     JOIN predictions p ON p.ts = u.ts AND p.symbol = 'THR' AND p.horizon = $3
                        AND p.model_id = 'thr-test'`,
    [rows.map((r) => r.ts), [...returns], horizon],
  );
}

/** n decisions, the first `share` of them hits of +win, the rest losses of −loss. */
const returnsOf = (n: number, share: number, win: number, loss: number) =>
  Array.from({ length: n }, (_, i) => (i < Math.round(n * share) ? win : -loss));

/** The rule's figures recomputed from the stored rows: pooled hit rate, decision-weighted IR. */
async function expectedEvidence(since: Date) {
  const [row] = await query<{ n: number; hit_rate: number | null; ir: number | null }>(
    `WITH live AS (
       SELECT horizon, hit, live_decision * realized_return AS x,
              replace(horizon, 'd', '')::float8 AS days
       FROM outcomes WHERE mode = 'live' AND live_decision <> 0 AND ts >= $1),
     per AS (
       SELECT horizon, count(*) AS n,
              CASE WHEN count(*) >= 2 AND stddev_samp(x) > 0
                   THEN avg(x) / stddev_samp(x) * sqrt(365 / min(days)) END AS ir
       FROM live GROUP BY horizon)
     SELECT (SELECT count(*)::int FROM live) AS n,
            (SELECT avg(hit::int)::float8 FROM live) AS hit_rate,
            (SELECT (sum(n * ir) / nullif(sum(n) FILTER (WHERE ir IS NOT NULL), 0))::float8
             FROM per) AS ir`,
    [since],
  );
  return row!;
}

async function setStep(step: number, now: Date) {
  const { changeThreshold } = await lib();
  await changeThreshold({
    from: null,
    to: step as 0.55,
    actor: 'test',
    reason: 'test',
    action: 'threshold.set',
    now,
  });
}

const stepAudits = () =>
  query<{ actor: string; details: Record<string, unknown> }>(
    `SELECT actor, details FROM audit_log WHERE action = 'threshold.step' ORDER BY id`,
  );

describe('the leader’s evaluation', () => {
  it('does not step while the rule does not hold, and says why', async () => {
    process.env.THRESHOLD_STEP_MIN_OUTCOMES = '40';
    const { evaluateThreshold, readThreshold } = await lib();
    expect((await readThreshold()).step).toBe(0.55); // a new database starts at the first step
    await setStep(0.55, T0);
    await liveOutcomes(at(T0, 1), '1d', returnsOf(30, 0.8, 0.01, 0.005)); // too few
    expect(await evaluateThreshold(at(T0, 40))).toMatchObject({ stepped: false, from: 0.55 });
    await liveOutcomes(at(T0, 31), '7d', returnsOf(30, 0.2, 0.01, 0.02)); // enough, poor
    expect(await evaluateThreshold(at(T0, 70))).toMatchObject({ stepped: false });
    expect((await readThreshold()).step).toBe(0.55);
    expect(await stepAudits()).toEqual([]);

    const report = await call('/api/threshold', { as: 'viewer' });
    expect(report.status).toBe(200);
    const expected = await expectedEvidence(T0);
    expect(report.body.evidence.n).toBe(60);
    expect(report.body.evidence.n).toBe(expected.n);
    expect(report.body.evidence.hitRate).toBeCloseTo(expected.hit_rate!, 12);
    expect(report.body.evidence.ir).toBeCloseTo(expected.ir!, 9);
    expect(report.body).toMatchObject({
      step: 0.55,
      next: 0.6,
      ready: false,
      since: T0.toISOString(),
      minOutcomes: 100, // the server's THRESHOLD_STEP_MIN_OUTCOMES: the default
      modelLiveThreshold: 0.65,
      effective: 0.55,
    });
    expect(report.body.condition).toContain(
      '0.55 → 0.60 after at least 100 matured live decisions',
    );
    expect(report.body.unmet.join('; ')).toMatch(/hit rate ≥ 60\.0 %/);
  });

  it('steps up once when the rule holds, audited with the evidence', async () => {
    const { evaluateThreshold, readThreshold, changeThreshold } = await lib();
    const T1 = at(T0, 100);
    await setStep(0.55, T1); // the evidence restarts: the poor decisions are before T1
    await liveOutcomes(at(T1, 1), '1d', returnsOf(30, 0.7, 0.01, 0.008));
    await liveOutcomes(at(T1, 1), '7d', returnsOf(20, 0.75, 0.02, 0.01));
    const expected = await expectedEvidence(T1);
    expect(expected.n).toBe(50);
    expect(expected.hit_rate!).toBeGreaterThanOrEqual(0.6);
    expect(expected.ir!).toBeGreaterThan(1);

    const T2 = at(T1, 60);
    // Two leaders (or a retry after a crash) evaluating at once: one step, not two.
    const results = await Promise.all([evaluateThreshold(T2), evaluateThreshold(T2)]);
    expect(results.filter((r) => r.stepped)).toHaveLength(1);
    expect(await readThreshold()).toMatchObject({ step: 0.6, since: T2, updatedBy: 'leader' });
    const audits = await stepAudits();
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actor: 'leader',
      details: { from: 0.55, to: 0.6, minOutcomes: 40, evidence: { n: 50 } },
    });
    const details = audits[0]!.details as { evidence: { hitRate: number; ir: number } };
    expect(details.evidence.hitRate).toBeCloseTo(expected.hit_rate!, 12);
    expect(details.evidence.ir).toBeCloseTo(expected.ir!, 9);

    // The evidence restarts at the new step: nothing since T2, so no second step.
    expect(await evaluateThreshold(at(T2, 1))).toMatchObject({ stepped: false, from: 0.6 });
    // A compare-and-set on a step that already moved changes nothing.
    expect(
      await changeThreshold({
        from: 0.55,
        to: 0.6,
        actor: 'leader',
        reason: 'late',
        action: 'threshold.step',
      }),
    ).toBeNull();
    expect(await stepAudits()).toHaveLength(1);

    const report = await call('/api/threshold', { as: 'viewer' });
    expect(report.body).toMatchObject({ step: 0.6, next: 0.65, effective: 0.6 });
    expect(report.body.history[0]).toMatchObject({
      action: 'threshold.step',
      actor: 'leader',
      from: 0.55,
      to: 0.6,
    });
    delete process.env.THRESHOLD_STEP_MIN_OUTCOMES;
  });
});

describe('PUT /api/threshold', () => {
  it('is for admins: 401 anonymous, 403 viewer and operator, 4xx naming the field', async () => {
    const body = { step: 0.65, reason: 'by hand' };
    expect((await call('/api/threshold', { method: 'PUT', body })).status).toBe(401);
    expect((await call('/api/threshold')).status).toBe(401);
    for (const as of ['viewer', 'operator'] as const) {
      const refused = await call('/api/threshold', { method: 'PUT', body, as });
      expect(refused.status).toBe(403);
    }
    const bad: [unknown, string][] = [
      [{ step: 0.7, reason: 'not a step' }, 'step'],
      [{ step: '0.6', reason: 'a string' }, 'step'],
      [{ step: null, reason: 'null' }, 'step'],
      [{ reason: 'no step' }, 'step'],
      [{ step: 0.6 }, 'reason'],
      [{ step: 0.6, reason: 'x' }, 'reason'],
      [{ step: 0.6, reason: 'extra', force: true }, 'body'],
    ];
    for (const [b, field] of bad) {
      const refused = await call('/api/threshold', { method: 'PUT', body: b, as: 'admin' });
      expect(refused.status, JSON.stringify(b)).toBeGreaterThanOrEqual(400);
      expect(refused.status, JSON.stringify(b)).toBeLessThan(500);
      expect(refused.body._err, JSON.stringify(b)).toBe(field);
    }
    expect((await (await lib()).readThreshold()).step).toBe(0.6);
  });

  it('sets any step, down too, audited with the reason', async () => {
    const down = await call('/api/threshold', {
      method: 'PUT',
      body: { step: 0.55, reason: 'restart after a model change' },
      as: 'admin',
    });
    expect(down.status).toBe(200);
    expect(down.body).toMatchObject({ step: 0.55, updatedBy: TEST_USERS.admin, effective: 0.55 });
    const [audit] = await query<{ actor: string; details: unknown }>(
      `SELECT actor, details FROM audit_log WHERE action = 'threshold.set' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit).toEqual({
      actor: TEST_USERS.admin,
      details: { from: 0.6, to: 0.55, reason: 'restart after a model change' },
    });
  });
});

/** A feature whose (uncalibrated) confidence lies between 0.55 and 0.65. */
function featureBetweenSteps() {
  for (let rsi = 50; rsi > 0; rsi -= 0.25) {
    const f = { c: 100, rsi_14: rsi, macd_hist: 0, ema_20: 100, ema_50: 100 };
    const { confid } = fuse(FUSION_V2_DEFAULTS, f);
    if (confid >= 0.58 && confid < 0.62) return f;
  }
  throw new Error('no RSI gives a confidence between the steps');
}

describe('the effective live threshold', () => {
  it('decides score requests at a live stage', async () => {
    await query(`UPDATE rollout_state SET stage = '1.0'`);
    const features = featureBetweenSteps();
    const body = {
      feature: {
        ts: candleDay(DAYS).toISOString(),
        symbol: 'SYN000',
        tf: '1d',
        o: 100,
        h: 101,
        l: 99,
        v: 1000,
        ...features,
      },
    };
    const score = () => call('/api/ml/score', { body, method: 'POST', as: 'operator' });
    const setByHand = async (step: number) => {
      const r = await call('/api/threshold', {
        method: 'PUT',
        body: { step, reason: 'score test' },
        as: 'admin',
      });
      expect(r.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 600)); // re-read at least every 500 ms
    };
    await setByHand(0.55);
    const low = await score();
    expect(low.status).toBe(200);
    expect(low.body).toMatchObject({ mode: 'live', advisory: false, calibration: 'identity' });
    expect(low.body.confid).toBeGreaterThanOrEqual(0.55);
    expect(low.body.confid).toBeLessThan(0.65);
    expect(low.body.decision).not.toBe(0);
    expect(low.body.decision).toBe(Math.sign(low.body.score));
    await setByHand(0.65);
    const high = await score();
    expect(high.body).toMatchObject({ mode: 'live', confid: low.body.confid, decision: 0 });
    await query(`UPDATE rollout_state SET stage = 'preview'`);
  });

  it('decides the cycle’s live decisions', async () => {
    const { runCycle } = await lib();
    await query(`UPDATE rollout_state SET stage = '1.0'`);
    const decided = async (slot: Date) =>
      query<{ confid: number; score: number; decision: number; live_decision: number }>(
        `SELECT confid, score, decision, live_decision FROM predictions
         WHERE cycle_slot = $1 AND mode = 'live'`,
        [slot],
      );
    await setStep(0.55, T0);
    const first = candleDay(DAYS);
    expect(await runCycle({ slot: first, now: first, instance: 'test' })).toMatchObject({
      ran: true,
    });
    // One more candle for every symbol, then a cycle at the last step.
    await query(
      `INSERT INTO candles (symbol, tf, ts, o, h, l, c, v, source)
       SELECT symbol, tf, ts + interval '1 day', c, c * 1.02, c * 0.98, c * 1.003, v, source
       FROM candles WHERE tf = '1d' AND ts = $1`,
      [candleDay(DAYS - 1)],
    );
    await setStep(0.65, T0);
    const second = candleDay(DAYS + 1);
    expect(await runCycle({ slot: second, now: second, instance: 'test' })).toMatchObject({
      ran: true,
    });
    let between = 0;
    for (const [slot, threshold] of [
      [first, 0.55],
      [second, 0.65],
    ] as const) {
      const rows = await decided(slot);
      expect(rows.length).toBeGreaterThan(0);
      for (const p of rows) {
        expect(p.live_decision).toBe(p.confid >= threshold ? Math.sign(p.score) : 0);
        if (p.confid >= 0.55 && p.confid < 0.65) between++;
      }
    }
    expect(between).toBeGreaterThan(0); // some decisions told the steps apart
    await query(`UPDATE rollout_state SET stage = 'preview'`);
  });
});
