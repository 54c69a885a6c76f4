-- A prediction is a statement about one closed candle: unique per (model, symbol, tf, candle ts,
-- horizon) instead of per cycle slot, so a cycle that finds the same latest candle writes nothing.

-- Remove the duplicates the old key allowed (a 1d symbol got one per 5-minute slot), keeping the
-- first (lowest id), so cycle_slot stays the slot that first wrote it. Their outcomes go with
-- them: outcomes_prediction_id_fkey is ON DELETE CASCADE.
DELETE FROM "predictions"
WHERE "id" IN (
  SELECT "id" FROM (
    SELECT "id", row_number() OVER (
      PARTITION BY "model_id", "symbol", "tf", "ts", "horizon" ORDER BY "id"
    ) AS "rank"
    FROM "predictions"
  ) AS "ranked"
  WHERE "rank" > 1
);

DROP INDEX "predictions_symbol_tf_horizon_cycle_slot_key";
CREATE UNIQUE INDEX "predictions_model_id_symbol_tf_ts_horizon_key" ON "predictions"("model_id", "symbol", "tf", "ts", "horizon");

-- What each cycle found: series scored on a new candle, and series with no new candle.
ALTER TABLE "automation_cycles" ADD COLUMN "scored" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "unchanged" INTEGER NOT NULL DEFAULT 0;
