-- CreateIndex
CREATE INDEX "outcomes_model_id_mode_horizon_ts_tf_decision_live_decision_idx" ON "outcomes"("model_id", "mode", "horizon", "ts", "tf", "decision", "live_decision", "confid", "realized_return");
