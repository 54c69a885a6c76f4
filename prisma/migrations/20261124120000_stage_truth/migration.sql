-- Breach episodes: a rule's breach is recorded once per episode in every stage (action
-- 'none' when the stage is already at or below its target); ended_at closes the episode when
-- the rule passes or cannot be judged. Existing rows stay open until their rule recovers.
ALTER TABLE "breaches" ADD COLUMN "ended_at" TIMESTAMPTZ(3);
CREATE INDEX "breaches_ended_at_idx" ON "breaches"("ended_at");

-- FEATURE_ML_SCORING as recorded at the last boot (a stage, or 'unset'); NULL: never recorded,
-- as on every database migrated from before this column.
ALTER TABLE "rollout_state" ADD COLUMN "env_stage" TEXT;
