import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import parsePrometheus from 'parse-prometheus-text-format';
import { startAppServer, type AppServer } from '../support/appServer';
import { startTestDatabase, type TestDatabase } from '../support/testDatabase';

// The SLO guard on an injected clock: each test minute's score traffic is written with its own
// timestamps, then the leader's SLO job (runSloGuard) runs as of the end of that minute. No
// wall-clock minute is waited for or compressed, so a busy machine cannot starve a minute of
// the requests it needs: the same minutes breach, in the same order, on any machine. The app
// server (not leading: nothing else evaluates) answers the operator's side over HTTP: stage
// changes, breaches, acknowledgement, status, chart, metrics.
const token = randomBytes(16).toString('hex');
let database: TestDatabase;
let server: AppServer;
let guard: typeof import('@/lib/jobs/sloGuard');
let pool: typeof import('@/lib/db/client').pool;

const MINUTE = 60_000;
// Two days ago, so the minutes show on the 7-day chart the server draws from its own clock.
let clock = Math.floor((Date.now() - 2 * 86_400_000) / MINUTE) * MINUTE;
const REQUESTS_PER_MINUTE = 10;

const feature = {
  ts: '2024-01-02T00:00:00Z',
  symbol: 'SLO',
  tf: '1h',
  o: 100,
  h: 101,
  l: 99,
  c: 100.5,
  v: 10,
  rsi_14: 35,
  macd_hist: 0.2,
  ema_20: 100.4,
  ema_50: 100,
};

const call = (path: string, init: RequestInit = {}) =>
  fetch(`${server.baseUrl}${path}`, {
    ...init,
    headers: { 'x-internal-api-token': token, 'content-type': 'application/json', ...init.headers },
  });

/** A stage jump the test needs (no admin here: written as the route would, bypassing the ramp). */
async function forceStage(stage: 'off' | 'preview' | '0.1' | '0.5' | '1.0') {
  const { changeRollout } = await import('@/lib/db/rollout');
  await changeRollout({ stage, actor: 'test', reason: 'trigger test' });
}

async function setStage(stage: string, expected = 200) {
  const response = await call('/api/rollout', {
    method: 'POST',
    body: JSON.stringify({ stage, reason: 'trigger test' }),
  });
  const body = await response.text();
  expect(response.status, `POST /api/rollout → ${body}`).toBe(expected);
  return JSON.parse(body) as { _err?: string };
}

const stage = async () => ((await (await call('/api/rollout')).json()) as { stage: string }).stage;

/**
 * One minute of score traffic, as the score route records it (a failure is a status-500 event
 * without a decision), then the SLO job as of that minute's end. Returns the rules' states.
 */
async function minute(traffic: { latencyMs: number; failEvery?: number }) {
  const start = clock;
  const events = Array.from({ length: REQUESTS_PER_MINUTE }, (_, i) => {
    const failed = traffic.failEvery !== undefined && i % traffic.failEvery === 0;
    return {
      ts: new Date(start + i * (MINUTE / REQUESTS_PER_MINUTE)).toISOString(),
      status: failed ? 500 : 200,
      latency: traffic.latencyMs,
      confid: failed ? null : 0.7,
    };
  });
  await pool().query(
    `INSERT INTO score_events (ts, request_id, symbol, tf, status, latency_ms, decision, confid, mode, model_id)
     SELECT e.ts, gen_random_uuid(), 'SLO', '1h', e.status, e.latency,
            CASE WHEN e.status = 200 THEN 1 END, e.confid,
            CASE WHEN e.status = 200 THEN 'live' END, CASE WHEN e.status = 200 THEN 'fusion-v2.0.0' END
     FROM jsonb_to_recordset($1::jsonb) AS e(ts timestamptz, status int, latency float8, confid float8)`,
    [JSON.stringify(events)],
  );
  clock += MINUTE;
  const { evaluations } = await guard.runSloGuard(new Date(clock + 1000));
  return Object.fromEntries(evaluations.map((e) => [e.rule.id, e.state]));
}

/** Runs minutes of `traffic` until `until()` holds; fails after `limit` minutes, naming why. */
async function minutesUntil(
  until: () => Promise<boolean>,
  traffic: { latencyMs: number; failEvery?: number },
  limit: number,
): Promise<number> {
  let states: Record<string, string> = {};
  for (let n = 1; n <= limit; n++) {
    states = await minute(traffic);
    if (await until()) return n;
  }
  throw new Error(`nothing fired in ${limit} minutes; rules: ${JSON.stringify(states)}`);
}

async function breaches() {
  const response = await call('/api/breaches?since=2000-01-01T00:00:00Z');
  return ((await response.json()) as { items: Record<string, unknown>[] }).items;
}

async function auditCount(action: string) {
  const response = await call('/api/audit/list', {
    method: 'POST',
    body: JSON.stringify({ limit: 500, action }),
  });
  return ((await response.json()) as { items: unknown[] }).items.length;
}

beforeAll(async () => {
  database = await startTestDatabase();
  process.env.DATABASE_URL = database.url;
  // Real minutes in the guard: this process drives the clock, the server's setting is moot.
  delete process.env.SLO_MINUTE_SECONDS;
  guard = await import('@/lib/jobs/sloGuard');
  ({ pool } = await import('@/lib/db/client'));
  const { setDesiredState } = await import('@/lib/db/automation');
  await setDesiredState('stopped', 'test: the SLO guard runs on the test clock');
  server = await startAppServer({
    databaseUrl: database.url,
    env: {
      INTERNAL_API_TOKEN: token,
      FAULT_INJECTION: '1',
      SCORE_RATE_LIMIT_PER_MINUTE: '1000000',
    },
  });
}, 120_000);

afterAll(async () => {
  if (pool) await pool().end();
  await server?.stop();
  await database?.destroy();
});

describe('SLO triggers on the injected clock', () => {
  it('steps a live rollout down to preview once when p95 stays above 1500 ms for 15 minutes', async () => {
    await forceStage('1.0');
    const minutes = await minutesUntil(
      async () => (await stage()) === 'preview',
      { latencyMs: 1600 },
      20,
    );
    // Sustained means every one of the 15 minutes: not a minute sooner.
    expect(minutes).toBe(15);
    const fired = await breaches();
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({
      rule: 'p95-15m',
      severity: 'major',
      window: '15m',
      stageBefore: '1.0',
      stageAfter: 'preview',
      action: 'preview',
      pausedLive: false,
    });
    expect((fired[0]!.observed as { lowest: number }).lowest).toBeGreaterThan(1500);
    // Still slow, but already in preview: nothing fires again.
    for (let n = 0; n < 5; n++) await minute({ latencyMs: 1600 });
    expect(await breaches()).toHaveLength(1);
    expect(await auditCount('slo.trigger')).toBe(1);
  });

  it('rolls back to off once, pausing live decisions, when errors stay above 2 %', async () => {
    // Healthy minutes end the slow episode before going live again.
    for (let n = 0; n < 16; n++) await minute({ latencyMs: 20 });
    await forceStage('1.0');
    await minutesUntil(async () => (await stage()) === 'off', { latencyMs: 20, failEvery: 3 }, 40);
    const rollbacks = (await breaches()).filter((b) => b.action === 'rollback');
    expect(rollbacks.length).toBeGreaterThanOrEqual(1);
    for (const breach of rollbacks) {
      expect(breach).toMatchObject({
        severity: 'critical',
        stageBefore: '1.0',
        stageAfter: 'off',
        pausedLive: true,
      });
    }
    // Whichever rollback rule saw it first (sustained per-minute errors, or the 3 h aggregate).
    for (const breach of rollbacks)
      expect(['err-rate-30m', 'score-errors-3h']).toContain(breach.rule);
    expect(await auditCount('slo.trigger')).toBe(2);

    // Acts once: failing on past 30 minutes in `off` moves nothing again. A rollback rule that
    // only starts breaching now is still recorded, once, with action none (the stage is there).
    const acted = async () => (await breaches()).filter((b) => b.action !== 'none');
    const before = (await acted()).length;
    for (let n = 0; n < 31; n++) await minute({ latencyMs: 20, failEvery: 3 });
    expect((await acted()).length).toBe(before);
    const recorded = (await breaches()).filter((b) => b.action === 'none');
    const acting = new Set(rollbacks.map((b) => b.rule));
    for (const rule of ['err-rate-30m', 'score-errors-3h'].filter((r) => !acting.has(r)))
      expect(recorded.filter((b) => b.rule === rule)).toHaveLength(1);
    for (const breach of recorded)
      expect(breach).toMatchObject({ stageBefore: 'off', stageAfter: 'off', pausedLive: false });

    // Paused: going live again is refused until an operator acknowledges.
    expect((await setStage('0.5', 409))._err).toBe('stage');
    for (const breach of rollbacks) {
      expect((await call(`/api/breaches/${breach.id}/ack`, { method: 'POST' })).status).toBe(200);
    }
    // Going live is the ramp's next steps again: off → preview → 0.1 (no watch period before 0.1).
    await setStage('preview');
    await setStage('0.1');
    expect(await auditCount('slo.acknowledge')).toBe(rollbacks.length);
  });

  it('rolls real score requests up per minute and serves the timechart and status', async () => {
    // Real requests through the score route, including failures of ours (fault injection).
    for (let i = 0; i < 30; i++) {
      await call('/api/ml/score', {
        method: 'POST',
        body: JSON.stringify({ feature }),
        headers: { 'x-test-inject': i % 3 === 0 ? 'fail=1' : 'latency=0' },
      });
    }
    // As of two minutes from now, the minute they arrived in is closed and rolled up.
    await guard.rollUpClosedMinutes(new Date(Date.now() + 2 * MINUTE));
    const { rows } = await pool().query<{ count: number; errors: number }>(
      `SELECT sum(count)::int AS count, sum(errors)::int AS errors FROM slo_minutes
       WHERE minute >= now() - interval '10 minutes'`,
    );
    expect(rows[0]).toEqual({ count: 30, errors: 10 });
    const chart = await (await call('/api/slo/timechart?range=7d')).json();
    expect(chart.points.length).toBeGreaterThan(0);
    const status = await (await call('/api/slo/status')).json();
    expect(status.rules.map((r: { id: string }) => r.id)).toContain('p95-15m');
    expect(status.burnRates).toHaveLength(9);
    expect((await call('/api/slo/timechart?range=1y')).status).toBe(400);
  });

  it('exposes Prometheus metrics that a text-format parser reads', async () => {
    const response = await call('/api/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const families = parsePrometheus(await response.text()) as {
      name: string;
      metrics: { value?: string; labels?: Record<string, string> }[];
    }[];
    const names = families.map((f) => f.name);
    for (const name of [
      'fusion_score_requests_total',
      'fusion_score_latency_seconds',
      'fusion_score_decisions_total',
      'fusion_rollout_live_share',
      'fusion_automation_running',
    ]) {
      expect(names).toContain(name);
    }
    const requests = families.find((f) => f.name === 'fusion_score_requests_total')!;
    const served = requests.metrics.reduce((n, m) => n + Number(m.value), 0);
    expect(served).toBe(30);
    expect(requests.metrics.map((m) => m.labels?.status)).toEqual(
      expect.arrayContaining(['2xx', '5xx']),
    );
    const anonymous = await fetch(`${server.baseUrl}/api/metrics`);
    expect(anonymous.status).toBe(401);
  });
});
