import { describe, expect, it } from 'vitest';
import { maturedOutcomesOf, RANDOM_MODEL, syntheticCloses } from '../../test/support/marketPaths';
import { pairBaselineSums, Z_95, ZERO_BASELINE_SUMS, type BaselineSums } from './baselines';
import { horizonDays } from './horizons';
import { pairSums, ZERO_SUMS, type MetricSums } from './quality';
import type { FusionModel } from './fusion';
import {
  beatsBaseline,
  blockLag,
  brierSkillScore,
  MIN_INDEPENDENT_PERIODS,
  neweyWest,
  qualityVsBaselines,
  skillByHorizon,
  type BlockSums,
  type SkillFigure,
  type SkillOutcome,
} from './skill';
import { evaluateRules } from './slo/triggers';

const NOW = new Date('2026-11-24T12:00:00Z');

/** The no-skill gate's verdict on these outcomes (the other rules see no traffic). */
const gate = (outcomes: readonly SkillOutcome[]) =>
  evaluateRules({ now: NOW, rollups: [], quality: [], skill: skillByHorizon(outcomes, null) }).find(
    (e) => e.rule.id === 'no-skill-12h',
  )!;

const straddlesZero = (f: SkillFigure | null) =>
  f?.interval != null && f.interval.low < 0 && f.interval.high > 0;

/** Mean reversion only: the RSI part (oversold → up), nothing else. */
const RSI_ONLY: FusionModel = {
  weights: { rsi: 1, macd: 0, trend: 0 },
  threshold: 0.55,
  liveThreshold: 0.65,
};

/** Baselines and skill from sums per UTC day, as the metrics job reads them. */
function overDayBlocks(outcomes: readonly SkillOutcome[], horizon: string) {
  const total: Record<string, number> = { ...ZERO_SUMS, ...ZERO_BASELINE_SUMS };
  const blocks = new Map<number, Record<string, number>>();
  const add = (into: Record<string, number>, terms: object) => {
    for (const [k, v] of Object.entries(terms)) into[k] = (into[k] ?? 0) + (v as number);
  };
  for (const o of outcomes) {
    const index = Math.floor(o.ts.getTime() / 86_400_000);
    const block = blocks.get(index) ?? { index };
    blocks.set(index, block);
    for (const into of [total, block]) {
      add(into, pairSums(o));
      add(into, pairBaselineSums(o));
    }
  }
  return qualityVsBaselines({
    total: total as unknown as MetricSums & BaselineSums,
    blocks: [...blocks.values()].sort((a, b) => a.index! - b.index!) as unknown as BlockSums[],
    blockDays: 1,
    horizonDays: horizonDays(horizon),
    previousModel: null,
  });
}

describe('neweyWest', () => {
  it('adds Bartlett-weighted products of blocks up to lag apart, absent blocks being zero', () => {
    const points = [
      { index: 0, z: 1 },
      { index: 1, z: 2 },
      { index: 3, z: -1 },
    ];
    // lag 1: 1 + 4 + 1 + 2·½·(1·2); block 3's neighbour 2 is absent.
    expect(neweyWest(points, 1)).toBeCloseTo(8, 12);
    // lag 2: adds 2·⅓·(2·−1) for blocks 1 and 3, and weights lag 1 by ⅔.
    expect(neweyWest(points, 2)).toBeCloseTo(6 + 2 * (2 / 3) * 2 + 2 * (1 / 3) * -2, 12);
  });

  it('refuses a block listed twice', () => {
    expect(() =>
      neweyWest(
        [
          { index: 1, z: 1 },
          { index: 1, z: 1 },
        ],
        1,
      ),
    ).toThrow(/twice or out of order/);
  });
});

describe('blockLag', () => {
  it('is the horizon in blocks, at least one', () => {
    expect(blockLag(1, 1)).toBe(1);
    expect(blockLag(30, 1)).toBe(30);
    expect(blockLag(30, 7)).toBe(5);
    expect(blockLag(7, 7)).toBe(1);
    expect(blockLag(15 / 1440, 1)).toBe(1);
  });
});

describe('brierSkillScore', () => {
  it('compares the Brier score with the base rate forecast p̄ (1 − p̄)', () => {
    // 60 hits of 100: the base rate's Brier is 0.24; a Brier of 0.18 is 25 % better.
    expect(brierSkillScore({ n: 100, hits: 60, sumBrier: 18 })).toBeCloseTo(0.25, 12);
    expect(brierSkillScore({ n: 100, hits: 100, sumBrier: 1 })).toBeNull();
    expect(brierSkillScore({ n: 0, hits: 0, sumBrier: 0 })).toBeNull();
  });
});

describe('skill on synthetic markets', () => {
  it('holds a random model in a drifting market, where always-long beats it', () => {
    const outcomes = maturedOutcomesOf(syntheticCloses('drifting', 1500, 1), RANDOM_MODEL, '1d', 1);
    const [d1] = skillByHorizon(outcomes, null);
    expect(d1!.baselines.alwaysLong.hitRate!).toBeGreaterThan(0.6);
    expect(d1!.hitRate!).toBeLessThan(0.52);
    expect(d1!.skill.hitRate).toMatchObject({ against: 'alwaysLong' });
    expect(d1!.skill.hitRate!.interval!.high).toBeLessThan(0);
    expect(d1!.skill.ir!.against).toBe('alwaysLong');
    expect(d1!.skill.ir!.interval!.high).toBeLessThan(0);
    const verdict = gate(outcomes);
    expect(verdict.state).toBe('breach');
    expect(verdict.reason).toMatch(/^no skill over the best baseline in 1d hit .* vs always long/);
    expect(verdict.observed['value@1d']).toBeCloseTo(d1!.skill.hitRate!.value, 15);
    expect(verdict.observed['n@1d']).toBe(d1!.n);
  });

  it('lets a mean-reversion part through in a mean-reverting market, where it has real skill', () => {
    for (const horizon of ['1d', '3d']) {
      const outcomes = maturedOutcomesOf(
        syntheticCloses('meanReverting', 1500, 1),
        RSI_ONLY,
        horizon,
      );
      const [h] = skillByHorizon(outcomes, null);
      expect(h!.hitRate!).toBeGreaterThan(0.55);
      // Momentum is the worst baseline here: the last move tends to reverse.
      expect(h!.baselines.momentum.hitRate!).toBeLessThan(0.5);
      expect(beatsBaseline(h!.skill.hitRate)).toBe(true);
      expect(beatsBaseline(h!.skill.ir)).toBe(true);
      // Beating the best baseline means beating each one.
      for (const versus of Object.values(h!.skill.versus)) {
        if (versus.hitRate) expect(beatsBaseline(versus.hitRate)).toBe(true);
      }
      const verdict = gate(outcomes);
      expect(verdict.state).toBe('ok');
      expect(verdict.reason).toMatch(new RegExp(`^skill in ${horizon} hit `));
    }
  });

  it('finds no skill where there is no signal: the interval straddles zero', () => {
    const outcomes = maturedOutcomesOf(syntheticCloses('noSignal', 1500, 1), RSI_ONLY, '1d');
    const [d1] = skillByHorizon(outcomes, null);
    expect(straddlesZero(d1!.skill.hitRate)).toBe(true);
    expect(straddlesZero(d1!.skill.ir)).toBe(true);
    expect(gate(outcomes).state).toBe('breach');
  });

  it('covers zero at about its nominal 95 % under no signal, also for overlapping 3d and 7d outcomes', () => {
    // Day blocks, as the metrics job has them: a 7d outcome overlaps the next six days'
    // outcomes, which only the Newey–West terms account for; without them the interval would
    // miss zero far more often at 3d and 7d.
    const seeds = Array.from({ length: 40 }, (_, i) => i + 1);
    for (const horizon of ['1d', '3d', '7d']) {
      const covered = seeds.filter((seed) => {
        const outcomes = maturedOutcomesOf(
          syntheticCloses('noSignal', 1000, seed),
          RSI_ONLY,
          horizon,
        );
        return straddlesZero(overDayBlocks(outcomes, horizon).skill.versus.coinFlip.hitRate);
      });
      expect(covered.length, horizon).toBeGreaterThanOrEqual(34);
    }
  }, 60_000);

  it('gives no interval, and the gate no verdict, with too few independent periods', () => {
    // About 40 days of 7d outcomes are fewer than 6 independent weeks, however many decisions.
    const outcomes = maturedOutcomesOf(syntheticCloses('drifting', 90, 3), RANDOM_MODEL, '7d');
    const [h] = skillByHorizon(outcomes, null);
    expect(h!.skill.periods).toBeLessThan(MIN_INDEPENDENT_PERIODS);
    expect(h!.skill.hitRate!.interval).toBeNull();
    expect(beatsBaseline(h!.skill.hitRate)).toBeNull();
    expect(gate(outcomes).state).toBe('insufficient');
  });

  it('makes a 95 % interval of about ±1.96 standard errors for independent daily outcomes', () => {
    const outcomes = maturedOutcomesOf(syntheticCloses('noSignal', 3000, 9), RANDOM_MODEL, '1d');
    const [d1] = skillByHorizon(outcomes, null);
    const coin = d1!.skill.versus.coinFlip.hitRate!;
    const p = d1!.hitRate!;
    const binomial = Z_95 * Math.sqrt((p * (1 - p)) / d1!.n);
    const half = (coin.interval!.high - coin.interval!.low) / 2;
    expect(half / binomial).toBeGreaterThan(0.85);
    expect(half / binomial).toBeLessThan(1.15);
  });
});
