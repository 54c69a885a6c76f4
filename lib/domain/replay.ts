import { timeframeMs, type Timeframe } from './timeframes';
import type { Ohlcv } from './ohlcv';

// A live feed without a network (SPEC §1 `replay`): the returns of a real series, replayed on
// fresh, epoch-aligned timestamps. Every candle is a pure function of (series, symbol, tf,
// slot, anchor), so any process at any time computes the same candle for the same slot and
// successive polls chain without state.

/** The real series, e.g. the S&P 500 daily closes and volumes, oldest first. */
export interface ReplaySeries {
  closes: readonly number[];
  volumes: readonly number[];
}

export type ReplayCandle = Ohlcv;

interface PreparedSeries {
  /** Detrended log price per series index; 0 at both ends, so each pass is a closed loop. */
  logLevel: Float64Array;
  returns: number;
}

// Series are large (thousands of rows) and polled often; validation and the log path are
// computed once per series object.
const prepared = new WeakMap<ReplaySeries, PreparedSeries>();

function prepare(series: ReplaySeries): PreparedSeries {
  const cached = prepared.get(series);
  if (cached) return cached;
  const { closes, volumes } = series;
  if (closes.length < 2) throw new RangeError('a replay series needs at least two closes');
  if (volumes.length !== closes.length) {
    throw new RangeError(`replay series has ${closes.length} closes but ${volumes.length} volumes`);
  }
  closes.forEach((c, i) => {
    if (!Number.isFinite(c) || c <= 0) throw new RangeError(`replay close #${i} is ${c}`);
  });
  volumes.forEach((v, i) => {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`replay volume #${i} is ${v}`);
  });
  const returns = closes.length - 1;
  // Replaying the raw closes pass after pass would either jump back at every wrap (the
  // S&P 500 doubles over the series) or compound without bound; removing the average log
  // drift makes every pass start and end at the anchor while the day-to-day moves stay real.
  const drift = Math.log(closes[returns] / closes[0]) / returns;
  const logLevel = new Float64Array(closes.length);
  for (let j = 1; j < returns; j++) logLevel[j] = Math.log(closes[j] / closes[0]) - drift * j;
  const result = { logLevel, returns };
  prepared.set(series, result);
  return result;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const TWO_32 = 2 ** 32;

/** A stable pseudo-random number in [0, 1) for one slot; slots can exceed 32 bits. */
function slotUnit(seed: number, slot: number, salt: number): number {
  const lo = ((slot % TWO_32) + TWO_32) % TWO_32;
  const hi = Math.floor(slot / TWO_32);
  const h = fmix32(fmix32(fmix32(seed ^ salt) ^ lo) ^ (hi >>> 0));
  return h / TWO_32;
}

const mod = (a: number, m: number) => ((a % m) + m) % m;

function assertInstant(name: string, value: Date): number {
  const ms = value instanceof Date ? value.getTime() : NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${name} is not a valid date`);
  return ms;
}

/**
 * The closed candles of a replayed feed with since < ts and ts + tf <= now, oldest first, at
 * most `limit` (the most recent ones when more exist). Slots are aligned to timeframeMs(tf)
 * from the epoch, so '1d' candles start at 00:00 UTC. The price path repeats the series,
 * detrended so that each pass starts and ends at `anchorPrice` (default: the series' first
 * close) and phase-shifted by a stable hash of the symbol so symbols differ. Callers must keep
 * `anchorPrice` fixed per symbol, or successive polls stop chaining.
 */
export function replayCandles(
  series: ReplaySeries,
  symbol: string,
  tf: Timeframe,
  since: Date | null,
  now: Date,
  limit: number,
  anchorPrice: number = series.closes[0],
): ReplayCandle[] {
  const { logLevel, returns } = prepare(series);
  if (typeof symbol !== 'string' || symbol === '') throw new RangeError('symbol is empty');
  if (!Number.isInteger(limit) || limit < 0) {
    throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
  }
  if (!Number.isFinite(anchorPrice) || anchorPrice <= 0) {
    throw new RangeError(`anchorPrice must be a positive number, got ${anchorPrice}`);
  }
  const step = timeframeMs(tf);
  const nowMs = assertInstant('now', now);
  const lastSlot = Math.floor(nowMs / step) - 1;
  const firstSlot =
    since === null ? -Infinity : Math.floor(assertInstant('since', since) / step) + 1;
  const startSlot = Math.max(firstSlot, lastSlot - limit + 1);

  const seed = fnv1a(symbol);
  const offset = seed % returns;
  const tfSalt = fnv1a(tf);
  // Return k moves the price from series index k to k + 1, so slot m closes at index k + 1.
  const closeAt = (slot: number) =>
    anchorPrice * Math.exp(logLevel[mod(slot + offset, returns) + 1]);

  const candles: ReplayCandle[] = [];
  let open = startSlot <= lastSlot ? closeAt(startSlot - 1) : 0;
  for (let slot = startSlot; slot <= lastSlot; slot++) {
    const close = closeAt(slot);
    const move = Math.abs(Math.log(close / open));
    // Wicks of 10–60 % of the body's move: plausible shapes without inventing volatility
    // the real series did not have. exp() keeps the low positive whatever the move.
    const up = (0.1 + 0.5 * slotUnit(seed, slot, tfSalt)) * move;
    const down = (0.1 + 0.5 * slotUnit(seed, slot, ~tfSalt)) * move;
    candles.push({
      ts: new Date(slot * step),
      o: open,
      h: Math.max(open, close) * Math.exp(up),
      l: Math.min(open, close) * Math.exp(-down),
      c: close,
      v: series.volumes[mod(slot + offset, returns) + 1],
    });
    open = close;
  }
  return candles;
}
