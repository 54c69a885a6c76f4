import type { Timeframe } from '@/lib/domain/timeframes';
import type { Ohlcv } from '@/lib/domain/ohlcv';

export type SourceCandle = Ohlcv;

/**
 * One adapter per origin of candles. `fetchSince` returns the CLOSED candles with ts > since
 * (all if null), oldest first, at most `limit`.
 *
 * Which candles `limit` keeps when more exist depends on what the origin is for: `http` and
 * `csv` page forward from `since` (call again with the last ts to get the rest), while
 * `replay` keeps the most recent ones, because a synthetic feed has no history worth
 * catching up on. With `since` null, `http` and `replay` return the most recent candles.
 */
export interface CandleSource {
  readonly kind: 'csv' | 'replay' | 'http';
  fetchSince(
    symbol: string,
    tf: Timeframe,
    since: Date | null,
    now: Date,
    limit: number,
  ): Promise<SourceCandle[]>;
}
