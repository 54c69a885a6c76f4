import type { MetricSums } from '@/lib/domain/quality';
import type { TfFamily } from '@/lib/domain/timeframes';
import { pool } from './client';

// The outcome aggregates (outcome_stats_daily, outcome_stats_total) are written by triggers on
// `outcomes` only (prisma/migrations/20261124130000_bounded_metrics_calibration): this module
// reads them, and can rebuild them from the outcomes.

export interface WindowSums extends MetricSums {
  window: string;
  modelId: string;
  horizon: string;
  /** Confidence bucket in tenths (5 … 10), or null for the sums over every bucket. */
  bucket: number | null;
}

/**
 * Sums of matured pairs per window, model, horizon and confidence bucket, and per window, model
 * and horizon over all buckets (bucket null), added up over timeframe families: 'all' from the
 * totals, each other window from the days on or after its first day (windowStartDay). Reads at
 * most one row per group and day of the longest window, however long the history.
 */
export async function windowSums(
  windows: readonly { name: string; fromDay: string }[],
): Promise<WindowSums[]> {
  const earliest = windows.map((w) => w.fromDay).sort()[0] ?? '9999-12-31';
  const { rows } = await pool().query<Record<string, string | null>>(
    `WITH w(name, from_day) AS (SELECT * FROM unnest($1::text[], $2::date[])),
     cells AS (
       SELECT 'all' AS win, model_id, horizon, bucket, n, n_decisions, hits, decision_hits,
              sum_return, sum_return_sq, sum_brier, sum_confid
       FROM outcome_stats_total
       UNION ALL
       SELECT w.name, d.model_id, d.horizon, d.bucket, d.n, d.n_decisions, d.hits, d.decision_hits,
              d.sum_return, d.sum_return_sq, d.sum_brier, d.sum_confid
       FROM outcome_stats_daily d JOIN w ON d.day >= w.from_day
       WHERE d.day >= $3::date
     )
     SELECT win AS "window", model_id AS "modelId", horizon, bucket,
            sum(n)::text AS n, sum(n_decisions)::text AS "nDecisions", sum(hits)::text AS hits,
            sum(decision_hits)::text AS "decisionHits", sum(sum_return)::text AS "sumReturn",
            sum(sum_return_sq)::text AS "sumReturnSq", sum(sum_brier)::text AS "sumBrier",
            sum(sum_confid)::text AS "sumConfid"
     FROM cells
     GROUP BY GROUPING SETS ((win, model_id, horizon, bucket), (win, model_id, horizon))`,
    [windows.map((w) => w.name), windows.map((w) => w.fromDay), earliest],
  );
  return rows.map((r) => ({
    window: r.window!,
    modelId: r.modelId!,
    horizon: r.horizon!,
    bucket: r.bucket === null ? null : Number(r.bucket),
    // Exact NUMERIC sums as text: Number() rounds each once, correctly.
    n: Number(r.n),
    nDecisions: Number(r.nDecisions),
    hits: Number(r.hits),
    decisionHits: Number(r.decisionHits),
    sumReturn: Number(r.sumReturn),
    sumReturnSq: Number(r.sumReturnSq),
    sumBrier: Number(r.sumBrier),
    sumConfid: Number(r.sumConfid),
  }));
}

/** Matured pairs per (model, tf family, horizon) that have any: calibration's groups. */
export async function maturedCounts(): Promise<
  { modelId: string; tfFamily: TfFamily; horizon: string; matured: number }[]
> {
  const { rows } = await pool().query<{
    modelId: string;
    tfFamily: TfFamily;
    horizon: string;
    matured: string;
  }>(
    `SELECT model_id AS "modelId", tf_family AS "tfFamily", horizon, sum(n)::text AS matured
     FROM outcome_stats_total
     GROUP BY model_id, tf_family, horizon HAVING sum(n) > 0
     ORDER BY model_id, tf_family, horizon`,
  );
  return rows.map((r) => ({ ...r, matured: Number(r.matured) }));
}

/**
 * Recomputes every aggregate from the outcomes, in one statement (so one transaction) under a
 * share lock on outcomes: a repair after editing outcomes by hand, and the migration's backfill.
 */
export async function rebuildOutcomeStats(): Promise<void> {
  await pool().query('SELECT outcome_stats_rebuild()');
}

/** Outcomes stored, from the aggregates (exact, a few rows whatever the history). */
export async function storedOutcomes(): Promise<number> {
  const { rows } = await pool().query<{ n: string }>(
    'SELECT COALESCE(sum(n), 0)::text AS n FROM outcome_stats_total',
  );
  return Number(rows[0]!.n);
}
