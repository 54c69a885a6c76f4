import {
  effectiveLiveThreshold,
  parseStepMinOutcomes,
  thresholdEvidence,
  thresholdStatus,
  type ThresholdStatus,
} from '@/lib/domain/graduatedThreshold';
import { findActiveModel } from '@/lib/db/models';
import { liveDecisionSums } from '@/lib/db/outcomes';
import { readThreshold, thresholdHistory, type ThresholdChange } from '@/lib/db/threshold';

/** M of the rule: `THRESHOLD_STEP_MIN_OUTCOMES` (default 100). Throws on a bad value. */
export const stepMinOutcomes = () => parseStepMinOutcomes(process.env.THRESHOLD_STEP_MIN_OUTCOMES);

/** The step in force, where it stands against the rule for the next one, and the evidence. */
export async function thresholdState(): Promise<
  ThresholdStatus & { since: Date; updatedBy: string; reason: string }
> {
  const state = await readThreshold();
  const evidence = thresholdEvidence(await liveDecisionSums(state.since));
  return {
    ...thresholdStatus({ step: state.step, evidence, minOutcomes: stepMinOutcomes() }),
    since: state.since,
    updatedBy: state.updatedBy,
    reason: state.reason,
  };
}

export interface ThresholdReport extends Awaited<ReturnType<typeof thresholdState>> {
  /** The active model's own live threshold (the ceiling), null without an active model. */
  modelLiveThreshold: number | null;
  /** What live decisions use now: min(step, the model's live threshold). */
  effective: number;
  history: ThresholdChange[];
}

/** GET /api/threshold: the state, the condition for the next step, and the history of steps. */
export async function thresholdReport(): Promise<ThresholdReport> {
  const [state, model, history] = await Promise.all([
    thresholdState(),
    findActiveModel(),
    thresholdHistory(50),
  ]);
  const ceiling = model?.liveThreshold ?? null;
  return {
    ...state,
    modelLiveThreshold: ceiling,
    effective: ceiling === null ? state.step : effectiveLiveThreshold(state.step, ceiling),
    history,
  };
}
