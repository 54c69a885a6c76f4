import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import parsePrometheus from 'parse-prometheus-text-format';
import { startAppServer, type AppServer } from '../support/appServer';
import { startTestDatabase, type TestDatabase } from '../support/testDatabase';

// One app process leading the automation, with SLO time compressed (a "minute" lasts 1 s) and
// fault injection on, so sustained-window triggers can be driven by real score requests.
const token = randomBytes(16).toString('hex');
let database: TestDatabase;
let server: AppServer;

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

async function setStage(stage: string, expected = 200) {
  const response = await call('/api/rollout', {
    method: 'POST',
    body: JSON.stringify({ stage, reason: 'trigger test' }),
  });
  const body = await response.text();
  expect(response.status, `POST /api/rollout → ${body}\n${server.output().slice(-3000)}`).toBe(
    expected,
  );
  return JSON.parse(body) as { _err?: string };
}

const stage = async () => ((await (await call('/api/rollout')).json()) as { stage: string }).stage;

/** Sends score requests at `concurrency` until `until` says stop; `fault(i)` picks the injection. */
async function drive(
  until: () => Promise<boolean>,
  fault: (i: number) => string,
  concurrency: number,
  timeoutMs: number,
) {
  let i = 0;
  let done = false;
  const deadline = Date.now() + timeoutMs;
  // Staggered starts spread the requests over every second, as real traffic would be.
  const worker = async (_: unknown, k: number) => {
    await new Promise((r) => setTimeout(r, (k * 1700) / concurrency));
    while (!done) {
      const n = i++;
      await call('/api/ml/score', {
        method: 'POST',
        body: JSON.stringify({ feature }),
        headers: { 'x-test-inject': fault(n) },
      });
    }
  };
  const workers = Array.from({ length: concurrency }, worker);
  try {
    while (!(await until())) {
      if (Date.now() > deadline) {
        const status = (await (await call('/api/slo/status')).json()) as { rules: unknown[] };
        throw new Error(
          `trigger did not fire after ${i} requests; rules: ${JSON.stringify(status.rules)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    done = true;
    await Promise.all(workers);
  }
  return i;
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
  const { setDesiredState } = await import('@/lib/db/automation');
  await setDesiredState('stopped', 'test: only the SLO guard runs');
  const { pool } = await import('@/lib/db/client');
  await pool().end();
  server = await startAppServer({
    databaseUrl: database.url,
    env: {
      AUTOMATION_AUTOSTART: '1',
      INTERNAL_API_TOKEN: token,
      SLO_MINUTE_SECONDS: '1',
      FAULT_INJECTION: '1',
      SCORE_RATE_LIMIT_PER_MINUTE: '1000000',
    },
  });
  // Ready when the process leads: its SLO guard is what the tests watch.
  const deadline = Date.now() + 30_000;
  while (
    !((await (await call('/api/automation/status')).json()) as { automation: { leader: unknown } })
      .automation.leader
  ) {
    if (Date.now() > deadline) throw new Error('the server never took the lead');
    await new Promise((r) => setTimeout(r, 200));
  }
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await database?.destroy();
});

describe('SLO triggers on real score traffic', () => {
  it('steps a live rollout down to preview once when p95 stays above 1500 ms for 15 minutes', async () => {
    await setStage('1.0');
    // Each request takes 1.6 s and more on a busy machine: 24 callers keep every 1-s minute
    // above the 5 requests it needs to count.
    await drive(
      async () => (await stage()) === 'preview',
      () => 'latency=1600',
      24,
      60_000,
    );
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
    await drive(
      async () => true,
      () => 'latency=1600',
      4,
      5_000,
    );
    await new Promise((r) => setTimeout(r, 3000));
    expect(await breaches()).toHaveLength(1);
    expect(await auditCount('slo.trigger')).toBe(1);
  }, 120_000);

  it('rolls back to off once, pausing live decisions, when errors stay above 2 % for 30 minutes', async () => {
    await new Promise((r) => setTimeout(r, 3000)); // let the slow minutes fall out of the fast window
    await setStage('1.0');
    await drive(
      async () => (await stage()) === 'off',
      (i) => (i % 3 === 0 ? 'fail=1' : 'latency=0'),
      8,
      90_000,
    );
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

    // Acts once: more failing traffic in `off` moves nothing again. A rollback rule that only
    // starts breaching now is still recorded, once, with action none (the stage is at its target).
    const acted = async () => (await breaches()).filter((b) => b.action !== 'none');
    const before = (await acted()).length;
    await drive(
      async () => true,
      (i) => (i % 3 === 0 ? 'fail=1' : 'latency=0'),
      4,
      5_000,
    );
    await new Promise((r) => setTimeout(r, 3000));
    expect((await acted()).length).toBe(before);
    for (const breach of (await breaches()).filter((b) => b.action === 'none'))
      expect(breach).toMatchObject({ stageBefore: 'off', stageAfter: 'off', pausedLive: false });

    // Paused: going live again is refused until an operator acknowledges.
    expect((await setStage('0.5', 409))._err).toBe('stage');
    for (const breach of rollbacks) {
      expect((await call(`/api/breaches/${breach.id}/ack`, { method: 'POST' })).status).toBe(200);
    }
    await setStage('0.5');
    expect(await auditCount('slo.acknowledge')).toBe(rollbacks.length);
  }, 150_000);

  it('rolls traffic up per minute and serves the timechart and status', async () => {
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
    expect(served).toBeGreaterThan(100);
    expect(requests.metrics.map((m) => m.labels?.status)).toEqual(
      expect.arrayContaining(['2xx', '5xx']),
    );
    const anonymous = await fetch(`${server.baseUrl}/api/metrics`);
    expect(anonymous.status).toBe(401);
  });
});
