import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';

// Exchange time zones are IANA names ('America/New_York', 'Europe/Istanbul'). Offset
// strings ('+03:00') are rejected even where Intl accepts them (newer runtimes do): an
// offset cannot follow an exchange through DST changes.

const validity = new Map<string, boolean>();

export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || tz.trim() === '' || /^[+-]/.test(tz)) return false;
  const known = validity.get(tz);
  if (known !== undefined) return known;
  let ok = true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    ok = false;
  }
  validity.set(tz, ok);
  return ok;
}

function assertTimeZone(tz: string): void {
  if (!isValidTimeZone(tz)) throw new RangeError(`unknown time zone: ${JSON.stringify(tz)}`);
}

function assertInstant(ts: Date): void {
  if (!(ts instanceof Date) || Number.isNaN(ts.getTime())) {
    throw new RangeError('invalid date');
  }
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function assertDay(day: string): void {
  const m = DAY_RE.exec(day);
  const y = m ? Number(m[1]) : NaN;
  const mo = m ? Number(m[2]) : NaN;
  const d = m ? Number(m[3]) : NaN;
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (
    !m ||
    probe.getUTCFullYear() !== y ||
    probe.getUTCMonth() !== mo - 1 ||
    probe.getUTCDate() !== d
  ) {
    throw new RangeError(`not a calendar day (YYYY-MM-DD): ${JSON.stringify(day)}`);
  }
}

export function tradingDayOf(ts: Date, timeZone: string): string {
  assertInstant(ts);
  assertTimeZone(timeZone);
  return formatInTimeZone(ts, timeZone, 'yyyy-MM-dd');
}

export function formatInExchangeTime(ts: Date, timeZone: string, withTime: boolean): string {
  assertInstant(ts);
  assertTimeZone(timeZone);
  return formatInTimeZone(ts, timeZone, withTime ? 'yyyy-MM-dd HH:mm' : 'yyyy-MM-dd');
}

const DAY_MS = 86_400_000;

// Daily candles are stamped with the first instant of the exchange's trading day. That is
// local midnight except in zones whose DST change skips midnight (e.g. Sao Paulo before
// 2019), where the day begins at the transition; date-fns-tz would otherwise resolve the
// missing midnight to the previous evening, i.e. the wrong trading day.
export function tradingDayStartUtc(day: string, timeZone: string): Date {
  assertDay(day);
  assertTimeZone(timeZone);
  const guess = fromZonedTime(`${day}T00:00:00`, timeZone);
  if (formatInTimeZone(guess, timeZone, 'yyyy-MM-dd HH:mm:ss.SSS') === `${day} 00:00:00.000`) {
    return guess;
  }
  // Midnight does not exist: binary-search the first instant whose local date is `day`.
  let lo = guess.getTime() - DAY_MS;
  let hi = guess.getTime() + DAY_MS;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (formatInTimeZone(new Date(mid), timeZone, 'yyyy-MM-dd') >= day) hi = mid;
    else lo = mid;
  }
  const start = new Date(hi);
  if (formatInTimeZone(start, timeZone, 'yyyy-MM-dd') !== day) {
    // e.g. Pacific/Apia skipped 2011-12-30 entirely when it crossed the date line.
    throw new RangeError(`${day} does not exist in time zone ${timeZone}`);
  }
  return start;
}
