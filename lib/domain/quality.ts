import { confidenceBucket } from '@/lib/domain/fusion';

export interface MaturedPair {
  confid: number;
  hit: boolean;
  decision: -1 | 0 | 1;
  realizedReturn: number;
}

export interface Metrics {
  n: number;
  nDecisions: number;
  hitRate: number | null;
  ir: number | null;
  brier: number | null;
  ece: number | null;
  meanConfid: number | null;
}

export const METRIC_WINDOWS: readonly {
  readonly name: '7d' | '30d' | '90d' | 'all';
  readonly days: number | null;
}[] = Object.freeze([
  { name: '7d', days: 7 },
  { name: '30d', days: 30 },
  { name: '90d', days: 90 },
  { name: 'all', days: null },
] as const);

/** The go-live card's quality targets (SPEC §7): IR above 1.0 and a hit rate of at least 60 %. */
export const QUALITY_TARGETS = Object.freeze({ hitRate: 0.6, ir: 1.0 });

/** Whether each target is met; null where the figure has no value. */
export function targetsMet(m: Pick<Metrics, 'hitRate' | 'ir'>): {
  hitRate: boolean | null;
  ir: boolean | null;
} {
  return {
    hitRate: m.hitRate === null ? null : m.hitRate >= QUALITY_TARGETS.hitRate,
    ir: m.ir === null ? null : m.ir > QUALITY_TARGETS.ir,
  };
}

const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

function informationRatio(returns: readonly number[], horizonDays: number): number | null {
  // Identical returns have zero spread; the float mean of them need not equal them exactly,
  // which would turn rounding noise into an enormous IR.
  if (returns.length < 2 || returns.every((r) => r === returns[0])) return null;
  const m = mean(returns);
  const variance = returns.reduce((s, r) => s + (r - m) ** 2, 0) / (returns.length - 1);
  const std = Math.sqrt(variance);
  return std > 0 ? (m / std) * Math.sqrt(365 / horizonDays) : null;
}

function expectedCalibrationError(pairs: readonly MaturedPair[]): number {
  const buckets = new Map<number, { n: number; confid: number; hits: number }>();
  for (const p of pairs) {
    const key = confidenceBucket(p.confid);
    const b = buckets.get(key) ?? { n: 0, confid: 0, hits: 0 };
    b.n += 1;
    b.confid += p.confid;
    b.hits += p.hit ? 1 : 0;
    buckets.set(key, b);
  }
  let ece = 0;
  for (const b of buckets.values())
    ece += (b.n / pairs.length) * Math.abs(b.confid / b.n - b.hits / b.n);
  return ece;
}

/**
 * hitRate over pairs with decision ≠ 0; IR = mean/std (sample std, n−1) of decision × return
 * over decisions ≠ 0, annualised by sqrt(365 / horizonDays), null with fewer than 2 decisions
 * or zero std; Brier = mean (confid − hit)²; ECE = Σ over confidence buckets (confidenceBucket
 * from fusion.ts) of (bucket count / n) × |mean confid − hit rate| over all pairs.
 * Every metric is null when it has no pairs to average over.
 */
export function computeMetrics(pairs: readonly MaturedPair[], horizonDays: number): Metrics {
  if (!Number.isFinite(horizonDays) || horizonDays <= 0) {
    throw new RangeError(`horizonDays must be positive: ${horizonDays}`);
  }
  for (const p of pairs) {
    if (!Number.isFinite(p.confid) || !Number.isFinite(p.realizedReturn)) {
      throw new RangeError(`matured pair must be finite: ${JSON.stringify(p)}`);
    }
  }
  const decided = pairs.filter((p) => p.decision !== 0);
  const n = pairs.length;
  return {
    n,
    nDecisions: decided.length,
    hitRate: decided.length > 0 ? decided.filter((p) => p.hit).length / decided.length : null,
    ir: informationRatio(
      decided.map((p) => p.decision * p.realizedReturn),
      horizonDays,
    ),
    brier: n > 0 ? mean(pairs.map((p) => (p.confid - (p.hit ? 1 : 0)) ** 2)) : null,
    ece: n > 0 ? expectedCalibrationError(pairs) : null,
    meanConfid: n > 0 ? mean(pairs.map((p) => p.confid)) : null,
  };
}

/**
 * Additive sums of matured pairs, from which computeMetrics' numbers follow without the pairs:
 * what the outcome_stats tables keep per (model, tf family, horizon, confidence bucket, day) and
 * add up over a window. x is decision × realised return (0 without a decision).
 */
export interface MetricSums {
  n: number;
  nDecisions: number;
  /** Hits among all pairs (calibration error). */
  hits: number;
  /** Hits among pairs with a decision (hit rate). */
  decisionHits: number;
  /** Σ x over decisions. */
  sumReturn: number;
  /** Σ x² over decisions. */
  sumReturnSq: number;
  /** Σ (confid − hit)². */
  sumBrier: number;
  sumConfid: number;
}

export const ZERO_SUMS: Readonly<MetricSums> = Object.freeze({
  n: 0,
  nDecisions: 0,
  hits: 0,
  decisionHits: 0,
  sumReturn: 0,
  sumReturnSq: 0,
  sumBrier: 0,
  sumConfid: 0,
});

/** One pair's contribution to the sums (its terms; the SQL twin is in outcome_stats_apply). */
export function pairSums(p: MaturedPair): MetricSums {
  const decided = p.decision !== 0;
  const hit = p.hit ? 1 : 0;
  const x = decided ? p.decision * p.realizedReturn : 0;
  return {
    n: 1,
    nDecisions: decided ? 1 : 0,
    hits: hit,
    decisionHits: decided ? hit : 0,
    sumReturn: x,
    sumReturnSq: x * x,
    sumBrier: (p.confid - hit) ** 2,
    sumConfid: p.confid,
  };
}

/**
 * IR from Σx and Σx² is null below this spread: Σ(x − mean)² = Σx² − (Σx)²/n ≤ 1e-12 · Σx², i.e. a
 * standard deviation under a millionth of the returns' root mean square. computeMetrics returns
 * null when every return is identical; from sums, identical returns leave a remainder of a few
 * ulps of Σx² instead of 0, which would turn rounding noise into an enormous IR. Above the
 * threshold the two agree to ~1e-15 relative for realistic returns: the subtraction loses
 * log10(1 + n·mean²/Σ(x − mean)²) digits, under one digit while |mean| < 3 std.
 */
export const IR_ZERO_SPREAD = 1e-12;

/** computeMetrics' IR from n, Σx and Σx² (null below IR_ZERO_SPREAD or with fewer than 2). */
export function informationRatioFromSums(
  n: number,
  sum: number,
  sumSq: number,
  horizonDays: number,
): number | null {
  if (n < 2) return null;
  const m = sum / n;
  const centred = sumSq - sum * m;
  if (!(centred > IR_ZERO_SPREAD * sumSq)) return null;
  const std = Math.sqrt(centred / (n - 1));
  return (m / std) * Math.sqrt(365 / horizonDays);
}

/**
 * computeMetrics' definitions from sums: `total` are the sums of the pairs measured, `buckets`
 * the same pairs' sums split by confidence bucket (confidenceBucket of fusion.ts), which ECE
 * needs; for the metrics of one bucket, `buckets` is `[total]`. Equal to computeMetrics on the
 * pairs themselves up to rounding (the sums are exact in the database; computeMetrics adds in
 * order), except that IR is also null when the returns' spread is below IR_ZERO_SPREAD.
 */
export function metricsFromSums(
  total: MetricSums,
  buckets: readonly Pick<MetricSums, 'n' | 'hits' | 'sumConfid'>[],
  horizonDays: number,
): Metrics {
  if (!Number.isFinite(horizonDays) || horizonDays <= 0) {
    throw new RangeError(`horizonDays must be positive: ${horizonDays}`);
  }
  for (const k of Object.keys(ZERO_SUMS) as (keyof MetricSums)[]) {
    if (!Number.isFinite(total[k])) {
      throw new RangeError(`sums must be finite: ${k} = ${total[k]}`);
    }
  }
  const { n } = total;
  if (buckets.reduce((s, b) => s + b.n, 0) !== n) {
    throw new RangeError(`bucket counts do not add up to n = ${n}`);
  }
  let ece = 0;
  for (const b of buckets) {
    if (b.n > 0) ece += (b.n / n) * Math.abs(b.sumConfid / b.n - b.hits / b.n);
  }
  return {
    n,
    nDecisions: total.nDecisions,
    hitRate: total.nDecisions > 0 ? total.decisionHits / total.nDecisions : null,
    ir: informationRatioFromSums(total.nDecisions, total.sumReturn, total.sumReturnSq, horizonDays),
    brier: n > 0 ? total.sumBrier / n : null,
    ece: n > 0 ? ece : null,
    meanConfid: n > 0 ? total.sumConfid / n : null,
  };
}

const DAY_MS = 86_400_000;

/** The UTC calendar day of an instant, 'YYYY-MM-DD': the day key of the outcome aggregates. */
export function utcDay(ts: Date): string {
  if (!(ts instanceof Date) || Number.isNaN(ts.getTime())) throw new RangeError('invalid date');
  return ts.toISOString().slice(0, 10);
}

/**
 * The first day of a metrics window of `days` days as of `now`. Aggregates are kept per UTC day
 * of the prediction's ts, so a window is made of whole days: a pair is in it when
 * utcDay(ts) ≥ windowStartDay(now, days). That is the pair-level definition ts ≥ now − days
 * with the boundary moved back to the start of its UTC day: a window holds at least `days` days
 * and at most the earlier part of one day more. There is no upper bound (as before): a ts after
 * now counts too.
 */
export function windowStartDay(now: Date, days: number): string {
  if (!Number.isFinite(days) || days < 0) throw new RangeError(`days must be ≥ 0: ${days}`);
  return utcDay(new Date(now.getTime() - days * DAY_MS));
}

/** Whether a pair made at ts counts in the window (days null = all time). */
export function inMetricWindow(ts: Date, now: Date, days: number | null): boolean {
  return days === null || utcDay(ts) >= windowStartDay(now, days);
}
