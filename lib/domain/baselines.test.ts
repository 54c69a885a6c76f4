import { describe, expect, it } from 'vitest';
import { exactSum } from '../../test/support/exactSum';
import { mulberry32 } from '../../test/support/prng';
import {
  BASELINE_SUM_KEYS,
  baselinesFromSums,
  momentumDirection,
  pairBaselineSums,
  previousActiveModel,
  previousReturn,
  wilsonInterval,
  type BaselinePair,
  type BaselineSums,
  type Direction,
} from './baselines';
import { computeMetrics, pairSums, ZERO_SUMS, type MetricSums } from './quality';

const at = (iso: string) => new Date(iso);

describe('previousReturn', () => {
  const candles = [
    { ts: at('2020-03-05T05:00:00Z'), c: 90 },
    { ts: at('2020-03-06T05:00:00Z'), c: 100 }, // Friday
    { ts: at('2020-03-09T04:00:00Z'), c: 110 }, // Monday
  ];

  it('runs from the last candle at or before the period start to the entry close', () => {
    // A Monday 1d period starts on Sunday: the last candle by then is Friday's.
    expect(
      previousReturn({ entryClose: 110, periodStart: at('2020-03-08T05:00:00Z'), candles }),
    ).toBeCloseTo(0.1, 15);
    // A start exactly on a candle uses that candle.
    expect(
      previousReturn({ entryClose: 110, periodStart: at('2020-03-05T05:00:00Z'), candles }),
    ).toBeCloseTo(110 / 90 - 1, 15);
  });

  it('is null before the series begins', () => {
    expect(
      previousReturn({ entryClose: 110, periodStart: at('2020-03-01T00:00:00Z'), candles }),
    ).toBeNull();
    expect(
      previousReturn({ entryClose: 1, periodStart: at('2020-03-01T00:00:00Z'), candles: [] }),
    ).toBeNull();
  });

  it('refuses a bad entry close or a bad start close', () => {
    expect(() => previousReturn({ entryClose: 0, periodStart: at('2020-03-08'), candles })).toThrow(
      RangeError,
    );
    expect(() =>
      previousReturn({
        entryClose: 1,
        periodStart: at('2020-03-08'),
        candles: [{ ts: at('2020-03-01'), c: -1 }],
      }),
    ).toThrow(/not a positive number/);
  });
});

describe('momentumDirection', () => {
  it('follows the previous return, with no direction when it is unknown or flat', () => {
    expect([0.02, -0.01, 0, null].map(momentumDirection)).toEqual([1, -1, 0, 0]);
  });
});

describe('previousActiveModel', () => {
  const models = [
    { id: 'v1', activatedAt: at('2026-01-01') },
    { id: 'v2', activatedAt: at('2026-03-01') },
    { id: 'v3', activatedAt: at('2026-06-01') },
    { id: 'cand', activatedAt: null },
    { id: 'never', activatedAt: null },
  ];

  it('is the version activated last before this one', () => {
    expect(previousActiveModel(models, 'v3')).toBe('v2');
    expect(previousActiveModel(models, 'v2')).toBe('v1');
    expect(previousActiveModel(models, 'v1')).toBeNull();
  });

  it('is the latest activated version for a candidate, and null for an unknown model', () => {
    expect(previousActiveModel(models, 'cand')).toBe('v3');
    expect(previousActiveModel(models, 'nope')).toBeNull();
    expect(previousActiveModel([{ id: 'only', activatedAt: null }], 'only')).toBeNull();
  });
});

describe('wilsonInterval', () => {
  it('matches hand-computed Wilson score intervals', () => {
    // 50 of 100: (0.5 ± 1.96·√(0.0025 + 0.000096)) / 1.0384 around the centre 0.5.
    const fifty = wilsonInterval(0.5, 100)!;
    expect(fifty.low).toBeCloseTo(0.40383, 5);
    expect(fifty.high).toBeCloseTo(0.59617, 5);
    // 0 of 10 still has an upper end: 1.96² / (10 + 1.96²) = 0.27753.
    const none = wilsonInterval(0, 10)!;
    expect(none.low).toBeCloseTo(0, 12);
    expect(none.high).toBeCloseTo(0.27753, 5);
    expect(wilsonInterval(0.5, 0)).toBeNull();
  });
});

/** Random pairs: some without a decision, momentum sometimes unknown, a previous version sometimes. */
function randomPairs(seed: number, count: number): (BaselinePair & { confid: number })[] {
  const random = mulberry32(seed);
  const dir = (): Direction => ([-1, 0, 1] as const)[Math.floor(random() * 3)]!;
  return Array.from({ length: count }, () => {
    const decision = random() < 0.2 ? 0 : random() < 0.5 ? -1 : 1;
    const realizedReturn = random() < 0.02 ? 0 : (random() - 0.47) * 0.04;
    const score = decision === 0 ? (random() < 0.5 ? -0.1 : 0.1) : decision * 0.5;
    return {
      decision,
      realizedReturn,
      hit: Math.sign(score) * realizedReturn > 0,
      confid: 0.5 + random() / 2,
      prevReturn: random() < 0.1 ? null : (random() - 0.5) * 0.04,
      prevModelDirection: random() < 0.4 ? null : dir(),
    };
  });
}

const sumsOf = <T extends object>(terms: readonly T[], keys: readonly (keyof T)[]): T =>
  Object.fromEntries(keys.map((k) => [k, exactSum(terms.map((t) => t[k] as number))])) as T;

describe('baselinesFromSums', () => {
  const pairs = randomPairs(5, 4000);
  const model = sumsOf<MetricSums>(
    pairs.map(pairSums),
    Object.keys(ZERO_SUMS) as (keyof MetricSums)[],
  );
  const base = sumsOf<BaselineSums>(pairs.map(pairBaselineSums), BASELINE_SUM_KEYS);
  const h = 3;
  const b = baselinesFromSums(model, base, h, 'v1');

  /** A baseline's figures straight from the pairs: computeMetrics over its own calls. */
  const direct = (subset: typeof pairs, call: (p: BaselinePair) => Direction) => {
    const m = computeMetrics(
      subset.map((p) => {
        const d = call(p);
        return {
          confid: 0.5,
          decision: 1 as const,
          realizedReturn: d * p.realizedReturn,
          hit: d * p.realizedReturn > 0,
        };
      }),
      h,
    );
    return { n: m.nDecisions, hitRate: m.hitRate, ir: m.ir };
  };
  const decided = pairs.filter((p) => p.decision !== 0);
  const shared = decided.filter((p) => p.prevModelDirection !== null);
  const close = (actual: number | null, expected: number | null) => {
    expect(actual).not.toBeNull();
    expect(Math.abs(actual! - expected!)).toBeLessThanOrEqual(1e-12 * Math.abs(expected!));
  };

  it("measures every baseline over exactly the model's decisions", () => {
    for (const [figures, call] of [
      [b.alwaysLong, () => 1],
      [b.alwaysShort, () => -1],
      [b.momentum, (p: BaselinePair) => momentumDirection(p.prevReturn)],
    ] as const) {
      const expected = direct(decided, call as (p: BaselinePair) => Direction);
      expect(figures.n).toBe(decided.length);
      expect(figures.hitRate).toBe(expected.hitRate);
      close(figures.ir, expected.ir);
      expect(figures.brier).toBe(expected.hitRate! * (1 - expected.hitRate!));
    }
    // A flat return is a hit for neither: long and short need not add up to 1.
    expect(b.alwaysLong.hitRate! + b.alwaysShort.hitRate!).toBeLessThan(1);
    expect(b.momentum.withDirection).toBe(
      decided.filter((p) => momentumDirection(p.prevReturn) !== 0).length,
    );
  });

  it('compares the previous version only on candles it also predicted, beside the model there', () => {
    const prev = b.previousModel!;
    const expected = direct(shared, (p) => p.prevModelDirection!);
    expect(prev.model).toBe('v1');
    expect(prev.n).toBe(shared.length);
    expect(prev.hitRate).toBe(expected.hitRate);
    close(prev.ir, expected.ir);
    const self = direct(shared, (p) => p.decision);
    expect(prev.modelHitRate).toBe(self.hitRate);
    close(prev.modelIr, self.ir);
  });

  it('gives the coin flip its expectation and the Wilson range of a fair coin over n', () => {
    expect(b.coinFlip).toMatchObject({ n: decided.length, hitRate: 0.5, ir: 0, brier: 0.25 });
    expect(b.coinFlip.interval).toEqual(wilsonInterval(0.5, decided.length));
  });

  it('has no previous-version block without a previous version or shared pairs', () => {
    const alone = baselinesFromSums(model, { ...base, prevModelN: 0 }, h, null);
    expect(alone.previousModel).toBeNull();
    expect(
      baselinesFromSums(model, { ...base, prevModelN: 0 }, h, 'v0').previousModel,
    ).toMatchObject({ model: 'v0', n: 0, hitRate: null, ir: null });
  });

  it('adds nothing for a pair without a decision', () => {
    const undecided = pairBaselineSums({
      decision: 0,
      realizedReturn: 0.05,
      hit: true,
      prevReturn: 0.01,
      prevModelDirection: 1,
    });
    expect(Object.values(undecided).every((v) => v === 0)).toBe(true);
  });
});
