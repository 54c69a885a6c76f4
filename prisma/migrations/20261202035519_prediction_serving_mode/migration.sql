-- AlterTable
ALTER TABLE "outcomes" ADD COLUMN     "live_decision" SMALLINT,
ADD COLUMN     "mode" TEXT;

-- AlterTable
ALTER TABLE "predictions" ADD COLUMN     "live_decision" SMALLINT,
ADD COLUMN     "mode" TEXT;

-- The serving modes of lib/domain/rollout.ts ScoringMode; a live decision only beside mode live.
ALTER TABLE "predictions" ADD CONSTRAINT "predictions_mode_check"
  CHECK (mode IN ('off', 'preview', 'shadow', 'live'));
ALTER TABLE "predictions" ADD CONSTRAINT "predictions_live_decision_check"
  CHECK (live_decision IS NULL OR (mode = 'live' AND live_decision IN (-1, 0, 1)));
