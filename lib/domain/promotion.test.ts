import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PROMOTION_MIN_OUTCOMES,
  promotionCheck,
  promotionMinOutcomes,
  worseThanActive,
} from './promotion';
import type { Figure, HorizonComparison, SideFigures } from './shadow';

const f = (value: number | null, interval: [number, number] | null = null): Figure => ({
  value,
  interval: interval && { low: interval[0], high: interval[1] },
});

const side = (hitRate: number | null, ir: number | null): SideFigures => ({
  nDecisions: 100,
  hitRate: f(hitRate),
  ir: f(ir),
  brier: f(0.25),
  ece: f(0.05),
});

function horizon(
  active: [number | null, number | null],
  candidate: [number | null, number | null],
  difference: { hitRate?: Figure; ir?: Figure } = {},
  n = 300,
): HorizonComparison {
  const diff = (a: number | null, c: number | null) => f(a === null || c === null ? null : c - a);
  return {
    horizon: '3d',
    n,
    periods: 100,
    active: side(...active),
    candidate: side(...candidate),
    difference: {
      hitRate: difference.hitRate ?? diff(active[0], candidate[0]),
      ir: difference.ir ?? diff(active[1], candidate[1]),
      brier: f(0),
      ece: f(0),
    },
  };
}

describe('worseThanActive', () => {
  it('names a target the candidate misses and the active model meets', () => {
    const unmet = worseThanActive([horizon([0.62, 1.2], [0.58, 1.3])]);
    expect(unmet).toHaveLength(1);
    expect(unmet[0]).toMatch(/^3d: the candidate's hit rate 58\.0 % misses the target ≥ 60\.0 %/);
  });

  it('counts a missing figure as a missed target', () => {
    expect(worseThanActive([horizon([0.62, 1.2], [null, null])])).toHaveLength(2);
  });

  it('names a figure lower beyond noise, even when neither meets the target', () => {
    const unmet = worseThanActive([
      horizon([0.55, 0.5], [0.52, 0.4], { hitRate: f(-0.03, [-0.05, -0.01]) }),
    ]);
    expect(unmet).toEqual([expect.stringMatching(/hit rate 52\.0 % is below .* beyond noise/)]);
  });

  it('does not call a lower figure worse while its interval reaches zero, or without one', () => {
    expect(
      worseThanActive([
        horizon([0.55, 0.5], [0.52, 0.4], {
          hitRate: f(-0.03, [-0.07, 0.01]),
          ir: f(-0.1, null),
        }),
      ]),
    ).toEqual([]);
  });
});

describe('promotionCheck', () => {
  it('is eligible with enough outcomes and nothing worse', () => {
    expect(
      promotionCheck({ comparison: [horizon([0.5, 0.2], [0.55, 0.4])], required: 200 }),
    ).toEqual({ eligible: true, matured: 300, required: 200, unmet: [] });
  });

  it('lists too few outcomes and every worse figure together', () => {
    const check = promotionCheck({
      comparison: [horizon([0.62, 1.2], [0.5, 0.1], {}, 50)],
      required: 200,
    });
    expect(check.eligible).toBe(false);
    expect(check.unmet).toHaveLength(3);
    expect(check.unmet[0]).toBe(
      '50 matured shadow outcomes, fewer than the 200 required (PROMOTION_MIN_OUTCOMES)',
    );
  });

  it('reads the minimum from its text, falling back to the default', () => {
    expect(promotionMinOutcomes(undefined)).toBe(DEFAULT_PROMOTION_MIN_OUTCOMES);
    expect(promotionMinOutcomes('50')).toBe(50);
    expect(promotionMinOutcomes('0')).toBe(DEFAULT_PROMOTION_MIN_OUTCOMES);
    expect(promotionMinOutcomes('x')).toBe(DEFAULT_PROMOTION_MIN_OUTCOMES);
  });
});
