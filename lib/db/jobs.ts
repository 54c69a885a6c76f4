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
