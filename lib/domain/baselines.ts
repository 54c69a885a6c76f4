// Baselines (issue 21): what doing nothing clever would have scored over exactly the pairs a
// model's hit rate and IR are measured on, its matured pairs with a decision (same symbols,
// horizons and windows), using only what was known when each decision was made.

import type { PriceAt } from './outcomes';
import { informationRatioFromSums, type MetricSums } from './quality';

export type Direction = -1 | 0 | 1;

export const sign = (x: number): Direction => (x > 0 ? 1 : x < 0 ? -1 : 0);

export const BASELINE_IDS = [
  'alwaysLong',
  'alwaysShort',
  'momentum',
  'coinFlip',
  'previousModel',
] as const;
export type BaselineId = (typeof BASELINE_IDS)[number];

export const BASELINE_LABELS: Readonly<Record<BaselineId, string>> = Object.freeze({
  alwaysLong: 'always long',
  alwaysShort: 'always short',
  momentum: 'momentum',
  coinFlip: 'coin flip',
  previousModel: 'previous version',
});

/**
 * The previous period's return known at a prediction's decision: from the close of the last
 * stored candle of the same series at or before `periodStart` (periodStartBefore: one horizon
 * before the prediction's candle) to the prediction's own close, `entryClose`. Both candles are
 * at or before the decision's candle, so nothing after the decision is used; it mirrors the
 * outcome, which runs from that close to the first candle at or after maturity. `candles` are
 * the series' candles, oldest first (any range that includes the one wanted). null when the
 * series has no candle that early (the start of its history).
 */
export function previousReturn(input: {
  entryClose: number;
  periodStart: Date;
  candles: readonly PriceAt[];
}): number | null {
  const { entryClose, periodStart, candles } = input;
  if (!Number.isFinite(entryClose) || entryClose <= 0) {
    throw new RangeError(`entry close must be a positive number: ${entryClose}`);
  }
  const t = periodStart.getTime();
  if (Number.isNaN(t)) throw new RangeError('invalid period start');
  let lo = 0;
  let hi = candles.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (candles[mid]!.ts.getTime() <= t) lo = mid + 1;
    else hi = mid;
  }
  const start = candles[lo - 1];
  if (!start) return null;
  if (!Number.isFinite(start.c) || start.c <= 0) {
    throw new RangeError(`close at ${start.ts.toISOString()} is not a positive number: ${start.c}`);
  }
  return entryClose / start.c - 1;
}

/** Naive momentum: the previous period's direction continues; none when unknown or flat. */
export const momentumDirection = (prevReturn: number | null): Direction =>
  prevReturn === null ? 0 : sign(prevReturn);

export interface ModelActivation {
  id: string;
  activatedAt: Date | null;
}

/**
 * The previous active version of a model: the version activated last before it was activated
 * (for a version never activated, a candidate, the latest activated one). null for a model that
 * is not a known version, or when no other version was ever active.
 */
export function previousActiveModel(
  models: readonly ModelActivation[],
  modelId: string,
): string | null {
  const self = models.find((m) => m.id === modelId);
  if (!self) return null;
  let best: ModelActivation | null = null;
  for (const m of models) {
    if (m.id === modelId || m.activatedAt === null) continue;
    if (self.activatedAt !== null && m.activatedAt >= self.activatedAt) continue;
    if (!best || m.activatedAt > best.activatedAt!) best = m;
  }
  return best?.id ?? null;
}

/** A matured pair as the baselines see it. */
export interface BaselinePair {
  /** The model's decision. */
  decision: Direction;
  realizedReturn: number;
  /** previousReturn of its prediction; null when unknown. */
  prevReturn: number | null;
  /**
   * The previous active version's direction (sign of its score) on the same candle and horizon,
   * null when that version made no prediction there.
   */
  prevModelDirection: Direction | null;
  /** The model's own hit (sign(score) × return > 0). */
  hit: boolean;
}

/**
 * Additive sums of the baselines over a model's pairs with a decision (pairs without one add
 * nothing), kept beside the model's own MetricSums per (model, tf family, horizon, confidence
 * bucket, day / week) by the outcome triggers (their SQL twin: outcome_stats_apply). Every
 * baseline takes a position on every such pair; one without a direction (momentum with no
 * previous return) neither hits nor earns, and still counts in n, so all are measured over the
 * same pairs. Always-long and always-short share the model's Σx² (|direction| = 1).
 */
export interface BaselineSums {
  /** Decisions whose return was > 0: always-long's hits. */
  longHits: number;
  /** Decisions whose return was < 0: always-short's hits. */
  shortHits: number;
  /** Σ return over decisions: always-long's Σx (always-short's is its negation). */
  marketSumReturn: number;
  /** Decisions where momentum had a direction. */
  momentumN: number;
  momentumHits: number;
  momentumSumReturn: number;
  momentumSumReturnSq: number;
  /** Decisions on candles the previous version also predicted: that comparison's pairs. */
  prevModelN: number;
  prevModelHits: number;
  prevModelSumReturn: number;
  prevModelSumReturnSq: number;
  /** The model's own decision hits, Σx and Σx² over those shared pairs. */
  sharedDecisionHits: number;
  sharedSumReturn: number;
  sharedSumReturnSq: number;
}

export const ZERO_BASELINE_SUMS: Readonly<BaselineSums> = Object.freeze({
  longHits: 0,
  shortHits: 0,
  marketSumReturn: 0,
  momentumN: 0,
  momentumHits: 0,
  momentumSumReturn: 0,
  momentumSumReturnSq: 0,
  prevModelN: 0,
  prevModelHits: 0,
  prevModelSumReturn: 0,
  prevModelSumReturnSq: 0,
  sharedDecisionHits: 0,
  sharedSumReturn: 0,
  sharedSumReturnSq: 0,
});

export const BASELINE_SUM_KEYS = Object.keys(ZERO_BASELINE_SUMS) as (keyof BaselineSums)[];

/** One pair's terms (the SQL twin is in outcome_stats_apply). */
export function pairBaselineSums(p: BaselinePair): BaselineSums {
  if (p.decision === 0) return { ...ZERO_BASELINE_SUMS };
  const r = p.realizedReturn;
  const m = momentumDirection(p.prevReturn);
  const shared = p.prevModelDirection !== null;
  const q = shared ? p.prevModelDirection! * r : 0;
  const x = p.decision * r;
  return {
    longHits: r > 0 ? 1 : 0,
    shortHits: r < 0 ? 1 : 0,
    marketSumReturn: r,
    momentumN: m !== 0 ? 1 : 0,
    momentumHits: m * r > 0 ? 1 : 0,
    momentumSumReturn: m * r,
    momentumSumReturnSq: m * r * (m * r),
    prevModelN: shared ? 1 : 0,
    prevModelHits: q > 0 ? 1 : 0,
    prevModelSumReturn: q,
    prevModelSumReturnSq: q * q,
    sharedDecisionHits: shared && p.hit ? 1 : 0,
    sharedSumReturn: shared ? x : 0,
    sharedSumReturnSq: shared ? x * x : 0,
  };
}

export function addBaselineSums(a: BaselineSums, b: BaselineSums): BaselineSums {
  const out = { ...a };
  for (const k of BASELINE_SUM_KEYS) out[k] += b[k];
  return out;
}

export interface BaselineFigures {
  /** Pairs compared: the model's decisions (for the previous version, those it also predicted). */
  n: number;
  hitRate: number | null;
  /** Annualised by the horizon, as the model's (quality.ts). */
  ir: number | null;
  /** Brier score of the baseline's base rate as a constant forecast of its own hits: p (1 − p). */
  brier: number | null;
}

export interface Interval {
  low: number;
  high: number;
}

export interface Baselines {
  alwaysLong: BaselineFigures;
  alwaysShort: BaselineFigures;
  /** withDirection: the decisions where the previous period's return was known and not flat. */
  momentum: BaselineFigures & { withDirection: number };
  /**
   * A fair coin's expectation: hit rate 50 %, IR 0, Brier 0.25, and the range a coin's hit rate
   * over n decisions falls in (COIN_INTERVAL_METHOD): a model inside it is indistinguishable
   * from chance.
   */
  coinFlip: BaselineFigures & { interval: Interval | null };
  /**
   * The previous active version over the decisions of this model on candles it also predicted,
   * with this model's own figures over the same pairs; null where there is no previous version.
   */
  previousModel:
    | (BaselineFigures & {
        model: string | null;
        modelHitRate: number | null;
        modelIr: number | null;
      })
    | null;
}

/** z of a two-sided 95 % normal interval: Φ⁻¹(0.975). */
export const Z_95 = 1.959963984540054;

export const COIN_INTERVAL_METHOD = 'Wilson score interval (95 %) of a 50 % hit rate over n';

/** Wilson score interval of a proportion p observed over n trials. */
export function wilsonInterval(p: number, n: number, z = Z_95): Interval | null {
  if (!(n > 0) || !(p >= 0 && p <= 1)) return null;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: centre - half, high: centre + half };
}

function figures(
  n: number,
  hits: number,
  sum: number,
  sumSq: number,
  horizonDays: number,
): BaselineFigures {
  const hitRate = n > 0 ? hits / n : null;
  return {
    n,
    hitRate,
    ir: informationRatioFromSums(n, sum, sumSq, horizonDays),
    brier: hitRate === null ? null : hitRate * (1 - hitRate),
  };
}

/**
 * Every baseline's figures over the pairs whose sums are given: `model` the model's MetricSums
 * and `b` the baselines' sums of the same pairs. `previousModel` names the previous active
 * version (null: none known; its block still appears when pairs were shared with one).
 */
export function baselinesFromSums(
  model: MetricSums,
  b: BaselineSums,
  horizonDays: number,
  previousModel: string | null,
): Baselines {
  const n = model.nDecisions;
  const shared = b.prevModelN;
  return {
    alwaysLong: figures(n, b.longHits, b.marketSumReturn, model.sumReturnSq, horizonDays),
    alwaysShort: figures(n, b.shortHits, -b.marketSumReturn, model.sumReturnSq, horizonDays),
    momentum: {
      ...figures(n, b.momentumHits, b.momentumSumReturn, b.momentumSumReturnSq, horizonDays),
      withDirection: b.momentumN,
    },
    coinFlip: {
      n,
      hitRate: n > 0 ? 0.5 : null,
      ir: n > 0 ? 0 : null,
      brier: n > 0 ? 0.25 : null,
      interval: wilsonInterval(0.5, n),
    },
    previousModel:
      previousModel === null && shared === 0
        ? null
        : {
            ...figures(
              shared,
              b.prevModelHits,
              b.prevModelSumReturn,
              b.prevModelSumReturnSq,
              horizonDays,
            ),
            model: previousModel,
            modelHitRate: shared > 0 ? b.sharedDecisionHits / shared : null,
            modelIr: informationRatioFromSums(
              shared,
              b.sharedSumReturn,
              b.sharedSumReturnSq,
              horizonDays,
            ),
          },
  };
}
