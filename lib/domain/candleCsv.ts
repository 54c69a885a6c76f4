import { CsvError, parse } from 'csv-parse/sync';
import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';
import { isValidTimeZone, tradingDayStartUtc } from './exchangeTime';
import { TIMEFRAMES, isTimeframe, type Timeframe } from './timeframes';

// Candle CSV import (SPEC §1): validated row by row, all-or-nothing. Any error means no
// candles at all, so an import can never leave half a file behind. Line numbers are the
// physical lines of the file (header = line 1), as an operator sees them in an editor.

export interface ParsedCandle {
  ts: Date;
  tf: Timeframe;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
}

export interface CsvRowError {
  line: number;
  field?: string;
  message: string;
}

export type CandleCsvResult =
  { ok: true; candles: ParsedCandle[] } | { ok: false; errors: CsvRowError[] };

type Column = 'ts' | 'tf' | 'o' | 'h' | 'l' | 'c' | 'v';
type PriceColumn = 'o' | 'h' | 'l' | 'c' | 'v';

// Error `field` values are these canonical names (the ParsedCandle keys), whatever alias
// the file's header used, so the UI can point at a column without knowing the file.
const HEADER_ALIASES: Record<Column, readonly string[]> = {
  ts: ['ts', 'timestamp', 'time', 'date', 'datetime'],
  tf: ['tf'],
  o: ['open', 'o'],
  h: ['high', 'h'],
  l: ['low', 'l'],
  c: ['close', 'c'],
  v: ['volume', 'v', 'vol'],
};

const REQUIRED: readonly Column[] = ['ts', 'o', 'h', 'l', 'c', 'v'];
const NUMERIC: readonly PriceColumn[] = ['o', 'h', 'l', 'c', 'v'];

// Plain decimals only. Number() alone would accept '', ' ', '0x1A', 'Infinity'; parseFloat
// would accept '12abc'. Both would let a corrupt export through silently.
const DECIMAL_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const DIGITS_RE = /^\d+$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

// Below 10^11 ms (1973-03-03) a numeric timestamp is far more likely epoch seconds or a
// compact date such as 20200309 than a real millisecond instant; guessing would shift
// every candle by decades, so it is refused instead.
const MIN_EPOCH_MS = 1e11;
const MAX_EPOCH_MS = 8.64e15;

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

interface RawRow {
  fields: string[];
  line: number;
}

function utcMs(y: number, mo: number, d: number, hh = 0, mi = 0, ss = 0, ms = 0): number | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || hh > 23 || mi > 59 || ss > 59) return null;
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  const t = new Date(Date.UTC(2000, 0, 1, hh, mi, ss, ms));
  t.setUTCFullYear(y, mo - 1, d);
  return t.getUTCDate() === d ? t.getTime() : null;
}

function parseOffsetMinutes(zone: string): number | null {
  if (zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 14 || minutes > 59) return null;
  return (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function parseTimestamp(raw: string, timeZone: string): Parsed<Date> {
  if (raw === '') return { ok: false, message: 'missing timestamp' };
  if (DIGITS_RE.test(raw)) {
    const ms = Number(raw);
    if (ms < MIN_EPOCH_MS || ms > MAX_EPOCH_MS) {
      return { ok: false, message: `numeric timestamp "${raw}" is not epoch milliseconds` };
    }
    return { ok: true, value: new Date(ms) };
  }
  if (DATE_RE.test(raw)) {
    try {
      return { ok: true, value: tradingDayStartUtc(raw, timeZone) };
    } catch (e) {
      return { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
  }
  const m = DATETIME_RE.exec(raw);
  if (!m) {
    return {
      ok: false,
      message: `unrecognised timestamp "${raw}" (use ISO-8601, YYYY-MM-DD or epoch milliseconds)`,
    };
  }
  const [, y, mo, d, hh, mi, ss = '0', frac = '', zone] = m;
  if (/[1-9]/.test(frac.slice(3))) {
    return { ok: false, message: `timestamp "${raw}" is finer than a millisecond` };
  }
  const ms = Number(frac.slice(0, 3).padEnd(3, '0'));
  const wall = utcMs(+y, +mo, +d, +hh, +mi, +ss, ms);
  if (wall === null) return { ok: false, message: `timestamp "${raw}" is not a valid date/time` };
  if (zone !== undefined) {
    const offset = parseOffsetMinutes(zone);
    if (offset === null) return { ok: false, message: `invalid UTC offset in "${raw}"` };
    return { ok: true, value: new Date(wall - offset * 60_000) };
  }
  // No zone given: the wall-clock time is the exchange's. A time skipped by a DST change
  // is rejected rather than shifted, since either guess would misplace the candle.
  const local = new Date(wall).toISOString().slice(0, 23);
  const instant = fromZonedTime(local, timeZone);
  if (formatInTimeZone(instant, timeZone, "yyyy-MM-dd'T'HH:mm:ss.SSS") !== local) {
    return { ok: false, message: `"${raw}" does not exist in ${timeZone} (DST change)` };
  }
  return { ok: true, value: instant };
}

function parseDecimal(raw: string): Parsed<number> {
  if (raw === '') return { ok: false, message: 'missing value' };
  const value = DECIMAL_RE.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(value)) return { ok: false, message: `"${raw}" is not a number` };
  return { ok: true, value };
}

function readRows(text: string): { rows: RawRow[]; fatal?: CsvRowError } {
  const rows: RawRow[] = [];
  // Start lines are derived from the previous record's end plus the skipped blank lines:
  // csv-parse reports where a record ends, and counts CRLF inside quotes as two lines.
  let prevLine = 0;
  let prevEmpty = 0;
  const startLine = (emptyLines: number) => prevLine + 1 + (emptyLines - prevEmpty);
  try {
    parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      on_record: (record: string[], ctx) => {
        const line = startLine(ctx.empty_lines);
        if (record.some((f) => /[\r\n]/.test(f))) {
          // Later line numbers could no longer be trusted, so stop here.
          throw new CsvMultiline(line);
        }
        rows.push({ fields: record, line });
        prevLine = ctx.lines;
        prevEmpty = ctx.empty_lines;
        return null;
      },
    });
  } catch (e) {
    if (e instanceof CsvMultiline) {
      return { rows, fatal: { line: e.line, message: 'line break inside a quoted field' } };
    }
    if (e instanceof CsvError) {
      const empty = typeof e.empty_lines === 'number' ? e.empty_lines : prevEmpty;
      return { rows, fatal: { line: startLine(empty), message: describeCsvError(e) } };
    }
    throw e;
  }
  return { rows };
}

class CsvMultiline extends Error {
  constructor(readonly line: number) {
    super('line break inside a quoted field');
  }
}

function describeCsvError(e: CsvError): string {
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'malformed CSV: a quote opened here is never closed';
    case 'INVALID_OPENING_QUOTE':
      return 'malformed CSV: quote character inside an unquoted field';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'malformed CSV: unexpected character after a closing quote';
    default:
      return `malformed CSV (${e.code})`;
  }
}

function mapHeader(cells: readonly string[]): {
  index: Partial<Record<Column, number>>;
  errors: CsvRowError[];
} {
  const index: Partial<Record<Column, number>> = {};
  const errors: CsvRowError[] = [];
  cells.forEach((cell, i) => {
    const name = cell.trim().toLowerCase();
    const column = (Object.keys(HEADER_ALIASES) as Column[]).find((k) =>
      HEADER_ALIASES[k].includes(name),
    );
    if (column === undefined) return; // extra columns such as adjclose are ignored
    if (index[column] !== undefined) {
      errors.push({
        line: 1,
        field: column,
        message: `columns "${cells[index[column]]}" and "${cell}" both map to ${column}`,
      });
      return;
    }
    index[column] = i;
  });
  for (const column of REQUIRED) {
    if (index[column] === undefined) {
      const names = HEADER_ALIASES[column].join(', ');
      errors.push({
        line: 1,
        field: column,
        message: `missing column "${HEADER_ALIASES[column][0]}" (accepted names: ${names})`,
      });
    }
  }
  return { index, errors };
}

const TF_LIST = TIMEFRAMES.join(', ');

interface RowContext {
  columnCount: number;
  index: Partial<Record<Column, number>>;
  timeZone: string;
  defaultTf: string | undefined;
  lastByTf: Map<Timeframe, { ms: number; line: number }>;
  seenByTf: Map<Timeframe, Map<number, number>>;
}

function checkPrices(num: Partial<Record<PriceColumn, number>>, line: number): CsvRowError[] {
  const out: CsvRowError[] = [];
  const { o, h, l, c, v } = num;
  if (h !== undefined && l !== undefined) {
    if (h < l) {
      out.push({ line, field: 'h', message: `high ${h} is below low ${l}` });
    } else {
      // Zero or negative prices would make returns and outcomes meaningless downstream.
      if (l <= 0) out.push({ line, field: 'l', message: `low ${l} is not a positive price` });
      if (o !== undefined && (o < l || o > h)) {
        out.push({ line, field: 'o', message: `open ${o} is outside [low ${l}, high ${h}]` });
      }
      if (c !== undefined && (c < l || c > h)) {
        out.push({ line, field: 'c', message: `close ${c} is outside [low ${l}, high ${h}]` });
      }
    }
  }
  if (v !== undefined && v < 0) out.push({ line, field: 'v', message: `volume ${v} is negative` });
  return out;
}

// A repeated timestamp is reported as a duplicate even when it is out of order as well:
// "same as line N" is the more useful of the two messages.
function checkOrder(ctx: RowContext, tf: Timeframe, ts: Date, line: number): CsvRowError[] {
  const ms = ts.getTime();
  const seen = ctx.seenByTf.get(tf) ?? new Map<number, number>();
  ctx.seenByTf.set(tf, seen);
  const duplicateOf = seen.get(ms);
  if (duplicateOf !== undefined) {
    return [{ line, field: 'ts', message: `duplicate ${tf} timestamp (see line ${duplicateOf})` }];
  }
  seen.set(ms, line);
  const last = ctx.lastByTf.get(tf);
  if (last && ms < last.ms) {
    const message = `${tf} timestamp is earlier than line ${last.line}; rows must be in increasing time order`;
    return [{ line, field: 'ts', message }];
  }
  ctx.lastByTf.set(tf, { ms, line });
  return [];
}

function validateRow(
  fields: readonly string[],
  line: number,
  ctx: RowContext,
): { errors: CsvRowError[]; candle?: ParsedCandle } {
  if (fields.length !== ctx.columnCount) {
    const message = `expected ${ctx.columnCount} columns, found ${fields.length}`;
    return { errors: [{ line, message }] };
  }
  const cell = (column: Column) => fields[ctx.index[column] as number];
  const errors: CsvRowError[] = [];

  const ts = parseTimestamp(cell('ts'), ctx.timeZone);
  if (!ts.ok) errors.push({ line, field: 'ts', message: ts.message });

  // An empty per-row tf falls back to the file-wide choice, if the caller made one.
  const tfCell = ctx.index.tf === undefined ? '' : cell('tf');
  const tfRaw = tfCell === '' ? ctx.defaultTf : tfCell;
  const tf = isTimeframe(tfRaw) ? tfRaw : undefined;
  if (tfRaw === undefined) errors.push({ line, field: 'tf', message: 'missing timeframe' });
  else if (tf === undefined) {
    errors.push({ line, field: 'tf', message: `unknown timeframe "${tfRaw}" (one of ${TF_LIST})` });
  }

  const num: Partial<Record<PriceColumn, number>> = {};
  for (const column of NUMERIC) {
    const parsed = parseDecimal(cell(column));
    if (parsed.ok) num[column] = parsed.value;
    else errors.push({ line, field: column, message: parsed.message });
  }
  errors.push(...checkPrices(num, line));
  if (ts.ok && tf !== undefined) errors.push(...checkOrder(ctx, tf, ts.value, line));

  if (errors.length > 0 || !ts.ok || tf === undefined) return { errors };
  const { o, h, l, c, v } = num as Record<PriceColumn, number>;
  return { errors, candle: { ts: ts.value, tf, o, h, l, c, v } };
}

export function parseCandleCsv(
  text: string,
  options: { tf?: string; timeZone: string; maxErrors?: number },
): CandleCsvResult {
  const { timeZone, tf: defaultTf, maxErrors = 100 } = options;
  // Caller bugs, not file problems: they must not be shown to an operator as CSV errors.
  if (!isValidTimeZone(timeZone)) throw new RangeError(`unknown time zone: ${timeZone}`);
  if (!Number.isInteger(maxErrors) || maxErrors < 1) {
    throw new RangeError(`maxErrors must be a positive integer, got ${maxErrors}`);
  }

  const errors: CsvRowError[] = [];
  const fail = (): CandleCsvResult => ({ ok: false, errors: errors.slice(0, maxErrors) });
  const { rows, fatal } = readRows(text);
  if (rows.length === 0) {
    errors.push(fatal ?? { line: 1, message: 'the file is empty' });
    return fail();
  }

  const { index, errors: headerErrors } = mapHeader(rows[0].fields);
  errors.push(...headerErrors);
  if (defaultTf !== undefined && !isTimeframe(defaultTf)) {
    errors.push({ line: 1, field: 'tf', message: `unknown timeframe "${defaultTf}"` });
  } else if (defaultTf === undefined && index.tf === undefined) {
    const message = 'no timeframe: add a "tf" column or choose a timeframe for the whole file';
    errors.push({ line: 1, field: 'tf', message });
  }
  if (errors.length > 0) return fail();
  if (rows.length === 1 && !fatal) {
    errors.push({ line: 1, message: 'the file has a header but no data rows' });
    return fail();
  }

  const ctx: RowContext = {
    columnCount: rows[0].fields.length,
    index,
    timeZone,
    defaultTf,
    lastByTf: new Map(),
    seenByTf: new Map(),
  };
  const candles: ParsedCandle[] = [];
  for (let i = 1; i < rows.length && errors.length < maxErrors; i++) {
    const row = validateRow(rows[i].fields, rows[i].line, ctx);
    errors.push(...row.errors);
    if (row.candle) candles.push(row.candle);
  }
  if (fatal) errors.push(fatal);
  return errors.length > 0 ? fail() : { ok: true, candles };
}
