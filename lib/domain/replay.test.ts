import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCandleCsv } from './candleCsv';
import { replayCandles, type ReplayCandle, type ReplaySeries } from './replay';
import { timeframeMs } from './timeframes';

const series: ReplaySeries = {
  closes: [100, 102, 99, 105, 104, 60, 61, 110],
  volumes: [10, 11, 12, 13, 14, 15, 16, 17],
};

const MIN = 60_000;
const T0 = Date.UTC(2024, 5, 3, 12, 0); // a 5m, 15m and 1h boundary
const at = (ms: number) => new Date(ms);

// One assertion per check, not per candle: thousands of expect() calls make the test slow.
function expectSane(candles: readonly ReplayCandle[]) {
  const bad = candles.filter(
    (k) =>
      ![k.o, k.h, k.l, k.c, k.v].every(Number.isFinite) ||
      k.h < Math.max(k.o, k.c) ||
      k.l > Math.min(k.o, k.c) ||
      k.l <= 0 ||
      k.v < 0,
  );
  expect(bad).toEqual([]);
}

function expectChained(candles: readonly ReplayCandle[], stepMs: number) {
  const breaks = candles.filter(
    (k, i) =>
      i > 0 &&
      (k.ts.getTime() - candles[i - 1].ts.getTime() !== stepMs || k.o !== candles[i - 1].c),
  );
  expect(breaks).toEqual([]);
}

function sp500Series(): ReplaySeries {
  const entry = createRequire(import.meta.url).resolve('vega-datasets');
  const file = path.join(path.dirname(entry), '..', 'data', 'sp500-2000.csv');
  const parsed = parseCandleCsv(readFileSync(file, 'utf8'), {
    tf: '1d',
    timeZone: 'America/New_York',
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return { closes: parsed.candles.map((c) => c.c), volumes: parsed.candles.map((c) => c.v) };
}

describe('replayCandles', () => {
  it('returns only closed candles around a slot boundary', () => {
    const justBefore = replayCandles(series, 'AAA', '5m', null, at(T0 - 1), 3);
    expect(justBefore.map((c) => c.ts.getTime())).toEqual([
      T0 - 20 * MIN,
      T0 - 15 * MIN,
      T0 - 10 * MIN,
    ]);
    // The slot [T0 - 5m, T0) closes exactly at T0.
    const atBoundary = replayCandles(series, 'AAA', '5m', null, at(T0), 3);
    expect(atBoundary.at(-1)?.ts.getTime()).toBe(T0 - 5 * MIN);
    expect(atBoundary[0]).toEqual(justBefore[1]);
  });

  it('returns slots strictly after since, aligned to the epoch', () => {
    const candles = replayCandles(series, 'AAA', '15m', at(T0 - 30 * MIN + 1), at(T0), 100);
    expect(candles.map((c) => c.ts.getTime())).toEqual([T0 - 15 * MIN]);
    expect(replayCandles(series, 'AAA', '15m', at(T0 - 15 * MIN), at(T0), 100)).toEqual([]);
    const daily = replayCandles(series, 'AAA', '1d', null, at(T0), 1);
    expect(daily[0].ts.toISOString()).toBe('2024-06-02T00:00:00.000Z');
  });

  it('is deterministic per slot, whatever the call window', () => {
    const a = replayCandles(series, 'AAA', '1m', null, at(T0), 40);
    const b = replayCandles(series, 'AAA', '1m', null, at(T0), 40);
    expect(b).toEqual(a);
    const later = replayCandles(series, 'AAA', '1m', at(T0 - 41 * MIN), at(T0 + 7 * MIN), 1000);
    expect(later.slice(0, 40)).toEqual(a);
  });

  it('chains across successive calls with no gap and no duplicate', () => {
    const first = replayCandles(series, 'AAA', '1m', null, at(T0), 25);
    const last = first[first.length - 1];
    const second = replayCandles(series, 'AAA', '1m', last.ts, at(T0 + 30 * MIN + 5), 1000);
    expect(second).toHaveLength(30);
    expect(second[0].ts.getTime()).toBe(last.ts.getTime() + MIN);
    expect(second[0].o).toBe(last.c);
    const whole = replayCandles(series, 'AAA', '1m', null, at(T0 + 30 * MIN + 5), 55);
    expect([...first, ...second]).toEqual(whole);
    expectChained(whole, MIN);
  });

  it('gives different symbols different paths', () => {
    const a = replayCandles(series, 'AAA', '1h', null, at(T0), 20);
    const b = replayCandles(series, 'BBB', '1h', null, at(T0), 20);
    expect(b.map((c) => c.ts)).toEqual(a.map((c) => c.ts));
    expect(b.map((c) => c.c)).not.toEqual(a.map((c) => c.c));
  });

  it('keeps the most recent candles when more than limit are closed', () => {
    const all = replayCandles(series, 'AAA', '1m', at(T0 - 60 * MIN), at(T0), 1000);
    expect(all).toHaveLength(59);
    const limited = replayCandles(series, 'AAA', '1m', at(T0 - 60 * MIN), at(T0), 10);
    expect(limited).toEqual(all.slice(-10));
    expect(replayCandles(series, 'AAA', '1m', null, at(T0), 0)).toEqual([]);
  });

  it('repeats the series as a closed loop around the anchor price', () => {
    // Seven returns per pass: every close seven slots apart is the same price.
    const candles = replayCandles(series, 'AAA', '1m', null, at(T0), 50, 20);
    expectChained(candles, MIN);
    expectSane(candles);
    for (let i = 7; i < candles.length; i++) expect(candles[i].c).toBe(candles[i - 7].c);
    const closes = candles.map((c) => c.c);
    expect(closes).toContain(20);
    expect(Math.max(...closes)).toBeLessThan(40);
    // The real moves survive the detrending: the 105 → 104 → 60 crash is still there.
    const ratios = candles.map((c) => c.c / c.o);
    expect(Math.min(...ratios)).toBeLessThan(0.6);
  });

  it('keeps every candle sane on the real S&P 500 series across a full pass', () => {
    const sp500 = sp500Series();
    expect(sp500.closes).toHaveLength(5105);
    const candles = replayCandles(sp500, 'SPX', '1m', null, at(T0), 6000, 4000);
    expect(candles).toHaveLength(6000);
    expectSane(candles);
    expectChained(candles, timeframeMs('1m'));
    const closes = candles.map((c) => c.c);
    expect(Math.min(...closes)).toBeGreaterThan(1000);
    expect(Math.max(...closes)).toBeLessThan(16000);
  });

  it('rejects bad arguments instead of inventing candles', () => {
    expect(() => replayCandles(series, 'AAA', '1m', null, at(NaN), 5)).toThrow(/now/);
    expect(() => replayCandles(series, 'AAA', '1m', null, at(T0), -1)).toThrow(/limit/);
    expect(() => replayCandles(series, 'AAA', '1m', null, at(T0), 5, 0)).toThrow(/anchor/);
    expect(() => replayCandles(series, '', '1m', null, at(T0), 5)).toThrow(/symbol/);
    const bad = { closes: [1, 0, 2], volumes: [1, 1, 1] };
    expect(() => replayCandles(bad, 'AAA', '1m', null, at(T0), 5)).toThrow(/close #1/);
    const short = { closes: [1, 2], volumes: [1] };
    expect(() => replayCandles(short, 'AAA', '1m', null, at(T0), 5)).toThrow(/volumes/);
  });
});
