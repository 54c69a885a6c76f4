import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../test/support/prng';
import {
  addSums,
  MAX_TREND_POINTS,
  pearsonFromSums,
  signalFigures,
  SIGNAL_PARTS,
  sumPairs,
  totalOf,
  trendPlan,
  trendPoints,
  zeroSums,
  type PartFigures,
  type SignalPair,
  type SignalPart,
} from './signalParts';

const pair = (
  decision: -1 | 0 | 1,
  hit: boolean,
  realizedReturn: number,
  rsi: number,
  macd: number,
  trend: number,
): SignalPair => ({ decision, hit, realizedReturn, parts: { rsi, macd, trend } });

/** Pearson's r the textbook way: means first, then centred sums (two passes). */
function twoPassPearson(xs: readonly number[], ys: readonly number[]): number {
  const mx = xs.reduce((s, x) => s + x, 0) / xs.length;
  const my = ys.reduce((s, y) => s + y, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

const partOf = (parts: PartFigures[], part: SignalPart) => parts.find((p) => p.part === part)!;

// Decisions P1, P2, P3, P5 (P4 is a 0); wins P1, P3, P5.
const SMALL = [
  pair(1, true, 0.02, 0.5, -0.2, 0.1),
  pair(-1, false, 0.01, -0.4, 0.3, -0.6),
  pair(1, true, 0.03, -0.1, 0.6, 0.2),
  pair(0, false, -0.01, 0.2, 0, -0.3),
  pair(-1, true, -0.04, 0, -0.5, 0.4),
];

describe('signalFigures: hand-computed', () => {
  const f = signalFigures(sumPairs(SMALL));

  it('counts pairs, decisions and wins', () => {
    expect(f).toMatchObject({ n: 5, nDecisions: 4, wins: 3, hitRate: 0.75 });
  });

  it('rsi: agrees on P1, P2; a part of exactly 0 (P5) does not agree', () => {
    expect(partOf(f.parts, 'rsi')).toMatchObject({
      agreement: 0.5,
      nAgree: 2,
      nDisagree: 2,
      hitRateAgree: 0.5,
      hitRateDisagree: 1,
      winShare: 1 / 3,
    });
  });

  it('macd: agrees on P3, P5, both wins', () => {
    expect(partOf(f.parts, 'macd')).toMatchObject({
      agreement: 0.5,
      hitRateAgree: 1,
      hitRateDisagree: 0.5,
      winShare: 2 / 3,
    });
  });

  it('trend: agrees on P1, P2, P3', () => {
    expect(partOf(f.parts, 'trend')).toMatchObject({
      agreement: 0.75,
      nAgree: 3,
      nDisagree: 1,
      hitRateAgree: 2 / 3,
      hitRateDisagree: 1,
      winShare: 2 / 3,
    });
  });

  it('correlation over every pair, decisions of 0 included, equals the two-pass computation', () => {
    const ys = SMALL.map((p) => p.realizedReturn);
    for (const part of SIGNAL_PARTS) {
      const expected = twoPassPearson(
        SMALL.map((p) => p.parts[part]),
        ys,
      );
      expect(Math.abs(partOf(f.parts, part).correlation! - expected)).toBeLessThan(1e-12);
    }
    // By hand: Sxy = 0.0006, Sxx = 0.452, Syy = 0.00308 (centred sums of rsi and the returns).
    expect(partOf(f.parts, 'rsi').correlation).toBeCloseTo(0.0006 / Math.sqrt(0.452 * 0.00308), 12);
  });
});

describe('pearsonFromSums', () => {
  it('equals the two-pass computation on random data', () => {
    const rand = mulberry32(7);
    const xs = Array.from({ length: 5000 }, () => rand() * 2 - 1);
    const ys = xs.map((x) => 0.001 + 0.01 * (rand() - 0.5) + 0.002 * x);
    const s = { n: xs.length, sumX: 0, sumY: 0, sumXX: 0, sumYY: 0, sumXY: 0 };
    xs.forEach((x, i) => {
      s.sumX += x;
      s.sumY += ys[i];
      s.sumXX += x * x;
      s.sumYY += ys[i] * ys[i];
      s.sumXY += x * ys[i];
    });
    expect(Math.abs(pearsonFromSums(s)! - twoPassPearson(xs, ys))).toBeLessThan(1e-10);
  });

  it('is null below two pairs or without spread, and ±1 on a line', () => {
    const sums = (xs: number[], ys: number[]) => ({
      n: xs.length,
      sumX: xs.reduce((a, b) => a + b, 0),
      sumY: ys.reduce((a, b) => a + b, 0),
      sumXX: xs.reduce((a, b) => a + b * b, 0),
      sumYY: ys.reduce((a, b) => a + b * b, 0),
      sumXY: xs.reduce((a, x, i) => a + x * ys[i], 0),
    });
    expect(pearsonFromSums(sums([0.3], [0.01]))).toBeNull();
    expect(pearsonFromSums(sums([0.1, 0.1, 0.1], [0.01, 0.02, -0.03]))).toBeNull();
    expect(pearsonFromSums(sums([0.2, -0.4, 0.9], [0.7, 0.7, 0.7]))).toBeNull();
    expect(pearsonFromSums(sums([0.1, 0.2, 0.3], [0.3, 0.2, 0.1]))).toBeCloseTo(-1, 12);
    expect(pearsonFromSums(sums([0.1, 0.2, 0.4], [1, 2, 4]))).toBeCloseTo(1, 12);
  });
});

describe('signalFigures: one part built to carry every win', () => {
  // Decisions at random (a tenth of them 0), hits at random with p = 0.55. macd points the way of
  // the decision on every win and anywhere otherwise; rsi and trend are independent noise.
  const rand = mulberry32(42);
  const signed = () => (rand() < 0.5 ? -1 : 1);
  const pairs: SignalPair[] = Array.from({ length: 20_000 }, () => {
    const u = rand();
    const decision = u < 0.1 ? 0 : u < 0.55 ? -1 : 1;
    const hit = rand() < 0.55;
    const win = decision !== 0 && hit;
    const y = (hit ? 1 : -1) * (decision === 0 ? signed() : decision) * 0.01 * (0.1 + rand());
    const magnitude = 0.05 + 0.95 * rand();
    const macd = win ? decision * magnitude : signed() * magnitude;
    return pair(decision as -1 | 0 | 1, hit, y, rand() * 2 - 1, macd, rand() * 2 - 1);
  });
  const f = signalFigures(sumPairs(pairs));
  const macd = partOf(f.parts, 'macd');

  it('gives the carrier a win share of exactly 1, and it never wins without it', () => {
    expect(f.wins).toBeGreaterThan(9000);
    expect(macd.winShare).toBe(1);
    expect(macd.hitRateDisagree).toBe(0);
    expect(macd.hitRateAgree!).toBeGreaterThan(0.7);
  });

  it('gives the other parts a share of about one half: they agree by chance', () => {
    for (const part of ['rsi', 'trend'] as const) {
      const p = partOf(f.parts, part);
      expect(p.winShare!).toBeGreaterThan(0.47);
      expect(p.winShare!).toBeLessThan(0.53);
      expect(p.agreement!).toBeGreaterThan(0.47);
      expect(p.agreement!).toBeLessThan(0.53);
      expect(Math.abs(p.hitRateAgree! - p.hitRateDisagree!)).toBeLessThan(0.04);
      expect(Math.abs(p.correlation!)).toBeLessThan(0.03);
    }
  });

  it('shows the carrier correlated with the return, the noise not', () => {
    expect(macd.correlation!).toBeGreaterThan(0.2);
  });
});

describe('sums', () => {
  it('add up: the sums of two halves are the sums of the whole', () => {
    const a = sumPairs(SMALL.slice(0, 2));
    const b = sumPairs(SMALL.slice(2));
    const whole = sumPairs(SMALL);
    const joined = addSums(a, b);
    expect(joined.n).toBe(whole.n);
    expect(joined.wins).toBe(whole.wins);
    for (const part of SIGNAL_PARTS) {
      expect(joined.parts[part].agree).toBe(whole.parts[part].agree);
      expect(joined.parts[part].sumXY).toBeCloseTo(whole.parts[part].sumXY, 15);
    }
  });

  it('are null figures without pairs, never NaN', () => {
    const f = signalFigures(zeroSums());
    expect(f.hitRate).toBeNull();
    for (const p of f.parts)
      expect(p).toMatchObject({
        agreement: null,
        hitRateAgree: null,
        hitRateDisagree: null,
        correlation: null,
        winShare: null,
      });
  });
});

describe('trendPoints', () => {
  const WEEK = 7 * 86_400_000;
  const t0 = Date.parse('2026-01-05T00:00:00Z'); // a Monday
  const bucket = (week: number, pairs: SignalPair[]) => ({
    start: new Date(t0 + week * WEEK),
    sums: sumPairs(pairs),
  });

  it('adds up the trailing span of buckets by time, a missing bucket adding nothing', () => {
    const buckets = [
      bucket(0, [SMALL[0]]), // a win rsi agrees with
      bucket(1, [SMALL[2]]), // a win rsi does not agree with
      bucket(4, [SMALL[4]]), // a win, rsi 0; weeks 2 and 3 have no pairs
    ];
    const points = trendPoints(buckets, { unit: 'week', span: 2 });
    expect(points.map((p) => p.start.getTime())).toEqual([t0, t0 + WEEK, t0 + 4 * WEEK]);
    expect(points.map((p) => p.wins)).toEqual([1, 2, 1]);
    expect(points.map((p) => p.winShare.rsi)).toEqual([1, 0.5, 0]);
    expect(points.map((p) => p.winShare.macd)).toEqual([0, 0.5, 1]);
    expect(totalOf(buckets).wins).toBe(3);
  });

  it('keeps the latest points only, each still over its whole span', () => {
    const buckets = Array.from({ length: MAX_TREND_POINTS + 30 }, (_, i) =>
      bucket(i, [SMALL[i % 2]]),
    );
    const points = trendPoints(buckets, { unit: 'week', span: 13 });
    expect(points).toHaveLength(MAX_TREND_POINTS);
    expect(points[0].start.getTime()).toBe(t0 + 30 * WEEK);
    expect(points.every((p) => p.nDecisions === 13)).toBe(true);
  });

  it('plans days for short windows and smoothed weeks for all time', () => {
    expect(trendPlan(7)).toEqual({ unit: 'day', span: 1 });
    expect(trendPlan(30)).toEqual({ unit: 'day', span: 1 });
    expect(trendPlan(90)).toEqual({ unit: 'week', span: 1 });
    expect(trendPlan(null)).toEqual({ unit: 'week', span: 52 });
  });
});
