import { describe, expect, it } from 'vitest';
import { computeMetrics, METRIC_WINDOWS, type MaturedPair } from '@/lib/domain/quality';

const pair = (
  confid: number,
  hit: boolean,
  decision: -1 | 0 | 1,
  realizedReturn: number,
): MaturedPair => ({
  confid,
  hit,
  decision,
  realizedReturn,
});

// decision × return over decisions ≠ 0: 0.02, −0.01, 0.03, 0.04 (mean 0.02, Σ(dev²) = 0.0014).
const PAIRS = [
  pair(0.55, true, 1, 0.02),
  pair(0.62, false, -1, 0.01),
  pair(0.68, true, 1, 0.03),
  pair(0.52, false, 0, -0.01),
  pair(0.75, true, -1, -0.04),
];

describe('computeMetrics: hand-computed', () => {
  const m = computeMetrics(PAIRS, 1);

  it('counts pairs and decisions', () => {
    expect(m.n).toBe(5);
    expect(m.nDecisions).toBe(4);
  });

  it('takes the hit rate over decisions only', () => {
    expect(m.hitRate).toBe(0.75);
  });

  it('annualises the IR of decision × return by sqrt(365 / horizon days)', () => {
    const perPeriod = 0.02 / Math.sqrt(0.0014 / 3);
    expect(perPeriod).toBeCloseTo(0.9258201, 6);
    expect(m.ir).toBeCloseTo(perPeriod * Math.sqrt(365), 12);
    expect(m.ir).toBeCloseTo(17.68778, 4);
    expect(computeMetrics(PAIRS, 7).ir).toBeCloseTo(perPeriod * Math.sqrt(365 / 7), 12);
    expect(computeMetrics(PAIRS, 15 / 1440).ir).toBeCloseTo(perPeriod * Math.sqrt(365 * 96), 10);
  });

  it('averages the Brier score over all pairs, including no-decision ones', () => {
    // (0.45² + 0.62² + 0.32² + 0.52² + 0.25²) / 5 = 1.0222 / 5
    expect(m.brier).toBeCloseTo(0.20444, 14);
  });

  it('sums |mean confidence − hit rate| per bucket, weighted by bucket share', () => {
    // 0.5: {0.55 ✓, 0.52 ✗} → |0.535 − 0.5| · 2/5 = 0.014
    // 0.6: {0.62 ✗, 0.68 ✓} → |0.65 − 0.5| · 2/5 = 0.06
    // 0.7: {0.75 ✓}          → |0.75 − 1| · 1/5   = 0.05
    expect(m.ece).toBeCloseTo(0.124, 14);
  });

  it('averages the confidence over all pairs', () => {
    expect(m.meanConfid).toBeCloseTo(0.624, 14);
  });
});

describe('computeMetrics: edge cases', () => {
  it('is all null on no pairs', () => {
    expect(computeMetrics([], 1)).toEqual({
      n: 0,
      nDecisions: 0,
      hitRate: null,
      ir: null,
      brier: null,
      ece: null,
      meanConfid: null,
    });
  });

  it('has no hit rate or IR without decisions, but still Brier and ECE', () => {
    const m = computeMetrics([pair(0.6, true, 0, 0.01), pair(0.8, false, 0, -0.02)], 1);
    expect(m.nDecisions).toBe(0);
    expect(m.hitRate).toBeNull();
    expect(m.ir).toBeNull();
    expect(m.brier).toBeCloseTo((0.16 + 0.64) / 2, 14);
    expect(m.ece).toBeCloseTo(0.5 * 0.4 + 0.5 * 0.8, 14);
  });

  it('has no IR with a single decision', () => {
    expect(computeMetrics([pair(0.7, true, 1, 0.05), pair(0.6, true, 0, 0.01)], 1).ir).toBeNull();
  });

  it('has no IR when every decision earned the same (zero std), despite float rounding', () => {
    const same = [pair(0.7, true, 1, 0.1), pair(0.7, true, 1, 0.1), pair(0.7, true, -1, -0.1)];
    expect(computeMetrics(same, 1).ir).toBeNull();
  });

  it('gives a negative IR when decisions lose on average', () => {
    const losing = [
      pair(0.7, false, 1, -0.02),
      pair(0.7, false, -1, 0.04),
      pair(0.7, true, 1, 0.01),
    ];
    // decision × return: −0.02, −0.04, 0.01 → mean −0.05/3
    const r = [-0.02, -0.04, 0.01];
    const mean = -0.05 / 3;
    const std = Math.sqrt(r.reduce((s, x) => s + (x - mean) ** 2, 0) / 2);
    expect(computeMetrics(losing, 3).ir).toBeCloseTo((mean / std) * Math.sqrt(365 / 3), 12);
    expect(computeMetrics(losing, 3).ir!).toBeLessThan(0);
  });

  it('keeps confidence 1.0 in its own bucket', () => {
    // Separate buckets: |0.55 − 1| · ½ + |0.9 − 0| · ½ = 0.675; one bucket would give 0.225.
    expect(
      computeMetrics([pair(0.55, true, 1, 0.01), pair(0.9, false, 1, -0.01)], 1).ece,
    ).toBeCloseTo(0.675, 14);
    const top = [pair(1, true, 1, 0.01), pair(0.95, false, 1, -0.01)];
    expect(computeMetrics(top, 1).ece).toBeCloseTo(0.5 * 0 + 0.5 * 0.95, 14);
  });

  it('rejects a non-positive horizon and non-finite values', () => {
    expect(() => computeMetrics(PAIRS, 0)).toThrow(RangeError);
    expect(() => computeMetrics(PAIRS, NaN)).toThrow(RangeError);
    expect(() => computeMetrics([pair(NaN, true, 1, 0.01)], 1)).toThrow(RangeError);
    expect(() => computeMetrics([pair(0.6, true, 1, Infinity)], 1)).toThrow(RangeError);
  });
});

describe('METRIC_WINDOWS', () => {
  it('lists 7d, 30d, 90d and all-time', () => {
    expect(METRIC_WINDOWS).toEqual([
      { name: '7d', days: 7 },
      { name: '30d', days: 30 },
      { name: '90d', days: 90 },
      { name: 'all', days: null },
    ]);
    expect(Object.isFrozen(METRIC_WINDOWS)).toBe(true);
  });
});
