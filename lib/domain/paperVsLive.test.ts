import { describe, expect, it } from 'vitest';
import { wilsonInterval } from './baselines';
import {
  compareHorizon,
  comparePaperVsLive,
  emptyReason,
  groupFigures,
  newcombeInterval,
  perPeriodIrVariance,
  servingGroup,
  type GroupSums,
} from './paperVsLive';
import { computeMetrics, type MaturedPair } from './quality';

/** Sums of pairs given as (decision, realised return, confid), as the SQL adds them up. */
function sumsOf(pairs: readonly [number, number, number][]): GroupSums {
  const s = { n: 0, nDecisions: 0, hits: 0, sumReturn: 0, sumReturnSq: 0, sumConfid: 0 };
  for (const [d, r, c] of pairs) {
    s.n += 1;
    s.sumConfid += c;
    if (d === 0) continue;
    s.nDecisions += 1;
    s.hits += d * r > 0 ? 1 : 0;
    s.sumReturn += d * r;
    s.sumReturnSq += (d * r) ** 2;
  }
  return s;
}

const toPairs = (pairs: readonly [number, number, number][]): MaturedPair[] =>
  pairs.map(([d, r, c]) => ({
    decision: d as -1 | 0 | 1,
    realizedReturn: r,
    confid: c,
    hit: d * r > 0,
  }));

describe('servingGroup', () => {
  it('puts preview and shadow in paper, live in live, no mode in history, off nowhere', () => {
    expect(servingGroup('preview')).toBe('paper');
    expect(servingGroup('shadow')).toBe('paper');
    expect(servingGroup('live')).toBe('live');
    expect(servingGroup(null)).toBe('history');
    expect(servingGroup('off')).toBeNull();
  });
});

describe('groupFigures', () => {
  const pairs: [number, number, number][] = [
    [1, 0.02, 0.7],
    [-1, 0.01, 0.6],
    [1, 0.03, 0.8],
    [0, -0.05, 0.52],
    [-1, -0.02, 0.66],
    [1, -0.01, 0.58],
  ];

  it('agrees with the metrics page (computeMetrics) on hit rate, IR and mean confid', () => {
    for (const h of ['1d', '7d', '4h']) {
      const f = groupFigures(sumsOf(pairs), h);
      const m = computeMetrics(toPairs(pairs), h === '4h' ? 4 / 24 : Number.parseInt(h));
      expect(f.n).toBe(m.n);
      expect(f.nDecisions).toBe(m.nDecisions);
      expect(f.hitRate).toBe(m.hitRate);
      expect(f.ir).toBeCloseTo(m.ir!, 12);
      expect(f.meanConfid).toBeCloseTo(m.meanConfid!, 15);
    }
  });

  it('gives the hit rate its Wilson interval over the decisions', () => {
    const f = groupFigures(sumsOf(pairs), '1d');
    expect(f.hits).toBe(3);
    expect(f.hitInterval).toEqual(wilsonInterval(3 / 5, 5));
  });

  it('has no figures without pairs, and no hit rate or IR without decisions', () => {
    const empty = groupFigures(sumsOf([]), '1d');
    expect(empty).toEqual({
      n: 0,
      nDecisions: 0,
      hits: 0,
      hitRate: null,
      hitInterval: null,
      ir: null,
      meanConfid: null,
    });
    const noTrade = groupFigures(sumsOf([[0, 0.01, 0.6]]), '1d');
    expect(noTrade.hitRate).toBeNull();
    expect(noTrade.ir).toBeNull();
    expect(noTrade.meanConfid).toBe(0.6);
  });
});

describe('newcombeInterval', () => {
  it('reproduces Newcombe (1998) method 10 on 56/70 − 48/80', () => {
    const p1 = 56 / 70;
    const p2 = 48 / 80;
    const i = newcombeInterval(p1, wilsonInterval(p1, 70)!, p2, wilsonInterval(p2, 80)!);
    expect(i.low).toBeCloseTo(0.0524, 4);
    expect(i.high).toBeCloseTo(0.3339, 4);
  });
});

describe('perPeriodIrVariance', () => {
  it('is (1 + SR²/2) / n, and null where the IR is', () => {
    // x = 1, 2, 3: mean 2, sample std 1, SR 2 → (1 + 2) / 3.
    expect(perPeriodIrVariance(3, 6, 14)).toBeCloseTo(1, 12);
    expect(perPeriodIrVariance(1, 1, 1)).toBeNull();
    expect(perPeriodIrVariance(3, 3, 3)).toBeNull();
  });
});

describe('compareHorizon', () => {
  const winning: [number, number, number][] = Array.from({ length: 400 }, (_, i) => [
    i % 2 ? 1 : -1,
    (i % 2 ? 1 : -1) * (i % 10 < 8 ? 0.01 : -0.012) * (1 + (i % 7) / 10),
    0.7,
  ]);
  const coin: [number, number, number][] = Array.from({ length: 400 }, (_, i) => [
    1,
    (i % 2 ? 1 : -1) * 0.01 * (1 + (i % 5) / 10),
    0.6,
  ]);

  it('says a clear gap is beyond noise, and the same groups are not', () => {
    const c = compareHorizon('1d', { live: sumsOf(winning), paper: sumsOf(coin) });
    expect(c.live.hitRate).toBeCloseTo(0.8, 12);
    expect(c.paper.hitRate).toBeCloseTo(0.5, 12);
    expect(c.difference.hitRate!.value).toBeCloseTo(0.3, 12);
    expect(c.difference.hitRate!.beyondNoise).toBe(true);
    expect(c.difference.ir!.value).toBeCloseTo(c.live.ir! - c.paper.ir!, 12);
    expect(c.difference.ir!.beyondNoise).toBe(true);

    const same = compareHorizon('1d', { live: sumsOf(coin), paper: sumsOf(coin) });
    expect(same.difference.hitRate!.value).toBe(0);
    expect(same.difference.hitRate!.beyondNoise).toBe(false);
    expect(same.difference.ir!.beyondNoise).toBe(false);
  });

  it('has no difference while a side has no decisions, and shows history apart', () => {
    const c = compareHorizon('7d', { history: sumsOf(winning) });
    expect(c.history.nDecisions).toBe(400);
    expect(c.paper.n).toBe(0);
    expect(c.difference).toEqual({ hitRate: null, ir: null });
  });

  it('refuses what is not a horizon', () => {
    expect(() => compareHorizon('soon', {})).toThrow(RangeError);
  });
});

describe('comparePaperVsLive', () => {
  it('gathers rows per horizon, shortest first, and refuses a group twice', () => {
    const s = sumsOf([[1, 0.01, 0.6]]);
    const out = comparePaperVsLive([
      { horizon: '7d', group: 'paper', ...s },
      { horizon: '4h', group: 'history', ...s },
      { horizon: '7d', group: 'live', ...s },
    ]);
    expect(out.map((c) => c.horizon)).toEqual(['4h', '7d']);
    expect(out[1]!.live.n).toBe(1);
    expect(() =>
      comparePaperVsLive([
        { horizon: '1d', group: 'live', ...s },
        { horizon: '1d', group: 'live', ...s },
      ]),
    ).toThrow(RangeError);
  });
});

describe('emptyReason', () => {
  it('says why a group has nothing to show', () => {
    const none = groupFigures(sumsOf([]), '1d');
    expect(emptyReason('live', none)).toMatch(/no matured live decisions.*preview/);
    expect(emptyReason('paper', none)).toMatch(/no matured paper decisions/);
    expect(emptyReason('history', none)).toMatch(/no backfilled history/);
    expect(emptyReason('live', groupFigures(sumsOf([[0, 0.01, 0.6]]), '1d'))).toMatch(
      /below the live threshold/,
    );
    expect(emptyReason('live', groupFigures(sumsOf([[1, 0.01, 0.6]]), '1d'))).toBeNull();
  });
});
