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
