import { describe, expect, it } from 'vitest';
import { computeMetrics } from './quality';
import {
  asThresholdStep,
  effectiveLiveThreshold,
  isThresholdStep,
  nextThresholdStep,
  parseStepMinOutcomes,
  thresholdEvidence,
  thresholdStatus,
  type LiveDecisionSums,
} from './graduatedThreshold';

/** Sums of live decisions given as (decision × return) values. */
function sums(horizon: string, xs: readonly number[]): LiveDecisionSums {
  return {
    horizon,
    n: xs.length,
    hits: xs.filter((x) => x > 0).length,
    sumReturn: xs.reduce((s, x) => s + x, 0),
    sumReturnSq: xs.reduce((s, x) => s + x * x, 0),
  };
}

const wins = (n: number, win: number, loss: number, winShare: number) =>
  Array.from({ length: n }, (_, i) => (i < Math.round(n * winShare) ? win : -loss));

describe('steps', () => {
  it('climb 0.55 → 0.60 → 0.65 and stop', () => {
    expect(nextThresholdStep(0.55)).toBe(0.6);
    expect(nextThresholdStep(0.6)).toBe(0.65);
    expect(nextThresholdStep(0.65)).toBeNull();
    expect(isThresholdStep(0.6)).toBe(true);
    expect(isThresholdStep(0.7)).toBe(false);
    expect(isThresholdStep('0.6')).toBe(false);
    expect(asThresholdStep(0.6000000000000001)).toBe(0.6);
    expect(asThresholdStep(0.5)).toBeNull();
  });

  it('are capped by the model’s own live threshold', () => {
    expect(effectiveLiveThreshold(0.55, 0.65)).toBe(0.55);
    expect(effectiveLiveThreshold(0.65, 0.65)).toBe(0.65);
    expect(effectiveLiveThreshold(0.65, 0.6)).toBe(0.6);
  });

  it('read M from its setting, refusing nonsense', () => {
    expect(parseStepMinOutcomes(undefined)).toBe(100);
    expect(parseStepMinOutcomes(' ')).toBe(100);
    expect(parseStepMinOutcomes('250')).toBe(250);
    for (const bad of ['0', '-3', '1.5', 'abc', '1e9']) {
      expect(() => parseStepMinOutcomes(bad), bad).toThrow(RangeError);
    }
  });
});

describe('thresholdEvidence', () => {
  it('computes hit rate and IR as the metrics do, per horizon', () => {
    const xs = [0.02, -0.01, 0.015, 0.03, -0.005, 0.01];
    const e = thresholdEvidence([sums('7d', xs)]);
    const m = computeMetrics(
      xs.map((x) => ({ confid: 0.7, hit: x > 0, decision: 1, realizedReturn: x })),
      7,
    );
    expect(e.n).toBe(6);
    expect(e.hitRate).toBe(m.hitRate);
    expect(e.ir).toBeCloseTo(m.ir!, 12);
    expect(e.byHorizon).toEqual([{ horizon: '7d', n: 6, hitRate: m.hitRate, ir: e.ir }]);
  });

  it('weights the horizons’ IRs by their decisions and leaves out a horizon without one', () => {
    const a = thresholdEvidence([sums('1d', [0.01, -0.002, 0.004])]).ir!;
    const b = thresholdEvidence([sums('30d', [0.05, 0.02, -0.01, 0.03])]).ir!;
    const e = thresholdEvidence([
      sums('30d', [0.05, 0.02, -0.01, 0.03]),
      sums('1d', [0.01, -0.002, 0.004]),
      sums('3d', [0.01]), // one decision: no IR
    ]);
    expect(e.n).toBe(8);
    expect(e.ir).toBeCloseTo((3 * a + 4 * b) / 7, 12);
    expect(e.byHorizon.map((h) => h.horizon)).toEqual(['1d', '3d', '30d']);
    expect(e.byHorizon[1]!.ir).toBeNull();
  });

  it('has no figures without decisions', () => {
    expect(thresholdEvidence([])).toEqual({ n: 0, hitRate: null, ir: null, byHorizon: [] });
  });
});

describe('thresholdStatus', () => {
  const good = thresholdEvidence([sums('1d', wins(120, 0.01, 0.008, 0.7))]);

  it('is ready for the next step when all three parts hold', () => {
    expect(good.hitRate).toBeGreaterThanOrEqual(0.6);
    expect(good.ir).toBeGreaterThan(1);
    const s = thresholdStatus({ step: 0.55, evidence: good, minOutcomes: 100 });
    expect(s).toMatchObject({ step: 0.55, next: 0.6, ready: true, unmet: [] });
    expect(s.condition).toContain('0.55 → 0.60 after at least 100 matured live decisions');
    expect(s.condition).toContain('120 of 100');
  });

  it('names each unmet part with the evidence', () => {
    const few = thresholdStatus({ step: 0.6, evidence: good, minOutcomes: 500 });
    expect(few.ready).toBe(false);
    expect(few.next).toBe(0.65);
    expect(few.unmet).toEqual(['380 more matured live decisions (120 of 500)']);

    const poor = thresholdEvidence([sums('1d', wins(150, 0.01, 0.013, 0.55))]);
    const s = thresholdStatus({ step: 0.55, evidence: poor, minOutcomes: 100 });
    expect(s.ready).toBe(false);
    expect(s.unmet).toHaveLength(2);
    expect(s.unmet[0]).toMatch(/^hit rate ≥ 60\.0 % \(now 55\.3 %\)$/);
    expect(s.unmet[1]).toMatch(/^IR > 1\.0 \(now /);
  });

  it('counts a hit rate of exactly 60 % as met, an IR of exactly 1.0 as not', () => {
    const base = { n: 100, byHorizon: [] };
    expect(
      thresholdStatus({
        step: 0.55,
        evidence: { ...base, hitRate: 0.6, ir: 1.5 },
        minOutcomes: 100,
      }).ready,
    ).toBe(true);
    expect(
      thresholdStatus({ step: 0.55, evidence: { ...base, hitRate: 0.7, ir: 1 }, minOutcomes: 100 })
        .unmet,
    ).toEqual(['IR > 1.0 (now 1.00)']);
  });

  it('says there is no step after the last one', () => {
    const s = thresholdStatus({ step: 0.65, evidence: good, minOutcomes: 100 });
    expect(s).toMatchObject({ next: null, ready: false, unmet: [] });
    expect(s.condition).toMatch(/^0\.65 is the last step/);
  });

  it('with no evidence says so', () => {
    const s = thresholdStatus({ step: 0.55, evidence: thresholdEvidence([]), minOutcomes: 100 });
    expect(s.unmet).toEqual([
      '100 more matured live decisions (0 of 100)',
      'hit rate ≥ 60.0 % (now none yet)',
      'IR > 1.0 (now none yet)',
    ]);
  });
});
