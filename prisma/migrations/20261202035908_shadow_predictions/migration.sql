-- CreateTable
CREATE TABLE "shadow_predictions" (
    "id" BIGSERIAL NOT NULL,
    "model_id" TEXT NOT NULL,
    "symbol" TEXT NOT NULL,
    "tf" TEXT NOT NULL,
    "ts" TIMESTAMPTZ(3) NOT NULL,
    "horizon" TEXT NOT NULL,
    "cycle_slot" TIMESTAMPTZ(3) NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "raw_confidence" DOUBLE PRECISION NOT NULL,
    "confid" DOUBLE PRECISION NOT NULL,
    "decision" INTEGER NOT NULL,
    "ml_bucket" DOUBLE PRECISION NOT NULL,
    "backfilled" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "shadow_predictions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "shadow_predictions_model_id_horizon_ts_idx" ON "shadow_predictions"("model_id", "horizon", "ts");

-- CreateIndex
CREATE UNIQUE INDEX "shadow_predictions_model_id_symbol_tf_ts_horizon_key" ON "shadow_predictions"("model_id", "symbol", "tf", "ts", "horizon");
