ALTER TABLE "score_events" ADD COLUMN "staleness" DOUBLE PRECISION;

CREATE TABLE "slo_minutes" (
  "minute" TIMESTAMPTZ(3) NOT NULL,
  "count" INTEGER NOT NULL,
  "errors" INTEGER NOT NULL,
  "latency" INTEGER[] NOT NULL,
  "confid" INTEGER[] NOT NULL,
  "max_staleness" DOUBLE PRECISION,
  CONSTRAINT "slo_minutes_pkey" PRIMARY KEY ("minute")
);

CREATE TABLE "breaches" (
  "id" BIGSERIAL NOT NULL,
  "ts" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "rule" TEXT NOT NULL,
  "severity" TEXT NOT NULL,
  "window" TEXT NOT NULL,
  "observed" JSONB NOT NULL,
  "stage_before" TEXT NOT NULL,
  "stage_after" TEXT NOT NULL,
  "action" TEXT NOT NULL,
  "paused_live" BOOLEAN NOT NULL DEFAULT false,
  "acknowledged_at" TIMESTAMPTZ(3),
  "acknowledged_by" TEXT,
  CONSTRAINT "breaches_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "breaches_ts_idx" ON "breaches"("ts");

CREATE TABLE "rollout_changes" (
  "id" BIGSERIAL NOT NULL,
  "ts" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "from" TEXT NOT NULL,
  "to" TEXT NOT NULL,
  "actor" TEXT NOT NULL,
  "reason" TEXT NOT NULL,
  CONSTRAINT "rollout_changes_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "rollout_changes_ts_idx" ON "rollout_changes"("ts");

-- Hourly sums of the minute rollups: long chart ranges read hours, not minutes.
CREATE TABLE "slo_hours" (
  "hour" TIMESTAMPTZ(3) NOT NULL,
  "count" INTEGER NOT NULL,
  "errors" INTEGER NOT NULL,
  "latency" INTEGER[] NOT NULL,
  "confid" INTEGER[] NOT NULL,
  "max_staleness" DOUBLE PRECISION,
  CONSTRAINT "slo_hours_pkey" PRIMARY KEY ("hour")
);
