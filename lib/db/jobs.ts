import { pool } from './client';

export interface JobCount {
  name: string;
  state: string;
  count: number;
}

/**
 * Jobs per queue and state, read straight from pg-boss's table, so a CLI or a scrape needs no
 * pg-boss instance. Empty before pg-boss has installed its schema.
 */
export async function jobCounts(): Promise<JobCount[]> {
  const { rows } = await pool()
    .query<JobCount>(
      'SELECT name, state::text, count(*)::int AS count FROM pgboss.job GROUP BY name, state ORDER BY name, state',
    )
    .catch(() => ({ rows: [] as JobCount[] }));
  return rows;
}

/**
 * The output of a queue's latest completed job, and when it completed: pg-boss keeps what a
 * handler returned for as long as it keeps the job (7 days), so every process reads the same
 * last result, whichever worked it. Null when none is kept (or before pg-boss's schema exists).
 */
export async function lastCompletedJob(
  queue: string,
): Promise<{ completedOn: Date; output: unknown } | null> {
  const { rows } = await pool()
    .query<{ completedOn: Date; output: unknown }>(
      `SELECT completed_on AS "completedOn", output FROM pgboss.job
       WHERE name = $1 AND state = 'completed' ORDER BY completed_on DESC LIMIT 1`,
      [queue],
    )
    .catch(() => ({ rows: [] as { completedOn: Date; output: unknown }[] }));
  return rows[0] ?? null;
}

/** pg-boss's job states, in its own order. */
export const JOB_STATES = [
  'created',
  'retry',
  'active',
  'completed',
  'cancelled',
  'failed',
] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface QueueJobStats {
  name: string;
  counts: Record<JobState, number>;
  /** When the oldest job waiting to run (created or retry) was created. */
  oldestWaitingAt: Date | null;
  createdLastHour: number;
  completedLastHour: number;
  failedLastHour: number;
  /** Jobs that needed more than one attempt, and the most attempts any job has had. */
  retried: number;
  maxAttempts: number;
  /** Jobs beyond 3 attempts (a dead-lettered job counts its source's attempts). */
  beyondThreeAttempts: number;
  lastCompletedAt: Date | null;
  lastFailedAt: Date | null;
}

/**
 * Per queue: jobs by state, the oldest waiting job, jobs per hour, retries. pg-boss's API
 * (getQueues / getQueueStats) has counts of queued, active, failed and total only: no split of
 * created and retry, no completed or cancelled counts, no ages, hourly rates or attempt counts,
 * so this one read goes to its table (read-only: every change goes through pg-boss's API). Its
 * cost is the jobs pg-boss keeps (7 days by default), through its index (name, created_on).
 */
export async function queueJobStats(names: readonly string[], now: Date): Promise<QueueJobStats[]> {
  type Row = {
    name: string;
    state: JobState;
    n: number;
    oldest_waiting: Date | null;
    created_hour: number;
    completed_hour: number;
    failed_hour: number;
    retried: number;
    max_attempts: number;
    beyond: number;
    last_completed: Date | null;
    last_failed: Date | null;
  };
  const { rows } = await pool()
    .query<Row>(
      `SELECT name, state::text AS state, count(*)::int AS n,
              min(created_on) FILTER (WHERE state IN ('created', 'retry')) AS oldest_waiting,
              count(*) FILTER (WHERE created_on > $2::timestamptz - interval '1 hour')::int AS created_hour,
              count(*) FILTER (WHERE state = 'completed'
                               AND completed_on > $2::timestamptz - interval '1 hour')::int AS completed_hour,
              count(*) FILTER (WHERE state = 'failed'
                               AND completed_on > $2::timestamptz - interval '1 hour')::int AS failed_hour,
              count(*) FILTER (WHERE retry_count > 0 OR coalesce(source_retry_count, 0) > 0)::int AS retried,
              coalesce(max(greatest(retry_count, coalesce(source_retry_count, 0)) + 1), 0)::int AS max_attempts,
              count(*) FILTER (WHERE greatest(retry_count, coalesce(source_retry_count, 0)) + 1 > 3)::int AS beyond,
              max(completed_on) FILTER (WHERE state = 'completed') AS last_completed,
              max(completed_on) FILTER (WHERE state = 'failed') AS last_failed
       FROM pgboss.job WHERE name = ANY($1::text[]) GROUP BY name, state`,
      [names, now],
    )
    .catch(() => ({ rows: [] as Row[] }));
  const byName = new Map<string, QueueJobStats>(
    names.map((name) => [
      name,
      {
        name,
        counts: Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>,
        oldestWaitingAt: null,
        createdLastHour: 0,
        completedLastHour: 0,
        failedLastHour: 0,
        retried: 0,
        maxAttempts: 0,
        beyondThreeAttempts: 0,
        lastCompletedAt: null,
        lastFailedAt: null,
      },
    ]),
  );
  const later = (a: Date | null, b: Date | null) => (a && (!b || a > b) ? a : b);
  for (const r of rows) {
    const s = byName.get(r.name);
    if (!s) continue;
    s.counts[r.state] = r.n;
    if (r.oldest_waiting && (!s.oldestWaitingAt || r.oldest_waiting < s.oldestWaitingAt))
      s.oldestWaitingAt = r.oldest_waiting;
    s.createdLastHour += r.created_hour;
    s.completedLastHour += r.completed_hour;
    s.failedLastHour += r.failed_hour;
    s.retried += r.retried;
    s.maxAttempts = Math.max(s.maxAttempts, r.max_attempts);
    s.beyondThreeAttempts += r.beyond;
    s.lastCompletedAt = later(r.last_completed, s.lastCompletedAt);
    s.lastFailedAt = later(r.last_failed, s.lastFailedAt);
  }
  return [...byName.values()];
}

export interface JobSummary {
  id: string;
  name: string;
  state: JobState;
  attempts: number;
  createdOn: Date;
  startedOn: Date | null;
  completedOn: Date | null;
  sourceName: string | null;
  /** Opaque keyset position of this job in its list: created_on in µs and the id. */
  position: string;
}

/** A job list's cursor: `<created_on in µs since the epoch>.<uuid>`. */
export const JOB_CURSOR =
  /^[0-9]{1,17}\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * One queue's jobs, newest first, optionally of one state, paged by (created_on, id): pg-boss's
 * findJobs has no state filter and reads oldest first, so the list reads its table (index
 * (name, created_on)); a job's detail and every change go through pg-boss's API.
 */
export async function listQueueJobs(query: {
  name: string;
  state?: JobState;
  since?: Date;
  cursor?: string;
  limit: number;
}): Promise<{ items: JobSummary[]; nextCursor: string | null }> {
  const [micros, id] = query.cursor ? query.cursor.split('.') : [null, null];
  const { rows } = await pool()
    .query<JobSummary>(
      `SELECT id::text, name, state::text AS state,
              greatest(retry_count, coalesce(source_retry_count, 0)) + 1 AS attempts,
              created_on AS "createdOn", started_on AS "startedOn", completed_on AS "completedOn",
              source_name AS "sourceName",
              ((extract(epoch FROM created_on) * 1000000)::bigint)::text || '.' || id::text AS position
       FROM pgboss.job
       WHERE name = $1
         AND ($2::text IS NULL OR state::text = $2)
         AND ($3::timestamptz IS NULL OR created_on >= $3)
         AND ($4::bigint IS NULL OR (created_on, id) <
              (timestamptz 'epoch' + $4::bigint * interval '1 microsecond', $5::uuid))
       ORDER BY created_on DESC, id DESC
       LIMIT $6`,
      [query.name, query.state ?? null, query.since ?? null, micros, id, query.limit + 1],
    )
    .catch((error: { code?: string }) => {
      // pg-boss's schema not installed yet: no jobs.
      if (error.code === '42P01' || error.code === '3F000') return { rows: [] as JobSummary[] };
      throw error;
    });
  const items = rows.slice(0, query.limit);
  return { items, nextCursor: rows.length > query.limit ? items.at(-1)!.position : null };
}

/** What pg-boss's commands need to run on our connection (its `db` option). */
export interface JobCommandDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * Runs a pg-boss command and writes its audit entry in one transaction: the change and its
 * audit row commit together or not at all (a crash in between loses neither, duplicates neither).
 * `command` answers the audit details, or null to write no entry and roll back (nothing done).
 */
export async function auditedJobCommand<T>(
  audit: { action: string; actor: string },
  command: (db: JobCommandDb) => Promise<{ result: T; details: Record<string, unknown> } | null>,
): Promise<T | null> {
  const client = await pool().connect();
  try {
    await client.query('BEGIN');
    const done = await command({
      executeSql: (text, values) => client.query(text, values as unknown[] | undefined),
    });
    if (!done) {
      await client.query('ROLLBACK');
      return null;
    }
    await client.query('INSERT INTO audit_log (action, actor, details) VALUES ($1, $2, $3)', [
      audit.action,
      audit.actor,
      JSON.stringify(done.details),
    ]);
    await client.query('COMMIT');
    return done.result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
