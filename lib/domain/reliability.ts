import { confidenceBucket } from '@/lib/domain/fusion';
import { metricsFromSums, ZERO_SUMS } from '@/lib/domain/quality';

// The reliability diagram (SPEC §6, issue 10): per confidence bucket 0.5 … 1.0 the mean
// predicted confidence against the observed hit rate of the matured pairs in it, and whether the
// two are within the card's ±5 % band. Buckets are confidenceBucket (fusion.ts), the ml_bucket of
// a prediction and the buckets of ECE in quality.ts; its SQL twin is confidence_bucket_tenths().

/** The card's tolerance: a bucket is calibrated when |hit rate − mean confidence| ≤ 5 %. */
export const RELIABILITY_BAND = 0.05;

/** The buckets of the diagram in tenths (confidenceBucket × 10): 5 … 10. */
export const BUCKET_TENTHS = [5, 6, 7, 8, 9, 10] as const;

/** A bucket's name as the metrics speak of it: '0.5' … '1.0'. */
export const bucketName = (tenths: number): string => (tenths / 10).toFixed(1);

/** The bucket (in tenths) a confidence falls in: confidenceBucket × 10. */
export const bucketTenths = (confid: number): number => Math.round(confidenceBucket(confid) * 10);

/** Exact sums of one bucket's matured pairs: what the database adds up (GROUP BY bucket). */
export interface BucketSums {
  /** confidenceBucket in tenths, 5 … 10. */
  bucket: number;
  n: number;
  /** Pairs whose prediction was a hit. */
  hits: number;
  /** Σ confidence. */
  sumConfid: number;
  /** Σ (confidence − hit)². */
  sumBrier: number;
}

export interface ReliabilityBucket {
  /** '0.5' … '1.0'. */
  bucket: string;
  n: number;
  /** Mean confidence of the bucket's pairs; null without pairs. */
  meanConfid: number | null;
  /** Share of the bucket's pairs that were hits; null without pairs. */
  hitRate: number | null;
  /** |hitRate − meanConfid| ≤ RELIABILITY_BAND; null without pairs. */
  withinBand: boolean | null;
}

export interface Reliability {
  n: number;
  /** Every bucket 0.5 … 1.0 in order, those without pairs too (n 0, figures null). */
  buckets: ReliabilityBucket[];
  /** quality.ts ECE: Σ (n_b / n) |mean confid_b − hit rate_b|; null without pairs. */
  ece: number | null;
  /** quality.ts Brier: Σ (confid − hit)² / n; null without pairs. */
  brier: number | null;
}

/** Whether a bucket's hit rate is within the ±5 % band around its mean confidence. */
export const withinBand = (hitRate: number, meanConfid: number): boolean =>
  Math.abs(hitRate - meanConfid) <= RELIABILITY_BAND;

/**
 * The diagram from per-bucket sums. ECE and Brier are quality.ts's (metricsFromSums), so they are
 * the numbers the metrics job stores for the same pairs. Throws on a bucket outside 5 … 10, a
 * bucket given twice, or sums that are not finite.
 */
export function reliabilityFromSums(sums: readonly BucketSums[]): Reliability {
  const byBucket = new Map<number, BucketSums>();
  for (const s of sums) {
    if (!(BUCKET_TENTHS as readonly number[]).includes(s.bucket)) {
      throw new RangeError(`not a confidence bucket (tenths 5 … 10): ${s.bucket}`);
    }
    if (byBucket.has(s.bucket)) throw new RangeError(`bucket ${s.bucket} given twice`);
    for (const k of ['n', 'hits', 'sumConfid', 'sumBrier'] as const) {
      if (!Number.isFinite(s[k])) throw new RangeError(`sums must be finite: ${k} = ${s[k]}`);
    }
    if (!Number.isInteger(s.n) || s.n < 0 || s.hits < 0 || s.hits > s.n) {
      throw new RangeError(`bucket ${s.bucket}: need 0 ≤ hits ≤ n, n a whole number`);
    }
    byBucket.set(s.bucket, s);
  }
  const total = { ...ZERO_SUMS };
  for (const s of byBucket.values()) {
    total.n += s.n;
    total.hits += s.hits;
    total.sumConfid += s.sumConfid;
    total.sumBrier += s.sumBrier;
  }
  // Horizon days only scale IR, which the diagram does not use.
  const metrics = metricsFromSums(total, [...byBucket.values()], 1);
  return {
    n: total.n,
    buckets: BUCKET_TENTHS.map((tenths) => {
      const s = byBucket.get(tenths);
      if (!s || s.n === 0) {
        return {
          bucket: bucketName(tenths),
          n: 0,
          meanConfid: null,
          hitRate: null,
          withinBand: null,
        };
      }
      const meanConfid = s.sumConfid / s.n;
      const hitRate = s.hits / s.n;
      return {
        bucket: bucketName(tenths),
        n: s.n,
        meanConfid,
        hitRate,
        withinBand: withinBand(hitRate, meanConfid),
      };
    }),
    ece: metrics.ece,
    brier: metrics.brier,
  };
}

/** The per-bucket sums of (confidence, hit) pairs: what the SQL computes, for tests and callers. */
export function bucketSumsOf(pairs: readonly { confid: number; hit: boolean }[]): BucketSums[] {
  const sums = new Map<number, BucketSums>();
  for (const p of pairs) {
    const bucket = bucketTenths(p.confid);
    const s = sums.get(bucket) ?? { bucket, n: 0, hits: 0, sumConfid: 0, sumBrier: 0 };
    const hit = p.hit ? 1 : 0;
    s.n += 1;
    s.hits += hit;
    s.sumConfid += p.confid;
    s.sumBrier += (p.confid - hit) ** 2;
    sums.set(bucket, s);
  }
  return [...sums.values()].sort((a, b) => a.bucket - b.bucket);
}
