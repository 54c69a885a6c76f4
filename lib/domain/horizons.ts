import { formatInTimeZone } from 'date-fns-tz';
import { isValidTimeZone, tradingDayOf, tradingDayStartUtc } from './exchangeTime';

export const DEFAULT_HORIZONS = ['1d', '3d', '7d', '14d', '30d'] as const;

/** `${amount}${unit}` with unit m, h or d: '15m', '1h', '4h', '1d', '30d'. */
export type Horizon = string;

export type HorizonUnit = 'm' | 'h' | 'd';

// No leading zeros and no other spellings: the horizon is part of a prediction's unique key,
// so '01d' next to '1d' would let one cycle write the same prediction twice.
const HORIZON_RE = /^([1-9]\d*)([mhd])$/;

export function parseHorizon(h: string): { amount: number; unit: HorizonUnit } {
  const m = typeof h === 'string' ? HORIZON_RE.exec(h) : null;
  const amount = m ? Number(m[1]) : NaN;
  if (!m || !Number.isSafeInteger(amount)) {
    throw new RangeError(`not a horizon (e.g. 15m, 4h, 1d): ${JSON.stringify(h)}`);
  }
  return { amount, unit: m[2] as HorizonUnit };
}

export function isHorizon(h: unknown): h is Horizon {
  if (typeof h !== 'string') return false;
  try {
    parseHorizon(h);
    return true;
  } catch {
    return false;
  }
}

const MINUTES_PER: Readonly<Record<HorizonUnit, number>> = { m: 1, h: 60, d: 1440 };

export function horizonDays(h: Horizon): number {
  const { amount, unit } = parseHorizon(h);
  // One division, so 15m is exactly 15 / 1440 rather than 15 * (1 / 1440).
  return unit === 'd' ? amount : amount / (1440 / MINUTES_PER[unit]);
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The wall-clock reading of `ts` in `timeZone`, as milliseconds of a UTC-labelled clock. */
function wallClockMs(ts: number, timeZone: string): number {
  return Date.parse(`${formatInTimeZone(ts, timeZone, "yyyy-MM-dd'T'HH:mm:ss.SSS")}Z`);
}

// The instant showing `wall` on the local clock, disambiguated as Temporal's 'compatible'
// does: in a fall-back overlap the earlier instant, in a spring-forward gap the wall time
// pushed forward by the gap (02:30 on a New York change day becomes 03:30 EDT).
function fromWallClock(wall: number, timeZone: string): number {
  const before = wall - (wallClockMs(wall - DAY_MS, timeZone) - (wall - DAY_MS));
  const after = wall - (wallClockMs(wall + DAY_MS, timeZone) - (wall + DAY_MS));
  const fits = [before, after].filter((t) => wallClockMs(t, timeZone) === wall);
  return fits.length > 0 ? Math.min(...fits) : before;
}

function dayMaturity(ts: Date, amount: number, timeZone: string): number {
  const t = ts.getTime();
  const day = tradingDayOf(ts, timeZone);
  if (tradingDayOf(new Date(t - 1), timeZone) !== day) {
    try {
      return tradingDayStartUtc(addDays(day, amount), timeZone).getTime();
    } catch (e) {
      // The target day does not exist (Pacific/Apia, 2011-12-30): fall through to wall clock.
      if (!(e instanceof RangeError)) throw e;
    }
  }
  const wall = wallClockMs(t, timeZone);
  return fromWallClock(wall + amount * DAY_MS, timeZone);
}

// Time-zone arithmetic costs ~100 µs a call, and a replay asks the same question for every
// symbol of an exchange (their daily candles share timestamps): 500 symbols × 20 years × 5
// horizons would otherwise spend minutes here.
const dayMaturities = new Map<string, number>();
const MAX_CACHED = 100_000;

/**
 * A prediction made at ts matures at ts + horizon: day horizons add calendar days in the
 * exchange time zone (so a DST change does not shift a daily candle's maturity off local
 * midnight); minute/hour horizons add exact durations.
 *
 * A ts at the first instant of its trading day (how daily candles are stamped) matures at the
 * first instant of the trading day N days later, even where that day starts at 01:00 because
 * a DST change skipped midnight. Any other ts keeps its local wall-clock time.
 */
export function maturesAt(ts: Date, horizon: Horizon, timeZone: string): Date {
  return shiftByHorizon(ts, horizon, timeZone, 1);
}

/**
 * The start of the horizon-long period that ends at ts: maturesAt run backwards (day horizons
 * subtract calendar days in the exchange time zone, so a daily candle's 30d period starts at the
 * first instant of the trading day 30 days earlier, across DST changes; minute/hour horizons
 * subtract exact durations). The previous period's return of a prediction (naive momentum's
 * signal) runs from the last candle at or before this instant to the prediction's own candle.
 */
export function periodStartBefore(ts: Date, horizon: Horizon, timeZone: string): Date {
  return shiftByHorizon(ts, horizon, timeZone, -1);
}

function shiftByHorizon(ts: Date, horizon: Horizon, timeZone: string, sign: 1 | -1): Date {
  const { amount: length, unit } = parseHorizon(horizon);
  if (!(ts instanceof Date) || Number.isNaN(ts.getTime())) throw new RangeError('invalid date');
  if (!isValidTimeZone(timeZone)) {
    throw new RangeError(`unknown time zone: ${JSON.stringify(timeZone)}`);
  }
  const amount = sign * length;
  const t = ts.getTime();
  if (unit !== 'd') return new Date(t + amount * MINUTES_PER[unit] * MINUTE_MS);

  const key = `${timeZone}|${t}|${amount}`;
  let shifted = dayMaturities.get(key);
  if (shifted === undefined) {
    if (dayMaturities.size >= MAX_CACHED) dayMaturities.clear();
    shifted = dayMaturity(ts, amount, timeZone);
    dayMaturities.set(key, shifted);
  }
  return new Date(shifted);
}
