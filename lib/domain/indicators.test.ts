import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EMA, MACD } from 'technicalindicators';
import { RSI } from 'trading-signals';
import { describe, expect, it } from 'vitest';
import { computeFeatures, ema, macd, rsiWilder } from './indicators';

// The oracles are two independent, established libraries run over the real S&P 500 series
// (5,105 daily closes). technicalindicators rounds RSI to 2 dp, so RSI is checked against
// trading-signals, which does not.

const SP500_CSV = fileURLToPath(
  new URL('../../node_modules/vega-datasets/data/sp500-2000.csv', import.meta.url),
);

function loadCloses(): number[] {
  const [header, ...rows] = readFileSync(SP500_CSV, 'utf8').trim().split(/\r?\n/);
  const closeAt = header.split(',').indexOf('close');
  return rows.map((row) => Number(row.split(',')[closeAt]));
}

const closes = loadCloses();
const REL_TOL = 1e-9;

function relErr(actual: number, expected: number): number {
  const scale = Math.max(Math.abs(actual), Math.abs(expected));
  return scale === 0 ? 0 : Math.abs(actual - expected) / scale;
}

// Compares index by index over the whole series: `expected` holds the oracle's value at the
// same input index, or null where the oracle has none yet, and both must agree on that too.
function expectSeriesMatch(actual: (number | null)[], expected: (number | null)[]): void {
  expect(actual).toHaveLength(expected.length);
  let worst = 0;
  let worstAt = -1;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (e === null || a === null) {
      expect({ i, a }).toEqual({ i, a: e });
      continue;
    }
    const err = relErr(a, e);
    if (err > worst) [worst, worstAt] = [err, i];
  }
  expect(worst, `worst relative error at index ${worstAt}`).toBeLessThanOrEqual(REL_TOL);
}

// technicalindicators emits only defined values: result[j] belongs to input index offset + j.
function alignAt<T>(values: readonly T[], offset: number, n: number): (T | null)[] {
  const out: (T | null)[] = new Array<T | null>(n).fill(null);
  values.forEach((v, j) => (out[offset + j] = v));
  return out;
}

function oracleEma(period: number): (number | null)[] {
  const result = EMA.calculate({ period, values: [...closes] });
  expect(result).toHaveLength(closes.length - period + 1);
  return alignAt(result, period - 1, closes.length);
}

function oracleMacd() {
  const result = MACD.calculate({
    values: [...closes],
    fastPeriod: 12,
    slowPeriod: 26,
    signalPeriod: 9,
    SimpleMAOscillator: false,
    SimpleMASignal: false,
  });
  // First output is for input index slowPeriod - 1 = 25; its signal exists 8 outputs later.
  expect(result).toHaveLength(closes.length - 25);
  const pick = (v: number | undefined) => (v === undefined ? null : v);
  return {
    macd: alignAt(
      result.map((r) => pick(r.MACD)),
      25,
      closes.length,
    ),
    signal: alignAt(
      result.map((r) => pick(r.signal)),
      25,
      closes.length,
    ),
    hist: alignAt(
      result.map((r) => pick(r.histogram)),
      25,
      closes.length,
    ),
  };
}

function oracleRsi(): (number | null)[] {
  const rsi = new RSI(14);
  return closes.map((c) => rsi.add(c));
}

function leadingNulls(values: readonly (number | null)[]): number {
  const first = values.findIndex((v) => v !== null);
  return first === -1 ? values.length : first;
}

describe('indicators on the S&P 500 series (2000-01-03 … 2020-04-17)', () => {
  it('loads the full series', () => {
    expect(closes).toHaveLength(5105);
    expect(closes.every(Number.isFinite)).toBe(true);
  });

  it('EMA-20 matches technicalindicators at every index', () => {
    expectSeriesMatch(ema(closes, 20), oracleEma(20));
  });

  it('EMA-50 matches technicalindicators at every index', () => {
    expectSeriesMatch(ema(closes, 50), oracleEma(50));
  });

  it('MACD(12,26,9) line, signal and histogram match technicalindicators', () => {
    const ours = macd(closes);
    const oracle = oracleMacd();
    expectSeriesMatch(ours.macd, oracle.macd);
    expectSeriesMatch(ours.signal, oracle.signal);
    expectSeriesMatch(ours.hist, oracle.hist);
  });

  it('RSI-14 (Wilder) matches trading-signals at every index', () => {
    expectSeriesMatch(rsiWilder(closes, 14), oracleRsi());
  });

  it('has exactly the TA-Lib warm-up and no gaps afterwards', () => {
    const features = computeFeatures(closes);
    expect(features).toHaveLength(closes.length);
    const column = (k: keyof (typeof features)[number]) => features.map((f) => f[k]);
    const expected = { ema_20: 19, ema_50: 49, rsi_14: 14, macd_hist: 33 } as const;
    for (const [key, warmUp] of Object.entries(expected)) {
      const values = column(key as keyof typeof expected);
      expect(leadingNulls(values), key).toBe(warmUp);
      expect(
        values.slice(warmUp).every((v) => v !== null && Number.isFinite(v)),
        key,
      ).toBe(true);
    }
  });

  it('computeFeatures is the per-index zip of the individual indicators', () => {
    const features = computeFeatures(closes);
    const rsi = rsiWilder(closes);
    const hist = macd(closes).hist;
    const e20 = ema(closes, 20);
    const e50 = ema(closes, 50);
    const zipped = closes.map((_, i) => ({
      rsi_14: rsi[i],
      macd_hist: hist[i],
      ema_20: e20[i],
      ema_50: e50[i],
    }));
    expect(features).toEqual(zipped);
  });
});

describe('ema (hand-computed)', () => {
  it('seeds with the simple mean of the first `period` values', () => {
    // seed mean(1,2,3) = 2, k = 0.5: 2 + 0.5·(4−2) = 3, 3 + 0.5·(5−3) = 4
    expect(ema([1, 2, 3, 4, 5], 3)).toEqual([null, null, 2, 3, 4]);
    // seed 15, k = 2/3: 15 + ⅔·15 = 25, 25 + ⅔·(10−25) = 15
    const out = ema([10, 20, 30, 10], 2);
    expect(out.slice(0, 1)).toEqual([null]);
    expect(out[1]).toBe(15);
    expect(out[2]).toBeCloseTo(25, 12);
    expect(out[3]).toBeCloseTo(15, 12);
  });

  it('period 1 is the input itself; short input is all warm-up', () => {
    expect(ema([3, 1, 4], 1)).toEqual([3, 1, 4]);
    expect(ema([1, 2], 3)).toEqual([null, null]);
    expect(ema([], 3)).toEqual([]);
  });
});

describe('rsiWilder (hand-computed)', () => {
  it('seeds with the mean gain/loss of the first `period` changes, then smooths', () => {
    // changes +1 +1 −1 | +2; seed avgGain 2/3, avgLoss 1/3 → 66.67;
    // then avgGain (2/3·2+2)/3 = 10/9, avgLoss (1/3·2)/3 = 2/9 → 100·10/12
    const out = rsiWilder([1, 2, 3, 2, 4], 3);
    expect(out.slice(0, 3)).toEqual([null, null, null]);
    expect(out[3]).toBeCloseTo(200 / 3, 12);
    expect(out[4]).toBeCloseTo(250 / 3, 12);
  });

  it('returns neutral 50 on perfectly flat prices (TA-Lib would say 0)', () => {
    const out = rsiWilder(new Array(30).fill(100));
    expect(leadingNulls(out)).toBe(14);
    expect(out.slice(14).every((v) => v === 50)).toBe(true);
  });

  it('returns 100 on an all-up series and 0 on an all-down one', () => {
    const up = Array.from({ length: 30 }, (_, i) => 100 + i);
    const down = Array.from({ length: 30 }, (_, i) => 100 - i);
    expect(
      rsiWilder(up)
        .slice(14)
        .every((v) => v === 100),
    ).toBe(true);
    expect(
      rsiWilder(down)
        .slice(14)
        .every((v) => v === 0),
    ).toBe(true);
  });

  it('leaves 50 as soon as flat prices start moving', () => {
    const out = rsiWilder([...new Array(15).fill(10), 11]);
    expect(out[14]).toBe(50);
    expect(out[15]).toBe(100);
  });

  it('needs period + 1 closes for a first value', () => {
    expect(rsiWilder(new Array(14).fill(1))).toEqual(new Array(14).fill(null));
  });
});

describe('macd (hand-computed)', () => {
  it('aligns line at slow−1 and signal/hist at slow−1+signal−1', () => {
    // ema2: –,2,2,4,4,16/3   ema3: –,–,2,3.5,3.75,4.875
    // line: –,–,0,0.5,0.25,11/24   signal(2): seed 0.25 at index 3, then 0.25, 0.25+⅔·(11/24−0.25)
    const { macd: line, signal, hist } = macd([1, 3, 2, 5, 4, 6], 2, 3, 2);
    expect(line.slice(0, 2)).toEqual([null, null]);
    expect(line[2]).toBeCloseTo(0, 12);
    expect(line[3]).toBeCloseTo(0.5, 12);
    expect(line[4]).toBeCloseTo(0.25, 12);
    expect(line[5]).toBeCloseTo(11 / 24, 12);
    expect(signal.slice(0, 3)).toEqual([null, null, null]);
    expect(signal[3]).toBeCloseTo(0.25, 12);
    expect(signal[4]).toBeCloseTo(0.25, 12);
    expect(signal[5]).toBeCloseTo(0.25 + (2 / 3) * (11 / 24 - 0.25), 12);
    expect(hist.slice(0, 3)).toEqual([null, null, null]);
    expect(hist[3]).toBeCloseTo(0.25, 12);
    expect(hist[4]).toBeCloseTo(0, 12);
    expect(hist[5]).toBeCloseTo((1 / 3) * (11 / 24 - 0.25), 12);
  });

  it('rejects a fast period that is not shorter than the slow one', () => {
    expect(() => macd([1, 2, 3], 26, 12, 9)).toThrow(RangeError);
  });
});

describe('input validation', () => {
  const bad = [NaN, Infinity, -Infinity];

  it.each(bad)('throws a RangeError on %s in the input', (x) => {
    const values = [1, 2, x, 4, 5];
    expect(() => ema(values, 2)).toThrow(RangeError);
    expect(() => rsiWilder(values, 2)).toThrow(RangeError);
    expect(() => macd(values, 2, 3, 2)).toThrow(RangeError);
    expect(() => computeFeatures(values)).toThrow(RangeError);
  });

  it('throws even when the bad value sits inside the warm-up', () => {
    expect(() => ema([NaN, 1, 2], 5)).toThrow(RangeError);
  });

  it.each([0, -1, 2.5, NaN])('throws a RangeError on period %s', (p) => {
    expect(() => ema([1, 2, 3], p)).toThrow(RangeError);
    expect(() => rsiWilder([1, 2, 3], p)).toThrow(RangeError);
  });
});
