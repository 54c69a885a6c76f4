import { describe, expect, it } from 'vitest';
import {
  formatInExchangeTime,
  isValidTimeZone,
  tradingDayOf,
  tradingDayStartUtc,
} from './exchangeTime';

const NY = 'America/New_York';
const IST = 'Europe/Istanbul';

const iso = (d: Date) => d.toISOString();
const at = (s: string) => new Date(s);

describe('tradingDayStartUtc', () => {
  it('follows New York across the March 2020 DST change', () => {
    expect(iso(tradingDayStartUtc('2020-03-06', NY))).toBe('2020-03-06T05:00:00.000Z');
    // 2020-03-08 is the change itself: midnight is still EST, clocks jump at 02:00.
    expect(iso(tradingDayStartUtc('2020-03-08', NY))).toBe('2020-03-08T05:00:00.000Z');
    expect(iso(tradingDayStartUtc('2020-03-09', NY))).toBe('2020-03-09T04:00:00.000Z');
  });

  it('follows New York back across the November 2020 DST change', () => {
    expect(iso(tradingDayStartUtc('2020-10-30', NY))).toBe('2020-10-30T04:00:00.000Z');
    expect(iso(tradingDayStartUtc('2020-11-01', NY))).toBe('2020-11-01T04:00:00.000Z');
    expect(iso(tradingDayStartUtc('2020-11-02', NY))).toBe('2020-11-02T05:00:00.000Z');
  });

  it('uses +03:00 all year in Istanbul since 2016', () => {
    expect(iso(tradingDayStartUtc('2020-01-02', IST))).toBe('2020-01-01T21:00:00.000Z');
    expect(iso(tradingDayStartUtc('2020-07-01', IST))).toBe('2020-06-30T21:00:00.000Z');
  });

  it('uses the historical Istanbul offsets before 2016 (EET +02:00 / EEST +03:00)', () => {
    expect(iso(tradingDayStartUtc('2015-01-02', IST))).toBe('2015-01-01T22:00:00.000Z');
    expect(iso(tradingDayStartUtc('2015-07-01', IST))).toBe('2015-06-30T21:00:00.000Z');
  });

  it('starts the day at the DST transition where local midnight does not exist', () => {
    // Sao Paulo jumped from 00:00 -03 straight to 01:00 -02 on 2018-11-04.
    const start = tradingDayStartUtc('2018-11-04', 'America/Sao_Paulo');
    expect(iso(start)).toBe('2018-11-04T03:00:00.000Z');
    expect(formatInExchangeTime(start, 'America/Sao_Paulo', true)).toBe('2018-11-04 01:00');
  });

  it('rejects a day the zone skipped entirely', () => {
    // Samoa crossed the date line and went from 2011-12-29 straight to 2011-12-31.
    expect(() => tradingDayStartUtc('2011-12-30', 'Pacific/Apia')).toThrow(RangeError);
  });

  it.each(['2020-02-30', '2020-13-01', '2020-1-2', '20200102', '', '2020-01-02T00:00'])(
    'rejects the malformed day %j',
    (day) => {
      expect(() => tradingDayStartUtc(day, NY)).toThrow(RangeError);
    },
  );

  it('rejects an unknown zone', () => {
    expect(() => tradingDayStartUtc('2020-01-02', 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('tradingDayOf', () => {
  it('puts 22:30Z on the next trading day in Istanbul but the same one in New York', () => {
    const ts = at('2020-03-09T22:30:00Z');
    expect(tradingDayOf(ts, IST)).toBe('2020-03-10');
    expect(tradingDayOf(ts, NY)).toBe('2020-03-09');
  });

  it('switches day exactly at local midnight', () => {
    expect(tradingDayOf(at('2020-03-10T03:59:59.999Z'), NY)).toBe('2020-03-09');
    expect(tradingDayOf(at('2020-03-10T04:00:00.000Z'), NY)).toBe('2020-03-10');
    expect(tradingDayOf(at('2020-01-01T20:59:59.999Z'), IST)).toBe('2020-01-01');
    expect(tradingDayOf(at('2020-01-01T21:00:00.000Z'), IST)).toBe('2020-01-02');
  });

  it('rejects an invalid date or zone', () => {
    expect(() => tradingDayOf(new Date(NaN), NY)).toThrow(RangeError);
    expect(() => tradingDayOf(at('2020-01-01T00:00:00Z'), 'Nowhere/Else')).toThrow(RangeError);
  });

  it.each([NY, IST])('round-trips every day of 2000–2020 in %s at local midnight', (zone) => {
    const problems: string[] = [];
    let days = 0;
    let previous: Date | null = null;
    for (let t = Date.UTC(2000, 0, 1); t <= Date.UTC(2020, 11, 31); t += 86_400_000) {
      const day = new Date(t).toISOString().slice(0, 10);
      const start = tradingDayStartUtc(day, zone);
      if (tradingDayOf(start, zone) !== day) problems.push(`${day}: wrong day`);
      if (formatInExchangeTime(start, zone, true) !== `${day} 00:00`) {
        problems.push(`${day}: not local midnight`);
      }
      // The instant just before belongs to the previous day, so `start` is the first one.
      if (tradingDayOf(new Date(start.getTime() - 1), zone) === day) {
        problems.push(`${day}: not the first instant`);
      }
      const hours = previous ? (start.getTime() - previous.getTime()) / 3_600_000 : 24;
      if (![23, 24, 25].includes(hours)) problems.push(`${day}: ${hours}h after previous day`);
      previous = start;
      days++;
    }
    expect(problems).toEqual([]);
    expect(days).toBe(7671);
  });
});

describe('formatInExchangeTime', () => {
  const ts = at('2020-03-09T14:30:00Z');

  it('shows the exchange wall clock, with or without the time', () => {
    expect(formatInExchangeTime(ts, NY, true)).toBe('2020-03-09 10:30');
    expect(formatInExchangeTime(ts, IST, true)).toBe('2020-03-09 17:30');
    expect(formatInExchangeTime(ts, NY, false)).toBe('2020-03-09');
    expect(formatInExchangeTime(at('2020-03-06T14:30:00Z'), NY, true)).toBe('2020-03-06 09:30');
  });

  it('rejects an unknown zone', () => {
    expect(() => formatInExchangeTime(ts, 'Not/A_Zone', false)).toThrow(RangeError);
  });
});

describe('isValidTimeZone', () => {
  it.each([NY, IST, 'UTC', 'Asia/Kolkata'])('accepts %s', (tz) => {
    expect(isValidTimeZone(tz)).toBe(true);
  });

  it.each(['', '  ', 'Foo/Bar', 'America/Gotham', '+03:00', '-05:00', 'GMT+3:00x'])(
    'rejects %j',
    (tz) => {
      expect(isValidTimeZone(tz)).toBe(false);
    },
  );
});
