import { describe, expect, it } from 'vitest';
import {
  candidateId,
  fitBayesWeights,
  invert3,
  PRIOR_SD,
  weekStartUtc,
  type FitPair,
  type Mat3,
  type Vec3,
} from './bayesWeights';

/** mulberry32: the same synthetic pairs on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n pairs from a known logistic model: parts uniform in [−1, 1], y ~ Bernoulli(σ(w·x)). */
function synthetic(n: number, w: Vec3, seed: number): FitPair[] {
  const rand = prng(seed);
  const pairs: FitPair[] = [];
  for (let k = 0; k < n; k++) {
    const parts: Vec3 = [rand() * 2 - 1, rand() * 2 - 1, rand() * 2 - 1];
    const p = 1 / (1 + Math.exp(-(w[0] * parts[0] + w[1] * parts[1] + w[2] * parts[2])));
    const up = rand() < p;
    pairs.push({ parts, realizedReturn: (up ? 1 : -1) * (0.001 + rand() * 0.02) });
  }
  return pairs;
}

const PRIOR: Vec3 = [0.3, 0.35, 0.35];
const TRUE: Vec3 = [-0.8, 1.2, 0.4];

describe('fitBayesWeights', () => {
  it('recovers known weights from many pairs of a known logistic model', () => {
    const fit = fitBayesWeights(synthetic(200_000, TRUE, 7), PRIOR);
    expect(fit.converged).toBe(true);
    for (let k = 0; k < 3; k++) {
      // Within 4 posterior sd and 0.03 of the truth.
      expect(Math.abs(fit.map[k]! - TRUE[k]!)).toBeLessThan(Math.max(4 * fit.mapSd[k]!, 0.03));
    }
    const l1 = Math.abs(TRUE[0]) + Math.abs(TRUE[1]) + Math.abs(TRUE[2]);
    for (let k = 0; k < 3; k++) expect(fit.weights[k]).toBeCloseTo(TRUE[k]! / l1, 1);
    expect(
      Math.abs(fit.weights[0]) + Math.abs(fit.weights[1]) + Math.abs(fit.weights[2]),
    ).toBeCloseTo(1, 12);
    expect(fit.logLikelihood).toBeGreaterThan(fit.priorLogLikelihood);
  });

  it('stays near the prior with few pairs', () => {
    const fit = fitBayesWeights(synthetic(20, TRUE, 11), PRIOR);
    for (let k = 0; k < 3; k++) {
      // Nowhere near the truth's −0.8 for rsi: the prior holds it within about 2 prior sd.
      expect(Math.abs(fit.map[k]! - PRIOR[k]!)).toBeLessThan(2 * PRIOR_SD);
      expect(fit.mapSd[k]).toBeGreaterThan(0.8 * PRIOR_SD);
    }
    const big = fitBayesWeights(synthetic(200_000, TRUE, 11), PRIOR);
    expect(Math.abs(fit.map[0] - PRIOR[0])).toBeLessThan(Math.abs(big.map[0] - PRIOR[0]));
  });

  it('returns the prior when there are no pairs', () => {
    const fit = fitBayesWeights([], PRIOR);
    expect(fit.n).toBe(0);
    expect(fit.map).toEqual(PRIOR);
    // The active weights already have L1 norm 1 (to rounding).
    for (let k = 0; k < 3; k++) expect(fit.weights[k]).toBeCloseTo(PRIOR[k]!, 14);
    for (let k = 0; k < 3; k++) expect(fit.mapSd[k]).toBeCloseTo(PRIOR_SD, 12);
    expect(fit.logLikelihood).toBe(0);
  });

  it('narrows the posterior as pairs accrue', () => {
    let previous = [Infinity, Infinity, Infinity];
    for (const n of [0, 100, 1_000, 10_000, 100_000]) {
      const fit = fitBayesWeights(synthetic(n, TRUE, 3), PRIOR);
      for (let k = 0; k < 3; k++) expect(fit.mapSd[k]).toBeLessThan(previous[k]!);
      previous = fit.mapSd;
    }
    // About 1 / sqrt(n · E[p(1−p)] · E[x²]) at n = 100 000: ≈ 0.012.
    expect(previous[1]).toBeLessThan(0.02);
  });

  it('is deterministic and leaves flat returns out', () => {
    const pairs = synthetic(5_000, TRUE, 5);
    pairs.push({ parts: [1, 1, 1], realizedReturn: 0 });
    const a = fitBayesWeights(pairs, PRIOR);
    const b = fitBayesWeights(pairs, PRIOR);
    expect(a).toEqual(b);
    expect(a.n).toBe(5_000);
    expect(a.flat).toBe(1);
    expect(a.up).toBe(pairs.filter((p) => p.realizedReturn > 0).length);
  });

  it('reaches the MAP: the gradient of the log posterior vanishes there', () => {
    const pairs = synthetic(3_000, TRUE, 9);
    const fit = fitBayesWeights(pairs, PRIOR);
    const g = fit.map.map((w, k) => (w - PRIOR[k]!) / PRIOR_SD ** 2);
    for (const { parts, realizedReturn } of pairs) {
      const z = fit.map[0] * parts[0] + fit.map[1] * parts[1] + fit.map[2] * parts[2];
      const p = 1 / (1 + Math.exp(-z));
      for (let k = 0; k < 3; k++) g[k]! += (p - (realizedReturn > 0 ? 1 : 0)) * parts[k]!;
    }
    for (const v of g) expect(Math.abs(v)).toBeLessThan(1e-8);
  });

  it('refuses non-finite pairs and a non-positive prior sd', () => {
    expect(() => fitBayesWeights([{ parts: [NaN, 0, 0], realizedReturn: 0.1 }], PRIOR)).toThrow();
    expect(() => fitBayesWeights([], PRIOR, 0)).toThrow();
  });
});

describe('invert3', () => {
  it('inverts a symmetric positive-definite matrix', () => {
    const m: Mat3 = [
      [4, 1, 0.5],
      [1, 3, 0.2],
      [0.5, 0.2, 2],
    ];
    const inv = invert3(m);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        const v = m[i]![0] * inv[0]![j]! + m[i]![1] * inv[1]![j]! + m[i]![2] * inv[2]![j]!;
        expect(v).toBeCloseTo(i === j ? 1 : 0, 14);
      }
  });
});

describe('weekStartUtc and candidateId', () => {
  it('puts the week boundary at Monday 00:00 UTC', () => {
    expect(weekStartUtc(new Date('2026-12-02T03:00:00Z')).toISOString()).toBe(
      '2026-11-30T00:00:00.000Z',
    );
    expect(weekStartUtc(new Date('2026-11-30T00:00:00Z')).toISOString()).toBe(
      '2026-11-30T00:00:00.000Z',
    );
    expect(weekStartUtc(new Date('2026-11-29T23:59:59.999Z')).toISOString()).toBe(
      '2026-11-23T00:00:00.000Z',
    );
    expect(weekStartUtc(new Date('1969-12-31T12:00:00Z')).toISOString()).toBe(
      '1969-12-29T00:00:00.000Z',
    );
  });

  it('names a candidate after its base and the minute and second of its fit', () => {
    expect(candidateId('fusion-v2.0.0', new Date('2026-12-02T04:05:06.789Z'))).toBe(
      'fusion-v2.0.0-c20261202040506',
    );
  });
});
