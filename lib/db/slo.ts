import type { MinuteRollup } from '@/lib/domain/slo/minutes';
import { pool } from './client';

// The SLO rollups: per-minute (slo_minutes) and per-hour (slo_hours) sums of score events.

/** Writes rollups, replacing any already written (a re-run recomputes, never double counts). */
export async function upsertMinutes(
  rollups: readonly MinuteRollup[],
  table: 'slo_minutes' | 'slo_hours' = 'slo_minutes',
): Promise<void> {
  if (rollups.length === 0) return;
  const key = table === 'slo_minutes' ? 'minute' : 'hour';
  await pool().query(
    `INSERT INTO ${table} (${key}, count, errors, latency, confid, max_staleness)
     SELECT r.minute, r.count, r.errors,
            ARRAY(SELECT jsonb_array_elements_text(r.latency)::int),
            ARRAY(SELECT jsonb_array_elements_text(r.confid)::int), r.max_staleness
     FROM jsonb_to_recordset($1::jsonb)
       AS r(minute timestamptz, count int, errors int, latency jsonb, confid jsonb, max_staleness float8)
     ON CONFLICT (${key}) DO UPDATE SET count = EXCLUDED.count, errors = EXCLUDED.errors,
       latency = EXCLUDED.latency, confid = EXCLUDED.confid, max_staleness = EXCLUDED.max_staleness`,
    [
      JSON.stringify(
        rollups.map((r) => ({
          minute: r.minute.toISOString(),
          count: r.count,
          errors: r.errors,
          latency: r.latency,
          confid: r.confid,
          max_staleness: r.maxStaleness,
        })),
      ),
    ],
  );
}

export async function minutesBetween(from: Date, to: Date): Promise<MinuteRollup[]> {
  const { rows } = await pool().query<MinuteRollup>(
    `SELECT minute, count, errors, latency, confid, max_staleness AS "maxStaleness"
     FROM slo_minutes WHERE minute >= $1 AND minute < $2 ORDER BY minute`,
    [from, to],
  );
  return rows;
}

/** Hourly rollups (the `minute` field holds the hour's start). */
export async function hoursBetween(from: Date, to: Date): Promise<MinuteRollup[]> {
  const { rows } = await pool().query<MinuteRollup>(
    `SELECT hour AS minute, count, errors, latency, confid, max_staleness AS "maxStaleness"
     FROM slo_hours WHERE hour >= $1 AND hour < $2 ORDER BY hour`,
    [from, to],
  );
  return rows;
}

export async function lastRolledMinute(): Promise<Date | null> {
  const { rows } = await pool().query<{ last: Date | null }>(
    'SELECT max(minute) AS last FROM slo_minutes',
  );
  return rows[0]?.last ?? null;
}

/** The first minute ever rolled up (the primary key's first entry), or null. */
export async function firstRolledMinute(): Promise<Date | null> {
  const { rows } = await pool().query<{ first: Date | null }>(
    'SELECT min(minute) AS first FROM slo_minutes',
  );
  return rows[0]?.first ?? null;
}
