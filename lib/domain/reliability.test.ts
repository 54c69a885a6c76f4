import { describe, expect, it } from 'vitest';
import { computeMetrics } from '@/lib/domain/quality';
import {
  bucketSumsOf,
  bucketTenths,
  reliabilityFromSums,
  withinBand,
} from '@/lib/domain/reliability';
import { mulberry32 } from '../../test/support/prng';

describe('reliabilityFromSums: hand-computed', () => {
  // Bucket 0.5: 0.55 hit, 0.57 miss → mean 0.56, hit rate 0.5 (gap 0.06: outside).
  // Bucket 0.7: 0.72 hit, 0.74 hit, 0.70 miss, 0.76 hit → mean 0.73, hit rate 0.75 (inside).
  const pairs = [
    { confid: 0.55, hit: true },
    { confid: 0.57, hit: false },
    { confid: 0.72, hit: true },
    { confid: 0.74, hit: true },
    { confid: 0.7, hit: false },
    { confid: 0.76, hit: true },
  ];
  const r = reliabilityFromSums(bucketSumsOf(pairs));

  it('lists every bucket 0.5 … 1.0, empty ones with n 0 and null figures', () => {
    expect(r.buckets.map((b) => b.bucket)).toEqual(['0.5', '0.6', '0.7', '0.8', '0.9', '1.0']);
    expect(r.buckets[1]).toEqual({
      bucket: '0.6',
      n: 0,
      meanConfid: null,
      hitRate: null,
      withinBand: null,
    });
    expect(r.n).toBe(6);
  });

  it('takes the mean confidence and hit rate per bucket and marks the band', () => {
    expect(r.buckets[0]!.n).toBe(2);
    expect(r.buckets[0]!.meanConfid).toBeCloseTo(0.56, 15);
    expect(r.buckets[0]!.hitRate).toBe(0.5);
    expect(r.buckets[0]!.withinBand).toBe(false);
    expect(r.buckets[2]!.n).toBe(4);
    expect(r.buckets[2]!.meanConfid).toBeCloseTo(0.73, 15);
    expect(r.buckets[2]!.hitRate).toBe(0.75);
    expect(r.buckets[2]!.withinBand).toBe(true);
  });

  it('computes ECE and Brier as quality.ts does', () => {
    // ECE = 2/6 · 0.06 + 4/6 · 0.02
    expect(r.ece).toBeCloseTo((2 / 6) * 0.06 + (4 / 6) * 0.02, 15);
    const brier =
      (0.45 ** 2 + 0.57 ** 2 + 0.28 ** 2 + 0.26 ** 2 + 0.7 ** 2 + 0.24 ** 2) / pairs.length;
    expect(r.brier).toBeCloseTo(brier, 15);
  });
});

describe('reliabilityFromSums', () => {
  it('agrees with computeMetrics on random pairs (ECE and Brier)', () => {
    const random = mulberry32(10);
    const pairs = Array.from({ length: 2000 }, () => {
      const confid = 0.4 + random() * 0.6;
      return { confid, hit: random() < confid };
    });
    const r = reliabilityFromSums(bucketSumsOf(pairs));
    const m = computeMetrics(
      pairs.map((p) => ({ ...p, decision: 1 as const, realizedReturn: 0 })),
      1,
    );
    expect(r.n).toBe(2000);
    expect(r.ece).toBeCloseTo(m.ece!, 12);
    expect(r.brier).toBeCloseTo(m.brier!, 12);
    expect(r.buckets.reduce((s, b) => s + b.n, 0)).toBe(2000);
  });

  it('has no figures without pairs', () => {
    const r = reliabilityFromSums([]);
    expect(r).toMatchObject({ n: 0, ece: null, brier: null });
    expect(r.buckets.every((b) => b.n === 0 && b.withinBand === null)).toBe(true);
  });

  it('refuses a bucket outside 0.5 … 1.0, a repeated one and impossible counts', () => {
    const s = { n: 1, hits: 1, sumConfid: 0.9, sumBrier: 0.01 };
    expect(() => reliabilityFromSums([{ bucket: 4, ...s }])).toThrow(RangeError);
    expect(() =>
      reliabilityFromSums([
        { bucket: 9, ...s },
        { bucket: 9, ...s },
      ]),
    ).toThrow(RangeError);
    expect(() => reliabilityFromSums([{ bucket: 9, ...s, hits: 2 }])).toThrow(RangeError);
    expect(() => reliabilityFromSums([{ bucket: 9, ...s, sumBrier: NaN }])).toThrow(RangeError);
  });
});

describe('buckets and the band', () => {
  it('puts confidences in the ml_bucket tenths, below 0.5 in 0.5 and 1.0 alone in 1.0', () => {
    expect([0.3, 0.5, 0.5999, 0.6, 0.95, 0.9999, 1].map(bucketTenths)).toEqual([
      5, 5, 5, 6, 9, 9, 10,
    ]);
  });

  it('includes the band edge', () => {
    expect(withinBand(0.75, 0.7)).toBe(Math.abs(0.75 - 0.7) <= 0.05);
    expect(withinBand(0.5, 0.5)).toBe(true);
    expect(withinBand(0.6, 0.5)).toBe(false);
    expect(withinBand(0.4, 0.5)).toBe(false);
  });
});
