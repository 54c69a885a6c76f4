// Bucketed distributions stored per minute, so 90 days of quantiles need no raw events.

/**
 * Upper bounds (inclusive) of the latency buckets, plus one overflow bucket after the last.
 * 1000 and 1500 are edges so that reading p95 against the gate bands is exact: p95 ≤ 1000 holds
 * precisely when at least 95 % of requests took ≤ 1000 ms. Changing the list breaks the meaning
 * of histograms already stored.
 */
export const LATENCY_BOUNDS_MS: readonly number[] = Object.freeze([
  5, 10, 25, 50, 75, 100, 150, 250, 400, 600, 800, 1000, 1250, 1500, 2000, 3000, 5000, 10000,
]);

export const LATENCY_BUCKETS = LATENCY_BOUNDS_MS.length + 1;

/** Bins of width 1 / CONFID_BINS over [0, 1]; 1.0 goes into the last bin. */
export const CONFID_BINS = 20;

// Confids computed as e.g. 1 − 0.9 land a hair below a bin edge; without this nudge they would
// fall into the bin below the one they mean.
const EDGE_EPSILON = 1e-9;

export function latencyBucket(ms: number): number {
  for (let i = 0; i < LATENCY_BOUNDS_MS.length; i++) if (ms <= LATENCY_BOUNDS_MS[i]) return i;
  // NaN lands here too: a latency we cannot read is counted as slow, never as fast.
  return LATENCY_BOUNDS_MS.length;
}

export function confidBin(confid: number): number {
  if (!Number.isFinite(confid)) throw new RangeError(`confid must be finite: ${confid}`);
  const clamped = Math.min(1, Math.max(0, confid));
  return Math.min(CONFID_BINS - 1, Math.floor(clamped * CONFID_BINS + EDGE_EPSILON));
}

export const emptyLatencyHistogram = (): number[] => new Array<number>(LATENCY_BUCKETS).fill(0);
export const emptyConfidHistogram = (): number[] => new Array<number>(CONFID_BINS).fill(0);

/** Element-wise sum; a shorter array (e.g. `{}` stored for a quiet minute) counts as zeros. */
export function addHistograms(a: readonly number[], b: readonly number[]): number[] {
  const sum = new Array<number>(Math.max(a.length, b.length));
  for (let i = 0; i < sum.length; i++) sum[i] = (a[i] ?? 0) + (b[i] ?? 0);
  return sum;
}

/**
 * Quantile of a bucketed distribution, interpolating linearly inside the bucket that holds rank
 * q × total. `upper(i) === null` marks an open-ended bucket, which can only report its lower edge.
 */
function bucketQuantile(
  counts: readonly number[],
  q: number,
  lower: (i: number) => number,
  upper: (i: number) => number | null,
): number | null {
  if (!(q > 0 && q <= 1)) throw new RangeError(`quantile must be in (0, 1]: ${q}`);
  const total = counts.reduce((s, c) => s + c, 0);
  if (total <= 0) return null;
  const rank = q * total;
  let below = 0;
  for (let i = 0; i < counts.length; i++) {
    const n = counts[i];
    if (n > 0 && below + n >= rank) {
      const hi = upper(i);
      const lo = lower(i);
      return hi === null ? lo : lo + ((hi - lo) * (rank - below)) / n;
    }
    below += n;
  }
  return null;
}

/** Quantile q in (0, 1] of a latency histogram in ms; null when empty. */
export const latencyQuantile = (counts: readonly number[], q: number): number | null =>
  bucketQuantile(
    counts,
    q,
    (i) => (i === 0 ? 0 : LATENCY_BOUNDS_MS[Math.min(i, LATENCY_BOUNDS_MS.length) - 1]),
    (i) => (i < LATENCY_BOUNDS_MS.length ? LATENCY_BOUNDS_MS[i] : null),
  );

export const confidMedian = (counts: readonly number[]): number | null =>
  bucketQuantile(
    counts,
    0.5,
    (i) => i / CONFID_BINS,
    (i) => (i + 1) / CONFID_BINS,
  );
