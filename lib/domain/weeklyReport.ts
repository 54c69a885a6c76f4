// The weekly CSV (issue 13, "Reports"): one line per matured prediction of an ISO week — the
// week runs Monday 00:00 UTC to the next Monday (end excluded) and a prediction belongs to the
// week of its candle's ts — with the columns the reliability diagram and the weight update read.
// The pure parts: ISO week names and ranges, which weeks an archive carries, the CSV's lines.
import { csvLine, DAY_MS } from './archive';

const WEEK_MS = 7 * DAY_MS;
/** Monday 1970-01-05 00:00 UTC: every ISO week starts a whole number of weeks after it. */
const MONDAY_EPOCH_MS = 4 * DAY_MS;

export interface IsoWeek {
  year: number;
  week: number;
}

/** `2026-W47`, the form the query, the file names and `<input type="week">` use. */
export const WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;

/** The ISO week-numbering year's number of weeks (52 or 53). */
export function weeksInYear(year: number): number {
  // A year has 53 weeks when 1 January is a Thursday, or a Wednesday in a leap year; i.e. when
  // 28 December (always in the last week) falls in week 53.
  return isoWeekOf(new Date(Date.UTC(year, 11, 28))).week;
}

/** The ISO week (Monday start, UTC) an instant falls in. */
export function isoWeekOf(date: Date): IsoWeek {
  const day = Math.floor(date.getTime() / DAY_MS);
  const weekday = (((day + 3) % 7) + 7) % 7; // 0 = Monday (1970-01-01 was a Thursday)
  const thursday = new Date((day - weekday + 3) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  return { year, week: Math.floor((thursday.getTime() - jan1) / WEEK_MS) + 1 };
}

/** The Monday 00:00 UTC that starts the ISO week. */
export function isoWeekStart({ year, week }: IsoWeek): Date {
  // 4 January is always in week 1.
  const jan4 = Date.UTC(year, 0, 4);
  const jan4Day = Math.floor(jan4 / DAY_MS);
  const weekday = (((jan4Day + 3) % 7) + 7) % 7;
  return new Date((jan4Day - weekday) * DAY_MS + (week - 1) * WEEK_MS);
}

/** [Monday 00:00 UTC, next Monday 00:00 UTC). */
export function isoWeekRange(week: IsoWeek): { from: Date; to: Date } {
  const from = isoWeekStart(week);
  return { from, to: new Date(from.getTime() + WEEK_MS) };
}

export const formatIsoWeek = ({ year, week }: IsoWeek) =>
  `${String(year).padStart(4, '0')}-W${String(week).padStart(2, '0')}`;

/** `2026-W47` → the week; null when malformed or the year has no such week. */
export function parseIsoWeek(text: string): IsoWeek | null {
  const match = WEEK_PATTERN.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const week = Number(match[2]);
  if (year < 1970 || week < 1 || week > weeksInYear(year)) return null;
  return { year, week };
}

/** The last week that has ended by `now` (the weekly CSV's default). */
export function lastCompleteWeek(now: Date): IsoWeek {
  return isoWeekOf(new Date(now.getTime() - WEEK_MS));
}

/** The `count` complete weeks before `now`, newest first. */
export function recentWeeks(now: Date, count: number): IsoWeek[] {
  const weeks: IsoWeek[] = [];
  let start = isoWeekStart(lastCompleteWeek(now)).getTime();
  for (let i = 0; i < count; i++, start -= WEEK_MS) weeks.push(isoWeekOf(new Date(start)));
  return weeks;
}

/**
 * Why a week's CSV cannot be made, or null: a week that has not begun by `now`, or one that
 * ended before the first matured prediction's candle (`firstTs`; null: nothing matured yet).
 * The current week is allowed: its rows so far.
 */
export function weekProblem(week: IsoWeek, now: Date, firstTs: Date | null): string | null {
  const { from, to } = isoWeekRange(week);
  if (from > now) return `${formatIsoWeek(week)} has not begun`;
  if (firstTs === null) return 'no prediction has matured yet';
  if (to <= firstTs)
    return `${formatIsoWeek(week)} is before the first matured prediction (${formatIsoWeek(isoWeekOf(firstTs))})`;
  return null;
}

/**
 * The weeks an archive of [from, to) carries: every ISO week whose end (a Monday 00:00 UTC)
 * falls in the range, oldest first — the daily archive of a Monday carries the week that ended
 * at its start; the one of a Sunday carries none.
 */
export function weeksEndingIn(from: Date, to: Date): IsoWeek[] {
  const weeks: IsoWeek[] = [];
  // The first Monday at or after `from`.
  const sinceEpoch = from.getTime() - MONDAY_EPOCH_MS;
  let end = MONDAY_EPOCH_MS + Math.ceil(sinceEpoch / WEEK_MS) * WEEK_MS;
  for (; end < to.getTime(); end += WEEK_MS) weeks.push(isoWeekOf(new Date(end - WEEK_MS)));
  return weeks;
}

/** `weekly-2026-W47.csv`: a week's file in an archive. */
export const weeklyArchiveFileName = (week: IsoWeek) => `weekly-${formatIsoWeek(week)}.csv`;
/** `fusion-ops-weekly-2026-W47.csv`: the download's name. */
export const weeklyCsvFileName = (week: IsoWeek) => `fusion-ops-weekly-${formatIsoWeek(week)}.csv`;

export const WEEKLY_CSV_COLUMNS = [
  'ts',
  'symbol',
  'tf',
  'horizon',
  'model',
  'raw_confidence',
  'confid',
  'ml_bucket',
  'part_rsi',
  'part_macd',
  'part_trend',
  'decision',
  'live_decision',
  'realized_return',
  'hit',
  'served',
] as const;

/** A matured prediction as the weekly CSV reads it (prediction joined to its outcome). */
export interface WeeklyRow {
  ts: Date;
  symbol: string;
  tf: string;
  horizon: string;
  model: string;
  rawConfidence: number;
  confid: number;
  mlBucket: number;
  partRsi: number;
  partMacd: number;
  partTrend: number;
  decision: number;
  liveDecision: number | null;
  realizedReturn: number;
  hit: boolean;
  /** The prediction's mode (off, preview, shadow, live); null for backfilled history. */
  mode: string | null;
}

/**
 * `live` when the pair was served live (mode = live), else `advisory`: preview, shadow, off,
 * and backfilled history (no mode: no stage served it) are paper decisions.
 */
export const servedAs = (mode: string | null): 'live' | 'advisory' =>
  mode === 'live' ? 'live' : 'advisory';

export const weeklyCsvHeader = () => csvLine(WEEKLY_CSV_COLUMNS);

/** A row's line in WEEKLY_CSV_COLUMNS order: instants ISO-8601 UTC, numbers unrounded. */
export const weeklyCsvLine = (r: WeeklyRow) =>
  csvLine([
    r.ts,
    r.symbol,
    r.tf,
    r.horizon,
    r.model,
    r.rawConfidence,
    r.confid,
    r.mlBucket.toFixed(1),
    r.partRsi,
    r.partMacd,
    r.partTrend,
    r.decision,
    r.liveDecision,
    r.realizedReturn,
    r.hit,
    servedAs(r.mode),
  ]);
