import type { DriftSeriesValue } from '@/lib/contracts/drift';
import {
  DRIFT_RULE_TEXT,
  driftWindows,
  QUANTILE_METHOD,
  RECENT_DAYS,
  seriesDrift,
  WARMUP_CANDLES,
} from '@/lib/domain/drift';
import type { Timeframe } from '@/lib/domain/timeframes';
import { seriesWithLastCandle, windowWithWarmup } from '@/lib/db/candles';

/** Series in one reply: a filter by symbol or tf reaches the rest. */
export const MAX_DRIFT_SERIES = 8;
/**
 * Candles of both windows read per series: 97 days of 1-minute candles fit; a longer reference
 * of a 1-minute series is cut at its old end (and says so).
 */
export const MAX_WINDOW_CANDLES = 150_000;

/**
 * Drift of RSI-14 and MACD-hist per series: the last 7 days before each series' last candle
 * against the `referenceDays` before them. Reads at most MAX_DRIFT_SERIES series, each an index
 * range of at most MAX_WINDOW_CANDLES + WARMUP_CANDLES candles.
 */
export async function drift(query: { symbol?: string; tf?: Timeframe; referenceDays: number }) {
  const series = await seriesWithLastCandle(query, MAX_DRIFT_SERIES + 1);
  const items: DriftSeriesValue[] = [];
  for (const s of series.slice(0, MAX_DRIFT_SERIES)) {
    const windows = driftWindows(s.last, query.referenceDays);
    const read = await windowWithWarmup(
      s.symbol,
      s.tf,
      windows.referenceFrom,
      MAX_WINDOW_CANDLES,
      WARMUP_CANDLES,
    );
    const truncated = read.inWindow === MAX_WINDOW_CANDLES;
    // Cut: the reference starts just before the oldest window candle read.
    const effective = truncated
      ? { ...windows, referenceFrom: new Date(read.ts[read.ts.length - read.inWindow] - 1) }
      : windows;
    items.push({
      symbol: s.symbol,
      tf: s.tf,
      exchangeTz: s.exchangeTz,
      lastCandle: s.last,
      recentFrom: effective.recentFrom,
      referenceFrom: effective.referenceFrom,
      truncated,
      candlesRead: read.ts.length,
      features: seriesDrift(read.ts, read.closes, effective),
    });
  }
  return {
    quantileMethod: QUANTILE_METHOD,
    rule: DRIFT_RULE_TEXT,
    recentDays: RECENT_DAYS,
    referenceDays: query.referenceDays,
    items,
    more: series.length > MAX_DRIFT_SERIES,
  };
}
