-- AlterTable
ALTER TABLE "metrics" ADD COLUMN     "baselines" JSONB,
ADD COLUMN     "skill" JSONB;

-- AlterTable
ALTER TABLE "outcome_stats_daily" ADD COLUMN     "long_hits" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "market_sum_return" DECIMAL(65,30) NOT NULL DEFAULT 0,
ADD COLUMN     "momentum_hits" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "momentum_n" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "momentum_sum_return" DECIMAL(65,30) NOT NULL DEFAULT 0,
ADD COLUMN     "momentum_sum_return_sq" DECIMAL(65,30) NOT NULL DEFAULT 0,
ADD COLUMN     "prev_model_hits" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "prev_model_n" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "prev_model_sum_return" DECIMAL(65,30) NOT NULL DEFAULT 0,
ADD COLUMN     "prev_model_sum_return_sq" DECIMAL(65,30) NOT NULL DEFAULT 0,
ADD COLUMN     "shared_decision_hits" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "shared_sum_return" DECIMAL(65,30) NOT NULL DEFAULT 0,
ADD COLUMN     "shared_sum_return_sq" DECIMAL(65,30) NOT NULL DEFAULT 0,
ADD COLUMN     "short_hits" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "outcome_stats_total" ADD COLUMN     "long_hits" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "market_sum_return" DECIMAL(65,30) NOT NULL DEFAULT 0,
ADD COLUMN     "momentum_hits" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "momentum_n" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "momentum_sum_return" DECIMAL(65,30) NOT NULL DEFAULT 0,
ADD COLUMN     "momentum_sum_return_sq" DECIMAL(65,30) NOT NULL DEFAULT 0,
ADD COLUMN     "prev_model_hits" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "prev_model_n" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "prev_model_sum_return" DECIMAL(65,30) NOT NULL DEFAULT 0,
ADD COLUMN     "prev_model_sum_return_sq" DECIMAL(65,30) NOT NULL DEFAULT 0,
ADD COLUMN     "shared_decision_hits" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "shared_sum_return" DECIMAL(65,30) NOT NULL DEFAULT 0,
ADD COLUMN     "shared_sum_return_sq" DECIMAL(65,30) NOT NULL DEFAULT 0,
ADD COLUMN     "short_hits" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "outcomes" ADD COLUMN     "prev_model_direction" INTEGER,
ADD COLUMN     "prev_return" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "rollout_changes" ADD COLUMN     "skill_override" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "outcome_stats_weekly" (
    "model_id" TEXT NOT NULL,
    "tf_family" TEXT NOT NULL,
    "horizon" TEXT NOT NULL,
    "bucket" INTEGER NOT NULL,
    "week" DATE NOT NULL,
    "n" INTEGER NOT NULL,
    "n_decisions" INTEGER NOT NULL,
    "hits" INTEGER NOT NULL,
    "decision_hits" INTEGER NOT NULL,
    "sum_return" DECIMAL(65,30) NOT NULL,
    "sum_return_sq" DECIMAL(65,30) NOT NULL,
    "sum_brier" DECIMAL(65,30) NOT NULL,
    "sum_confid" DECIMAL(65,30) NOT NULL,
    "long_hits" INTEGER NOT NULL DEFAULT 0,
    "short_hits" INTEGER NOT NULL DEFAULT 0,
    "market_sum_return" DECIMAL(65,30) NOT NULL DEFAULT 0,
    "momentum_n" INTEGER NOT NULL DEFAULT 0,
    "momentum_hits" INTEGER NOT NULL DEFAULT 0,
    "momentum_sum_return" DECIMAL(65,30) NOT NULL DEFAULT 0,
    "momentum_sum_return_sq" DECIMAL(65,30) NOT NULL DEFAULT 0,
    "prev_model_n" INTEGER NOT NULL DEFAULT 0,
    "prev_model_hits" INTEGER NOT NULL DEFAULT 0,
    "prev_model_sum_return" DECIMAL(65,30) NOT NULL DEFAULT 0,
    "prev_model_sum_return_sq" DECIMAL(65,30) NOT NULL DEFAULT 0,
    "shared_decision_hits" INTEGER NOT NULL DEFAULT 0,
    "shared_sum_return" DECIMAL(65,30) NOT NULL DEFAULT 0,
    "shared_sum_return_sq" DECIMAL(65,30) NOT NULL DEFAULT 0,

    CONSTRAINT "outcome_stats_weekly_pkey" PRIMARY KEY ("model_id","tf_family","horizon","bucket","week")
);

-- CreateIndex
CREATE INDEX "outcomes_filled_at_idx" ON "outcomes"("filled_at");

-- Issue 21: baselines beside every quality figure, and a no-skill gate.

-- What each existing outcome's baselines need, computed once here; insertOutcomes writes both for
-- new outcomes (lib/jobs/outcomes.ts, lib/db/predictions.ts).
-- prev_return: the SQL twin of previousReturn at periodStartBefore (lib/domain/baselines.ts,
-- lib/domain/horizons.ts): from the last candle of the series at or before one horizon before the
-- prediction's candle (calendar days in the exchange time zone for day horizons, exact durations
-- otherwise) to the prediction's entry close; null without such a candle.
UPDATE "outcomes" o SET "prev_return" = p.entry_close / s.c - 1
FROM "predictions" p
JOIN "instruments" i ON i.symbol = p.symbol
CROSS JOIN LATERAL (
  SELECT c.c FROM "candles" c
  WHERE c.symbol = p.symbol AND c.tf = p.tf AND c.ts <= CASE right(p.horizon, 1)
    WHEN 'd' THEN ((p.ts AT TIME ZONE i.exchange_tz)
                   - make_interval(days => rtrim(p.horizon, 'd')::INTEGER)) AT TIME ZONE i.exchange_tz
    WHEN 'h' THEN p.ts - make_interval(hours => rtrim(p.horizon, 'h')::INTEGER)
    ELSE p.ts - make_interval(mins => rtrim(p.horizon, 'm')::INTEGER)
  END
  ORDER BY c.ts DESC LIMIT 1
) s
WHERE p.id = o.prediction_id AND s.c > 0;

-- prev_model_direction: the previous active version's direction on the same candle and horizon
-- (the SQL twin of previousActiveModel: the version activated last before this one, or for a
-- version never activated the latest activated one).
WITH lineage AS (
  SELECT m.id AS model_id, (
    SELECT v.id FROM "model_versions" v
    WHERE v.id <> m.id AND v.activated_at IS NOT NULL
      AND (m.activated_at IS NULL OR v.activated_at < m.activated_at)
    ORDER BY v.activated_at DESC LIMIT 1
  ) AS previous_id
  FROM "model_versions" m
)
UPDATE "outcomes" o SET "prev_model_direction" = sign(q.score)::INTEGER
FROM "predictions" p
JOIN lineage l ON l.model_id = p.model_id
JOIN "predictions" q ON q.model_id = l.previous_id AND q.symbol = p.symbol AND q.tf = p.tf
  AND q.ts = p.ts AND q.horizon = p.horizon
WHERE p.id = o.prediction_id;

-- The outcome aggregates gain the baselines' terms (the SQL twin of pairBaselineSums in
-- lib/domain/baselines.ts) and an ISO-week table beside the days, kept by the same statement
-- triggers, in the same way (see 20261124130000_bounded_metrics_calibration). Columns are named:
-- the tables' column order differs (columns added later come last). r is the realised return,
-- m momentum's direction (0 without a previous return), q the previous version's direction
-- (null where it made no prediction).
CREATE OR REPLACE FUNCTION outcome_stats_apply() RETURNS trigger
  LANGUAGE plpgsql SET extra_float_digits = 1
AS $$
DECLARE
  sign CONSTANT INTEGER := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM changed) THEN
    RETURN NULL;
  END IF;
  WITH terms AS (
    SELECT model_id, tf_family(tf) AS tf_family, horizon,
           confidence_bucket_tenths(confid) AS bucket, (ts AT TIME ZONE 'UTC')::DATE AS day,
           date_trunc('week', ts AT TIME ZONE 'UTC')::DATE AS week,
           decision <> 0 AS decided, hit,
           CASE WHEN decision <> 0 THEN (decision * realized_return)::TEXT::NUMERIC ELSE 0 END AS x,
           confid::TEXT::NUMERIC AS c,
           realized_return::TEXT::NUMERIC AS r,
           CASE WHEN prev_return > 0 THEN 1 WHEN prev_return < 0 THEN -1 ELSE 0 END AS m,
           prev_model_direction AS q
    FROM changed
  ), cells AS (
    SELECT model_id, tf_family, horizon, bucket, day, week,
           sign * count(*) AS n,
           sign * count(*) FILTER (WHERE decided) AS n_decisions,
           sign * count(*) FILTER (WHERE hit) AS hits,
           sign * count(*) FILTER (WHERE decided AND hit) AS decision_hits,
           sign * sum(round(x, 30)) AS sum_return,
           sign * sum(round(x * x, 30)) AS sum_return_sq,
           sign * sum(round((c - hit::INTEGER) * (c - hit::INTEGER), 30)) AS sum_brier,
           sign * sum(round(c, 30)) AS sum_confid,
           sign * count(*) FILTER (WHERE decided AND r > 0) AS long_hits,
           sign * count(*) FILTER (WHERE decided AND r < 0) AS short_hits,
           sign * coalesce(sum(round(r, 30)) FILTER (WHERE decided), 0) AS market_sum_return,
           sign * count(*) FILTER (WHERE decided AND m <> 0) AS momentum_n,
           sign * count(*) FILTER (WHERE decided AND m * r > 0) AS momentum_hits,
           sign * coalesce(sum(round(m * r, 30)) FILTER (WHERE decided), 0) AS momentum_sum_return,
           sign * coalesce(sum(round(m * m * r * r, 30)) FILTER (WHERE decided), 0) AS momentum_sum_return_sq,
           sign * count(*) FILTER (WHERE decided AND q IS NOT NULL) AS prev_model_n,
           sign * count(*) FILTER (WHERE decided AND q * r > 0) AS prev_model_hits,
           sign * coalesce(sum(round(q * r, 30)) FILTER (WHERE decided AND q IS NOT NULL), 0) AS prev_model_sum_return,
           sign * coalesce(sum(round(q * q * r * r, 30)) FILTER (WHERE decided AND q IS NOT NULL), 0) AS prev_model_sum_return_sq,
           sign * count(*) FILTER (WHERE decided AND q IS NOT NULL AND hit) AS shared_decision_hits,
           sign * coalesce(sum(round(x, 30)) FILTER (WHERE decided AND q IS NOT NULL), 0) AS shared_sum_return,
           sign * coalesce(sum(round(x * x, 30)) FILTER (WHERE decided AND q IS NOT NULL), 0) AS shared_sum_return_sq
    FROM terms GROUP BY model_id, tf_family, horizon, bucket, day, week
  ), daily AS (
    INSERT INTO outcome_stats_daily AS s (model_id, tf_family, horizon, bucket, day,
      n, n_decisions, hits, decision_hits, sum_return, sum_return_sq, sum_brier, sum_confid, long_hits, short_hits, market_sum_return, momentum_n, momentum_hits, momentum_sum_return, momentum_sum_return_sq, prev_model_n, prev_model_hits, prev_model_sum_return, prev_model_sum_return_sq, shared_decision_hits, shared_sum_return, shared_sum_return_sq)
    SELECT model_id, tf_family, horizon, bucket, day, sum(n), sum(n_decisions), sum(hits), sum(decision_hits), sum(sum_return), sum(sum_return_sq), sum(sum_brier), sum(sum_confid), sum(long_hits), sum(short_hits), sum(market_sum_return), sum(momentum_n), sum(momentum_hits), sum(momentum_sum_return), sum(momentum_sum_return_sq), sum(prev_model_n), sum(prev_model_hits), sum(prev_model_sum_return), sum(prev_model_sum_return_sq), sum(shared_decision_hits), sum(shared_sum_return), sum(shared_sum_return_sq)
    FROM cells GROUP BY model_id, tf_family, horizon, bucket, day
    ORDER BY model_id, tf_family, horizon, bucket, day
    ON CONFLICT (model_id, tf_family, horizon, bucket, day) DO UPDATE SET
      n = s.n + excluded.n,
      n_decisions = s.n_decisions + excluded.n_decisions,
      hits = s.hits + excluded.hits,
      decision_hits = s.decision_hits + excluded.decision_hits,
      sum_return = s.sum_return + excluded.sum_return,
      sum_return_sq = s.sum_return_sq + excluded.sum_return_sq,
      sum_brier = s.sum_brier + excluded.sum_brier,
      sum_confid = s.sum_confid + excluded.sum_confid,
      long_hits = s.long_hits + excluded.long_hits,
      short_hits = s.short_hits + excluded.short_hits,
      market_sum_return = s.market_sum_return + excluded.market_sum_return,
      momentum_n = s.momentum_n + excluded.momentum_n,
      momentum_hits = s.momentum_hits + excluded.momentum_hits,
      momentum_sum_return = s.momentum_sum_return + excluded.momentum_sum_return,
      momentum_sum_return_sq = s.momentum_sum_return_sq + excluded.momentum_sum_return_sq,
      prev_model_n = s.prev_model_n + excluded.prev_model_n,
      prev_model_hits = s.prev_model_hits + excluded.prev_model_hits,
      prev_model_sum_return = s.prev_model_sum_return + excluded.prev_model_sum_return,
      prev_model_sum_return_sq = s.prev_model_sum_return_sq + excluded.prev_model_sum_return_sq,
      shared_decision_hits = s.shared_decision_hits + excluded.shared_decision_hits,
      shared_sum_return = s.shared_sum_return + excluded.shared_sum_return,
      shared_sum_return_sq = s.shared_sum_return_sq + excluded.shared_sum_return_sq
  ), weekly AS (
    INSERT INTO outcome_stats_weekly AS s (model_id, tf_family, horizon, bucket, week,
      n, n_decisions, hits, decision_hits, sum_return, sum_return_sq, sum_brier, sum_confid, long_hits, short_hits, market_sum_return, momentum_n, momentum_hits, momentum_sum_return, momentum_sum_return_sq, prev_model_n, prev_model_hits, prev_model_sum_return, prev_model_sum_return_sq, shared_decision_hits, shared_sum_return, shared_sum_return_sq)
    SELECT model_id, tf_family, horizon, bucket, week, sum(n), sum(n_decisions), sum(hits), sum(decision_hits), sum(sum_return), sum(sum_return_sq), sum(sum_brier), sum(sum_confid), sum(long_hits), sum(short_hits), sum(market_sum_return), sum(momentum_n), sum(momentum_hits), sum(momentum_sum_return), sum(momentum_sum_return_sq), sum(prev_model_n), sum(prev_model_hits), sum(prev_model_sum_return), sum(prev_model_sum_return_sq), sum(shared_decision_hits), sum(shared_sum_return), sum(shared_sum_return_sq)
    FROM cells GROUP BY model_id, tf_family, horizon, bucket, week
    ORDER BY model_id, tf_family, horizon, bucket, week
    ON CONFLICT (model_id, tf_family, horizon, bucket, week) DO UPDATE SET
      n = s.n + excluded.n,
      n_decisions = s.n_decisions + excluded.n_decisions,
      hits = s.hits + excluded.hits,
      decision_hits = s.decision_hits + excluded.decision_hits,
      sum_return = s.sum_return + excluded.sum_return,
      sum_return_sq = s.sum_return_sq + excluded.sum_return_sq,
      sum_brier = s.sum_brier + excluded.sum_brier,
      sum_confid = s.sum_confid + excluded.sum_confid,
      long_hits = s.long_hits + excluded.long_hits,
      short_hits = s.short_hits + excluded.short_hits,
      market_sum_return = s.market_sum_return + excluded.market_sum_return,
      momentum_n = s.momentum_n + excluded.momentum_n,
      momentum_hits = s.momentum_hits + excluded.momentum_hits,
      momentum_sum_return = s.momentum_sum_return + excluded.momentum_sum_return,
      momentum_sum_return_sq = s.momentum_sum_return_sq + excluded.momentum_sum_return_sq,
      prev_model_n = s.prev_model_n + excluded.prev_model_n,
      prev_model_hits = s.prev_model_hits + excluded.prev_model_hits,
      prev_model_sum_return = s.prev_model_sum_return + excluded.prev_model_sum_return,
      prev_model_sum_return_sq = s.prev_model_sum_return_sq + excluded.prev_model_sum_return_sq,
      shared_decision_hits = s.shared_decision_hits + excluded.shared_decision_hits,
      shared_sum_return = s.shared_sum_return + excluded.shared_sum_return,
      shared_sum_return_sq = s.shared_sum_return_sq + excluded.shared_sum_return_sq
  )
  INSERT INTO outcome_stats_total AS s (model_id, tf_family, horizon, bucket,
      n, n_decisions, hits, decision_hits, sum_return, sum_return_sq, sum_brier, sum_confid, long_hits, short_hits, market_sum_return, momentum_n, momentum_hits, momentum_sum_return, momentum_sum_return_sq, prev_model_n, prev_model_hits, prev_model_sum_return, prev_model_sum_return_sq, shared_decision_hits, shared_sum_return, shared_sum_return_sq)
    SELECT model_id, tf_family, horizon, bucket, sum(n), sum(n_decisions), sum(hits), sum(decision_hits), sum(sum_return), sum(sum_return_sq), sum(sum_brier), sum(sum_confid), sum(long_hits), sum(short_hits), sum(market_sum_return), sum(momentum_n), sum(momentum_hits), sum(momentum_sum_return), sum(momentum_sum_return_sq), sum(prev_model_n), sum(prev_model_hits), sum(prev_model_sum_return), sum(prev_model_sum_return_sq), sum(shared_decision_hits), sum(shared_sum_return), sum(shared_sum_return_sq)
    FROM cells GROUP BY model_id, tf_family, horizon, bucket
    ORDER BY model_id, tf_family, horizon, bucket
    ON CONFLICT (model_id, tf_family, horizon, bucket) DO UPDATE SET
      n = s.n + excluded.n,
      n_decisions = s.n_decisions + excluded.n_decisions,
      hits = s.hits + excluded.hits,
      decision_hits = s.decision_hits + excluded.decision_hits,
      sum_return = s.sum_return + excluded.sum_return,
      sum_return_sq = s.sum_return_sq + excluded.sum_return_sq,
      sum_brier = s.sum_brier + excluded.sum_brier,
      sum_confid = s.sum_confid + excluded.sum_confid,
      long_hits = s.long_hits + excluded.long_hits,
      short_hits = s.short_hits + excluded.short_hits,
      market_sum_return = s.market_sum_return + excluded.market_sum_return,
      momentum_n = s.momentum_n + excluded.momentum_n,
      momentum_hits = s.momentum_hits + excluded.momentum_hits,
      momentum_sum_return = s.momentum_sum_return + excluded.momentum_sum_return,
      momentum_sum_return_sq = s.momentum_sum_return_sq + excluded.momentum_sum_return_sq,
      prev_model_n = s.prev_model_n + excluded.prev_model_n,
      prev_model_hits = s.prev_model_hits + excluded.prev_model_hits,
      prev_model_sum_return = s.prev_model_sum_return + excluded.prev_model_sum_return,
      prev_model_sum_return_sq = s.prev_model_sum_return_sq + excluded.prev_model_sum_return_sq,
      shared_decision_hits = s.shared_decision_hits + excluded.shared_decision_hits,
      shared_sum_return = s.shared_sum_return + excluded.shared_sum_return,
      shared_sum_return_sq = s.shared_sum_return_sq + excluded.shared_sum_return_sq;
  RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION outcome_stats_truncate() RETURNS trigger
  LANGUAGE plpgsql
AS $$
BEGIN
  TRUNCATE outcome_stats_daily, outcome_stats_weekly, outcome_stats_total;
  RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION outcome_stats_rebuild() RETURNS void
  LANGUAGE plpgsql SET extra_float_digits = 1
AS $$
BEGIN
  LOCK TABLE outcomes IN SHARE MODE;
  TRUNCATE outcome_stats_daily, outcome_stats_weekly, outcome_stats_total;
  WITH terms AS (
    SELECT model_id, tf_family(tf) AS tf_family, horizon,
           confidence_bucket_tenths(confid) AS bucket, (ts AT TIME ZONE 'UTC')::DATE AS day,
           date_trunc('week', ts AT TIME ZONE 'UTC')::DATE AS week,
           decision <> 0 AS decided, hit,
           CASE WHEN decision <> 0 THEN (decision * realized_return)::TEXT::NUMERIC ELSE 0 END AS x,
           confid::TEXT::NUMERIC AS c,
           realized_return::TEXT::NUMERIC AS r,
           CASE WHEN prev_return > 0 THEN 1 WHEN prev_return < 0 THEN -1 ELSE 0 END AS m,
           prev_model_direction AS q
    FROM outcomes
  ), cells AS (
    SELECT model_id, tf_family, horizon, bucket, day, week,
           count(*) AS n,
           count(*) FILTER (WHERE decided) AS n_decisions,
           count(*) FILTER (WHERE hit) AS hits,
           count(*) FILTER (WHERE decided AND hit) AS decision_hits,
           sum(round(x, 30)) AS sum_return,
           sum(round(x * x, 30)) AS sum_return_sq,
           sum(round((c - hit::INTEGER) * (c - hit::INTEGER), 30)) AS sum_brier,
           sum(round(c, 30)) AS sum_confid,
           count(*) FILTER (WHERE decided AND r > 0) AS long_hits,
           count(*) FILTER (WHERE decided AND r < 0) AS short_hits,
           coalesce(sum(round(r, 30)) FILTER (WHERE decided), 0) AS market_sum_return,
           count(*) FILTER (WHERE decided AND m <> 0) AS momentum_n,
           count(*) FILTER (WHERE decided AND m * r > 0) AS momentum_hits,
           coalesce(sum(round(m * r, 30)) FILTER (WHERE decided), 0) AS momentum_sum_return,
           coalesce(sum(round(m * m * r * r, 30)) FILTER (WHERE decided), 0) AS momentum_sum_return_sq,
           count(*) FILTER (WHERE decided AND q IS NOT NULL) AS prev_model_n,
           count(*) FILTER (WHERE decided AND q * r > 0) AS prev_model_hits,
           coalesce(sum(round(q * r, 30)) FILTER (WHERE decided AND q IS NOT NULL), 0) AS prev_model_sum_return,
           coalesce(sum(round(q * q * r * r, 30)) FILTER (WHERE decided AND q IS NOT NULL), 0) AS prev_model_sum_return_sq,
           count(*) FILTER (WHERE decided AND q IS NOT NULL AND hit) AS shared_decision_hits,
           coalesce(sum(round(x, 30)) FILTER (WHERE decided AND q IS NOT NULL), 0) AS shared_sum_return,
           coalesce(sum(round(x * x, 30)) FILTER (WHERE decided AND q IS NOT NULL), 0) AS shared_sum_return_sq
    FROM terms GROUP BY model_id, tf_family, horizon, bucket, day, week
  ), daily AS (
    INSERT INTO outcome_stats_daily (model_id, tf_family, horizon, bucket, day,
      n, n_decisions, hits, decision_hits, sum_return, sum_return_sq, sum_brier, sum_confid, long_hits, short_hits, market_sum_return, momentum_n, momentum_hits, momentum_sum_return, momentum_sum_return_sq, prev_model_n, prev_model_hits, prev_model_sum_return, prev_model_sum_return_sq, shared_decision_hits, shared_sum_return, shared_sum_return_sq)
    SELECT model_id, tf_family, horizon, bucket, day, sum(n), sum(n_decisions), sum(hits), sum(decision_hits), sum(sum_return), sum(sum_return_sq), sum(sum_brier), sum(sum_confid), sum(long_hits), sum(short_hits), sum(market_sum_return), sum(momentum_n), sum(momentum_hits), sum(momentum_sum_return), sum(momentum_sum_return_sq), sum(prev_model_n), sum(prev_model_hits), sum(prev_model_sum_return), sum(prev_model_sum_return_sq), sum(shared_decision_hits), sum(shared_sum_return), sum(shared_sum_return_sq)
    FROM cells GROUP BY model_id, tf_family, horizon, bucket, day
  ), weekly AS (
    INSERT INTO outcome_stats_weekly (model_id, tf_family, horizon, bucket, week,
      n, n_decisions, hits, decision_hits, sum_return, sum_return_sq, sum_brier, sum_confid, long_hits, short_hits, market_sum_return, momentum_n, momentum_hits, momentum_sum_return, momentum_sum_return_sq, prev_model_n, prev_model_hits, prev_model_sum_return, prev_model_sum_return_sq, shared_decision_hits, shared_sum_return, shared_sum_return_sq)
    SELECT model_id, tf_family, horizon, bucket, week, sum(n), sum(n_decisions), sum(hits), sum(decision_hits), sum(sum_return), sum(sum_return_sq), sum(sum_brier), sum(sum_confid), sum(long_hits), sum(short_hits), sum(market_sum_return), sum(momentum_n), sum(momentum_hits), sum(momentum_sum_return), sum(momentum_sum_return_sq), sum(prev_model_n), sum(prev_model_hits), sum(prev_model_sum_return), sum(prev_model_sum_return_sq), sum(shared_decision_hits), sum(shared_sum_return), sum(shared_sum_return_sq)
    FROM cells GROUP BY model_id, tf_family, horizon, bucket, week
  )
  INSERT INTO outcome_stats_total (model_id, tf_family, horizon, bucket,
      n, n_decisions, hits, decision_hits, sum_return, sum_return_sq, sum_brier, sum_confid, long_hits, short_hits, market_sum_return, momentum_n, momentum_hits, momentum_sum_return, momentum_sum_return_sq, prev_model_n, prev_model_hits, prev_model_sum_return, prev_model_sum_return_sq, shared_decision_hits, shared_sum_return, shared_sum_return_sq)
    SELECT model_id, tf_family, horizon, bucket, sum(n), sum(n_decisions), sum(hits), sum(decision_hits), sum(sum_return), sum(sum_return_sq), sum(sum_brier), sum(sum_confid), sum(long_hits), sum(short_hits), sum(market_sum_return), sum(momentum_n), sum(momentum_hits), sum(momentum_sum_return), sum(momentum_sum_return_sq), sum(prev_model_n), sum(prev_model_hits), sum(prev_model_sum_return), sum(prev_model_sum_return_sq), sum(shared_decision_hits), sum(shared_sum_return), sum(shared_sum_return_sq)
    FROM cells GROUP BY model_id, tf_family, horizon, bucket;
END;
$$;

SELECT outcome_stats_rebuild();
