import { pool } from './client';

export interface ScoreRecord {
  requestId: string;
  symbol: string;
  tf: string;
  status: number;
  latencyMs: number;
  decision: number | null;
  confid: number | null;
  mode: string | null;
  modelId: string | null;
  /** Seconds since the symbol's live feed last updated (null: no live feed). */
  staleness: number | null;
  /** The `ml.score` audit entry written with it, in the same statement. */
  audit: { actor: string; details: unknown } | null;
}

/**
 * Writes the score event and its audit entry in one statement (one round trip, one implicit
 * transaction): a request is acknowledged only after both are durable, so none can be lost.
 */
export async function recordScore(record: ScoreRecord): Promise<void> {
  await pool().query(
    `WITH audit AS (
       INSERT INTO audit_log (action, actor, details)
       SELECT 'ml.score', $10, $11::jsonb WHERE $10::text IS NOT NULL
     )
     INSERT INTO score_events (request_id, symbol, tf, status, latency_ms, decision, confid, mode, model_id, staleness)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $12)`,
    [
      record.requestId,
      record.symbol,
      record.tf,
      record.status,
      record.latencyMs,
      record.decision,
      record.confid,
      record.mode,
      record.modelId,
      record.audit?.actor ?? null,
      record.audit ? JSON.stringify(record.audit.details) : null,
      record.staleness,
    ],
  );
}

/**
 * Writes many score events and their audit entries in one statement (one round trip, one
 * implicit transaction), in the given order: a batch is acknowledged only after every row of it
 * is durable, and a failure leaves none of them.
 */
export async function recordScores(records: readonly ScoreRecord[]): Promise<void> {
  if (records.length === 0) return;
  const column = <T>(pick: (r: ScoreRecord) => T) => records.map(pick);
  await pool().query(
    `WITH input AS (
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::float8[],
                            $6::int[], $7::float8[], $8::text[], $9::text[], $10::float8[],
                            $11::text[], $12::jsonb[])
         WITH ORDINALITY AS t(request_id, symbol, tf, status, latency_ms, decision, confid, mode,
                              model_id, staleness, actor, details, k)
     ), audit AS (
       INSERT INTO audit_log (action, actor, details)
       SELECT 'ml.score', actor, details FROM input WHERE actor IS NOT NULL ORDER BY k
     )
     INSERT INTO score_events (request_id, symbol, tf, status, latency_ms, decision, confid, mode, model_id, staleness)
     SELECT request_id, symbol, tf, status, latency_ms, decision, confid, mode, model_id, staleness
     FROM input ORDER BY k`,
    [
      column((r) => r.requestId),
      column((r) => r.symbol),
      column((r) => r.tf),
      column((r) => r.status),
      column((r) => r.latencyMs),
      column((r) => r.decision),
      column((r) => r.confid),
      column((r) => r.mode),
      column((r) => r.modelId),
      column((r) => r.staleness),
      column((r) => r.audit?.actor ?? null),
      column((r) => (r.audit ? JSON.stringify(r.audit.details) : null)),
    ],
  );
}

/** p95 latency over the last 15 minutes and the error rate over the last 30 (null: no traffic). */
export async function observedScoringSlo(): Promise<{ p95: number | null; err: number | null }> {
  const { rows } = await pool().query<{ p95: number | null; err: number | null }>(
    `SELECT
       percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms)
         FILTER (WHERE ts > now() - interval '15 minutes') AS p95,
       (count(*) FILTER (WHERE status >= 500))::float8 / NULLIF(count(*), 0) AS err
     FROM score_events WHERE ts > now() - interval '30 minutes'`,
  );
  return rows[0] ?? { p95: null, err: null };
}

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

/** Raw events are kept for a bounded time; the per-minute rollups keep the history. */
export async function purgeScoreEventsBefore(cutoff: Date): Promise<number> {
  const result = await pool().query('DELETE FROM score_events WHERE ts < $1', [cutoff]);
  return result.rowCount ?? 0;
}

/** Score events of [from, to) per mode and decision (mode `none`: a request that failed). */
export async function decisionsByMode(
  from: Date,
  to: Date,
): Promise<{ mode: string; decision: -1 | 0 | 1 | null; count: number }[]> {
  const { rows } = await pool().query<{ mode: string; decision: -1 | 0 | 1 | null; count: string }>(
    `SELECT coalesce(mode, 'none') AS mode, decision, count(*) AS count
     FROM score_events WHERE ts >= $1 AND ts < $2
     GROUP BY 1, 2`,
    [from, to],
  );
  return rows.map((r) => ({ mode: r.mode, decision: r.decision, count: Number(r.count) }));
}
