// Promotion eligibility: observation time at each live stage with every gate passing (SPEC §5).

import { evaluateGuardrails } from '../guardrails';
import { liveShare, ROLLOUT_STAGES, type RolloutStage } from '../rollout';
import { latencyQuantile } from './histogram';
import { MINUTE_MS, type MinuteRollup } from './minutes';
import { MIN_REQUESTS_PER_MINUTE } from './triggers';

export const PROMOTION_REQUIREMENTS: readonly {
  stage: '0.1' | '0.5' | '1.0';
  hours: number;
  next: RolloutStage | null;
}[] = Object.freeze([
  { stage: '0.1', hours: 1, next: '0.5' },
  { stage: '0.5', hours: 2, next: '1.0' },
  { stage: '1.0', hours: 24, next: null },
] as const);

/** Score rate gate of live stages, requests per minute. */
export const LIVE_SCORE_RATE_MIN = 10;

/**
 * 'pass' only: a warning is not a passing gate. A minute without any staleness reading has no
 * feed to be stale, so that gate is not applicable there rather than failing.
 */
export function minuteGatesPass(rollup: MinuteRollup, live: boolean): boolean {
  if (rollup.count < MIN_REQUESTS_PER_MINUTE) return false;
  if (live && rollup.count < LIVE_SCORE_RATE_MIN) return false;
  const observed = {
    p95: latencyQuantile(rollup.latency, 0.95),
    err: rollup.errors / rollup.count,
    staleness: rollup.maxStaleness,
  };
  return evaluateGuardrails(observed).status === 'pass';
}

export interface StageInterval {
  stage: RolloutStage;
  from: Date;
  /** null: still active. */
  to: Date | null;
}

export interface PromotionEligibility {
  currentStage: RolloutStage;
  eligible: boolean;
  next: RolloutStage | null;
  requiredHours: number | null;
  metHours: number;
  reason: string;
}

/**
 * The current stint: the trailing run of intervals at the current stage that touch end to end
 * (re-setting the same stage does not restart it). Any other stage in between ends it, so time
 * at 0.1 before a rollback never counts after coming back to 0.1.
 */
function currentStint(
  stage: RolloutStage,
  history: readonly StageInterval[],
  now: number,
): { from: number; to: number } | null {
  const last = history.at(-1);
  if (!last || last.stage !== stage || last.to !== null) return null;
  let from = last.from.getTime();
  for (let i = history.length - 2; i >= 0; i--) {
    const h = history[i];
    if (h.stage !== stage || h.to === null || h.to.getTime() !== from) break;
    from = h.from.getTime();
  }
  return { from, to: now };
}

/**
 * A failing minute does not restart the stint; it simply does not count, so the stage needs
 * that much more passing time. Hours met are passing minutes / 60. The last stage (1.0) has no
 * next stage and is never eligible; its hours show whether its observation is complete.
 */
export function promotionEligibility(input: {
  now: Date;
  currentStage: RolloutStage;
  stageHistory: readonly StageInterval[];
  gatesPassedMinutes: ReadonlySet<number>;
  /** Why a gate holds every promotion (the no-skill rule in breach), if one does. */
  heldBy?: string | null;
}): PromotionEligibility {
  const eligibility = observedEligibility(input);
  if (!input.heldBy || !eligibility.eligible) return eligibility;
  return { ...eligibility, eligible: false, reason: `held: ${input.heldBy}` };
}

function observedEligibility(input: {
  now: Date;
  currentStage: RolloutStage;
  stageHistory: readonly StageInterval[];
  gatesPassedMinutes: ReadonlySet<number>;
}): PromotionEligibility {
  const { currentStage } = input;
  const requirement = PROMOTION_REQUIREMENTS.find((r) => r.stage === currentStage);
  if (!requirement) {
    return {
      currentStage,
      eligible: false,
      next: null,
      requiredHours: null,
      metHours: 0,
      reason: `no observation requirement at ${currentStage}: only live stages are measured`,
    };
  }
  const base = { currentStage, next: requirement.next, requiredHours: requirement.hours };
  const stint = currentStint(currentStage, input.stageHistory, input.now.getTime());
  if (!stint) {
    return {
      ...base,
      eligible: false,
      metHours: 0,
      reason: `the rollout history does not end in an open stint at ${currentStage}`,
    };
  }
  let passed = 0;
  for (const m of input.gatesPassedMinutes)
    if (m >= stint.from && m + MINUTE_MS <= stint.to) passed += 1;
  const metHours = passed / 60;
  const met = passed >= requirement.hours * 60;
  const remaining = requirement.hours * 60 - passed;
  const reason = !met
    ? `${passed} of ${requirement.hours * 60} passing minutes at ${currentStage}: ${remaining} more needed`
    : requirement.next === null
      ? `observation at ${currentStage} complete (${requirement.hours} h with all gates passing); no further stage`
      : `${requirement.hours} h at ${currentStage} with all gates passing: may be promoted to ${requirement.next}`;
  return { ...base, eligible: met && requirement.next !== null, metHours, reason };
}

/** A move to a live stage above the current one: what the no-skill gate holds back. */
export const isPromotionToLive = (from: RolloutStage, to: RolloutStage): boolean =>
  liveShare(to) > 0 && ROLLOUT_STAGES.indexOf(to) > ROLLOUT_STAGES.indexOf(from);

/**
 * Why a change of stage is held, or null: a promotion to a live stage while the no-skill rule is
 * in breach (its evaluation now). An admin may override it with a reason.
 */
export function promotionHold(
  from: RolloutStage,
  to: RolloutStage,
  noSkill: { state: string; reason: string } | undefined,
): string | null {
  if (!isPromotionToLive(from, to) || noSkill?.state !== 'breach') return null;
  return noSkill.reason;
}
