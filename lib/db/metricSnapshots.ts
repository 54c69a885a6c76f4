import type { Metrics } from '@/lib/domain/quality';
import type { Baselines } from '@/lib/domain/baselines';
import type { StoredSkill } from '@/lib/domain/skill';
import { inTransaction, pool } from './client';

export interface MetricSnapshotRow extends Metrics {
  baselines: Baselines;
  skill: StoredSkill;
  modelId: string;
  horizon: string;
  /** '0.5' … '1.0', or 'all'. */
  bucket: string;
  window: string;
  computedAt: Date;
}

/**
 * Replaces the metrics snapshot in one transaction (readers see the old one or the new one).
 * The rows travel as one JSON document: their baselines and skill are JSON themselves, and
 * binding them row by row costs more than the rest of the metrics pass.
 */
export async function replaceMetricSnapshots(rows: readonly MetricSnapshotRow[]): Promise<void> {
  await inTransaction(async (tx) => {
    await tx.query('DELETE FROM metrics');
    await tx.query(
      `INSERT INTO metrics (model_id, horizon, bucket, "window", computed_at, n, n_decisions,
                            hit_rate, ir, brier, ece, mean_confid, baselines, skill)
       SELECT r."modelId", r.horizon, r.bucket, r."window", r."computedAt", r.n, r."nDecisions",
              r."hitRate", r.ir, r.brier, r.ece, r."meanConfid", r.baselines, r.skill
       FROM jsonb_to_recordset($1::jsonb) AS r("modelId" text, horizon text, bucket text,
         "window" text, "computedAt" timestamptz, n int, "nDecisions" int, "hitRate" float8,
         ir float8, brier float8, ece float8, "meanConfid" float8, baselines jsonb, skill jsonb)`,
      [JSON.stringify(rows)],
    );
  });
}

/** How many metric rows the metrics job keeps, and when it last wrote them. */
export async function metricRowSummary(): Promise<{ rows: number; computedAt: Date | null }> {
  const { rows } = await pool().query<{ rows: number; computedAt: Date | null }>(
    'SELECT count(*)::int AS rows, max(computed_at) AS "computedAt" FROM metrics',
  );
  return rows[0]!;
}
