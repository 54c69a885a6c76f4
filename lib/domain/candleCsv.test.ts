import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCandleCsv, type CandleCsvResult, type CsvRowError } from './candleCsv';

const NY = 'America/New_York';
const IST = 'Europe/Istanbul';
const HEADER = 'ts,open,high,low,close,volume';
const DAILY = { tf: '1d', timeZone: NY };

const csv = (...lines: string[]) => lines.join('\n') + '\n';

function errorsOf(result: CandleCsvResult): CsvRowError[] {
  if (result.ok) throw new Error('expected the CSV to be rejected');
  expect(result).not.toHaveProperty('candles');
  return result.errors;
}

// line + field is what an operator acts on; the message only has to mention the problem.
function expectOnlyError(result: CandleCsvResult, line: number, field?: string): CsvRowError {
  const errors = errorsOf(result);
  expect(errors.map((e) => ({ line: e.line, field: e.field }))).toEqual([{ line, field }]);
  return errors[0];
}

describe('a valid file', () => {
  it('parses every row in order', () => {
    const result = parseCandleCsv(
      csv(HEADER, '2020-03-06,10,12,9,11,1000', '2020-03-09,11,11.5,8,8.5,2e3'),
      DAILY,
    );
    expect(result).toEqual({
      ok: true,
      candles: [
        { ts: new Date('2020-03-06T05:00:00Z'), tf: '1d', o: 10, h: 12, l: 9, c: 11, v: 1000 },
        { ts: new Date('2020-03-09T04:00:00Z'), tf: '1d', o: 11, h: 11.5, l: 8, c: 8.5, v: 2000 },
      ],
    });
  });

  it('accepts header aliases in any case, trims them and ignores extra columns', () => {
    const result = parseCandleCsv(
      csv(' Date ,O,H,L,adjclose,C,VOL,note', '2020-01-02,1,2,1,9,2,0,hello'),
      { tf: '1d', timeZone: IST },
    );
    expect(result).toEqual({
      ok: true,
      candles: [{ ts: new Date('2020-01-01T21:00:00Z'), tf: '1d', o: 1, h: 2, l: 1, c: 2, v: 0 }],
    });
  });

  it('reads every supported timestamp form', () => {
    const result = parseCandleCsv(
      csv(
        HEADER,
        '2020-03-08,1,1,1,1,1', // date only: trading-day start in the exchange zone
        '2020-03-09T13:30:00Z,1,1,1,1,1', // ISO-8601 UTC
        '2020-03-09T17:30:00+03:00,1,1,1,1,1', // ISO-8601 with offset
        '2020-03-09 11:30,1,1,1,1,1', // naive: exchange wall clock (EDT here)
        '2020-03-09 12:30:00,1,1,1,1,1',
        '1583775000000,1,1,1,1,1', // epoch milliseconds = 2020-03-09T17:30Z
        '2020-03-09T18:30:00.250+0000,1,1,1,1,1',
      ),
      { tf: '1h', timeZone: NY },
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.candles.map((c) => c.ts.toISOString())).toEqual([
      '2020-03-08T05:00:00.000Z',
      '2020-03-09T13:30:00.000Z',
      '2020-03-09T14:30:00.000Z',
      '2020-03-09T15:30:00.000Z',
      '2020-03-09T16:30:00.000Z',
      '2020-03-09T17:30:00.000Z',
      '2020-03-09T18:30:00.250Z',
    ]);
  });

  it('takes the timeframe per row from a tf column, ordering each timeframe separately', () => {
    const result = parseCandleCsv(
      csv(
        'ts,tf,open,high,low,close,volume',
        '2020-03-09T13:30:00Z,1h,1,1,1,1,1',
        '2020-03-09T13:30:00Z,5m,1,1,1,1,1', // same instant, other timeframe: not a duplicate
        '2020-03-09T14:30:00Z,1h,1,1,1,1,1',
        '2020-03-09T13:35:00Z,5m,1,1,1,1,1', // earlier than the 1h row above, fine for 5m
        '2020-03-09T13:40:00Z,,1,1,1,1,1', // empty cell falls back to options.tf
      ),
      { tf: '5m', timeZone: NY },
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.candles.map((c) => c.tf)).toEqual(['1h', '5m', '1h', '5m', '5m']);
  });

  it('does not need options.tf when the file has a tf column', () => {
    const result = parseCandleCsv(csv('ts,tf,o,h,l,c,v', '2020-01-02,1d,1,1,1,1,1'), {
      timeZone: NY,
    });
    expect(result.ok).toBe(true);
  });

  it('accepts signed, fractional and exponent numbers', () => {
    const result = parseCandleCsv(csv(HEADER, '2020-01-02,+1.5,.2e1,1.,1.5E0,0'), DAILY);
    expect(result.ok && result.candles[0]).toMatchObject({ o: 1.5, h: 2, l: 1, c: 1.5, v: 0 });
  });
});

describe('the built-in S&P 500 file', () => {
  it('parses all 5,105 daily candles from vega-datasets', () => {
    const path = fileURLToPath(
      new URL('../../node_modules/vega-datasets/data/sp500-2000.csv', import.meta.url),
    );
    const result = parseCandleCsv(readFileSync(path, 'utf8'), DAILY);
    if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 5)));
    expect(result.candles).toHaveLength(5105);
    expect(result.candles[0]).toEqual({
      ts: new Date('2000-01-03T05:00:00Z'),
      tf: '1d',
      o: 1469.25,
      h: 1478,
      l: 1438.359985,
      c: 1455.219971,
      v: 931800000,
    });
    const last = result.candles[5104];
    expect(last.ts.toISOString()).toBe('2020-04-17T04:00:00.000Z');
    expect(last.c).toBe(2874.560059);
  });
});

describe('row errors carry the physical line and the field', () => {
  const good = '2020-01-02,10,12,9,11,100';

  it('rejects a CSV whose high is below its low', () => {
    const result = parseCandleCsv(csv(HEADER, good, '2020-01-03,10,8,9,9,100'), DAILY);
    expect(expectOnlyError(result, 3, 'h').message).toMatch(/high 8 .*below.* low 9/);
  });

  it('rejects an open outside [low, high]', () => {
    expectOnlyError(parseCandleCsv(csv(HEADER, good, '2020-01-03,13,12,9,11,1'), DAILY), 3, 'o');
    expectOnlyError(parseCandleCsv(csv(HEADER, good, '2020-01-03,8,12,9,11,1'), DAILY), 3, 'o');
  });

  it('rejects a close outside [low, high]', () => {
    expectOnlyError(parseCandleCsv(csv(HEADER, good, '2020-01-03,10,12,9,12.5,1'), DAILY), 3, 'c');
    expectOnlyError(parseCandleCsv(csv(HEADER, '2020-01-03,10,12,9,8,1'), DAILY), 2, 'c');
  });

  it('rejects a negative volume', () => {
    expectOnlyError(parseCandleCsv(csv(HEADER, good, '2020-01-03,10,12,9,11,-5'), DAILY), 3, 'v');
  });

  it('rejects a zero or negative price', () => {
    expectOnlyError(parseCandleCsv(csv(HEADER, '2020-01-03,0,1,0,1,5'), DAILY), 2, 'l');
  });

  it.each(['12abc', 'NaN', 'Infinity', '-Infinity', '0x1A', '1e', '1 000', '1e999', '--1'])(
    'rejects the non-number %j',
    (bad) => {
      const result = parseCandleCsv(csv(HEADER, good, `2020-01-03,10,12,9,${bad},1`), DAILY);
      expect(expectOnlyError(result, 3, 'c').message).toContain(bad);
    },
  );

  it('rejects an empty (missing) value', () => {
    const result = parseCandleCsv(csv(HEADER, good, '2020-01-03,10,12,9,11,'), DAILY);
    expect(expectOnlyError(result, 3, 'v').message).toMatch(/missing/);
  });

  it('rejects a row with the wrong number of columns', () => {
    const short = parseCandleCsv(csv(HEADER, good, '2020-01-03,10,12,9,11'), DAILY);
    expect(expectOnlyError(short, 3).message).toMatch(/expected 6 columns, found 5/);
    const long = parseCandleCsv(csv(HEADER, '2020-01-03,10,12,9,11,1,7'), DAILY);
    expect(expectOnlyError(long, 2).message).toMatch(/expected 6 columns, found 7/);
  });

  it('rejects an unknown timeframe in the tf column', () => {
    const result = parseCandleCsv(
      csv('ts,tf,o,h,l,c,v', '2020-01-02,1d,1,1,1,1,1', '2020-01-03,1D,1,1,1,1,1'),
      { timeZone: NY },
    );
    expect(expectOnlyError(result, 3, 'tf').message).toContain('1D');
  });

  it('rejects a row without a timeframe when there is no fallback', () => {
    const result = parseCandleCsv(csv('ts,tf,o,h,l,c,v', '2020-01-02,,1,1,1,1,1'), {
      timeZone: NY,
    });
    expectOnlyError(result, 2, 'tf');
  });

  it('rejects a duplicate timestamp within a timeframe', () => {
    const result = parseCandleCsv(csv(HEADER, good, good), DAILY);
    expect(expectOnlyError(result, 3, 'ts').message).toMatch(/duplicate.*line 2/);
  });

  it('treats two spellings of the same instant as a duplicate', () => {
    const result = parseCandleCsv(
      csv(HEADER, '2020-03-09T13:30:00Z,1,1,1,1,1', '2020-03-09 09:30,1,1,1,1,1'),
      { tf: '1h', timeZone: NY },
    );
    expectOnlyError(result, 3, 'ts');
  });

  it('names the first occurrence of a non-adjacent duplicate', () => {
    const result = parseCandleCsv(csv(HEADER, good, '2020-01-03,1,1,1,1,1', good), DAILY);
    expect(expectOnlyError(result, 4, 'ts').message).toMatch(/duplicate.*line 2/);
  });

  it('rejects timestamps that go back in time', () => {
    const result = parseCandleCsv(
      csv(HEADER, '2020-01-03,1,1,1,1,1', good, '2020-01-06,1,1,1,1,1'),
      DAILY,
    );
    expect(expectOnlyError(result, 3, 'ts').message).toMatch(/earlier than line 2/);
  });

  it.each([
    ['03/09/2020', /unrecognised/],
    ['2020-13-01', /not a calendar day/],
    ['2020-02-30 10:00', /not a valid date/],
    ['2020-01-02T24:00:00Z', /not a valid date/],
    ['1583764200', /epoch milliseconds/], // epoch seconds
    ['20200309', /epoch milliseconds/],
    ['2020-03-08 02:30', /does not exist in America\/New_York/], // skipped by DST
    ['2020-01-02T10:00:00+15:00', /offset/],
    ['2020-01-02T10:00:00.0001Z', /millisecond/],
    ['yesterday', /unrecognised/],
  ])('rejects the timestamp %j', (bad, message) => {
    const result = parseCandleCsv(csv(HEADER, good, `${bad},1,1,1,1,1`), {
      tf: '1h',
      timeZone: NY,
    });
    expect(expectOnlyError(result, 3, 'ts').message).toMatch(message);
  });

  it('rejects a missing timestamp', () => {
    const result = parseCandleCsv(csv(HEADER, ',1,1,1,1,1'), DAILY);
    expect(expectOnlyError(result, 2, 'ts').message).toMatch(/missing/);
  });

  it('reports every problem of every row, in line order', () => {
    const result = parseCandleCsv(
      csv(
        HEADER,
        good,
        '2020-01-03,x,12,13,11,-1', // o not a number, h < l, negative volume
        '2020-01-06,10,12,9,11,1',
        'bad-date,10,12,9,11,1',
      ),
      DAILY,
    );
    expect(errorsOf(result).map((e) => [e.line, e.field])).toEqual([
      [3, 'o'],
      [3, 'h'],
      [3, 'v'],
      [5, 'ts'],
    ]);
  });

  it('stops collecting at maxErrors', () => {
    const rows = Array.from({ length: 10 }, (_, i) => `2020-01-${10 + i},1,1,1,1,-1`);
    expect(errorsOf(parseCandleCsv(csv(HEADER, ...rows), DAILY))).toHaveLength(10);
    const capped = errorsOf(parseCandleCsv(csv(HEADER, ...rows), { ...DAILY, maxErrors: 3 }));
    expect(capped.map((e) => e.line)).toEqual([2, 3, 4]);
  });

  it('caps at 100 errors by default', () => {
    const rows = Array.from({ length: 150 }, () => 'x,1,1,1,1,1');
    expect(errorsOf(parseCandleCsv(csv(HEADER, ...rows), DAILY))).toHaveLength(100);
  });
});

describe('header problems are reported on line 1', () => {
  it('names a missing required column', () => {
    const result = parseCandleCsv(csv('ts,open,high,low,volume', '2020-01-02,1,1,1,1'), DAILY);
    expect(expectOnlyError(result, 1, 'c').message).toMatch(/close/);
  });

  it('names each missing column', () => {
    const result = parseCandleCsv(csv('when,open,high,low,close', '2020-01-02,1,1,1,1'), DAILY);
    expect(errorsOf(result).map((e) => [e.line, e.field])).toEqual([
      [1, 'ts'],
      [1, 'v'],
    ]);
  });

  it('rejects two columns that mean the same thing', () => {
    const result = parseCandleCsv(
      csv('date,ts,o,h,l,c,v', '2020-01-02,2020-01-02,1,1,1,1,1'),
      DAILY,
    );
    expectOnlyError(result, 1, 'ts');
  });

  it('needs a timeframe from the file or the options', () => {
    expectOnlyError(parseCandleCsv(csv(HEADER, '2020-01-02,1,1,1,1,1'), { timeZone: NY }), 1, 'tf');
  });

  it('rejects an unknown default timeframe', () => {
    const result = parseCandleCsv(csv(HEADER, '2020-01-02,1,1,1,1,1'), { tf: '2h', timeZone: NY });
    expectOnlyError(result, 1, 'tf');
  });
});

describe('file shape', () => {
  it.each(['', '\n\n', '\uFEFF'])('rejects an empty file %j', (text) => {
    expect(expectOnlyError(parseCandleCsv(text, DAILY), 1).message).toMatch(/empty/);
  });

  it('rejects a header without data rows', () => {
    expect(expectOnlyError(parseCandleCsv(HEADER, DAILY), 1).message).toMatch(/no data rows/);
    expectOnlyError(parseCandleCsv(csv(HEADER, '', ''), DAILY), 1);
  });

  it('handles CRLF line endings with the same line numbers', () => {
    const lines = [HEADER, '2020-01-02,1,1,1,1,1', '2020-01-03,1,1,2,1,1'];
    const crlf = parseCandleCsv(lines.join('\r\n') + '\r\n', DAILY);
    expect(crlf).toEqual(parseCandleCsv(lines.join('\n'), DAILY));
    expectOnlyError(crlf, 3, 'h');
    expect(parseCandleCsv(lines.slice(0, 2).join('\r\n'), DAILY).ok).toBe(true);
  });

  it('strips a UTF-8 byte order mark before the header', () => {
    const result = parseCandleCsv('\uFEFF' + csv(HEADER, '2020-01-02,1,1,1,1,1'), DAILY);
    expect(result.ok).toBe(true);
  });

  it('counts skipped blank lines in line numbers', () => {
    const result = parseCandleCsv(
      csv(HEADER, '', '2020-01-02,1,1,1,1,1', '   ', '', '2020-01-03,1,1,2,1,1'),
      DAILY,
    );
    expectOnlyError(result, 6, 'h');
  });

  it('accepts quoted fields', () => {
    const result = parseCandleCsv(
      csv('"ts","open","high","low","close","volume"', '"2020-01-02","1","1","1","1","1"'),
      DAILY,
    );
    expect(result.ok).toBe(true);
  });

  it('reports malformed quoting at the line where it starts, after earlier row errors', () => {
    const result = parseCandleCsv(
      csv(HEADER, '2020-01-02,1,1,2,1,1', '', '2020-01-03,"1,1,1,1,1', '2020-01-06,1,1,1,1,1'),
      DAILY,
    );
    expect(errorsOf(result).map((e) => [e.line, e.field])).toEqual([
      [2, 'h'],
      [4, undefined],
    ]);
  });

  it('rejects a line break inside a quoted field at its first line', () => {
    const text = [HEADER, '2020-01-02,1,1,1,1,1', '2020-01-03,"1\r\n",1,1,1,1', ''].join('\r\n');
    expect(expectOnlyError(parseCandleCsv(text, DAILY), 3).message).toMatch(/line break/);
  });
});

describe('caller errors', () => {
  it('throws on an invalid exchange zone or maxErrors instead of blaming the file', () => {
    const text = csv(HEADER, '2020-01-02,1,1,1,1,1');
    expect(() => parseCandleCsv(text, { tf: '1d', timeZone: 'Nowhere/Else' })).toThrow(RangeError);
    expect(() => parseCandleCsv(text, { ...DAILY, maxErrors: 0 })).toThrow(RangeError);
  });
});
