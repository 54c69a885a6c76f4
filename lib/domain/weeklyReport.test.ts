import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  formatIsoWeek,
  isoWeekOf,
  isoWeekRange,
  lastCompleteWeek,
  parseIsoWeek,
  recentWeeks,
  servedAs,
  WEEKLY_CSV_COLUMNS,
  weeklyCsvFileName,
  weeklyCsvHeader,
  weeklyCsvLine,
  weekProblem,
  weeksEndingIn,
  weeksInYear,
  type WeeklyRow,
} from './weeklyReport';

const d = (iso: string) => new Date(iso);

describe('ISO weeks', () => {
  it('names the week of an instant as ISO 8601 does, at the year edges too', () => {
    expect(formatIsoWeek(isoWeekOf(d('2026-11-16T00:00:00Z')))).toBe('2026-W47');
    expect(formatIsoWeek(isoWeekOf(d('2026-11-22T23:59:59.999Z')))).toBe('2026-W47');
    expect(formatIsoWeek(isoWeekOf(d('2026-11-23T00:00:00Z')))).toBe('2026-W48');
    // 2021-01-03 (Sunday) belongs to 2020-W53; 2024-12-30 (Monday) to 2025-W01.
    expect(formatIsoWeek(isoWeekOf(d('2021-01-03T12:00:00Z')))).toBe('2020-W53');
    expect(formatIsoWeek(isoWeekOf(d('2024-12-30T00:00:00Z')))).toBe('2025-W01');
    expect(formatIsoWeek(isoWeekOf(d('1970-01-01T00:00:00Z')))).toBe('1970-W01');
  });

  it('gives Monday 00:00 UTC to the next Monday', () => {
    const { from, to } = isoWeekRange({ year: 2026, week: 47 });
    expect(from.toISOString()).toBe('2026-11-16T00:00:00.000Z');
    expect(to.toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(isoWeekRange({ year: 2020, week: 53 }).from.toISOString()).toBe(
      '2020-12-28T00:00:00.000Z',
    );
    expect(isoWeekRange({ year: 2025, week: 1 }).from.toISOString()).toBe(
      '2024-12-30T00:00:00.000Z',
    );
  });

  it('round-trips every week of several years', () => {
    for (let year = 1999; year <= 2030; year++)
      for (let week = 1; week <= weeksInYear(year); week++)
        expect(isoWeekOf(isoWeekRange({ year, week }).from)).toEqual({ year, week });
    expect(weeksInYear(2020)).toBe(53);
    expect(weeksInYear(2026)).toBe(53);
    expect(weeksInYear(2025)).toBe(52);
  });

  it('parses only real weeks', () => {
    expect(parseIsoWeek('2026-W47')).toEqual({ year: 2026, week: 47 });
    expect(parseIsoWeek('2020-W53')).toEqual({ year: 2020, week: 53 });
    for (const bad of ['2025-W53', '2026-W00', '2026-W54', '2026-W7', '2026W47', '2026-w47', ''])
      expect(parseIsoWeek(bad)).toBeNull();
  });

  it('defaults to the last complete week and lists recent ones newest first', () => {
    const now = d('2026-11-25T10:00:00Z'); // a Wednesday of W48
    expect(formatIsoWeek(lastCompleteWeek(now))).toBe('2026-W47');
    expect(formatIsoWeek(lastCompleteWeek(d('2026-11-23T00:00:00Z')))).toBe('2026-W47');
    expect(recentWeeks(now, 3).map(formatIsoWeek)).toEqual(['2026-W47', '2026-W46', '2026-W45']);
    expect(recentWeeks(d('2027-01-06T00:00:00Z'), 2).map(formatIsoWeek)).toEqual([
      '2026-W53',
      '2026-W52',
    ]);
  });

  it('refuses a week not begun or before the first matured prediction', () => {
    const now = d('2026-11-25T10:00:00Z');
    const first = d('2026-11-10T00:00:00Z'); // W46
    expect(weekProblem({ year: 2026, week: 48 }, now, first)).toBeNull();
    expect(weekProblem({ year: 2026, week: 49 }, now, first)).toMatch(/not begun/);
    expect(weekProblem({ year: 2026, week: 46 }, now, first)).toBeNull();
    expect(weekProblem({ year: 2026, week: 45 }, now, first)).toMatch(/before the first/);
    expect(weekProblem({ year: 2026, week: 47 }, now, null)).toMatch(/no prediction/);
  });

  it('puts in an archive every week whose end falls in its range', () => {
    const names = (from: string, to: string) => weeksEndingIn(d(from), d(to)).map(formatIsoWeek);
    // The daily archive of Monday 2026-11-23 carries W47; the one of Sunday none.
    expect(names('2026-11-23T00:00:00Z', '2026-11-24T00:00:00Z')).toEqual(['2026-W47']);
    expect(names('2026-11-22T00:00:00Z', '2026-11-23T00:00:00Z')).toEqual([]);
    expect(names('2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z')).toEqual([
      '2026-W44',
      '2026-W45',
      '2026-W46',
      '2026-W47',
      '2026-W48',
    ]);
    expect(names('2026-11-23T00:00:01Z', '2026-11-30T00:00:00Z')).toEqual([]);
  });
});

const row = (over: Partial<WeeklyRow> = {}): WeeklyRow => ({
  ts: d('2026-11-16T14:30:00Z'),
  symbol: 'SPX',
  tf: '1d',
  horizon: '7d',
  model: 'fusion-v2.0.0',
  rawConfidence: 0.61,
  confid: 0.5833333333333334,
  mlBucket: 0.5,
  partRsi: -0.25,
  partMacd: 1,
  partTrend: 0.1,
  decision: 1,
  liveDecision: null,
  realizedReturn: -0.0123,
  hit: false,
  mode: null,
  ...over,
});

describe('the weekly CSV', () => {
  it('has the header and one CRLF line per row, in column order', () => {
    expect(weeklyCsvHeader()).toBe(`${WEEKLY_CSV_COLUMNS.join(',')}\r\n`);
    expect(weeklyCsvLine(row())).toBe(
      '2026-11-16T14:30:00.000Z,SPX,1d,7d,fusion-v2.0.0,0.61,0.5833333333333334,0.5,-0.25,1,0.1,1,,-0.0123,false,advisory\r\n',
    );
    expect(weeklyCsvLine(row({ mode: 'live', liveDecision: 0, mlBucket: 1 }))).toMatch(
      /,1\.0,.*,1,0,-0\.0123,false,live\r\n$/,
    );
  });

  it('serves live only in mode live; backfilled history and paper modes are advisory', () => {
    expect(servedAs('live')).toBe('live');
    for (const mode of [null, 'off', 'preview', 'shadow']) expect(servedAs(mode)).toBe('advisory');
  });

  it('quotes what needs quoting, so a CSV reader gets the fields back', () => {
    const text = weeklyCsvHeader() + weeklyCsvLine(row({ symbol: 'A,"B"\nC', model: ' spaced ' }));
    const records = parse(text, { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(1);
    expect(records[0]!.symbol).toBe('A,"B"\nC');
    expect(records[0]!.model).toBe(' spaced ');
    expect(records[0]!.served).toBe('advisory');
  });

  it('names the download after the week', () => {
    expect(weeklyCsvFileName({ year: 2026, week: 7 })).toBe('fusion-ops-weekly-2026-W07.csv');
  });
});
