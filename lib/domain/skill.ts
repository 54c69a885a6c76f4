// Skill (issue 21): a model's hit rate and IR minus the best baseline's over the same pairs, with
// a confidence interval that respects how dependent those pairs are, and its Brier skill score.

import {
  BASELINE_IDS,
  baselinesFromSums,
  pairBaselineSums,
  Z_95,
  ZERO_BASELINE_SUMS,
  type BaselineId,
  type BaselineSums,
  type Baselines,
  type Direction,
  type Interval,
} from './baselines';
import { horizonDays, isHorizon } from './horizons';
import {
  informationRatioFromSums,
  IR_ZERO_SPREAD,
  pairSums,
  ZERO_SUMS,
  type MetricSums,
} from './quality';

/**
 * How the skill interval is made. Pairs are not independent: every symbol's prediction of one
 * day rides the same market move, and the h-day outcomes of consecutive days overlap for h − 1
 * days, so a binomial (Wilson) interval that counted them as independent would be several times
 * too narrow (about √21 at 30d on one daily series, more across many symbols). The paired
 * differences (model minus baseline, pair by pair over the same pairs) are summed per time
 * block, which absorbs the dependence within a block, and the Newey–West estimator (Bartlett
 * weights) over `lag` neighbouring blocks absorbs the overlap between blocks; the IR difference
 * goes through its delta-method influence function first. Normal 95 % interval.
 */
export const SKILL_INTERVAL_METHOD =
  'paired difference over the same decisions; Newey–West (Bartlett) standard error of its ' +
  'per-block totals, lag = one horizon in blocks; 95 % normal interval';

/**
 * Independent horizon-long periods (block span / lag) an interval needs: below this, the
 * Newey–West variance is itself too noisy to judge by, and the interval is not given.
 */
export const MIN_INDEPENDENT_PERIODS = 30;

/** The sums of one block of time: the model's own over its decisions and the baselines'. */
export interface ComparedSums
  extends
    BaselineSums,
    Pick<MetricSums, 'nDecisions' | 'decisionHits' | 'sumReturn' | 'sumReturnSq'> {}

export interface BlockSums extends ComparedSums {
  /** Block number: blocks k and k + 1 are adjacent in time (days, weeks or horizon-long slots). */
  index: number;
}

/** Blocks of `blockDays` days that a horizon's outcomes can overlap across: at least 1. */
export function blockLag(horizonDays: number, blockDays: number): number {
  if (!(horizonDays > 0) || !(blockDays > 0)) {
    throw new RangeError(`horizon and block must be positive: ${horizonDays}, ${blockDays}`);
  }
  return Math.max(1, Math.ceil(horizonDays / blockDays - 1e-9));
}

/**
 * Newey–West long-run variance of a sum of block totals z_k (blocks absent from `points` are
 * zero): Σ z_k² + 2 Σ_{j=1..lag} (1 − j / (lag + 1)) Σ z_k z_{k−j}. Bartlett weights keep it ≥ 0.
 * `points` are sorted by index, each index once.
 */
export function neweyWest(points: readonly { index: number; z: number }[], lag: number): number {
  let sum = 0;
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    sum += p.z * p.z;
    for (let j = i - 1; j >= 0 && p.index - points[j]!.index <= lag; j--) {
      const gap = p.index - points[j]!.index;
      if (gap < 1) throw new RangeError(`block ${p.index} appears twice or out of order`);
      sum += 2 * (1 - gap / (lag + 1)) * p.z * points[j]!.z;
    }
  }
  return Math.max(0, sum);
}

export interface SkillFigure {
  /** The baseline compared with. */
  against: BaselineId;
  /** Model minus baseline over the same pairs. */
  value: number;
  /** null: too few independent periods (MIN_INDEPENDENT_PERIODS) or pairs to judge. */
  interval: Interval | null;
}

export interface Versus {
  hitRate: SkillFigure | null;
  ir: SkillFigure | null;
}

export interface Skill {
  method: string;
  /** Independent periods behind the intervals over the model's decisions, and the lag used. */
  periods: number;
  lag: number;
  /** Against the best baseline: the one the model beats by least (or trails by most). */
  hitRate: SkillFigure | null;
  ir: SkillFigure | null;
  /** 1 − Brier / (p̄ (1 − p̄)), p̄ the model's hit frequency over all its pairs: above 0 beats it. */
  brierSkillScore: number | null;
  versus: Record<BaselineId, Versus>;
}

type Read = (s: ComparedSums) => number;

interface Comparison {
  id: BaselineId;
  /** The pairs compared, and the model's hits, Σx and Σx² over them. */
  n: Read;
  modelHits: Read;
  modelSum: Read;
  modelSumSq: Read;
  /** The baseline's over the same pairs; a constant baseline (the coin) has no IR of its own. */
  hits: Read;
  sum: Read;
  sumSq: Read;
  constantIr?: number;
}

const overDecisions = {
  n: (s: ComparedSums) => s.nDecisions,
  modelHits: (s: ComparedSums) => s.decisionHits,
  modelSum: (s: ComparedSums) => s.sumReturn,
  modelSumSq: (s: ComparedSums) => s.sumReturnSq,
};

const COMPARISONS: readonly Comparison[] = [
  {
    id: 'alwaysLong',
    ...overDecisions,
    hits: (s) => s.longHits,
    sum: (s) => s.marketSumReturn,
    sumSq: (s) => s.sumReturnSq,
  },
  {
    id: 'alwaysShort',
    ...overDecisions,
    hits: (s) => s.shortHits,
    sum: (s) => -s.marketSumReturn,
    sumSq: (s) => s.sumReturnSq,
  },
  {
    id: 'momentum',
    ...overDecisions,
    hits: (s) => s.momentumHits,
    sum: (s) => s.momentumSumReturn,
    sumSq: (s) => s.momentumSumReturnSq,
  },
  {
    id: 'coinFlip',
    ...overDecisions,
    hits: (s) => 0.5 * s.nDecisions,
    sum: () => 0,
    sumSq: () => 0,
    constantIr: 0,
  },
  {
    id: 'previousModel',
    n: (s) => s.prevModelN,
    modelHits: (s) => s.sharedDecisionHits,
    modelSum: (s) => s.sharedSumReturn,
    modelSumSq: (s) => s.sharedSumReturnSq,
    hits: (s) => s.prevModelHits,
    sum: (s) => s.prevModelSumReturn,
    sumSq: (s) => s.prevModelSumReturnSq,
  },
];

/**
 * The first-order change of IR (without its annualising factor) from a block's sums: the delta
 * method's influence function of μ/σ at the totals' moments, summed over the block's pairs.
 * Zero for a side without spread.
 */
export function irInfluence(n: number, sum: number, sumSq: number) {
  const mu = sum / n;
  const m2 = sumSq / n;
  const variance = m2 - mu * mu;
  if (!(variance > IR_ZERO_SPREAD * m2)) return () => 0;
  const s3 = variance * Math.sqrt(variance);
  return (bn: number, bs: number, bss: number) =>
    (m2 / s3) * (bs - mu * bn) - (mu / (2 * s3)) * (bss - m2 * bn);
}

function interval(value: number, variance: number, scale: number): Interval | null {
  const se = Math.sqrt(variance) * scale;
  if (!Number.isFinite(se)) return null;
  return { low: value - Z_95 * se, high: value + Z_95 * se };
}

function independentPeriods(blocks: readonly BlockSums[], lag: number): number {
  if (blocks.length === 0) return 0;
  return (blocks.at(-1)!.index - blocks[0]!.index + 1) / lag;
}

function compare(
  c: Comparison,
  total: ComparedSums,
  blocks: readonly BlockSums[],
  lag: number,
  days: number,
): Versus {
  const n = c.n(total);
  if (n < 1) return { hitRate: null, ir: null };
  const used = blocks.filter((b) => c.n(b) > 0);
  const judged = n >= 2 && independentPeriods(used, lag) >= MIN_INDEPENDENT_PERIODS;

  const hitSkill = (c.modelHits(total) - c.hits(total)) / n;
  const hitRate: SkillFigure = {
    against: c.id,
    value: hitSkill,
    interval: judged
      ? interval(
          hitSkill,
          neweyWest(
            used.map((b) => ({
              index: b.index,
              z: c.modelHits(b) - c.hits(b) - hitSkill * c.n(b),
            })),
            lag,
          ),
          1 / n,
        )
      : null,
  };

  const modelIr = informationRatioFromSums(n, c.modelSum(total), c.modelSumSq(total), days);
  const baseIr = c.constantIr ?? informationRatioFromSums(n, c.sum(total), c.sumSq(total), days);
  if (modelIr === null || baseIr === null) return { hitRate, ir: null };
  const psiModel = irInfluence(n, c.modelSum(total), c.modelSumSq(total));
  const psiBase =
    c.constantIr === undefined ? irInfluence(n, c.sum(total), c.sumSq(total)) : () => 0;
  const irSkill = modelIr - baseIr;
  const ir: SkillFigure = {
    against: c.id,
    value: irSkill,
    interval: judged
      ? interval(
          irSkill,
          neweyWest(
            used.map((b) => ({
              index: b.index,
              z:
                psiModel(c.n(b), c.modelSum(b), c.modelSumSq(b)) -
                psiBase(c.n(b), c.sum(b), c.sumSq(b)),
            })),
            lag,
          ),
          Math.sqrt(365 / days) / n,
        )
      : null,
  };
  return { hitRate, ir };
}

/** The figure of the baseline the model beats by least: the smallest difference. */
function best(figures: readonly (SkillFigure | null)[]): SkillFigure | null {
  let out: SkillFigure | null = null;
  for (const f of figures) if (f && (!out || f.value < out.value)) out = f;
  return out;
}

export function brierSkillScore(total: Pick<MetricSums, 'n' | 'hits' | 'sumBrier'>): number | null {
  if (total.n <= 0) return null;
  const p = total.hits / total.n;
  const reference = p * (1 - p);
  return reference > 0 ? 1 - total.sumBrier / total.n / reference : null;
}

/**
 * What the metrics snapshot keeps of a Skill: the figures against the best baseline (each
 * baseline's own figures are in Baselines; the method is SKILL_INTERVAL_METHOD).
 */
export type StoredSkill = Omit<Skill, 'method' | 'versus'>;

export const storedSkill = ({ method: _method, versus: _versus, ...kept }: Skill): StoredSkill =>
  kept;

/** Whether a skill figure's interval lies above zero; null when it has no interval. */
export const beatsBaseline = (f: SkillFigure | null): boolean | null =>
  f?.interval ? f.interval.low > 0 : null;

export interface QualityVsBaselines {
  baselines: Baselines;
  skill: Skill;
}

/**
 * Baselines and skill of one (model, horizon, bucket, window): `total` are the window's sums
 * (exact), `blocks` the same pairs' sums per block of `blockDays` days in time order (each block
 * once; a block without pairs may be left out).
 */
export function qualityVsBaselines(input: {
  total: MetricSums & BaselineSums;
  blocks: readonly BlockSums[];
  blockDays: number;
  horizonDays: number;
  previousModel: string | null;
}): QualityVsBaselines {
  const { total, blocks, horizonDays: days } = input;
  const lag = blockLag(days, input.blockDays);
  const versus = Object.fromEntries(
    COMPARISONS.map((c) => [c.id, compare(c, total, blocks, lag, days)]),
  ) as Record<BaselineId, Versus>;
  return {
    baselines: baselinesFromSums(total, total, days, input.previousModel),
    skill: {
      method: SKILL_INTERVAL_METHOD,
      periods: independentPeriods(
        blocks.filter((b) => b.nDecisions > 0),
        lag,
      ),
      lag,
      hitRate: best(BASELINE_IDS.map((id) => versus[id].hitRate)),
      ir: best(BASELINE_IDS.map((id) => versus[id].ir)),
      brierSkillScore: brierSkillScore(total),
      versus,
    },
  };
}

/** A matured outcome of the quality window, as the no-skill gate reads it. */
export interface SkillOutcome {
  horizon: string;
  ts: Date;
  confid: number;
  decision: Direction;
  hit: boolean;
  realizedReturn: number;
  prevReturn: number | null;
  prevModelDirection: Direction | null;
}

export interface HorizonSkill extends QualityVsBaselines {
  horizon: string;
  /** The model's decisions, and its hit rate and IR over them. */
  n: number;
  hitRate: number | null;
  ir: number | null;
}

const DAY_MS = 86_400_000;

/** Adds b's numbers into a, in place (the window may hold many outcomes: no copy per one). */
function accumulate(a: Record<string, number>, b: object): void {
  for (const [k, v] of Object.entries(b)) a[k] = (a[k] ?? 0) + (v as number);
}

/**
 * Baselines and skill of each horizon of raw matured outcomes (the 12 h quality window), shortest
 * horizon first: blocks are horizon-long slots of the predictions' ts, so a block's outcomes
 * overlap only the next block's (lag 1).
 */
export function skillByHorizon(
  outcomes: readonly SkillOutcome[],
  previousModel: string | null,
): HorizonSkill[] {
  const groups = new Map<string, SkillOutcome[]>();
  for (const o of outcomes) {
    const group = groups.get(o.horizon);
    if (group) group.push(o);
    else groups.set(o.horizon, [o]);
  }
  const horizons = [...groups.keys()].filter(isHorizon);
  horizons.sort((a, b) => horizonDays(a) - horizonDays(b));
  return horizons.map((horizon) => {
    const days = horizonDays(horizon);
    const total: MetricSums & BaselineSums = { ...ZERO_SUMS, ...ZERO_BASELINE_SUMS };
    const blocks = new Map<number, BlockSums>();
    for (const o of groups.get(horizon)!) {
      const model = pairSums(o);
      const base = pairBaselineSums(o);
      accumulate(total as unknown as Record<string, number>, model);
      accumulate(total as unknown as Record<string, number>, base);
      const index = Math.floor(o.ts.getTime() / (days * DAY_MS));
      let block = blocks.get(index);
      if (!block) {
        block = {
          index,
          nDecisions: 0,
          decisionHits: 0,
          sumReturn: 0,
          sumReturnSq: 0,
          ...ZERO_BASELINE_SUMS,
        };
        blocks.set(index, block);
      }
      const terms = {
        nDecisions: model.nDecisions,
        decisionHits: model.decisionHits,
        sumReturn: model.sumReturn,
        sumReturnSq: model.sumReturnSq,
      };
      accumulate(block as unknown as Record<string, number>, terms);
      accumulate(block as unknown as Record<string, number>, base);
    }
    const ordered = [...blocks.values()].sort((a, b) => a.index - b.index);
    const result = qualityVsBaselines({
      total,
      blocks: ordered,
      blockDays: days,
      horizonDays: days,
      previousModel,
    });
    return {
      horizon,
      n: total.nDecisions,
      hitRate: total.nDecisions > 0 ? total.decisionHits / total.nDecisions : null,
      ir: informationRatioFromSums(total.nDecisions, total.sumReturn, total.sumReturnSq, days),
      ...result,
    };
  });
}
