// What a stage change from the command line may do, and how to see that a process serves it.

import { ROLLOUT_STAGES, scoringMode, type RolloutStage, type ScoringMode } from './rollout';
import type { PromotionEligibility } from './slo/eligibility';

export type StageChangeKind = 'promotion' | 'rollback' | 'same';

export type StageChangeVerdict =
  | { allowed: true; kind: StageChangeKind; because: string }
  | { allowed: false; kind: StageChangeKind; because: string };

const rank = (stage: RolloutStage) => ROLLOUT_STAGES.indexOf(stage);

/**
 * The card's ramp, enforced where the operator types it:
 * - lowering the stage is always allowed: a rollback is never held back by anything;
 * - raising it goes one stage at a time (off → preview → 0.1 → 0.5 → 1.0);
 * - out of a live stage, only when promotion eligibility names the target as next, i.e. its
 *   watch period (0.1: 1 h, 0.5: 2 h, with every gate passing) is met;
 * - off → preview and preview → 0.1 have no watch period (nothing is live before 0.1).
 * `eligibility` must be the one computed for `current`, or the verdict would rest on another
 * stage's observation.
 */
export function judgeStageChange(input: {
  current: RolloutStage;
  target: RolloutStage;
  eligibility: PromotionEligibility;
}): StageChangeVerdict {
  const { current, target, eligibility } = input;
  if (target === current)
    return { allowed: true, kind: 'same', because: `already at ${current}: re-set, nothing moves` };
  if (rank(target) < rank(current))
    return {
      allowed: true,
      kind: 'rollback',
      because: `${current} → ${target} lowers the stage: never held back by eligibility`,
    };
  const next = ROLLOUT_STAGES[rank(current) + 1];
  if (target !== next)
    return {
      allowed: false,
      kind: 'promotion',
      because: `${current} → ${target} skips a stage: promote one stage at a time (next is ${next})`,
    };
  if (eligibility.currentStage !== current)
    return {
      allowed: false,
      kind: 'promotion',
      because: `eligibility was computed at ${eligibility.currentStage} but the stage is ${current}: run it again`,
    };
  if (eligibility.requiredHours === null)
    return {
      allowed: true,
      kind: 'promotion',
      because: `${current} → ${target} has no watch period (nothing is live at ${current})`,
    };
  if (eligibility.eligible && eligibility.next === target)
    return { allowed: true, kind: 'promotion', because: eligibility.reason };
  return { allowed: false, kind: 'promotion', because: `not eligible: ${eligibility.reason}` };
}

/** A score request's pair that tells which stage a process serves, and its mode at `to`. */
export interface StageProbe {
  symbol: string;
  tf: '1h';
  expected: ScoringMode;
}

const PROBE_CANDIDATES = 10_000;

/**
 * A (symbol, tf) whose scoring mode at `to` differs from its mode at `from` (e.g. for 0.1 → 0.5
 * a pair live at 0.5 but in shadow at 0.1), so a process still serving `from` is told apart.
 * When no pair can differ (the same stage), any pair shows the stage.
 */
export function stageProbe(from: RolloutStage, to: RolloutStage): StageProbe {
  for (let i = 0; i < PROBE_CANDIDATES; i++) {
    const symbol = `PROBE-${i}`;
    const expected = scoringMode(to, symbol, '1h');
    if (expected !== scoringMode(from, symbol, '1h')) return { symbol, tf: '1h', expected };
  }
  return { symbol: 'PROBE-0', tf: '1h', expected: scoringMode(to, 'PROBE-0', '1h') };
}

/**
 * What the server checks before a stage change: the card's ramp (judgeStageChange) and the
 * no-skill gate's hold. Empty when the change is allowed; otherwise each unmet condition in
 * words, which the 409 lists and an admin's forced change records.
 */
export function unmetConditions(input: {
  current: RolloutStage;
  target: RolloutStage;
  /** Eligibility at `current` as observed (gates and watch period), without the no-skill hold. */
  eligibility: PromotionEligibility;
  /** Why the no-skill gate holds this change (promotionHold), or null. */
  noSkillHold: string | null;
}): string[] {
  const unmet: string[] = [];
  const verdict = judgeStageChange(input);
  if (!verdict.allowed) unmet.push(verdict.because);
  if (input.noSkillHold) unmet.push(`held by no-skill-12h: ${input.noSkillHold}`);
  return unmet;
}
