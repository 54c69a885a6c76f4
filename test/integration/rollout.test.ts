import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api } from '../support/api';

// Safe stage changes, the stage timeline and the canary prober, against the suite's production
// server. The prober runs in this process with an injected clock (tick(now)): no wall-clock
// wait; its requests are real HTTP score requests to the server.
const viewer = { kind: 'session', role: 'viewer' } as const;
const operator = { kind: 'session', role: 'operator' } as const;
const admin = { kind: 'session', role: 'admin' } as const;

const lib = async () => ({
  ...(await import('@/lib/db/rollout')),
  ...(await import('@/lib/db/client')),
  ...(await import('@/lib/jobs/canary')),
  ...(await import('@/lib/jobs/sloGuard')),
});

beforeAll(async () => {
  process.env.DATABASE_URL = inject('databaseUrl');
  const { changeRollout } = await lib();
  await changeRollout({
    stage: 'preview',
    actor: 'test',
    reason: 'rollout test starts at preview',
  });
});

afterAll(async () => {
  const { changeRollout, pool } = await lib();
  await changeRollout({ stage: 'preview', actor: 'test', reason: 'rollout test leaves preview' });
  await pool().end();
});

const stage = async () => (await api('/api/rollout', { as: viewer })).body.stage;

describe('POST /api/rollout: safe stage changes', () => {
  it('refuses a promotion eligibility does not allow, listing the unmet conditions (409)', async () => {
    const refused = await api('/api/rollout', {
      as: operator,
      body: { stage: '1.0', reason: 'straight to everyone' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body._err).toBe('stage');
    // Other conditions may hold it too (the no-skill gate, on the suite's shared history).
    expect(refused.body.unmet).toContain(
      'preview → 1.0 skips a stage: promote one stage at a time (next is 0.1)',
    );
    expect(refused.body.message).toMatch(/^preview → 1\.0 is not allowed: .*skips a stage.*force/);
    expect(await stage()).toBe('preview');
  });

  it('lets no operator force, and audits an admin’s forced change with the unmet conditions', async () => {
    const { pool } = await lib();
    const byOperator = await api('/api/rollout', {
      as: operator,
      body: { stage: '1.0', reason: 'operator tries', force: true },
    });
    expect(byOperator.status).toBe(403);
    expect(byOperator.body._err).toBe('force');
    expect(await stage()).toBe('preview');

    const forced = await api('/api/rollout', {
      as: admin,
      body: { stage: '1.0', reason: 'admin forces the ramp', force: true },
    });
    expect(forced.status).toBe(200);
    expect(forced.body).toMatchObject({ previous: 'preview', stage: '1.0', forced: true });
    expect(forced.body.unmet).toContain(
      'preview → 1.0 skips a stage: promote one stage at a time (next is 0.1)',
    );
    expect(await stage()).toBe('1.0');

    const { rows } = await pool().query<{
      action: string;
      actor: string;
      details: { gates: { gates: unknown }; forced?: boolean; unmet?: string[] };
    }>(
      `SELECT action, actor, details FROM audit_log
       WHERE action IN ('rollout.forced', 'rollout.change') AND details->>'reason' = 'admin forces the ramp'
       ORDER BY id`,
    );
    expect(rows.map((r) => [r.action, r.actor])).toEqual([
      ['rollout.forced', 'admin@test.local'],
      ['rollout.change', 'admin@test.local'],
    ]);
    expect(rows[0]!.details).toMatchObject({
      from: 'preview',
      to: '1.0',
      unmet: forced.body.unmet,
    });
    expect(rows[0]!.details.gates.gates).toBeDefined();
    expect(rows[1]!.details).toMatchObject({ forced: true, unmet: forced.body.unmet });

    // A rollback is never held back, and an allowed change is not forced even when asked to be
    // (a rollback, so that no gate of the suite's shared history can hold it).
    const partBack = await api('/api/rollout', {
      as: admin,
      body: { stage: '0.5', reason: 'part of the way back', force: true },
    });
    expect(partBack.body).toMatchObject({ stage: '0.5', forced: false, unmet: [] });
    const back = await api('/api/rollout', {
      as: operator,
      body: { stage: 'preview', reason: 'back' },
    });
    expect(back.body).toMatchObject({ stage: 'preview', forced: false, unmet: [] });
  });

  it('refuses bad input with the field named', async () => {
    const bad = await api('/api/rollout', {
      as: admin,
      body: { stage: '0.5', reason: 'x', force: 'yes' } as never,
    });
    expect(bad.status).toBe(400);
    expect(['reason', 'force']).toContain(bad.body._err);
  });
});

describe('GET /api/rollout/changes: the stage timeline', () => {
  it('lists every change newest first with who, why, forced and the gates, as stored', async () => {
    const { pool } = await lib();
    const page = await api('/api/rollout/changes?limit=500', { as: viewer });
    expect(page.status).toBe(200);
    const { rows } = await pool().query<{
      id: string;
      ts: Date;
      from: string;
      to: string;
      actor: string;
      reason: string;
      forced: boolean;
      unmet: string[];
      gates: unknown;
    }>(
      `SELECT id::text, ts, "from", "to", actor, reason, forced, coalesce(unmet, '{}') AS unmet, gates
       FROM rollout_changes ORDER BY rollout_changes.id DESC LIMIT 500`,
    );
    expect(
      page.body.items.map((c) => ({ ...c, skillOverride: undefined, ts: new Date(c.ts) })),
    ).toEqual(rows.map((r) => ({ ...r, skillOverride: undefined })));
    const forced = page.body.items.find((c) => c.reason === 'admin forces the ramp');
    expect(forced).toMatchObject({ from: 'preview', to: '1.0', forced: true });
    expect(forced!.gates).toMatchObject({
      status: expect.any(String),
      gates: { p95: expect.any(String), err: expect.any(String), staleness: expect.any(String) },
      eligibility: { eligible: false },
    });
    // Changes written by the test directly (no route) carry no snapshot: shown as not captured.
    expect(page.body.items.some((c) => c.actor === 'test' && c.gates === null)).toBe(true);

    const second = await api(`/api/rollout/changes?limit=1&cursor=${page.body.items[0].id}`, {
      as: viewer,
    });
    expect(second.body.items[0].id).toBe(page.body.items[1].id);
  });

  it('needs a session and names the bad field', async () => {
    expect((await api('/api/rollout/changes', { as: { kind: 'anonymous' } })).status).toBe(401);
    expect((await api('/api/canary', { as: { kind: 'anonymous' } })).status).toBe(401);
    const limit = await api('/api/rollout/changes?limit=0', { as: viewer });
    expect([limit.status, limit.body._err]).toEqual([400, 'limit']);
    const since = await api('/api/rollout/changes?since=0000-13-01', { as: viewer });
    expect([since.status, since.body._err]).toEqual([400, 'since']);
  });
});

describe('the canary prober', () => {
  it('scores the live universe over HTTP, audited as the canary, in the SLO minute rollups', async () => {
    const { CanaryProber, pool, rollUpRange, sloMinuteMs } = await lib();
    const prober = new CanaryProber({
      baseUrl: inject('baseUrl'),
      ratePerMinute: 12,
      enabled: true,
      instance: 'rollout-test',
    });
    const t0 = Date.now();
    const started = new Date(t0);
    const sent = [];
    // Ticks of an injected clock, one second apart: 12 a minute is one every 5 s.
    for (let s = 0; s <= 10; s++) {
      const request = await prober.tick(new Date(t0 + s * 1000));
      if (request) sent.push({ s, request });
    }
    expect(sent.map((x) => x.s)).toEqual([0, 5, 10]);
    for (const { request } of sent) expect(request).toMatchObject({ status: 200, error: null });
    const ended = new Date();

    // Audited under its own name, with the built-in token stored hashed.
    const { rows: audit } = await pool().query<{ requestId: string; symbol: string }>(
      `SELECT details->>'requestId' AS "requestId", details->>'symbol' AS symbol FROM audit_log
       WHERE action = 'ml.score' AND actor = 'canary' AND ts >= $1 ORDER BY id`,
      [started],
    );
    expect(audit).toHaveLength(3);
    const { rows: tokens } = await pool().query<{ scopes: string[]; hash: string }>(
      `SELECT scopes, token_hash AS hash FROM api_tokens WHERE built_in = 'canary'`,
    );
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.scopes).toEqual(['score']);
    expect(tokens[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    const viaApi = await api('/api/audit?action=ml.score&limit=3', { as: viewer });
    expect(viaApi.body.items.map((i) => i.actor)).toEqual(['canary', 'canary', 'canary']);

    // The score events of those requests are in the minute rollups: recomputed independently.
    const { rows: events } = await pool().query<{ ts: Date }>(
      `SELECT ts FROM score_events WHERE request_id = ANY($1::uuid[])`,
      [audit.map((a) => a.requestId)],
    );
    expect(events).toHaveLength(3);
    const minuteMs = sloMinuteMs();
    const from = Math.floor(started.getTime() / minuteMs) * minuteMs;
    const to = Math.floor(ended.getTime() / minuteMs) * minuteMs + minuteMs;
    await rollUpRange(from, to, null);
    const { rows: check } = await pool().query<{ rolled: number; raw: number }>(
      `SELECT (SELECT coalesce(sum(count), 0)::int FROM slo_minutes
               WHERE minute >= $1 AND minute < $2) AS rolled,
              (SELECT count(*)::int FROM score_events WHERE ts >= $1 AND ts < $2) AS raw`,
      [new Date(from), new Date(to)],
    );
    expect(check[0]!.rolled).toBe(check[0]!.raw);
    expect(check[0]!.rolled).toBeGreaterThanOrEqual(3);

    // Its status for the overview and rollout pages.
    const status = await api('/api/canary', { as: viewer });
    expect(status.body).toMatchObject({
      known: true,
      enabled: true,
      running: true,
      ratePerMinute: 12,
      instance: 'rollout-test',
      lastRequest: { status: 200, error: null },
    });
    expect(status.body.sent).toBeGreaterThanOrEqual(3);
  });

  it('takes a new token when its secret stops working (a rotation elsewhere), never staying stopped', async () => {
    const { CanaryProber, pool } = await lib();
    const make = (instance: string) =>
      new CanaryProber({ baseUrl: inject('baseUrl'), ratePerMinute: 12, enabled: true, instance });
    const first = make('a');
    const t0 = Date.now();
    expect(await first.tick(new Date(t0))).toMatchObject({ status: 200 });
    // Another leader rotates the canary's token: the first one's next request is refused once…
    expect(await make('b').tick(new Date(t0))).toMatchObject({ status: 200 });
    expect(await first.tick(new Date(t0 + 5000))).toMatchObject({ status: 401 });
    // …and it rotates again and goes on.
    expect(await first.tick(new Date(t0 + 10_000))).toMatchObject({ status: 200 });
    const { rows } = await pool().query(`SELECT 1 FROM api_tokens WHERE built_in = 'canary'`);
    expect(rows).toHaveLength(1);
  });
});
