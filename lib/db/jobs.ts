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
