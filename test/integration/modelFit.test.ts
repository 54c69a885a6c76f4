import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitBayesWeights, type FitPair, type Vec3 } from '@/lib/domain/bayesWeights';
import type { ModelVersionItem } from '@/lib/contracts/models';
import { startBackfilledDemo, type BackfilledDemo } from '../support/backfilledDemo';
import { TEST_USERS } from '../support/users';

// The Bayesian weight update (issue 13) on a database of this file's own holding the demo's 20
// years of S&P 500 days backfilled: POST /api/models/candidates as an operator stores a candidate
// whose weights and sd are what the pure fit gives on the same pairs read by an independent SQL
// query; audited; refused without auth, for viewers, on a bad window and with too few pairs;
// a second fit retires the first; GET /api/models lists them; the weekly job is queued once a week.

const NOW = new Date('2026-12-01T12:00:00Z');
const ACTIVE = 'fusion-v2.0.0';
const PRIOR: Vec3 = [0.3, 0.35, 0.35];

let demo: BackfilledDemo;
const lib = async () => ({
  ...(await import('@/lib/db/client')),
  ...(await import('@/lib/jobs/proposeCandidate')),
});

beforeAll(async () => {
  // The leader of this file's server must not fit on its own while the test counts candidates.
  process.env.WEIGHT_FIT_WEEKLY = '0';
  demo = await startBackfilledDemo(NOW);
}, 300_000);

afterAll(async () => {
  await demo?.stop();
});

/** The pairs as an independent query sees them: predictions first, joined on the outcome's key. */
async function pairsBySql(from: string, to: string) {
  const { pool } = await lib();
  const { rows } = await pool().query<{
    rsi: number;
    macd: number;
    trend: number;
    r: number;
    ts: Date;
    horizon: string;
  }>(
    `SELECT p.part_rsi AS rsi, p.part_macd AS macd, p.part_trend AS trend,
            o.realized_return AS r, p.ts, p.horizon
       FROM predictions p, outcomes o
      WHERE o.prediction_id = p.id AND p.model_id = $1
        AND p.ts BETWEEN $2::timestamptz AND $3::timestamptz
      ORDER BY p.ts DESC, p.id DESC`,
    [ACTIVE, from, to],
  );
  return rows;
}

const count = async (sql: string, params: unknown[] = []) => {
  const { pool } = await lib();
  const { rows } = await pool().query<{ n: number }>(sql, params);
  return rows[0]!.n;
};

const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9);

let first: ModelVersionItem;

describe('POST /api/models/candidates', () => {
  it('refuses anonymous callers (401) and viewers (403)', async () => {
    const body = { reason: 'test fit' };
    expect((await demo.call('/api/models/candidates', { body })).status).toBe(401);
    expect((await demo.call('/api/models')).status).toBe(401);
    const viewer = await demo.call('/api/models/candidates', { as: 'viewer', body });
    expect(viewer.status).toBe(403);
  });

  it('refuses a bad window or reason with a 400 naming the field, and writes nothing', async () => {
    const before = await count('SELECT count(*)::int AS n FROM model_versions');
    const cases: [unknown, string][] = [
      [{ reason: 'x y z', from: '2019-01-01', to: '2018-01-01' }, 'to'],
      [{ reason: 'x y z', from: '0999-12-31' }, 'from'],
      [{ reason: 'x y z', to: '10000-01-01' }, 'to'],
      [{ reason: 'x y z', to: '2999-01-01' }, 'to'],
      [{ reason: 'x y z', from: 'yesterday' }, 'from'],
      [{ reason: 'no' }, 'reason'],
      [{}, 'reason'],
      [{ reason: 'x y z', extra: 1 }, 'body'], // an unknown key: the body as a whole
    ];
    for (const [body, field] of cases) {
      const res = await demo.call('/api/models/candidates', { as: 'operator', body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body._err, JSON.stringify(body)).toBe(field);
    }
    expect(await count('SELECT count(*)::int AS n FROM model_versions')).toBe(before);
  });

  it('answers 409 naming the pairs when the window has fewer than 200, and creates nothing', async () => {
    const audits = await count(
      `SELECT count(*)::int AS n FROM audit_log WHERE action LIKE 'model.%'`,
    );
    const res = await demo.call('/api/models/candidates', {
      as: 'operator',
      body: { reason: 'too short a window', from: '2005-03-01', to: '2005-03-20' },
    });
    expect(res.status).toBe(409);
    expect(res.body._err).toBe('pairs');
    expect(res.body.message).toMatch(/not enough matured pairs \(n = \d+ < 200\)/);
    const expected = (await pairsBySql('2005-03-01', '2005-03-20')).length;
    expect(res.body.n).toBe(expected);
    expect(
      await count(`SELECT count(*)::int AS n FROM model_versions WHERE status = 'candidate'`),
    ).toBe(0);
    expect(
      await count(`SELECT count(*)::int AS n FROM audit_log WHERE action LIKE 'model.%'`),
    ).toBe(audits);
  });

  it("stores a candidate whose weights are the pure fit's on the same pairs read independently", async () => {
    const from = '2015-01-01T00:00:00Z';
    const to = '2020-04-18T00:00:00Z';
    const res = await demo.call('/api/models/candidates', {
      as: 'operator',
      body: { reason: 'five years of S&P', from, to },
    });
    expect(res.status).toBe(201);
    expect(res.body.retired).toBeNull();
    const candidate: ModelVersionItem = res.body.candidate;
    first = candidate;
    expect(candidate.status).toBe('candidate');
    expect(candidate.id).toMatch(/^fusion-v2\.0\.0-c\d{14}(-\d+)?$/);
    expect(candidate.threshold).toBe(0.55);
    expect(candidate.liveThreshold).toBe(0.65);

    const rows = await pairsBySql(from, to);
    expect(rows.length).toBeGreaterThan(5_000);
    const pairs: FitPair[] = rows.map((r) => ({
      parts: [r.rsi, r.macd, r.trend],
      realizedReturn: r.r,
    }));
    const fit = fitBayesWeights(pairs, PRIOR);
    close(candidate.weights.rsi, fit.weights[0]);
    close(candidate.weights.macd, fit.weights[1]);
    close(candidate.weights.trend, fit.weights[2]);
    close(candidate.sd!.rsi, fit.sd[0]);
    close(candidate.sd!.macd, fit.sd[1]);
    close(candidate.sd!.trend, fit.sd[2]);
    const ev = candidate.evidence!;
    expect(ev.n).toBe(fit.n);
    expect(ev.pairsRead).toBe(rows.length);
    expect(ev.parentModelId).toBe(ACTIVE);
    expect(ev.priorSd).toBe(0.5);
    expect(ev.converged).toBe(true);
    close(ev.logLikelihood, fit.logLikelihood);
    close(ev.map.trend, fit.map[2]);
    const perHorizon: Record<string, number> = {};
    for (const r of rows) perHorizon[r.horizon] = (perHorizon[r.horizon] ?? 0) + 1;
    expect(ev.perHorizon).toEqual(perHorizon);
    const times = rows.map((r) => r.ts.getTime());
    expect(new Date(candidate.windowFrom!).getTime()).toBe(Math.min(...times));
    expect(new Date(candidate.windowTo!).getTime()).toBe(Math.max(...times));

    // Stored as answered, and audited with who and why.
    const { pool } = await lib();
    const { rows: stored } = await pool().query(
      `SELECT status, weight_rsi, sd_trend, evidence->>'n' AS n FROM model_versions WHERE id = $1`,
      [candidate.id],
    );
    expect(stored[0]).toMatchObject({ status: 'candidate', weight_rsi: candidate.weights.rsi });
    expect(Number(stored[0].n)).toBe(fit.n);
    const { rows: audit } = await pool().query(
      `SELECT actor, details FROM audit_log WHERE action = 'model.candidate_created'
        AND details->>'modelId' = $1`,
      [candidate.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].actor).toBe(TEST_USERS.operator);
    expect(audit[0].details).toMatchObject({
      reason: 'five years of S&P',
      parent: ACTIVE,
      retired: null,
    });
  });

  it('retires the previous candidate when a new fit is stored (default window), audited', async () => {
    // A subscriber to candidate_proposed (its receiver need not answer: the delivery row is the
    // event as emitted).
    const { rows: subscribed } = await (await lib()).pool().query<{ id: string }>(
      `INSERT INTO webhook_subscriptions (url, events, secret, created_by)
         VALUES ('http://127.0.0.1:9/hook', '{candidate_proposed}', 'whsec_test', 'test')
         RETURNING id::text`,
    );
    const res = await demo.call('/api/models/candidates', {
      as: 'operator',
      body: { reason: 'the default window' },
    });
    expect(res.status).toBe(201);
    expect(res.body.retired).toBe(first.id);
    const second: ModelVersionItem = res.body.candidate;
    expect(second.id).not.toBe(first.id);
    // The default: the 365 days up to the newest matured pair of the active model.
    const ev = second.evidence!;
    const { rows: newest } = await (
      await lib()
    )
      .pool()
      .query<{ ts: Date }>('SELECT max(ts) AS ts FROM outcomes WHERE model_id = $1', [ACTIVE]);
    expect(ev.requestedWindow.to).toBe(newest[0]!.ts.toISOString());
    expect(Date.parse(ev.requestedWindow.to) - Date.parse(ev.requestedWindow.from)).toBe(
      365 * 86_400_000,
    );
    const { pool } = await lib();
    const { rows } = await pool().query<{ id: string; status: string; retired_at: Date | null }>(
      'SELECT id, status, retired_at FROM model_versions WHERE id = ANY($1) ORDER BY id',
      [[first.id, second.id]],
    );
    expect(rows.find((r) => r.id === first.id)).toMatchObject({ status: 'retired' });
    expect(rows.find((r) => r.id === first.id)!.retired_at).not.toBeNull();
    expect(rows.find((r) => r.id === second.id)).toMatchObject({ status: 'candidate' });
    expect(
      await count(`SELECT count(*)::int AS n FROM model_versions WHERE status = 'candidate'`),
    ).toBe(1);
    const { rows: audit } = await pool().query(
      `SELECT actor, details FROM audit_log WHERE action = 'model.candidate_retired'
        AND details->>'modelId' = $1`,
      [first.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toMatchObject({ replacedBy: second.id, reason: 'the default window' });

    const { rows: events } = await pool().query<{ payload: { type: string; data: object } }>(
      `SELECT payload FROM webhook_deliveries WHERE subscription_id = $1`,
      [subscribed[0]!.id],
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({
      type: 'candidate_proposed',
      data: { modelId: second.id, retired: first.id, weights: second.weights },
    });
    await pool().query('DELETE FROM webhook_subscriptions WHERE id = $1', [subscribed[0]!.id]);
  });

  it('never holds two candidates: the database refuses a second one', async () => {
    const { pool } = await lib();
    await expect(
      pool().query(
        `INSERT INTO model_versions (id, feature_version, weight_rsi, weight_macd, weight_trend,
           threshold, live_threshold, status)
         VALUES ('two-candidates', 'v2.0.0', 0.3, 0.3, 0.4, 0.55, 0.65, 'candidate')`,
      ),
    ).rejects.toMatchObject({ code: '23505' });
  });
});

describe('GET /api/models', () => {
  it('lists every version with status, weights, sd, window and evidence for a viewer', async () => {
    const res = await demo.call('/api/models', { as: 'viewer' });
    expect(res.status).toBe(200);
    expect(res.body.activeId).toBe(ACTIVE);
    const items: ModelVersionItem[] = res.body.items;
    const active = items.find((i) => i.id === ACTIVE)!;
    expect(active).toMatchObject({ status: 'active', sd: null, evidence: null });
    expect(active.weights).toEqual({ rsi: 0.3, macd: 0.35, trend: 0.35 });
    const candidate = items.find((i) => i.id === res.body.candidateId)!;
    expect(candidate.status).toBe('candidate');
    expect(candidate.sd).not.toBeNull();
    expect(candidate.evidence!.n).toBeGreaterThanOrEqual(200);
    expect(items.find((i) => i.id === first.id)!.status).toBe('retired');
    const { pool } = await lib();
    const { rows } = await pool().query<{ n: number }>(
      'SELECT count(*)::int AS n FROM model_versions',
    );
    expect(items).toHaveLength(rows[0]!.n);
  });
});

describe('the weekly fit', () => {
  it('queues one propose-candidate job per ISO week (Monday 00:00 UTC), however often it ticks', async () => {
    delete process.env.WEIGHT_FIT_WEEKLY;
    const { WeeklyFitter, weeklyKey } = await lib();
    const { boss, stopBoss } = await import('@/lib/jobs/queue');
    // A week of this file's own, far from the real one, so no other job shares its key.
    const monday = new Date('2031-03-03T00:00:00Z');
    const key = weeklyKey(new Date('2031-03-05T17:00:00Z'));
    expect(key).toBe('weekly:2031-03-03');
    expect(weeklyKey(new Date(monday.getTime() - 1))).toBe('weekly:2031-02-24');
    await new WeeklyFitter().tick(new Date('2031-03-03T00:00:01Z'));
    // A restarted or new leader later in the same week queues nothing more.
    await new WeeklyFitter().tick(new Date('2031-03-09T23:59:59Z'));
    const jobs = await (await boss()).findJobs('propose-candidate', { key });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.data).toEqual({ week: '2031-03-03' });
    await stopBoss();
  });
});
