ALTER TABLE "instruments" ADD COLUMN "horizons" TEXT[] NOT NULL DEFAULT ARRAY['1d', '3d', '7d', '14d', '30d'];

CREATE TABLE "automation_state" (
  "id" INTEGER NOT NULL DEFAULT 1,
  "desired" TEXT NOT NULL,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_by" TEXT NOT NULL,
  "interval_seconds" INTEGER NOT NULL,
  "cycle_count" INTEGER NOT NULL DEFAULT 0,
  "last_cycle_at" TIMESTAMPTZ(3),
  "last_cycle_slot" TIMESTAMPTZ(3),
  "last_error" TEXT,
  "last_error_at" TIMESTAMPTZ(3),
  CONSTRAINT "automation_state_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "automation_state_single_row" CHECK ("id" = 1),
  CONSTRAINT "automation_state_desired_check" CHECK ("desired" IN ('running', 'stopped')),
  CONSTRAINT "automation_state_interval_check" CHECK ("interval_seconds" >= 1)
);

CREATE TABLE "automation_leader" (
  "id" INTEGER NOT NULL DEFAULT 1,
  "instance" TEXT NOT NULL,
  "since" TIMESTAMPTZ(3) NOT NULL,
  "heartbeat_at" TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "automation_leader_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "automation_leader_single_row" CHECK ("id" = 1)
);

CREATE TABLE "automation_cycles" (
  "slot" TIMESTAMPTZ(3) NOT NULL,
  "instance" TEXT NOT NULL,
  "started_at" TIMESTAMPTZ(3) NOT NULL,
  "finished_at" TIMESTAMPTZ(3),
  "predictions" INTEGER NOT NULL DEFAULT 0,
  "empty_symbols" TEXT[] NOT NULL DEFAULT '{}',
  "error" TEXT,
  "backfilled" BOOLEAN NOT NULL DEFAULT false,
  CONSTRAINT "automation_cycles_pkey" PRIMARY KEY ("slot")
);

CREATE TABLE "predictions" (
  "id" BIGSERIAL NOT NULL,
  "symbol" TEXT NOT NULL,
  "tf" TEXT NOT NULL,
  "horizon" TEXT NOT NULL,
  "cycle_slot" TIMESTAMPTZ(3) NOT NULL,
  "ts" TIMESTAMPTZ(3) NOT NULL,
  "matures_at" TIMESTAMPTZ(3) NOT NULL,
  "model_id" TEXT NOT NULL,
  "entry_close" DOUBLE PRECISION NOT NULL,
  "score" DOUBLE PRECISION NOT NULL,
  "raw_confidence" DOUBLE PRECISION NOT NULL,
  "confid" DOUBLE PRECISION NOT NULL,
  "decision" INTEGER NOT NULL,
  "ml_bucket" DOUBLE PRECISION NOT NULL,
  "part_rsi" DOUBLE PRECISION NOT NULL,
  "part_macd" DOUBLE PRECISION NOT NULL,
  "part_trend" DOUBLE PRECISION NOT NULL,
  "calibration_id" BIGINT,
  "backfilled" BOOLEAN NOT NULL DEFAULT false,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "predictions_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "predictions_decision_check" CHECK ("decision" IN (-1, 0, 1))
);
CREATE UNIQUE INDEX "predictions_symbol_tf_horizon_cycle_slot_key" ON "predictions"("symbol", "tf", "horizon", "cycle_slot");
CREATE INDEX "predictions_matures_at_idx" ON "predictions"("matures_at");
CREATE INDEX "predictions_created_at_idx" ON "predictions"("created_at");

CREATE TABLE "outcomes" (
  "prediction_id" BIGINT NOT NULL,
  "close_used" DOUBLE PRECISION NOT NULL,
  "close_ts" TIMESTAMPTZ(3) NOT NULL,
  "realized_return" DOUBLE PRECISION NOT NULL,
  "hit" BOOLEAN NOT NULL,
  "filled_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "outcomes_pkey" PRIMARY KEY ("prediction_id"),
  CONSTRAINT "outcomes_prediction_id_fkey" FOREIGN KEY ("prediction_id") REFERENCES "predictions"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "metrics" (
  "model_id" TEXT NOT NULL,
  "horizon" TEXT NOT NULL,
  "bucket" TEXT NOT NULL,
  "window" TEXT NOT NULL,
  "computed_at" TIMESTAMPTZ(3) NOT NULL,
  "n" INTEGER NOT NULL,
  "n_decisions" INTEGER NOT NULL,
  "hit_rate" DOUBLE PRECISION,
  "ir" DOUBLE PRECISION,
  "brier" DOUBLE PRECISION,
  "ece" DOUBLE PRECISION,
  "mean_confid" DOUBLE PRECISION,
  CONSTRAINT "metrics_pkey" PRIMARY KEY ("model_id", "horizon", "bucket", "window")
);

CREATE TABLE "calibration_maps" (
  "id" BIGSERIAL NOT NULL,
  "model_id" TEXT NOT NULL,
  "horizon" TEXT NOT NULL,
  "version" INTEGER NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "n_pairs" INTEGER NOT NULL,
  "x" DOUBLE PRECISION[] NOT NULL,
  "y" DOUBLE PRECISION[] NOT NULL,
  "checksum" TEXT NOT NULL,
  CONSTRAINT "calibration_maps_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "calibration_maps_model_id_horizon_version_key" ON "calibration_maps"("model_id", "horizon", "version");

CREATE TABLE "calibration_runs" (
  "id" BIGSERIAL NOT NULL,
  "model_id" TEXT NOT NULL,
  "horizon" TEXT NOT NULL,
  "ran_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "n_pairs" INTEGER NOT NULL,
  "used_prev" BOOLEAN NOT NULL,
  "calibration_id" BIGINT,
  CONSTRAINT "calibration_runs_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "calibration_runs_model_id_horizon_ran_at_idx" ON "calibration_runs"("model_id", "horizon", "ran_at");
