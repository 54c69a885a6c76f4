import { confidenceBucket } from './fusion';

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
