-- Issue 9: metrics from additive aggregates kept as outcomes are filled, calibration on the newest
-- K matured pairs per (model, timeframe family, horizon).

-- SQL twins of tfFamily() (lib/domain/timeframes.ts) and confidenceBucket() × 10
-- (lib/domain/fusion.ts); test/integration/jobs.test.ts checks that they agree.
CREATE FUNCTION tf_family(tf TEXT) RETURNS TEXT
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT CASE WHEN tf = '1d' THEN 'daily' ELSE 'intraday' END $$;

CREATE FUNCTION confidence_bucket_tenths(confid DOUBLE PRECISION) RETURNS INTEGER
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT LEAST(10, GREATEST(5, floor(confid * 10)::INTEGER)) $$;

-- A matured pair is one row: the prediction's facts the loop reads are copied onto its outcome
-- when the outcome is written (both are write-once; lib/db/predictions.ts insertOutcomes).
ALTER TABLE "outcomes"
  ADD COLUMN "model_id" TEXT,
  ADD COLUMN "tf" TEXT,
  ADD COLUMN "horizon" TEXT,
  ADD COLUMN "ts" TIMESTAMPTZ(3),
  ADD COLUMN "raw_confidence" DOUBLE PRECISION,
  ADD COLUMN "confid" DOUBLE PRECISION,
  ADD COLUMN "decision" INTEGER;
UPDATE "outcomes" o SET
  "model_id" = p.model_id, "tf" = p.tf, "horizon" = p.horizon, "ts" = p.ts,
  "raw_confidence" = p.raw_confidence, "confid" = p.confid, "decision" = p.decision
FROM "predictions" p WHERE p.id = o.prediction_id;
ALTER TABLE "outcomes"
  ALTER COLUMN "model_id" SET NOT NULL,
  ALTER COLUMN "tf" SET NOT NULL,
  ALTER COLUMN "horizon" SET NOT NULL,
  ALTER COLUMN "ts" SET NOT NULL,
  ALTER COLUMN "raw_confidence" SET NOT NULL,
  ALTER COLUMN "confid" SET NOT NULL,
  ALTER COLUMN "decision" SET NOT NULL;
-- Calibration reads the newest K matured pairs of a (model, horizon) per timeframe, newest first,
-- from the index alone (raw confidence and hit are in it: an index-only scan).
CREATE INDEX "outcomes_model_id_horizon_tf_ts_raw_confidence_hit_idx" ON "outcomes"("model_id", "horizon", "tf", "ts", "raw_confidence", "hit");

CREATE TABLE "outcome_stats_daily" (
  "model_id" TEXT NOT NULL,
  "tf_family" TEXT NOT NULL,
  "horizon" TEXT NOT NULL,
  "bucket" INTEGER NOT NULL,
  "day" DATE NOT NULL,
  "n" INTEGER NOT NULL,
  "n_decisions" INTEGER NOT NULL,
  "hits" INTEGER NOT NULL,
  "decision_hits" INTEGER NOT NULL,
  "sum_return" DECIMAL(65,30) NOT NULL,
  "sum_return_sq" DECIMAL(65,30) NOT NULL,
  "sum_brier" DECIMAL(65,30) NOT NULL,
  "sum_confid" DECIMAL(65,30) NOT NULL,
  CONSTRAINT "outcome_stats_daily_pkey" PRIMARY KEY ("model_id", "tf_family", "horizon", "bucket", "day")
);
CREATE INDEX "outcome_stats_daily_day_idx" ON "outcome_stats_daily"("day");

CREATE TABLE "outcome_stats_total" (
  "model_id" TEXT NOT NULL,
  "tf_family" TEXT NOT NULL,
  "horizon" TEXT NOT NULL,
  "bucket" INTEGER NOT NULL,
  "n" BIGINT NOT NULL,
  "n_decisions" BIGINT NOT NULL,
  "hits" BIGINT NOT NULL,
  "decision_hits" BIGINT NOT NULL,
  "sum_return" DECIMAL(65,30) NOT NULL,
  "sum_return_sq" DECIMAL(65,30) NOT NULL,
  "sum_brier" DECIMAL(65,30) NOT NULL,
  "sum_confid" DECIMAL(65,30) NOT NULL,
  CONSTRAINT "outcome_stats_total_pkey" PRIMARY KEY ("model_id", "tf_family", "horizon", "bucket")
);

-- The aggregates follow outcomes inside the statement that changes them: an outcome inserted
-- (only those actually inserted: ON CONFLICT DO NOTHING leaves the others out of the transition
-- table) adds its terms, one deleted (also by the cascade of its prediction's deletion, e.g.
-- when duplicate predictions are removed) subtracts them, so a crash or a retried job can
-- neither double count nor lose one. Sums are NUMERIC, exact: a float8 becomes the shortest decimal that
-- reads back as the same float8 (extra_float_digits ≥ 1), each term is rounded once to the
-- columns' 30 decimals (an error below 1e-30), and additions and subtractions of those never
-- round, whatever their order or batching. Rows are upserted in key order, so concurrent
-- writers lock them in the same order and cannot deadlock.
-- The terms are written twice, here and in outcome_stats_rebuild() below; the integration test
-- "rebuilds to exactly the incremental sums" keeps the two equal.
CREATE FUNCTION outcome_stats_apply() RETURNS trigger
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
           decision <> 0 AS decided, hit,
           CASE WHEN decision <> 0 THEN (decision * realized_return)::TEXT::NUMERIC ELSE 0 END AS x,
           confid::TEXT::NUMERIC AS c
    FROM changed
  ), cells AS (
    SELECT model_id, tf_family, horizon, bucket, day,
           sign * count(*) AS n,
           sign * count(*) FILTER (WHERE decided) AS n_decisions,
           sign * count(*) FILTER (WHERE hit) AS hits,
           sign * count(*) FILTER (WHERE decided AND hit) AS decision_hits,
           sign * sum(round(x, 30)) AS sum_return,
           sign * sum(round(x * x, 30)) AS sum_return_sq,
           sign * sum(round((c - hit::INTEGER) * (c - hit::INTEGER), 30)) AS sum_brier,
           sign * sum(round(c, 30)) AS sum_confid
    FROM terms GROUP BY model_id, tf_family, horizon, bucket, day
  ), daily AS (
    INSERT INTO outcome_stats_daily AS s
    SELECT * FROM cells ORDER BY model_id, tf_family, horizon, bucket, day
    ON CONFLICT (model_id, tf_family, horizon, bucket, day) DO UPDATE SET
      n = s.n + excluded.n,
      n_decisions = s.n_decisions + excluded.n_decisions,
      hits = s.hits + excluded.hits,
      decision_hits = s.decision_hits + excluded.decision_hits,
      sum_return = s.sum_return + excluded.sum_return,
      sum_return_sq = s.sum_return_sq + excluded.sum_return_sq,
      sum_brier = s.sum_brier + excluded.sum_brier,
      sum_confid = s.sum_confid + excluded.sum_confid
  )
  INSERT INTO outcome_stats_total AS s
  SELECT model_id, tf_family, horizon, bucket, sum(n), sum(n_decisions), sum(hits),
         sum(decision_hits), sum(sum_return), sum(sum_return_sq), sum(sum_brier), sum(sum_confid)
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
    sum_confid = s.sum_confid + excluded.sum_confid;
  RETURN NULL;
END;
$$;

CREATE TRIGGER outcome_stats_on_insert AFTER INSERT ON "outcomes"
  REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION outcome_stats_apply();
CREATE TRIGGER outcome_stats_on_delete AFTER DELETE ON "outcomes"
  REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION outcome_stats_apply();

CREATE FUNCTION outcome_stats_truncate() RETURNS trigger
  LANGUAGE plpgsql
AS $$
BEGIN
  TRUNCATE outcome_stats_daily, outcome_stats_total;
  RETURN NULL;
END;
$$;
CREATE TRIGGER outcome_stats_on_truncate AFTER TRUNCATE ON "outcomes"
  FOR EACH STATEMENT EXECUTE FUNCTION outcome_stats_truncate();

-- Recomputes every aggregate from the outcomes (the backfill below; a repair after editing
-- outcomes by hand). Outcomes are write-once in the product: an UPDATE is not tracked.
CREATE FUNCTION outcome_stats_rebuild() RETURNS void
  LANGUAGE plpgsql SET extra_float_digits = 1
AS $$
BEGIN
  LOCK TABLE outcomes IN SHARE MODE;
  TRUNCATE outcome_stats_daily, outcome_stats_total;
  WITH terms AS (
    SELECT model_id, tf_family(tf) AS tf_family, horizon,
           confidence_bucket_tenths(confid) AS bucket, (ts AT TIME ZONE 'UTC')::DATE AS day,
           decision <> 0 AS decided, hit,
           CASE WHEN decision <> 0 THEN (decision * realized_return)::TEXT::NUMERIC ELSE 0 END AS x,
           confid::TEXT::NUMERIC AS c
    FROM outcomes
  ), cells AS (
    SELECT model_id, tf_family, horizon, bucket, day,
           count(*) AS n,
           count(*) FILTER (WHERE decided) AS n_decisions,
           count(*) FILTER (WHERE hit) AS hits,
           count(*) FILTER (WHERE decided AND hit) AS decision_hits,
           sum(round(x, 30)) AS sum_return,
           sum(round(x * x, 30)) AS sum_return_sq,
           sum(round((c - hit::INTEGER) * (c - hit::INTEGER), 30)) AS sum_brier,
           sum(round(c, 30)) AS sum_confid
    FROM terms GROUP BY model_id, tf_family, horizon, bucket, day
  ), daily AS (
    INSERT INTO outcome_stats_daily SELECT * FROM cells
  )
  INSERT INTO outcome_stats_total
  SELECT model_id, tf_family, horizon, bucket, sum(n), sum(n_decisions), sum(hits),
         sum(decision_hits), sum(sum_return), sum(sum_return_sq), sum(sum_brier), sum(sum_confid)
  FROM cells GROUP BY model_id, tf_family, horizon, bucket;
END;
$$;

SELECT outcome_stats_rebuild();

-- Calibration maps and runs per timeframe family. Maps fitted before were per (model, horizon)
-- over every timeframe; each is labelled with the family most of its horizon's predictions
-- belong to (the demo's horizons do not overlap: 1d…30d daily, 15m/1h/4h intraday). Older runs
-- carry no matured count, so the first run after this migration fits every group afresh.
CREATE TEMPORARY TABLE "calibration_families" AS
SELECT DISTINCT ON (model_id, horizon) model_id, horizon, tf_family(tf) AS tf_family
FROM predictions
GROUP BY model_id, horizon, tf_family(tf)
ORDER BY model_id, horizon, count(*) DESC, tf_family(tf);

ALTER TABLE "calibration_maps" ADD COLUMN "tf_family" TEXT;
UPDATE "calibration_maps" m SET "tf_family" = COALESCE(
  (SELECT f.tf_family FROM calibration_families f WHERE f.model_id = m.model_id AND f.horizon = m.horizon),
  'daily');
ALTER TABLE "calibration_maps" ALTER COLUMN "tf_family" SET NOT NULL;
ALTER TABLE "calibration_maps" ADD CONSTRAINT "calibration_maps_tf_family_check" CHECK ("tf_family" IN ('intraday', 'daily'));
DROP INDEX "calibration_maps_model_id_horizon_version_key";
CREATE UNIQUE INDEX "calibration_maps_model_id_tf_family_horizon_version_key" ON "calibration_maps"("model_id", "tf_family", "horizon", "version");

ALTER TABLE "calibration_runs"
  ADD COLUMN "tf_family" TEXT,
  ADD COLUMN "status" TEXT,
  ADD COLUMN "matured_total" BIGINT,
  ADD COLUMN "max_pairs" INTEGER,
  ADD COLUMN "window_from" TIMESTAMPTZ(3),
  ADD COLUMN "window_to" TIMESTAMPTZ(3);
UPDATE "calibration_runs" r SET
  "tf_family" = COALESCE(
    (SELECT m.tf_family FROM calibration_maps m WHERE m.id = r.calibration_id),
    (SELECT f.tf_family FROM calibration_families f WHERE f.model_id = r.model_id AND f.horizon = r.horizon),
    'daily'),
  "status" = CASE WHEN r.used_prev THEN 'too-few-pairs' ELSE 'fitted' END;
ALTER TABLE "calibration_runs" ALTER COLUMN "tf_family" SET NOT NULL;
ALTER TABLE "calibration_runs" ALTER COLUMN "status" SET NOT NULL;
ALTER TABLE "calibration_runs" ADD CONSTRAINT "calibration_runs_tf_family_check" CHECK ("tf_family" IN ('intraday', 'daily'));
ALTER TABLE "calibration_runs" ADD CONSTRAINT "calibration_runs_status_check" CHECK ("status" IN ('fitted', 'too-few-pairs', 'unchanged'));
DROP INDEX "calibration_runs_model_id_horizon_ran_at_idx";
CREATE INDEX "calibration_runs_model_id_tf_family_horizon_ran_at_idx" ON "calibration_runs"("model_id", "tf_family", "horizon", "ran_at");

DROP TABLE "calibration_families";
