// Automatic rollout triggers (SPEC §5): which rules breach, and what a breach does to the stage.

import { GATE_BANDS } from '../guardrails';
import { horizonDays, isHorizon } from '../horizons';
import { computeMetrics } from '@/lib/domain/quality';
import { BASELINE_LABELS } from '../baselines';
import {
  beatsBaseline,
  MIN_INDEPENDENT_PERIODS,
  type HorizonSkill,
  type SkillFigure,
} from '../skill';
import type { RolloutStage } from '../rollout';
import { addHistograms, confidMedian, emptyConfidHistogram } from './histogram';
import {
  floorToMinute,
  MINUTE_MS,
  windowStats,
  type MinuteRollup,
  type WindowStats,
} from './minutes';

export type TriggerAction = 'rollback' | 'preview';

export type TriggerRuleId =
  | 'err-rate-30m'
  | 'staleness-30m'
  | 'median-confid-3h'
  | 'score-errors-3h'
  | 'p95-15m'
  | 'hit-rate-12h'
  | 'ir-12h'
  | 'no-skill-12h';

/** The preview-only gate an admin may promote past, with a reason. */
export const NO_SKILL_RULE = 'no-skill-12h' satisfies TriggerRuleId;

export interface TriggerRule {
  id: TriggerRuleId;
  action: TriggerAction;
  severity: 'critical' | 'major';
  windowMinutes: number;
  description: string;
}

export const TRIGGER_RULES: readonly TriggerRule[] = Object.freeze([
  {
    id: 'err-rate-30m',
    action: 'rollback',
    severity: 'critical',
    windowMinutes: 30,
    description: 'error rate above 2 % in every minute for 30 minutes',
  },
  {
    id: 'staleness-30m',
    action: 'rollback',
    severity: 'critical',
    windowMinutes: 30,
    description: 'data staleness above 60 s in every minute for 30 minutes',
  },
  {
    id: 'median-confid-3h',
    action: 'rollback',
    severity: 'critical',
    windowMinutes: 180,
    description: 'median confid below 0.4 over 3 hours',
  },
  {
    id: 'score-errors-3h',
    action: 'rollback',
    severity: 'critical',
    windowMinutes: 180,
    description: 'more than 5 % of ml.score requests failed over 3 hours',
  },
  {
    id: 'p95-15m',
    action: 'preview',
    severity: 'major',
    windowMinutes: 15,
    description: 'p95 latency above 1500 ms in every minute for 15 minutes',
  },
  {
    id: 'hit-rate-12h',
    action: 'preview',
    severity: 'major',
    windowMinutes: 720,
    description: 'hit rate below 50 % over 12 hours of matured outcomes, in any horizon',
  },
  {
    id: 'ir-12h',
    action: 'preview',
    severity: 'major',
    windowMinutes: 720,
    description: 'information ratio below 0.3 over 12 hours of matured outcomes, in any horizon',
  },
  {
    id: 'no-skill-12h',
    action: 'preview',
    severity: 'major',
    windowMinutes: 720,
    description:
      'hit rate or IR not above the best baseline (always long or short, momentum, coin flip, previous version) by more than its 95 % interval, over 12 hours of matured outcomes, in any horizon',
  },
] as const);

/**
 * Requests a minute needs before its rate or p95 means anything. Sustained rules need every
 * minute of the window, so chance alone cannot fake a breach even at this level: at a true 2 %
 * error rate, 30 consecutive minutes of 5 requests each holding an error has odds near 1e-31.
 */
export const MIN_REQUESTS_PER_MINUTE = 5;
/** Requests an aggregate window needs: at a 5 % share the binomial error is about ±1.3 points. */
export const MIN_REQUESTS_IN_WINDOW = 300;
/**
 * Matured decisions a horizon needs for its hit rate / IR to be judged (each horizon on its
 * own): at 50 % the hit-rate error is about ±7 points.
 */
export const MIN_OUTCOMES_IN_WINDOW = 50;

const CONFID_FLOOR = 0.4;
const SCORE_ERROR_CEILING = 0.05;
const HIT_RATE_FLOOR = 0.5;
const IR_FLOOR = 0.3;

export type RuleState = 'ok' | 'breach' | 'insufficient';

export interface RuleEvaluation {
  rule: TriggerRule;
  state: RuleState;
  observed: Record<string, number | null>;
  reason: string;
}

/** Matured outcomes of one horizon over the last 12 h; n counts the decisions behind hitRate and IR. */
export interface HorizonQuality {
  horizon: string;
  n: number;
  hitRate: number | null;
  /** Annualised by this horizon's own length. */
  ir: number | null;
}

/** One entry per horizon: horizons are never pooled (a 1d and a 30d return are not alike). */
export type QualityWindow = readonly HorizonQuality[];

export interface MaturedOutcome {
  horizon: string;
  decision: -1 | 0 | 1;
  hit: boolean;
  realizedReturn: number;
}

const byHorizonLength = (a: string, b: string): number =>
  isHorizon(a) && isHorizon(b) ? horizonDays(a) - horizonDays(b) : a < b ? -1 : a > b ? 1 : 0;

/**
 * Hit rate and IR of each horizon's matured outcomes, each IR annualised by its own horizon
 * (metrics.ts definitions), shortest horizon first.
 */
export function qualityByHorizon(outcomes: readonly MaturedOutcome[]): HorizonQuality[] {
  const groups = new Map<string, MaturedOutcome[]>();
  for (const o of outcomes) {
    const group = groups.get(o.horizon);
    if (group) group.push(o);
    else groups.set(o.horizon, [o]);
  }
  return [...groups.keys()].sort(byHorizonLength).map((horizon) => {
    const m = computeMetrics(
      groups.get(horizon)!.map((o) => ({ ...o, confid: 0.5 })),
      horizonDays(horizon),
    );
    return { horizon, n: m.nDecisions, hitRate: m.hitRate, ir: m.ir };
  });
}

const ruleById = (id: TriggerRuleId): TriggerRule => TRIGGER_RULES.find((r) => r.id === id)!;

const pct = (x: number): string => `${(x * 100).toFixed(2)} %`;

/**
 * "Sustained": every minute must breach. A minute that has data and does not breach proves the
 * condition was not sustained, so the rule is 'ok' whatever the other minutes say. A minute
 * without enough data cannot prove anything either way: with no good minute seen the rule is
 * 'insufficient' rather than 'breach', so a quiet minute delays a rollback instead of faking one.
 */
function sustained(
  rule: TriggerRule,
  perMinute: readonly WindowStats[],
  read: (s: WindowStats) => number | null,
  threshold: number,
  show: (x: number) => string,
): RuleEvaluation {
  const values = perMinute.map(read);
  const seen = values.filter((v): v is number => v !== null);
  const breaching = seen.filter((v) => v > threshold).length;
  const withoutData = values.length - seen.length;
  const observed = {
    threshold,
    lowest: seen.length > 0 ? Math.min(...seen) : null,
    breachingMinutes: breaching,
    minutesWithoutData: withoutData,
    minutes: values.length,
  };
  const minutes = values.length;
  if (breaching < seen.length) {
    return {
      rule,
      state: 'ok',
      observed,
      reason: `${seen.length - breaching} of ${minutes} minutes at or below ${show(threshold)}: not sustained`,
    };
  }
  if (withoutData > 0) {
    return {
      rule,
      state: 'insufficient',
      observed,
      reason: `${withoutData} of ${minutes} minutes without enough data to judge`,
    };
  }
  return {
    rule,
    state: 'breach',
    observed,
    reason: `above ${show(threshold)} in all ${minutes} minutes (lowest ${show(observed.lowest!)})`,
  };
}

/** "Over the window": one aggregate value, judged only with a large enough sample. */
function overWindow(
  rule: TriggerRule,
  value: number | null,
  n: number,
  minN: number,
  breaches: (v: number) => boolean,
  describe: string,
): RuleEvaluation {
  const observed = { value, n, minN };
  if (value === null || n < minN) {
    return {
      rule,
      state: 'insufficient',
      observed,
      reason:
        n < minN ? `only ${n} samples in the window, ${minN} needed` : 'no value for the window',
    };
  }
  const state = breaches(value) ? 'breach' : 'ok';
  return { rule, state, observed, reason: `${describe} over ${n} samples` };
}

/**
 * "Over the window, per horizon": each horizon is judged on its own with its own sample floor;
 * the rule breaches when any judged horizon is below the floor, is ok when every judged horizon
 * holds, and is insufficient when no horizon has enough samples.
 */
function perHorizon(
  rule: TriggerRule,
  quality: QualityWindow,
  pick: (q: HorizonQuality) => number | null,
  floor: number,
  show: (x: number) => string,
): RuleEvaluation {
  const observed: Record<string, number | null> = {
    threshold: floor,
    minN: MIN_OUTCOMES_IN_WINDOW,
  };
  const breaching: string[] = [];
  const holding: string[] = [];
  const unjudged: string[] = [];
  for (const q of quality) {
    const value = pick(q);
    observed[`value@${q.horizon}`] = value;
    observed[`n@${q.horizon}`] = q.n;
    if (value === null || q.n < MIN_OUTCOMES_IN_WINDOW) unjudged.push(`${q.horizon} (${q.n})`);
    else (value < floor ? breaching : holding).push(`${q.horizon} ${show(value)} (n ${q.n})`);
  }
  const rest = unjudged.length
    ? `; too few samples (${MIN_OUTCOMES_IN_WINDOW} needed) in ${unjudged.join(', ')}`
    : '';
  if (breaching.length > 0) {
    return {
      rule,
      state: 'breach',
      observed,
      reason: `below ${show(floor)} in ${breaching.join(', ')}${holding.length ? `; holding in ${holding.join(', ')}` : ''}${rest}`,
    };
  }
  if (holding.length > 0) {
    return {
      rule,
      state: 'ok',
      observed,
      reason: `at or above ${show(floor)} in ${holding.join(', ')}${rest}`,
    };
  }
  return {
    rule,
    state: 'insufficient',
    observed,
    reason: quality.length
      ? `no horizon has ${MIN_OUTCOMES_IN_WINDOW} matured decisions: ${unjudged.join(', ')}`
      : 'no matured decisions in the window',
  };
}

const signedPoints = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}`;
const signedRatio = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)}`;

/** "hit 51.1 % vs always long 53.5 %: −2.4 pts (95 % CI −5.0 … +0.2)" and the IR's likewise. */
function describeSkill(h: HorizonSkill): string {
  const part = (
    what: string,
    f: SkillFigure | null,
    model: number | null,
    show: (x: number) => string,
    signed: (x: number) => string,
    unit: string,
  ) => {
    if (!f || model === null) return `${what} —`;
    const ci = f.interval
      ? ` (95 % CI ${signed(f.interval.low)} … ${signed(f.interval.high)})`
      : '';
    return `${what} ${show(model)} vs ${BASELINE_LABELS[f.against]} ${show(model - f.value)}: ${signed(f.value)}${unit}${ci}`;
  };
  const onSet = (f: SkillFigure | null, overall: number | null, shared: number | null) =>
    f?.against === 'previousModel' ? shared : overall;
  const prev = h.baselines.previousModel;
  return `${h.horizon} ${part('hit', h.skill.hitRate, onSet(h.skill.hitRate, h.hitRate, prev?.modelHitRate ?? null), pct, signedPoints, ' pts')}; ${part('IR', h.skill.ir, onSet(h.skill.ir, h.ir, prev?.modelIr ?? null), (x) => x.toFixed(2), signedRatio, '')}`;
}

/**
 * "No skill", per horizon like the hit-rate and IR rules: a horizon passes when both its hit
 * rate and its IR beat the best baseline by more than the 95 % interval (its lower end above
 * zero); it is judged only with MIN_OUTCOMES_IN_WINDOW decisions and an interval, which needs
 * MIN_INDEPENDENT_PERIODS horizon-long periods in the window. Breach when any judged horizon
 * fails, ok when every judged one passes, insufficient when none can be judged.
 */
function noSkill(rule: TriggerRule, window: readonly HorizonSkill[]): RuleEvaluation {
  const observed: Record<string, number | null> = {
    threshold: 0,
    minN: MIN_OUTCOMES_IN_WINDOW,
    minPeriods: MIN_INDEPENDENT_PERIODS,
  };
  const breaching: string[] = [];
  const holding: string[] = [];
  const unjudged: string[] = [];
  for (const h of window) {
    const { hitRate: hit, ir } = h.skill;
    Object.assign(observed, {
      [`value@${h.horizon}`]: hit?.value ?? null,
      [`low@${h.horizon}`]: hit?.interval?.low ?? null,
      [`high@${h.horizon}`]: hit?.interval?.high ?? null,
      [`irSkill@${h.horizon}`]: ir?.value ?? null,
      [`irLow@${h.horizon}`]: ir?.interval?.low ?? null,
      [`irHigh@${h.horizon}`]: ir?.interval?.high ?? null,
      [`hitRate@${h.horizon}`]: h.hitRate,
      [`ir@${h.horizon}`]: h.ir,
      [`n@${h.horizon}`]: h.n,
      [`periods@${h.horizon}`]: h.skill.periods,
    });
    const [beatsHit, beatsIr] = [beatsBaseline(hit), beatsBaseline(ir)];
    if (h.n < MIN_OUTCOMES_IN_WINDOW || beatsHit === null || beatsIr === null) {
      unjudged.push(`${h.horizon} (${h.n} decisions, ${h.skill.periods.toFixed(0)} periods)`);
    } else (beatsHit && beatsIr ? holding : breaching).push(describeSkill(h));
  }
  const rest = unjudged.length
    ? `; too few to judge (${MIN_OUTCOMES_IN_WINDOW} decisions and ${MIN_INDEPENDENT_PERIODS} independent periods needed) in ${unjudged.join(', ')}`
    : '';
  if (breaching.length > 0) {
    return {
      rule,
      state: 'breach',
      observed,
      reason: `no skill over the best baseline in ${breaching.join('; ')}${holding.length ? `; skill in ${holding.join('; ')}` : ''}${rest}`,
    };
  }
  if (holding.length > 0) {
    return { rule, state: 'ok', observed, reason: `skill in ${holding.join('; ')}${rest}` };
  }
  return {
    rule,
    state: 'insufficient',
    observed,
    reason: window.length
      ? `no horizon can be judged: ${unjudged.join(', ')}`
      : 'no matured decisions in the window',
  };
}

/**
 * Windows end at the start of the minute holding `now`: that minute is still filling, and a
 * partial minute would read as a quiet one.
 */
export function evaluateRules(input: {
  now: Date;
  rollups: readonly MinuteRollup[];
  quality: QualityWindow;
  /** Baselines and skill per horizon of the same matured outcomes (skillByHorizon). */
  skill?: readonly HorizonSkill[];
}): RuleEvaluation[] {
  const end = floorToMinute(input.now);
  const byMinute = new Map<number, MinuteRollup[]>();
  for (const r of input.rollups) {
    const t = r.minute.getTime();
    const group = byMinute.get(t);
    if (group) group.push(r);
    else byMinute.set(t, [r]);
  }
  const lastMinutes = (w: number): WindowStats[] =>
    Array.from({ length: w }, (_, i) => {
      const t = end - (w - i) * MINUTE_MS;
      return windowStats(byMinute.get(t) ?? [], new Date(t), new Date(t + MINUTE_MS));
    });
  const requestRead =
    (pick: (s: WindowStats) => number | null) =>
    (s: WindowStats): number | null =>
      s.count >= MIN_REQUESTS_PER_MINUTE ? pick(s) : null;
  const window = (w: number) => {
    const from = new Date(end - w * MINUTE_MS);
    const to = new Date(end);
    const inside = input.rollups.filter((r) => r.minute >= from && r.minute < to);
    return { stats: windowStats(inside, from, to), inside };
  };

  const confid = window(ruleById('median-confid-3h').windowMinutes);
  const confidHist = confid.inside.reduce(
    (h, r) => addHistograms(h, r.confid),
    emptyConfidHistogram(),
  );
  const confidN = confidHist.reduce((s, c) => s + c, 0);
  const median = confidMedian(confidHist);
  const scoreErrors = window(ruleById('score-errors-3h').windowMinutes).stats;
  const { quality } = input;

  return [
    sustained(
      ruleById('err-rate-30m'),
      lastMinutes(ruleById('err-rate-30m').windowMinutes),
      requestRead((s) => s.errRate),
      GATE_BANDS.err.warn,
      pct,
    ),
    sustained(
      ruleById('staleness-30m'),
      lastMinutes(ruleById('staleness-30m').windowMinutes),
      (s) => s.maxStaleness,
      GATE_BANDS.staleness.warn,
      (x) => `${Math.round(x)} s`,
    ),
    overWindow(
      ruleById('median-confid-3h'),
      median,
      confidN,
      MIN_REQUESTS_IN_WINDOW,
      (v) => v < CONFID_FLOOR,
      `median confid ${median?.toFixed(3)} against a floor of ${CONFID_FLOOR}`,
    ),
    overWindow(
      ruleById('score-errors-3h'),
      scoreErrors.errRate,
      scoreErrors.count,
      MIN_REQUESTS_IN_WINDOW,
      (v) => v > SCORE_ERROR_CEILING,
      `${scoreErrors.errors} failed requests (${pct(scoreErrors.errRate ?? 0)}) against a ceiling of ${pct(SCORE_ERROR_CEILING)}`,
    ),
    sustained(
      ruleById('p95-15m'),
      lastMinutes(ruleById('p95-15m').windowMinutes),
      requestRead((s) => s.p95),
      GATE_BANDS.p95.warn,
      (x) => `${Math.round(x)} ms`,
    ),
    perHorizon(ruleById('hit-rate-12h'), quality, (q) => q.hitRate, HIT_RATE_FLOOR, pct),
    perHorizon(
      ruleById('ir-12h'),
      quality,
      (q) => q.ir,
      IR_FLOOR,
      (x) => String(Number(x.toPrecision(4))),
    ),
    noSkill(ruleById('no-skill-12h'), input.skill ?? []),
  ];
}

const isLive = (stage: RolloutStage): boolean =>
  stage === '0.1' || stage === '0.5' || stage === '1.0';

export interface TriggerDecision {
  target: 'off' | 'preview';
  critical: boolean;
  /** The breaching rules behind the target; breaches of the weaker action are left out. */
  rules: RuleEvaluation[];
}

/**
 * One action at most, the strongest: rollback to off beats down to preview. A rule acts only
 * when the stage is above its target, so a trigger fires once and not again on every tick.
 */
export function decideAction(
  stage: RolloutStage,
  evaluations: readonly RuleEvaluation[],
  overridden: ReadonlySet<string> = new Set(),
): TriggerDecision | null {
  const breaching = evaluations.filter((e) => e.state === 'breach' && !overridden.has(e.rule.id));
  const rollback = breaching.filter((e) => e.rule.action === 'rollback');
  if (stage !== 'off' && rollback.length > 0)
    return { target: 'off', critical: true, rules: rollback };
  const preview = breaching.filter((e) => e.rule.action === 'preview');
  if (isLive(stage) && preview.length > 0)
    return { target: 'preview', critical: false, rules: preview };
  return null;
}

/**
 * What a breach row says the product did: moved the stage, nothing (already at or below), or
 * nothing because an admin's override of this rule holds the current stage.
 */
export type BreachAction = TriggerAction | 'none' | 'overridden';

export interface BreachRecord {
  evaluation: RuleEvaluation;
  action: BreachAction;
  stageBefore: RolloutStage;
  stageAfter: RolloutStage;
  pausedLive: boolean;
}

export interface SloOutcome {
  decision: TriggerDecision | null;
  /** Breach rows to write. */
  breaches: BreachRecord[];
  /** Rules whose open episode ends now: they passed, or could not be judged. */
  recovered: string[];
}

/**
 * What one evaluation records, given the stage and the rules whose breach episode is open.
 * Every breach is recorded once per episode, in every stage: a rule's first breach opens an
 * episode with a row (its action, or `none` when the stage is already at or below the rule's
 * target, or a stronger rule moved it further); while it keeps breaching nothing more is
 * written; once it passes or cannot be judged the episode ends, and a later breach opens a new
 * one. A rule that moves the stage always gets a row, even inside an open episode (an operator
 * raised the stage while it was breaching), so no stage change is left without its breach.
 * `overridden` rules (an admin promoted past them) are recorded but do not act.
 */
export function planSloOutcome(
  stage: RolloutStage,
  evaluations: readonly RuleEvaluation[],
  openEpisodes: ReadonlySet<string>,
  overridden: ReadonlySet<string> = new Set(),
): SloOutcome {
  const decision = decideAction(stage, evaluations, overridden);
  const acting = new Set(decision?.rules.map((r) => r.rule.id));
  const stageAfter = decision?.target ?? stage;
  const breaches = evaluations
    .filter((e) => e.state === 'breach' && (acting.has(e.rule.id) || !openEpisodes.has(e.rule.id)))
    .map((evaluation): BreachRecord => {
      const acted = acting.has(evaluation.rule.id);
      return {
        evaluation,
        action: acted
          ? decision!.target === 'off'
            ? 'rollback'
            : 'preview'
          : overridden.has(evaluation.rule.id) && stageAfter === stage && isLive(stage)
            ? 'overridden'
            : 'none',
        stageBefore: stage,
        stageAfter,
        pausedLive: acted && decision!.critical && isLive(stage),
      };
    });
  const breaching = new Set(evaluations.filter((e) => e.state === 'breach').map((e) => e.rule.id));
  const recovered = [...openEpisodes].filter((rule) => !breaching.has(rule as TriggerRuleId));
  return { decision, breaches, recovered };
}
