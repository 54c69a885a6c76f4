import type { MinuteRollup } from '@/lib/domain/slo/minutes';
import { db, pool } from './client';

export interface RawScoreEvent {
  ts: Date;
  latencyMs: number;
  status: number;
  confid: number | null;
  staleness: number | null;
}

export async function scoreEventsBetween(from: Date, to: Date): Promise<RawScoreEvent[]> {
  const { rows } = await pool().query<RawScoreEvent>(
    `SELECT ts, latency_ms AS "latencyMs", status, confid, staleness
     FROM score_events WHERE ts >= $1 AND ts < $2 ORDER BY ts`,
    [from, to],
  );
  return rows;
}

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

/** Raw events are kept for a bounded time; the per-minute rollups keep the history. */
export async function purgeScoreEventsBefore(cutoff: Date): Promise<number> {
  const result = await pool().query('DELETE FROM score_events WHERE ts < $1', [cutoff]);
  return result.rowCount ?? 0;
}

/**
 * The outcomes filled in [since, until) (live predictions only): the inputs of the hit-rate, IR
 * and no-skill rules. A range of the filled_at index, whatever the history.
 */
export async function maturedSince(since: Date, until: Date) {
  const { rows } = await pool().query<{
    decision: -1 | 0 | 1;
    hit: boolean;
    realizedReturn: number;
    horizon: string;
    ts: Date;
    confid: number;
    prevReturn: number | null;
    prevModelDirection: -1 | 0 | 1 | null;
  }>(
    `SELECT p.decision, o.hit, o.realized_return AS "realizedReturn", p.horizon, o.ts, o.confid,
            o.prev_return AS "prevReturn", o.prev_model_direction AS "prevModelDirection"
     FROM outcomes o JOIN predictions p ON p.id = o.prediction_id
     WHERE o.filled_at >= $1 AND o.filled_at < $2 AND NOT p.backfilled`,
    [since, until],
  );
  return rows;
}

export const listBreaches = (filter: {
  since: Date;
  rule?: string;
  window?: string;
  limit: number;
}) =>
  db().breach.findMany({
    where: { ts: { gte: filter.since }, rule: filter.rule, window: filter.window },
    orderBy: { id: 'desc' },
    take: filter.limit,
  });

/** The critical live breach an operator has not acknowledged yet, if any: live decisions wait. */
export const unacknowledgedPause = () =>
  db().breach.findFirst({
    where: { pausedLive: true, acknowledgedAt: null },
    orderBy: { id: 'asc' },
  });

export const rolloutChangesSince = (since: Date) =>
  db().rolloutChange.findMany({ where: { ts: { gte: since } }, orderBy: { id: 'asc' } });

export const lastRolloutChangeBefore = (before: Date) =>
  db().rolloutChange.findFirst({ where: { ts: { lt: before } }, orderBy: { id: 'desc' } });
