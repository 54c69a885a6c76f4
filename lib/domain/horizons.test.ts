import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HORIZONS,
  horizonDays,
  isHorizon,
  maturesAt,
  parseHorizon,
  periodStartBefore,
} from './horizons';

const NY = 'America/New_York';
const IST = 'Europe/Istanbul';
const SAO = 'America/Sao_Paulo';

const at = (s: string) => new Date(s);
const iso = (d: Date) => d.toISOString();
const HOUR = 3_600_000;

describe('parseHorizon / isHorizon', () => {
  it('parses minute, hour and day horizons', () => {
    expect(parseHorizon('15m')).toEqual({ amount: 15, unit: 'm' });
    expect(parseHorizon('4h')).toEqual({ amount: 4, unit: 'h' });
    expect(parseHorizon('30d')).toEqual({ amount: 30, unit: 'd' });
    for (const h of DEFAULT_HORIZONS) expect(isHorizon(h)).toBe(true);
  });

  it.each([
    '0d',
    '1w',
    '1.5d',
    '01d',
    'd',
    '1',
    '',
    ' 1d',
    '1d ',
    '1D',
    '-1d',
    '1e3d',
    '99999999999999999d',
  ])('rejects %j', (h) => {
    expect(() => parseHorizon(h)).toThrow(RangeError);
    expect(isHorizon(h)).toBe(false);
  });

  it('rejects non-strings without throwing from isHorizon', () => {
    expect(isHorizon(1)).toBe(false);
    expect(isHorizon(null)).toBe(false);
  });
});

describe('horizonDays', () => {
  it('converts every unit to days', () => {
    expect(horizonDays('15m')).toBe(15 / 1440);
    expect(horizonDays('1h')).toBe(1 / 24);
    expect(horizonDays('4h')).toBe(4 / 24);
    expect(horizonDays('3d')).toBe(3);
    expect(horizonDays('30d')).toBe(30);
  });
});

describe('maturesAt: day horizons on daily candles (local midnight)', () => {
  it('matures a Friday 1d prediction at Saturday local midnight', () => {
    expect(iso(maturesAt(at('2020-03-06T05:00:00Z'), '1d', NY))).toBe('2020-03-07T05:00:00.000Z');
  });

  it('keeps local midnight across the March DST change (71 hours for 3d)', () => {
    const m = maturesAt(at('2020-03-06T05:00:00Z'), '3d', NY);
    expect(iso(m)).toBe('2020-03-09T04:00:00.000Z');
    expect(m.getTime() - at('2020-03-06T05:00:00Z').getTime()).toBe(71 * HOUR);
  });

  it('keeps local midnight across the November DST change (73 hours for 3d)', () => {
    expect(iso(maturesAt(at('2020-10-30T04:00:00Z'), '3d', NY))).toBe('2020-11-02T05:00:00.000Z');
  });

  it('rolls over month ends and the leap day', () => {
    expect(iso(maturesAt(at('2020-01-31T05:00:00Z'), '30d', NY))).toBe('2020-03-01T05:00:00.000Z');
    expect(iso(maturesAt(at('2020-02-28T05:00:00Z'), '1d', NY))).toBe('2020-02-29T05:00:00.000Z');
    expect(iso(maturesAt(at('2019-02-28T05:00:00Z'), '1d', NY))).toBe('2019-03-01T05:00:00.000Z');
    // 30 days from Feb 15 lands in March, after the DST change: EDT midnight.
    expect(iso(maturesAt(at('2020-02-15T05:00:00Z'), '30d', NY))).toBe('2020-03-16T04:00:00.000Z');
  });

  it('uses the exchange day, not the UTC day: Istanbul candles start at 21:00 UTC', () => {
    // Istanbul Friday 2021-06-04 starts 2021-06-03T21:00Z; +3d is Monday 00:00 +03.
    expect(iso(maturesAt(at('2021-06-03T21:00:00Z'), '3d', IST))).toBe('2021-06-06T21:00:00.000Z');
    expect(iso(maturesAt(at('2021-06-04T00:00:00Z'), '3d', 'UTC'))).toBe(
      '2021-06-07T00:00:00.000Z',
    );
  });

  it('follows Istanbul across its 2015 DST change (+02:00 → +03:00)', () => {
    expect(iso(maturesAt(at('2015-03-26T22:00:00Z'), '3d', IST))).toBe('2015-03-29T21:00:00.000Z');
  });

  it('matures at the day start where DST skipped local midnight (Sao Paulo 2018-11-04)', () => {
    // 2018-11-04 began at 01:00 -02 (03:00Z), so the day before lasted exactly 24 hours.
    expect(iso(maturesAt(at('2018-11-03T03:00:00Z'), '1d', SAO))).toBe('2018-11-04T03:00:00.000Z');
    // From that 01:00 day start, the next day start is midnight again, not 01:00.
    expect(iso(maturesAt(at('2018-11-04T03:00:00Z'), '1d', SAO))).toBe('2018-11-05T02:00:00.000Z');
  });
});

describe('maturesAt: day horizons on intraday timestamps (wall clock)', () => {
  it('keeps the local time of day across DST (23 hours for 1d)', () => {
    // Sat 10:00 EST → Sun 10:00 EDT.
    expect(iso(maturesAt(at('2020-03-07T15:00:00Z'), '1d', NY))).toBe('2020-03-08T14:00:00.000Z');
  });

  it('pushes a wall time inside the spring-forward gap forward by the gap', () => {
    // 02:30 does not exist on 2020-03-08 in New York: it becomes 03:30 EDT.
    expect(iso(maturesAt(at('2020-03-07T07:30:00Z'), '1d', NY))).toBe('2020-03-08T07:30:00.000Z');
  });

  it('takes the earlier instant of a fall-back overlap', () => {
    // 01:30 happens twice on 2020-11-01: EDT (05:30Z) first.
    expect(iso(maturesAt(at('2020-10-31T05:30:00Z'), '1d', NY))).toBe('2020-11-01T05:30:00.000Z');
  });
});

describe('maturesAt: minute and hour horizons are exact durations', () => {
  it('adds 15 minutes and 4 hours even across a DST change', () => {
    expect(iso(maturesAt(at('2020-03-08T06:50:00Z'), '15m', NY))).toBe('2020-03-08T07:05:00.000Z');
    // 01:00 EST + 4h is 06:00 EDT on the wall clock, but exactly 4 hours later.
    expect(iso(maturesAt(at('2020-03-08T06:00:00Z'), '4h', NY))).toBe('2020-03-08T10:00:00.000Z');
    expect(iso(maturesAt(at('2020-03-08T05:00:00Z'), '24h', NY))).toBe('2020-03-09T05:00:00.000Z');
  });
});

describe('maturesAt: input validation', () => {
  it('rejects bad horizons, dates and time zones', () => {
    expect(() => maturesAt(at('2020-03-06T05:00:00Z'), '1w', NY)).toThrow(RangeError);
    expect(() => maturesAt(new Date(NaN), '1d', NY)).toThrow(RangeError);
    expect(() => maturesAt(at('2020-03-06T05:00:00Z'), '1h', '+03:00')).toThrow(RangeError);
    expect(() => maturesAt(at('2020-03-06T05:00:00Z'), '1d', 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('periodStartBefore: maturesAt run backwards', () => {
  it('starts a Monday 1d period at Sunday local midnight (the last candle before it is Friday)', () => {
    expect(iso(periodStartBefore(at('2020-03-09T04:00:00Z'), '1d', NY))).toBe(
      '2020-03-08T05:00:00.000Z',
    );
  });

  it('keeps local midnight across DST and is the inverse of maturesAt on day starts', () => {
    expect(iso(periodStartBefore(at('2020-03-16T04:00:00Z'), '30d', NY))).toBe(
      '2020-02-15T05:00:00.000Z',
    );
    for (const ts of ['2020-03-06T05:00:00Z', '2020-10-30T04:00:00Z', '2020-01-31T05:00:00Z']) {
      for (const h of DEFAULT_HORIZONS) {
        expect(iso(periodStartBefore(maturesAt(at(ts), h, NY), h, NY))).toBe(iso(at(ts)));
      }
    }
    expect(iso(periodStartBefore(at('2015-03-29T21:00:00Z'), '3d', IST))).toBe(
      '2015-03-26T22:00:00.000Z',
    );
  });

  it('subtracts exact durations for minute and hour horizons', () => {
    expect(iso(periodStartBefore(at('2020-03-08T07:00:00Z'), '4h', NY))).toBe(
      '2020-03-08T03:00:00.000Z',
    );
    expect(iso(periodStartBefore(at('2020-03-08T07:00:00Z'), '15m', NY))).toBe(
      '2020-03-08T06:45:00.000Z',
    );
  });
});
