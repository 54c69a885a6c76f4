import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api } from '../support/api';
import { TEST_USERS } from '../support/users';
import { QUEUES } from '@/lib/jobs/queue';

// Queue stats and the job routes against the shared production server; the app's workers (run
// here) work the queues: a `calibrate` job whose payload the worker rejects fails 3 times and lands in
// `calibrate-dlq`; an operator sends it back (audited), a viewer may not; then it is deleted.
const viewer = { kind: 'session', role: 'viewer' } as const;
const operator = { kind: 'session', role: 'operator' } as const;
const marker = randomUUID();

type Pool = import('pg').Pool;
let pool: Pool;

const deadJobsOf = async (name: string) =>
  (
    await pool.query<{ id: string }>(
      `SELECT id::text FROM pgboss.job WHERE name = $1 AND state IN ('created', 'retry')
         AND data->>'marker' = $2 ORDER BY created_on`,
      [name, marker],
    )
  ).rows.map((r) => r.id);

/** Waits (bounded by the test timeout, not timed) until the marked job is dead in its DLQ. */
async function waitForDeadJob(exclude: string[] = []): Promise<string> {
  for (;;) {
    const ids = (await deadJobsOf('calibrate-dlq')).filter((id) => !exclude.includes(id));
    if (ids.length > 0) return ids[0]!;
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  process.env.DATABASE_URL = inject('databaseUrl');
  ({ pool } = { pool: (await import('@/lib/db/client')).pool() });
  // The suite's server runs no automation (AUTOMATION_AUTOSTART=0): this process works the
  // app's queues with the app's own workers, which check each payload against its queue's schema.
  const { boss } = await import('@/lib/jobs/queue');
  const { startWorkers } = await import('@/lib/jobs/workers');
  await startWorkers();
  // Past enqueue()'s schema check on purpose: the worker refuses it at every attempt.
  await (await boss()).send('calibrate', { marker });
});

afterAll(async () => {
  const { stopBoss } = await import('@/lib/jobs/queue');
  await stopBoss();
  await pool.end();
});

describe('queues', () => {
  let deadId = '';

  it('shows the job that failed three times in its dead-letter queue', async () => {
    deadId = await waitForDeadJob();
    const report = await api('/api/queues', { as: viewer });
    expect(report.status).toBe(200);
    const names = report.body.queues.map((q) => q.name);
    expect(names).toEqual(QUEUES.flatMap((name) => [name, `${name}-dlq`]));
    const dlq = report.body.queues.find((q) => q.name === 'calibrate-dlq')!;
    const { rows } = await pool.query<{ state: string; n: number }>(
      `SELECT state::text, count(*)::int AS n FROM pgboss.job WHERE name = 'calibrate-dlq' GROUP BY state`,
    );
    const independent = Object.fromEntries(rows.map((r) => [r.state, r.n]));
    expect(dlq.counts.created).toBe(independent.created ?? 0);
    expect(dlq.deadJobs).toBe((independent.created ?? 0) + (independent.retry ?? 0));
    expect(dlq).toMatchObject({ kind: 'dead-letter', source: 'calibrate' });
    expect(report.body.gates.dlq.worst).toBeGreaterThanOrEqual(1);

    // Listed (newest first) and described through pg-boss's findJobs: 3 attempts, the error kept.
    const list = await api(`/api/queues/calibrate-dlq/jobs?state=created&limit=500`, {
      as: viewer,
    });
    expect(list.status).toBe(200);
    expect(list.body.items.map((j) => j.id)).toContain(deadId);
    const detail = await api(`/api/queues/calibrate-dlq/jobs/${deadId}`, { as: viewer });
    expect(detail.status).toBe(200);
    expect(detail.body.job).toMatchObject({
      id: deadId,
      state: 'created',
      attempts: 3,
      sourceName: 'calibrate',
      data: { marker },
      retryable: true,
      deletable: true,
    });
  });

  it('pages a queue newest first by its cursor', async () => {
    const all = await api('/api/queues/calibrate/jobs?limit=500', { as: viewer });
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = new URLSearchParams({
        limit: '1',
        ...(cursor ? { cursor } : {}),
      }).toString();
      const page = await api(`/api/queues/calibrate/jobs?${query}`, { as: viewer });
      expect(page.status).toBe(200);
      ids.push(...page.body.items.map((j) => j.id));
      cursor = page.body.nextCursor;
    } while (cursor && ids.length < 50);
    expect(ids).toEqual(all.body.items.map((j) => j.id).slice(0, ids.length));
    const created = all.body.items.map((j) => Date.parse(j.createdOn));
    expect(created).toEqual([...created].sort((a, b) => b - a));
  });

  it('refuses a viewer (403) and anyone signed out (401), changing nothing', async () => {
    const refused = await api(`/api/queues/calibrate-dlq/jobs/${deadId}/retry`, {
      method: 'POST',
      as: viewer,
    });
    expect(refused.status).toBe(403);
    expect(refused.body._err).toBe('auth');
    const deleted = await api(`/api/queues/calibrate-dlq/jobs/${deadId}`, {
      method: 'DELETE',
      as: viewer,
    });
    expect(deleted.status).toBe(403);
    expect((await api('/api/queues')).status).toBe(401);
    expect((await api('/api/automation/chain')).status).toBe(401);
    expect((await api(`/api/queues/calibrate-dlq/retry-all`, { method: 'POST' })).status).toBe(401);
    expect(await deadJobsOf('calibrate-dlq')).toContain(deadId);
  });

  it('names the field of bad input', async () => {
    for (const [path, status, field] of [
      ['/api/queues/calibrate-dlq/jobs/not-a-uuid', 400, 'id'],
      ['/api/queues/calibrate-dlq/jobs?state=dead', 400, 'state'],
      ['/api/queues/calibrate-dlq/jobs?cursor=12', 400, 'cursor'],
      ['/api/queues/calibrate-dlq/jobs?limit=501', 400, 'limit'],
      ['/api/queues/Bad_Name/jobs', 400, 'name'],
      ['/api/queues/no-such-queue/jobs', 404, 'name'],
      [`/api/queues/calibrate-dlq/jobs/${randomUUID()}`, 404, 'id'],
    ] as const) {
      const reply = await api(path, { as: viewer });
      expect(reply.status, path).toBe(status);
      expect(reply.body._err, path).toBe(field);
    }
    const notDlq = await api('/api/queues/calibrate/retry-all', { method: 'POST', as: operator });
    expect(notDlq.status).toBe(409);
    expect(notDlq.body._err).toBe('name');
  });

  it('an operator retries the dead job: it goes back to its queue, audited', async () => {
    const retried = await api(`/api/queues/calibrate-dlq/jobs/${deadId}/retry`, {
      method: 'POST',
      as: operator,
    });
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual({ queue: 'calibrate-dlq', jobId: deadId, moved: 1 });
    expect(await deadJobsOf('calibrate-dlq')).not.toContain(deadId);
    const { rows } = await pool.query(
      `SELECT actor, details FROM audit_log WHERE action = 'queue.redrive' AND details->>'jobId' = $1`,
      [deadId],
    );
    expect(rows).toEqual([
      {
        actor: TEST_USERS.operator,
        details: expect.objectContaining({ queue: 'calibrate-dlq', to: 'calibrate', attempts: 3 }),
      },
    ]);
    // A second retry of the same job finds nothing to move.
    const again = await api(`/api/queues/calibrate-dlq/jobs/${deadId}/retry`, {
      method: 'POST',
      as: operator,
    });
    expect(again.status).toBe(404);
  });

  it('the job fails its three new attempts and dies again; an operator deletes it, audited', async () => {
    const second = await waitForDeadJob([deadId]);
    const deleted = await api(`/api/queues/calibrate-dlq/jobs/${second}`, {
      method: 'DELETE',
      as: operator,
    });
    expect(deleted.status).toBe(200);
    expect(deleted.body.moved).toBe(1);
    expect(await deadJobsOf('calibrate-dlq')).toEqual([]);
    const { rows } = await pool.query(
      `SELECT details->'data' AS data FROM audit_log WHERE action = 'queue.delete' AND details->>'jobId' = $1`,
      [second],
    );
    expect(rows).toEqual([{ data: { marker } }]);
    // Retry all sends every dead job of the DLQ back (none of ours is left).
    const { rows: dead } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'calibrate-dlq' AND state = 'created'`,
    );
    const all = await api('/api/queues/calibrate-dlq/retry-all', { method: 'POST', as: operator });
    expect(all.body).toEqual({ queue: 'calibrate-dlq', moved: dead[0]!.n });
  });
});

describe('GET /api/automation/chain', () => {
  it('has five steps whose counts equal an independent count of the stored rows', async () => {
    // Counts move while the loop runs: compare when the stored rows were the same before and after.
    const independent = async () => {
      const { rows } = await pool.query(
        `SELECT (SELECT count(*)::int FROM outcomes) AS filled,
                (SELECT count(*)::int FROM metrics) AS rows,
                (SELECT count(*)::int FROM calibration_runs r WHERE NOT EXISTS (
                   SELECT 1 FROM calibration_runs s WHERE s.model_id = r.model_id
                     AND s.tf_family = r.tf_family AND s.horizon = r.horizon
                     AND (s.ran_at, s.id) > (r.ran_at, r.id))) AS groups,
                (SELECT predictions FROM automation_cycles WHERE finished_at IS NOT NULL
                   AND NOT backfilled ORDER BY slot DESC LIMIT 1) AS "newInLastCycle",
                (SELECT count(*)::int FROM pgboss.job WHERE name = 'calibrate-dlq'
                   AND state IN ('created', 'retry')) AS dead`,
      );
      return rows[0] as Record<string, number | null>;
    };
    for (let attempt = 0; ; attempt++) {
      const before = await independent();
      const chain = await api('/api/automation/chain', { as: viewer });
      const after = await independent();
      if (JSON.stringify(before) !== JSON.stringify(after) && attempt < 10) continue;
      expect(chain.status).toBe(200);
      const step = Object.fromEntries(chain.body.steps.map((s) => [s.key, s]));
      expect(chain.body.steps.map((s) => s.key)).toEqual([
        'automation',
        'predictions',
        'outcomes',
        'metrics',
        'calibration',
      ]);
      for (const s of chain.body.steps)
        expect(['ok', 'waiting', 'stalled', 'failed']).toContain(s.state);
      expect(step.outcomes!.counts.filled).toBe(after.filled);
      expect(step.metrics!.counts.rows).toBe(after.rows);
      expect(step.calibration!.counts.groups).toBe(after.groups);
      expect(step.calibration!.queue!.dead).toBe(after.dead);
      expect(step.predictions!.counts.newInLastCycle).toBe(after.newInLastCycle ?? 0);
      break;
    }
  });
});
