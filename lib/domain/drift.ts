import { computeFeatures } from './indicators';

// Feature drift: the distribution of an indicator over the last days of a series against a
// reference window before them, judged by the reference's interquartile range (SPEC §6).

/**
 * The quantile method of every figure here: Hyndman & Fan (1996) type 7, linear interpolation
 * between order statistics — numpy's default (`method='linear'`), R's `quantile(type = 7)` and
 * PostgreSQL's `percentile_cont`. For sorted x₀ ≤ … ≤ xₙ₋₁ and p in [0, 1]: h = (n − 1)·p,
 * Q(p) = x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋₊₁ − x⌊h⌋).
 */
export const QUANTILE_METHOD =
  'Hyndman–Fan type 7 (linear interpolation between order statistics: numpy default, R type 7, PostgreSQL percentile_cont)';

/** Type-7 quantile of values already sorted ascending; null for no values. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], got ${String(p)}`);
  const n = sorted.length;
  if (n === 0) return null;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const frac = h - lo;
  return frac === 0 ? sorted[lo] : sorted[lo] + frac * (sorted[hi] - sorted[lo]);
}

/** Ascending, numerically (a typed array sorts by value, not as text). */
const sortedCopy = (values: readonly number[]) => Float64Array.from(values).sort();

/** Type-7 quantile of values in any order. */
export const quantile = (values: readonly number[], p: number): number | null =>
  quantileSorted(sortedCopy(values), p);

/** The Tukey fences' multiplier: values beyond 1.5 IQR outside the quartiles are "outside". */
export const FENCE_IQR = 1.5;

/** How many values a window needs before it is judged at all. */
export const MIN_VALUES = Object.freeze({ recent: 5, reference: 20 });

/**
 * The status rule, in one place (the page prints DRIFT_RULE_TEXT):
 * - drift: more than 25 % of the recent values lie outside the reference fences
 *   [Q1 − 1.5·IQR, Q3 + 1.5·IQR], or the recent median lies outside [Q1, Q3] and more than
 *   10 % lie outside the fences;
 * - warn: one of the two signs alone — more than 10 % outside the fences, or the recent median
 *   outside [Q1, Q3];
 * - ok: at most 10 % outside and the median inside [Q1, Q3] (both ends included);
 * - insufficient: fewer than MIN_VALUES in either window: no status is claimed.
 */
export const DRIFT_THRESHOLDS = Object.freeze({ drift: 0.25, warn: 0.1 });

export const DRIFT_RULE_TEXT =
  `drift when more than ${DRIFT_THRESHOLDS.drift * 100} % of the recent values lie outside ` +
  `the reference fences [Q1 − ${FENCE_IQR}·IQR, Q3 + ${FENCE_IQR}·IQR], or the recent median ` +
  `lies outside [Q1, Q3] and more than ${DRIFT_THRESHOLDS.warn * 100} % lie outside the fences; ` +
  `warn when only one of the two signs shows (more than ${DRIFT_THRESHOLDS.warn * 100} % ` +
  `outside, or the median outside [Q1, Q3]); ok otherwise. A window with fewer than ` +
  `${MIN_VALUES.recent} recent or ${MIN_VALUES.reference} reference values gets no status.`;

export type DriftStatus = 'ok' | 'warn' | 'drift' | 'insufficient';

export interface ReferenceStats {
  n: number;
  q1: number | null;
  median: number | null;
  q3: number | null;
  iqr: number | null;
  lowerFence: number | null;
  upperFence: number | null;
}

export interface RecentStats {
  n: number;
  median: number | null;
  /** Values strictly outside the fences. */
  outside: number;
  outsideShare: number | null;
  /** The median within [Q1, Q3], ends included; null without both. */
  medianInsideIqr: boolean | null;
}

/** The reference's quartiles, IQR and fences (type 7). */
export function referenceStats(reference: readonly number[]): ReferenceStats {
  const sorted = sortedCopy(reference);
  const q1 = quantileSorted(sorted, 0.25);
  const median = quantileSorted(sorted, 0.5);
  const q3 = quantileSorted(sorted, 0.75);
  if (q1 === null || q3 === null)
    return {
      n: 0,
      q1: null,
      median: null,
      q3: null,
      iqr: null,
      lowerFence: null,
      upperFence: null,
    };
  const iqr = q3 - q1;
  return {
    n: reference.length,
    q1,
    median,
    q3,
    iqr,
    lowerFence: q1 - FENCE_IQR * iqr,
    upperFence: q3 + FENCE_IQR * iqr,
  };
}

/** How the recent values sit against the reference's fences and quartiles. */
export function recentStats(recent: readonly number[], ref: ReferenceStats): RecentStats {
  const median = quantile(recent, 0.5);
  if (ref.lowerFence === null || ref.upperFence === null || recent.length === 0)
    return { n: recent.length, median, outside: 0, outsideShare: null, medianInsideIqr: null };
  const { lowerFence, upperFence } = ref;
  const outside = recent.filter((v) => v < lowerFence || v > upperFence).length;
  return {
    n: recent.length,
    median,
    outside,
    outsideShare: outside / recent.length,
    medianInsideIqr: median !== null && median >= ref.q1! && median <= ref.q3!,
  };
}

/** The status by the rule above, with the sentence that says why. */
export function driftStatus(
  ref: Pick<ReferenceStats, 'n'>,
  recent: RecentStats,
): { status: DriftStatus; reason: string } {
  if (recent.n < MIN_VALUES.recent)
    return {
      status: 'insufficient',
      reason: `only ${recent.n} recent value${recent.n === 1 ? '' : 's'} (at least ${MIN_VALUES.recent} needed)`,
    };
  if (ref.n < MIN_VALUES.reference)
    return {
      status: 'insufficient',
      reason: `only ${ref.n} reference value${ref.n === 1 ? '' : 's'} (at least ${MIN_VALUES.reference} needed)`,
    };
  const share = recent.outsideShare!;
  const pct = `${(share * 100).toFixed(1)} % outside the fences`;
  const medianOut = recent.medianInsideIqr === false;
  const median = medianOut ? 'median outside [Q1, Q3]' : 'median inside [Q1, Q3]';
  if (share > DRIFT_THRESHOLDS.drift || (medianOut && share > DRIFT_THRESHOLDS.warn))
    return { status: 'drift', reason: `${pct}, ${median}` };
  if (share > DRIFT_THRESHOLDS.warn || medianOut)
    return { status: 'warn', reason: `${pct}, ${median}` };
  return { status: 'ok', reason: `${pct}, ${median}` };
}

export interface HistogramBin {
  /** [from, to): the last bin includes its upper end. */
  from: number;
  to: number;
  reference: number;
  recent: number;
}

export const HISTOGRAM_BINS = 20;

/**
 * Both windows counted over the same equal-width bins spanning their combined range, so the two
 * can be overlaid. Bin k is [min + k·w, min + (k+1)·w), the last one closed; a single value (or
 * all values equal) gives one bin of zero width.
 */
export function histogram(
  reference: readonly number[],
  recent: readonly number[],
  bins = HISTOGRAM_BINS,
): HistogramBin[] {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError('bins must be a positive integer');
  let min = Infinity;
  let max = -Infinity;
  for (const values of [reference, recent])
    for (const v of values) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  if (min === Infinity) return [];
  if (min === max)
    return [{ from: min, to: max, reference: reference.length, recent: recent.length }];
  const width = (max - min) / bins;
  const out: HistogramBin[] = Array.from({ length: bins }, (_, k) => ({
    from: min + k * width,
    to: k === bins - 1 ? max : min + (k + 1) * width,
    reference: 0,
    recent: 0,
  }));
  const binOf = (v: number) => Math.min(bins - 1, Math.floor((v - min) / width));
  for (const v of reference) out[binOf(v)].reference++;
  for (const v of recent) out[binOf(v)].recent++;
  return out;
}

export const DRIFT_FEATURES = ['rsi_14', 'macd_hist'] as const;
export type DriftFeature = (typeof DRIFT_FEATURES)[number];

/**
 * Candles read before the windows so RSI-14 and MACD-hist settle: Wilder's RSI forgets its seed
 * by (13/14)ⁿ and the slow EMA by (25/27)ⁿ, so after 400 candles a value differs from the one
 * over the whole history by about 1e-13 of the seed's error (measured on SPX 1d: < 1e-9).
 */
export const WARMUP_CANDLES = 400;

export const RECENT_DAYS = 7;
export const DAY_MS = 86_400_000;

export interface DriftWindows {
  /** The series' last candle: the windows end there, not at the wall clock. */
  last: Date;
  /** Recent: (recentFrom, last]; reference: (referenceFrom, recentFrom]. */
  recentFrom: Date;
  referenceFrom: Date;
}

/** The windows of a series whose last candle is `last`: the last 7 days and the days before. */
export function driftWindows(last: Date, referenceDays: number, recentDays = RECENT_DAYS) {
  const recentFrom = new Date(last.getTime() - recentDays * DAY_MS);
  return {
    last,
    recentFrom,
    referenceFrom: new Date(recentFrom.getTime() - referenceDays * DAY_MS),
  } satisfies DriftWindows;
}

export interface FeatureDrift {
  feature: DriftFeature;
  reference: ReferenceStats;
  recent: RecentStats;
  status: DriftStatus;
  reason: string;
  histogram: HistogramBin[];
}

/** How many of a stretch's values (oldest first) are warm-up, reference and recent. */
export interface WindowCounts {
  warmup: number;
  reference: number;
  recent: number;
}

/**
 * One feature's values split into the two windows: the stretch is `warmup` values, then
 * `reference`, then `recent` ones; values still in their own warm-up (null) are left out.
 */
export function splitWindows(
  values: readonly (number | null)[],
  counts: WindowCounts,
): { reference: number[]; recent: number[] } {
  if (counts.warmup + counts.reference + counts.recent !== values.length)
    throw new RangeError('the window counts do not add up to the values');
  const defined = (part: readonly (number | null)[]) => part.filter((v): v is number => v !== null);
  const mid = counts.warmup + counts.reference;
  return {
    reference: defined(values.slice(counts.warmup, mid)),
    recent: defined(values.slice(mid)),
  };
}

/** The comparison of one feature's two windows. */
export function compareWindows(
  feature: DriftFeature,
  reference: readonly number[],
  recent: readonly number[],
): FeatureDrift {
  const ref = referenceStats(reference);
  const rec = recentStats(recent, ref);
  return {
    feature,
    reference: ref,
    recent: rec,
    ...driftStatus(ref, rec),
    histogram: histogram(reference, recent),
  };
}

/**
 * Drift of RSI-14 and MACD-hist for one series, from its closes oldest first: up to
 * WARMUP_CANDLES before the windows, then the reference and the recent window's candles, whose
 * indicators are computed here as everywhere (lib/domain/indicators.ts computeFeatures).
 */
export function seriesDrift(closes: readonly number[], counts: WindowCounts): FeatureDrift[] {
  const features = computeFeatures(closes);
  return DRIFT_FEATURES.map((feature) => {
    const split = splitWindows(
      features.map((f) => f[feature]),
      counts,
    );
    return compareWindows(feature, split.reference, split.recent);
  });
}
