-- CreateIndex
CREATE INDEX "outcomes_ts_prediction_id_idx" ON "outcomes"("ts", "prediction_id");
