CREATE TYPE "ModelStatus" AS ENUM ('candidate', 'active', 'retired');

CREATE TABLE "model_versions" (
  "id" TEXT NOT NULL,
  "feature_version" TEXT NOT NULL,
  "weight_rsi" DOUBLE PRECISION NOT NULL,
  "weight_macd" DOUBLE PRECISION NOT NULL,
  "weight_trend" DOUBLE PRECISION NOT NULL,
  "threshold" DOUBLE PRECISION NOT NULL,
  "live_threshold" DOUBLE PRECISION NOT NULL,
  "status" "ModelStatus" NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "activated_at" TIMESTAMPTZ(3),
  "notes" TEXT NOT NULL DEFAULT '',
  CONSTRAINT "model_versions_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "model_versions_threshold_check" CHECK ("threshold" BETWEEN 0.5 AND 1 AND "live_threshold" BETWEEN 0.5 AND 1)
);
CREATE UNIQUE INDEX "model_versions_one_active" ON "model_versions"("status") WHERE "status" = 'active';

INSERT INTO "model_versions" ("id", "feature_version", "weight_rsi", "weight_macd", "weight_trend", "threshold", "live_threshold", "status", "activated_at", "notes")
VALUES ('fusion-v2.0.0', 'v2.0.0', 0.3, 0.35, 0.35, 0.55, 0.65, 'active', CURRENT_TIMESTAMP, 'initial model');

CREATE TABLE "rollout_state" (
  "id" INTEGER NOT NULL DEFAULT 1,
  "stage" TEXT NOT NULL,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_by" TEXT NOT NULL,
  "reason" TEXT NOT NULL DEFAULT '',
  CONSTRAINT "rollout_state_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "rollout_state_single_row" CHECK ("id" = 1),
  CONSTRAINT "rollout_state_stage_check" CHECK ("stage" IN ('off', 'preview', '0.1', '0.5', '1.0'))
);

CREATE TABLE "score_events" (
  "id" BIGSERIAL NOT NULL,
  "ts" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "request_id" UUID NOT NULL,
  "symbol" TEXT NOT NULL,
  "tf" TEXT NOT NULL,
  "status" INTEGER NOT NULL,
  "latency_ms" DOUBLE PRECISION NOT NULL,
  "decision" INTEGER,
  "confid" DOUBLE PRECISION,
  "mode" TEXT,
  "model_id" TEXT,
  CONSTRAINT "score_events_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "score_events_ts_idx" ON "score_events"("ts");

CREATE TABLE "feed_status" (
  "symbol" TEXT NOT NULL,
  "tf" TEXT NOT NULL,
  "source" TEXT NOT NULL,
  "last_success_at" TIMESTAMPTZ(3) NOT NULL,
  "last_error" TEXT,
  "last_error_at" TIMESTAMPTZ(3),
  CONSTRAINT "feed_status_pkey" PRIMARY KEY ("symbol", "tf")
);
