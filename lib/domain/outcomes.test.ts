import { describe, expect, it } from 'vitest';
import { maturesAt } from './horizons';
import { resolveOutcome, type PriceAt } from './outcomes';

const NY = 'America/New_York';
const IST = 'Europe/Istanbul';

const at = (s: string) => new Date(s);
const candle = (ts: string, c: number): PriceAt => ({ ts: at(ts), c });

// New York daily candles around the March 2020 DST change (stamped at local midnight).
const THU = candle('2020-03-05T05:00:00Z', 100);
const FRI = candle('2020-03-06T05:00:00Z', 104);
const MON = candle('2020-03-09T04:00:00Z', 95);
const TUE = candle('2020-03-10T04:00:00Z', 99);

describe('resolveOutcome: daily candles in New York', () => {
  it('is pending for a Friday 1d prediction until Monday, then uses Monday’s close', () => {
    const maturity = maturesAt(FRI.ts, '1d', NY);
    expect(maturity.toISOString()).toBe('2020-03-07T05:00:00.000Z');
    const base = { entryClose: FRI.c, score: -0.4, maturity };
    expect(resolveOutcome({ ...base, candlesFrom: [FRI] })).toBeNull();
    const out = resolveOutcome({ ...base, candlesFrom: [FRI, MON] });
    expect(out).toEqual({
      closeUsed: 95,
      closeTs: MON.ts,
      realizedReturn: 95 / 104 - 1,
      hit: true,
    });
  });

  it('uses the candle at maturity itself: Thursday 1d is Friday’s close', () => {
    const maturity = maturesAt(THU.ts, '1d', NY);
    expect(maturity).toEqual(FRI.ts);
    const out = resolveOutcome({ entryClose: 100, score: 0.2, maturity, candlesFrom: [THU, FRI] });
    expect(out).toEqual({
      closeUsed: 104,
      closeTs: FRI.ts,
      realizedReturn: 104 / 100 - 1,
      hit: true,
    });
  });

  it('matures a 3d prediction across the March DST change on Monday’s EDT candle', () => {
    const maturity = maturesAt(FRI.ts, '3d', NY);
    // A naive +72h would be 05:00Z and leave this pending until Tuesday's candle.
    expect(maturity.toISOString()).toBe('2020-03-09T04:00:00.000Z');
    const out = resolveOutcome({ entryClose: 104, score: -0.3, maturity, candlesFrom: [FRI, MON] });
    expect(out).toEqual({
      closeUsed: 95,
      closeTs: MON.ts,
      realizedReturn: 95 / 104 - 1,
      hit: true,
    });
  });

  it('uses the first close at or after maturity, not a later one', () => {
    const maturity = maturesAt(FRI.ts, '1d', NY);
    const out = resolveOutcome({
      entryClose: 104,
      score: 1,
      maturity,
      candlesFrom: [FRI, MON, TUE],
    });
    expect(out?.closeTs).toEqual(MON.ts);
  });

  it('is pending when no candle has reached maturity, however many came before', () => {
    const maturity = maturesAt(THU.ts, '7d', NY);
    expect(
      resolveOutcome({ entryClose: 100, score: 1, maturity, candlesFrom: [THU, FRI, MON, TUE] }),
    ).toBeNull();
  });
});

describe('resolveOutcome: Istanbul day boundaries differ from UTC', () => {
  // Istanbul daily candles start at 21:00 UTC the evening before.
  const fri = candle('2021-06-03T21:00:00Z', 50);
  const mon = candle('2021-06-06T21:00:00Z', 55);

  it('matures a Friday 3d prediction on the Monday candle stamped Sunday 21:00 UTC', () => {
    const maturity = maturesAt(fri.ts, '3d', IST);
    expect(maturity).toEqual(mon.ts);
    const out = resolveOutcome({ entryClose: 50, score: 0.1, maturity, candlesFrom: [fri, mon] });
    expect(out).toEqual({ closeUsed: 55, closeTs: mon.ts, realizedReturn: 55 / 50 - 1, hit: true });
  });

  it('differs from a UTC exchange, whose Friday candle needs Monday 00:00 UTC', () => {
    const friUtc = candle('2021-06-04T00:00:00Z', 50);
    const maturity = maturesAt(friUtc.ts, '3d', 'UTC');
    expect(maturity.toISOString()).toBe('2021-06-07T00:00:00.000Z');
    expect(
      resolveOutcome({ entryClose: 50, score: 0.1, maturity, candlesFrom: [friUtc, mon] }),
    ).toBeNull();
  });
});

describe('resolveOutcome: intraday', () => {
  it('matures 15m and 4h predictions exactly that much later', () => {
    const t0 = candle('2020-03-08T06:00:00Z', 10);
    const bars = [t0, candle('2020-03-08T06:15:00Z', 11), candle('2020-03-08T10:00:00Z', 9)];
    const m15 = maturesAt(t0.ts, '15m', NY);
    expect(
      resolveOutcome({ entryClose: 10, score: 1, maturity: m15, candlesFrom: bars.slice(0, 1) }),
    ).toBeNull();
    expect(
      resolveOutcome({ entryClose: 10, score: 1, maturity: m15, candlesFrom: bars })?.closeUsed,
    ).toBe(11);
    const m4h = maturesAt(t0.ts, '4h', NY);
    expect(
      resolveOutcome({ entryClose: 10, score: 1, maturity: m4h, candlesFrom: bars.slice(0, 2) }),
    ).toBeNull();
    const out = resolveOutcome({ entryClose: 10, score: 1, maturity: m4h, candlesFrom: bars });
    expect(out).toEqual({
      closeUsed: 9,
      closeTs: bars[2]!.ts,
      realizedReturn: 9 / 10 - 1,
      hit: false,
    });
  });
});

describe('resolveOutcome: hit', () => {
  const maturity = FRI.ts;
  const hit = (score: number, close: number) =>
    resolveOutcome({
      entryClose: 100,
      score,
      maturity,
      candlesFrom: [THU, { ts: FRI.ts, c: close }],
    })?.hit;

  it('is true only when sign(score) matches a non-zero return', () => {
    expect(hit(0.5, 101)).toBe(true);
    expect(hit(-0.5, 99)).toBe(true);
    expect(hit(0.5, 99)).toBe(false);
    expect(hit(-0.5, 101)).toBe(false);
    expect(hit(0.5, 100)).toBe(false);
    expect(hit(-0.5, 100)).toBe(false);
    expect(hit(0, 101)).toBe(false);
    expect(hit(0, 99)).toBe(false);
  });
});

describe('resolveOutcome: input validation', () => {
  it('rejects a bad entry close, score or maturity', () => {
    const ok = { entryClose: 100, score: 1, maturity: FRI.ts, candlesFrom: [THU, FRI] };
    expect(() => resolveOutcome({ ...ok, entryClose: 0 })).toThrow(RangeError);
    expect(() => resolveOutcome({ ...ok, entryClose: NaN })).toThrow(RangeError);
    expect(() => resolveOutcome({ ...ok, score: NaN })).toThrow(RangeError);
    expect(() => resolveOutcome({ ...ok, maturity: new Date(NaN) })).toThrow(RangeError);
  });

  it('refuses candles that start after maturity (the prediction candle is missing)', () => {
    expect(() =>
      resolveOutcome({ entryClose: 100, score: 1, maturity: THU.ts, candlesFrom: [FRI] }),
    ).toThrow(RangeError);
  });

  it('refuses a non-positive close at maturity', () => {
    const bad = { ts: FRI.ts, c: 0 };
    expect(() =>
      resolveOutcome({ entryClose: 100, score: 1, maturity: FRI.ts, candlesFrom: [THU, bad] }),
    ).toThrow(RangeError);
  });
});
