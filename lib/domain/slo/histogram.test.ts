import { describe, expect, it } from 'vitest';
import {
  addHistograms,
  CONFID_BINS,
  confidBin,
  confidMedian,
  emptyConfidHistogram,
  emptyLatencyHistogram,
  LATENCY_BOUNDS_MS,
  latencyBucket,
  latencyQuantile,
} from './histogram';

const at = (bound: number): number => LATENCY_BOUNDS_MS.indexOf(bound);

/** A latency histogram from [bucket upper bound (Infinity = overflow), count] pairs. */
function latency(...parts: [number, number][]): number[] {
  const h = emptyLatencyHistogram();
  for (const [bound, n] of parts) h[bound === Infinity ? LATENCY_BOUNDS_MS.length : at(bound)] += n;
  return h;
}

function confid(...parts: [number, number][]): number[] {
  const h = emptyConfidHistogram();
  for (const [bin, n] of parts) h[bin] += n;
  return h;
}

describe('latency buckets', () => {
  it('has ascending bounds with the gate thresholds as edges and an overflow bucket', () => {
    expect(LATENCY_BOUNDS_MS).toContain(1000);
    expect(LATENCY_BOUNDS_MS).toContain(1500);
    for (let i = 1; i < LATENCY_BOUNDS_MS.length; i++)
      expect(LATENCY_BOUNDS_MS[i]).toBeGreaterThan(LATENCY_BOUNDS_MS[i - 1]);
    expect(emptyLatencyHistogram()).toHaveLength(LATENCY_BOUNDS_MS.length + 1);
    expect(emptyLatencyHistogram().every((c) => c === 0)).toBe(true);
  });

  it.each([
    [0, 0],
    [5, 0],
    [5.01, 1],
    [999.9, at(1000)],
    [1000, at(1000)],
    [1000.01, at(1000) + 1],
    [1500, at(1500)],
    [1500.01, at(1500) + 1],
    [10000, LATENCY_BOUNDS_MS.length - 1],
    [10000.01, LATENCY_BOUNDS_MS.length],
    [Number.NaN, LATENCY_BOUNDS_MS.length],
  ])('puts %d ms in bucket %d (bounds are inclusive)', (ms, bucket) => {
    expect(latencyBucket(ms)).toBe(bucket);
  });
});

describe('confid bins', () => {
  it('has 20 bins of 0.05 and puts 1.0 in the last', () => {
    expect(CONFID_BINS).toBe(20);
    expect(emptyConfidHistogram()).toHaveLength(20);
    expect(confidBin(0)).toBe(0);
    expect(confidBin(0.0499)).toBe(0);
    expect(confidBin(0.3999)).toBe(7);
    expect(confidBin(0.4)).toBe(8);
    expect(confidBin(0.9999)).toBe(19);
    expect(confidBin(1)).toBe(19);
  });

  it('puts every edge k/20 in bin k despite floating point', () => {
    for (let k = 0; k < 20; k++) expect(confidBin(k * 0.05)).toBe(k);
    expect(confidBin(0.35)).toBe(7);
    expect(confidBin(0.7)).toBe(14);
    expect(confidBin(1 - 0.9)).toBe(2); // 0.09999999999999998
  });

  it('clamps out-of-range values and refuses non-finite ones', () => {
    expect(confidBin(-0.2)).toBe(0);
    expect(confidBin(1.3)).toBe(19);
    expect(() => confidBin(Number.NaN)).toThrow(RangeError);
  });
});

describe('addHistograms', () => {
  it('adds element-wise without touching its inputs, padding a shorter one with zeros', () => {
    const a = [1, 2];
    const b = [3, 4, 5];
    expect(addHistograms(a, b)).toEqual([4, 6, 5]);
    expect(addHistograms([], [7])).toEqual([7]);
    expect(a).toEqual([1, 2]);
  });
});

describe('latencyQuantile', () => {
  it('is null for an empty histogram', () => {
    expect(latencyQuantile(emptyLatencyHistogram(), 0.95)).toBeNull();
    expect(latencyQuantile([], 0.5)).toBeNull();
  });

  it('interpolates inside the bucket holding the rank (hand-computed)', () => {
    const h = latency([1000, 100]); // all in (800, 1000]
    expect(latencyQuantile(h, 0.5)).toBeCloseTo(900, 9);
    expect(latencyQuantile(h, 0.95)).toBeCloseTo(990, 9);
    expect(latencyQuantile(h, 0.99)).toBeCloseTo(998, 9);
    expect(latencyQuantile(h, 1)).toBe(1000);
  });

  it('starts the first bucket at 0 and stops at the edge a rank lands on', () => {
    const h = latency([5, 50], [150, 50]);
    expect(latencyQuantile(h, 0.5)).toBe(5);
    expect(latencyQuantile(h, 0.2)).toBeCloseTo(2, 9); // rank 20 of 50 in [0, 5]
    expect(latencyQuantile(h, 0.95)).toBeCloseTo(145, 9); // 100 + 50 × 45/50
  });

  it('reads p95 against the 1000 ms edge exactly', () => {
    expect(latencyQuantile(latency([1000, 95], [1250, 5]), 0.95)).toBe(1000);
    expect(latencyQuantile(latency([1000, 94], [1250, 6]), 0.95)).toBeCloseTo(1000 + 250 / 6, 9);
    expect(latencyQuantile(latency([1500, 950], [2000, 50]), 0.95)).toBe(1500);
  });

  it('reads a rank a hair below a bucket edge as the edge', () => {
    // 0.7 × 90 is 62.99999999999999 in floating point
    expect(latencyQuantile(latency([100, 63], [150, 27]), 0.7)).toBe(100);
  });

  it('reports the lower bound of the overflow bucket', () => {
    expect(latencyQuantile(latency([Infinity, 10]), 0.5)).toBe(10000);
    expect(latencyQuantile(latency([100, 98], [Infinity, 2]), 0.99)).toBe(10000);
  });

  it.each([0, -0.1, 1.01, Number.NaN])('refuses q = %d', (q) => {
    expect(() => latencyQuantile(latency([100, 1]), q)).toThrow(RangeError);
  });
});

describe('confidMedian', () => {
  it('is null when empty', () => {
    expect(confidMedian(emptyConfidHistogram())).toBeNull();
  });

  it('interpolates within a bin (hand-computed)', () => {
    expect(confidMedian(confid([7, 10]))).toBeCloseTo(0.375, 12);
    expect(confidMedian(confid([7, 500], [8, 500]))).toBeCloseTo(0.4, 12);
    expect(confidMedian(confid([7, 501], [8, 499]))).toBeCloseTo(0.35 + (0.05 * 500) / 501, 12);
    expect(confidMedian(confid([19, 4]))).toBeCloseTo(0.975, 12);
  });
});
