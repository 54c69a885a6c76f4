-- AlterTable
ALTER TABLE "model_versions" ADD COLUMN     "evidence" JSONB,
ADD COLUMN     "retired_at" TIMESTAMPTZ(3),
ADD COLUMN     "sd_macd" DOUBLE PRECISION,
ADD COLUMN     "sd_rsi" DOUBLE PRECISION,
ADD COLUMN     "sd_trend" DOUBLE PRECISION,
ADD COLUMN     "window_from" TIMESTAMPTZ(3),
ADD COLUMN     "window_to" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "outcomes_model_id_ts_prediction_id_idx" ON "outcomes"("model_id", "ts", "prediction_id");

-- At most one candidate at a time, as at most one active (model_versions_one_active): a new fit
-- retires the previous candidate in the same transaction that inserts the new one.
CREATE UNIQUE INDEX "model_versions_one_candidate" ON "model_versions"("status") WHERE "status" = 'candidate';

ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_sd_check"
  CHECK (("sd_rsi" IS NULL OR "sd_rsi" >= 0) AND ("sd_macd" IS NULL OR "sd_macd" >= 0) AND ("sd_trend" IS NULL OR "sd_trend" >= 0));
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_window_check"
  CHECK ("window_from" IS NULL OR "window_to" IS NULL OR "window_from" <= "window_to");
