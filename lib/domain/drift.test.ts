import { describe, expect, it } from 'vitest';
import {
  compareWindows,
  driftStatus,
  driftWindows,
  histogram,
  quantile,
  recentStats,
  referenceStats,
  seriesDrift,
  splitWindows,
  type RecentStats,
} from './drift';

// Every expected figure below is worked out by hand with the type-7 rule
// h = (n − 1)·p, Q = x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋), and agrees with numpy.percentile.

describe('quantile (Hyndman–Fan type 7)', () => {
  it('interpolates between order statistics', () => {
    // n = 4: h = 0.75, 1.5, 2.25.
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.75)).toBe(3.25);
    // Unsorted input, n = 6 sorted 7 15 36 39 40 41: h = 1.25 → 15 + 0.25·21; 2.5; 3.75.
    const xs = [40, 7, 41, 15, 39, 36];
    expect(quantile(xs, 0.25)).toBe(20.25);
    expect(quantile(xs, 0.5)).toBe(37.5);
    expect(quantile(xs, 0.75)).toBe(39.75);
  });

  it('hits order statistics exactly, and sorts numbers as numbers', () => {
    // n = 9: h = 2, 4, 6 → the 3rd, 5th and 7th values.
    const xs = [9, 1, 8, 2, 7, 3, 6, 4, 5];
    expect([0.25, 0.5, 0.75].map((p) => quantile(xs, p))).toEqual([3, 5, 7]);
    // A default Array sort orders numbers as text (10, 100, 9): the median must be 10.
    expect(quantile([100, 9, 10], 0.5)).toBe(10);
    expect(quantile([-10, 2, -3], 0.5)).toBe(-3);
  });

  it('ends at min and max, a single value everywhere, nothing for no values', () => {
    expect(quantile([3, 1, 2], 0)).toBe(1);
    expect(quantile([3, 1, 2], 1)).toBe(3);
    expect(quantile([5], 0.25)).toBe(5);
    expect(quantile([], 0.5)).toBeNull();
    expect(() => quantile([1], 1.5)).toThrow(RangeError);
    expect(() => quantile([1], Number.NaN)).toThrow(RangeError);
  });
});

describe('fences and shares', () => {
  const ref = referenceStats([1, 2, 3, 4, 5, 6, 7, 8, 9]);

  it('reference quartiles, IQR and the 1.5·IQR fences', () => {
    expect(ref).toEqual({
      n: 9,
      q1: 3,
      median: 5,
      q3: 7,
      iqr: 4,
      lowerFence: -3,
      upperFence: 13,
    });
    expect(referenceStats([]).q1).toBeNull();
  });

  it('counts values strictly outside the fences and places the median', () => {
    // 14 and −4 are outside [−3, 13]; −3 and 13 themselves are not. Median of
    // −4 −3 0 5 6 13 14 is 5, inside [3, 7].
    const rec = recentStats([0, 5, 14, -4, 6, -3, 13], ref);
    expect(rec).toEqual({
      n: 7,
      median: 5,
      outside: 2,
      outsideShare: 2 / 7,
      medianInsideIqr: true,
    });
    // Median 8 of 8 8 8: outside [3, 7]; Q1 and Q3 themselves count as inside.
    expect(recentStats([8, 8, 8], ref).medianInsideIqr).toBe(false);
    expect(recentStats([7, 7, 3], ref).medianInsideIqr).toBe(true);
    expect(recentStats([], ref)).toMatchObject({ n: 0, outsideShare: null });
  });
});

describe('status rule', () => {
  const rec = (n: number, outside: number, medianInsideIqr: boolean): RecentStats => ({
    n,
    median: 0,
    outside,
    outsideShare: outside / n,
    medianInsideIqr,
  });
  const status = (r: RecentStats, refN = 90) => driftStatus({ n: refN }, r).status;

  it('drift: more than 25 % outside, or the median outside with more than 10 % outside', () => {
    expect(status(rec(20, 6, true))).toBe('drift'); // 30 %
    expect(status(rec(10, 2, false))).toBe('drift'); // 20 % and the median out
  });

  it('warn: one sign alone', () => {
    expect(status(rec(20, 5, true))).toBe('warn'); // exactly 25 %: not above it
    expect(status(rec(10, 2, true))).toBe('warn'); // 20 %
    expect(status(rec(10, 0, false))).toBe('warn'); // the median alone
    expect(status(rec(10, 1, false))).toBe('warn'); // exactly 10 % and the median
  });

  it('ok: at most 10 % outside with the median inside', () => {
    expect(status(rec(10, 1, true))).toBe('ok');
    expect(status(rec(5, 0, true))).toBe('ok');
  });

  it('no status for too few values, with the reason', () => {
    expect(driftStatus({ n: 90 }, rec(4, 4, false))).toEqual({
      status: 'insufficient',
      reason: 'only 4 recent values (at least 5 needed)',
    });
    expect(status(rec(5, 0, true), 19)).toBe('insufficient');
    expect(driftStatus({ n: 90 }, rec(20, 6, true)).reason).toBe(
      '30.0 % outside the fences, median inside [Q1, Q3]',
    );
  });
});

describe('histogram', () => {
  it('bins both windows over their combined range, the last bin closed', () => {
    expect(histogram([0, 1, 2, 3, 4], [4, 4], 4)).toEqual([
      { from: 0, to: 1, reference: 1, recent: 0 },
      { from: 1, to: 2, reference: 1, recent: 0 },
      { from: 2, to: 3, reference: 1, recent: 0 },
      { from: 3, to: 4, reference: 2, recent: 2 },
    ]);
    // The recent values widen the range: 0 … 10 in 2 bins.
    expect(histogram([0, 1], [10], 2)).toEqual([
      { from: 0, to: 5, reference: 2, recent: 0 },
      { from: 5, to: 10, reference: 0, recent: 1 },
    ]);
  });

  it('one bin when every value is equal, none without values', () => {
    expect(histogram([50, 50], [50])).toEqual([{ from: 50, to: 50, reference: 2, recent: 1 }]);
    expect(histogram([], [])).toEqual([]);
  });

  it('keeps every value', () => {
    const ref = Array.from({ length: 97 }, (_, i) => Math.sin(i) * 30 + 50);
    const rec = Array.from({ length: 13 }, (_, i) => Math.cos(i) * 40 + 55);
    const bins = histogram(ref, rec);
    expect(bins).toHaveLength(20);
    expect(bins.reduce((s, b) => s + b.reference, 0)).toBe(97);
    expect(bins.reduce((s, b) => s + b.recent, 0)).toBe(13);
  });
});

describe('windows', () => {
  const last = new Date('2020-04-17T04:00:00Z');

  it('end at the last candle: the last 7 days and the reference days before them', () => {
    const w = driftWindows(last, 90);
    expect(w.recentFrom.toISOString()).toBe('2020-04-10T04:00:00.000Z');
    expect(w.referenceFrom.toISOString()).toBe('2020-01-11T04:00:00.000Z');
  });

  it('split a stretch by its counts, leaving out warm-up and undefined values', () => {
    const values = [1, 2, null, 4, 5, null, 7];
    expect(splitWindows(values, { warmup: 2, reference: 3, recent: 2 })).toEqual({
      reference: [4, 5],
      recent: [7],
    });
    expect(() => splitWindows(values, { warmup: 0, reference: 3, recent: 2 })).toThrow(RangeError);
  });

  it('a whole series: RSI and MACD-hist compared, warm-up left out', () => {
    const n = 400;
    // A calm sine, then a last week of a steep climb: RSI pinned high.
    const closes = Array.from({ length: n }, (_, i) =>
      i < n - 7 ? 100 + Math.sin(i * 2.1) + Math.sin(i * 0.7) : 100 + (i - n + 8) * 5,
    );
    // 400 candles: 303 of warm-up, 90 of reference, the last 7 days.
    const result = seriesDrift(closes, { warmup: n - 97, reference: 90, recent: 7 });
    expect(result.map((f) => f.feature)).toEqual(['rsi_14', 'macd_hist']);
    const rsi = result[0];
    expect(rsi.reference.n).toBe(90);
    expect(rsi.recent.n).toBe(7);
    expect(rsi.status).toBe('drift');
    expect(rsi.recent.medianInsideIqr).toBe(false);
    expect(compareWindows('rsi_14', [], []).status).toBe('insufficient');
  });
});
