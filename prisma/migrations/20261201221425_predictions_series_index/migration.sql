-- CreateIndex
CREATE INDEX "predictions_symbol_tf_id_idx" ON "predictions"("symbol", "tf", "id");
