import { horizonDays, type Horizon } from './horizons';
import { informationRatioFromSums, QUALITY_TARGETS } from './quality';

/**
 * The graduated live threshold (issue 13, SPEC §2 / §5): the confidence a live decision needs
 * starts at 0.55 and steps to 0.60, then 0.65, as matured live evidence accrues.
 *
 * Rule for the next step: at least M matured LIVE decisions (outcomes served live whose live
 * decision is not 0) made since the current step began, over which the hit rate is ≥ 60 % and
 * the IR > 1.0 (the card's targets, QUALITY_TARGETS). Hit rate and IR are as the metrics page
 * computes them (lib/domain/quality.ts): hits over decisions; IR = mean / sample std of
 * decision × realised return, annualised by sqrt(365 / horizon days) — so IR is per horizon,
 * and the rule's IR is the mean of the horizons' IRs weighted by their decisions (horizons with
 * fewer than 2 decisions, whose IR is undefined, are left out of it). Evidence restarts at each
 * step: the decisions counted were made under the threshold being judged.
 *
 * The step never goes down automatically. A step up only raises the bar (fewer, surer live
 * decisions); a step down would loosen it, acting on more marginal signals, in reaction to a
 * bad sample — the opposite of what bad quality calls for. Bad live quality is the SLO triggers'
 * business (no-skill-12h holds at preview, hit < 50 % or IR < 0.3 demote the stage, SPEC §5),
 * which act on the stage, not on the threshold. An admin may set any step by hand, with a
 * reason (audited), e.g. to restart the graduation after a model change.
 *
 * The effective live threshold is min(step, model.liveThreshold): the model row's
 * `live_threshold` (0.65 for fusion-v2.0.0) is the ceiling the graduation climbs to, and a
 * model with a lower one is never made stricter than itself. The golden vectors use the
 * model's own thresholds and are untouched.
 */
export const THRESHOLD_STEPS = [0.55, 0.6, 0.65] as const;
export type ThresholdStep = (typeof THRESHOLD_STEPS)[number];

/** M when `THRESHOLD_STEP_MIN_OUTCOMES` is unset. */
export const DEFAULT_STEP_MIN_OUTCOMES = 100;

export const isThresholdStep = (x: unknown): x is ThresholdStep =>
  typeof x === 'number' && (THRESHOLD_STEPS as readonly number[]).includes(x);

/** The stored step as one of the steps (a float read back from the database), else null. */
export function asThresholdStep(x: number): ThresholdStep | null {
  return THRESHOLD_STEPS.find((s) => Math.abs(s - x) < 1e-9) ?? null;
}

export function nextThresholdStep(step: ThresholdStep): ThresholdStep | null {
  return THRESHOLD_STEPS[THRESHOLD_STEPS.indexOf(step) + 1] ?? null;
}

/** The live threshold in force: the step, never above the model's own live threshold. */
export const effectiveLiveThreshold = (step: number, modelLiveThreshold: number): number =>
  Math.min(step, modelLiveThreshold);

/**
 * M from its setting: a whole number ≥ 1 (at most 10,000,000), the default when unset or blank.
 * Throws on anything else, so a typo stops the process instead of graduating on 0 outcomes.
 */
export function parseStepMinOutcomes(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_STEP_MIN_OUTCOMES;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1 || n > 10_000_000) {
    throw new RangeError(`THRESHOLD_STEP_MIN_OUTCOMES must be a whole number ≥ 1: ${value}`);
  }
  return n;
}

/** Sums of one horizon's matured live decisions: x = live decision × realised return. */
export interface LiveDecisionSums {
  horizon: Horizon;
  n: number;
  hits: number;
  sumReturn: number;
  sumReturnSq: number;
}

export interface HorizonEvidence {
  horizon: Horizon;
  n: number;
  hitRate: number | null;
  ir: number | null;
}

export interface ThresholdEvidence {
  /** Matured live decisions since the step began. */
  n: number;
  hitRate: number | null;
  /** Decision-weighted mean of the horizons' IRs; null when no horizon has one. */
  ir: number | null;
  byHorizon: HorizonEvidence[];
}

/** The rule's figures from per-horizon sums (the metrics' definitions, quality.ts). */
export function thresholdEvidence(groups: readonly LiveDecisionSums[]): ThresholdEvidence {
  const byHorizon = [...groups]
    .filter((g) => g.n > 0)
    .sort((a, b) => horizonDays(a.horizon) - horizonDays(b.horizon))
    .map((g) => ({
      horizon: g.horizon,
      n: g.n,
      hitRate: g.hits / g.n,
      ir: informationRatioFromSums(g.n, g.sumReturn, g.sumReturnSq, horizonDays(g.horizon)),
    }));
  const n = byHorizon.reduce((s, g) => s + g.n, 0);
  const hits = groups.reduce((s, g) => s + g.hits, 0);
  const withIr = byHorizon.filter((g) => g.ir !== null);
  const irWeight = withIr.reduce((s, g) => s + g.n, 0);
  return {
    n,
    hitRate: n > 0 ? hits / n : null,
    ir: irWeight > 0 ? withIr.reduce((s, g) => s + g.n * g.ir!, 0) / irWeight : null,
    byHorizon,
  };
}

export interface ThresholdStatus {
  step: ThresholdStep;
  next: ThresholdStep | null;
  /** Whether the rule for the next step holds now (false at the last step). */
  ready: boolean;
  /** The rule for the next step, in words, with the current evidence. */
  condition: string;
  /** The parts of the rule not met yet, in words (empty when ready or at the last step). */
  unmet: string[];
  minOutcomes: number;
  evidence: ThresholdEvidence;
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
export const formatStep = (s: number) => s.toFixed(2);

/** The current step, the next one, and whether the rule for it holds, in words for the UI. */
export function thresholdStatus(input: {
  step: ThresholdStep;
  evidence: ThresholdEvidence;
  minOutcomes: number;
}): ThresholdStatus {
  const { step, evidence, minOutcomes } = input;
  const next = nextThresholdStep(step);
  const hitTarget = QUALITY_TARGETS.hitRate;
  const irTarget = QUALITY_TARGETS.ir;
  const hitNow = evidence.hitRate === null ? 'none yet' : pct(evidence.hitRate);
  const irNow = evidence.ir === null ? 'none yet' : evidence.ir.toFixed(2);
  const nowText = `${evidence.n} of ${minOutcomes} matured live decisions, hit rate ${hitNow}, IR ${irNow}`;
  if (next === null) {
    return {
      step,
      next,
      ready: false,
      condition: `${formatStep(step)} is the last step: no further step (since it began: ${nowText})`,
      unmet: [],
      minOutcomes,
      evidence,
    };
  }
  const unmet: string[] = [];
  if (evidence.n < minOutcomes)
    unmet.push(
      `${minOutcomes - evidence.n} more matured live decisions (${evidence.n} of ${minOutcomes})`,
    );
  if (evidence.hitRate === null || !(evidence.hitRate >= hitTarget))
    unmet.push(`hit rate ≥ ${pct(hitTarget)} (now ${hitNow})`);
  if (evidence.ir === null || !(evidence.ir > irTarget))
    unmet.push(`IR > ${irTarget.toFixed(1)} (now ${irNow})`);
  return {
    step,
    next,
    ready: unmet.length === 0,
    condition:
      `${formatStep(step)} → ${formatStep(next)} after at least ${minOutcomes} matured live ` +
      `decisions since ${formatStep(step)} began, with hit rate ≥ ${pct(hitTarget)} and ` +
      `IR > ${irTarget.toFixed(1)} over them; now ${nowText}`,
    unmet,
    minOutcomes,
    evidence,
  };
}
