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
import { seriesWithLastCandle, windowsWithWarmup } from '@/lib/db/candles';

/** Series in one reply (an instrument's six timeframes): a filter by symbol or tf reaches the rest. */
export const MAX_DRIFT_SERIES = 6;
/**
 * Candles of both windows read per series. Daily to 5-minute series get their whole reference
 * (97 days of 5-minute candles are 27,936); a 1-minute series' reference is cut at its old end
 * (the last 7 days are 10,080 candles, so about 27 days of reference remain) and says so.
 */
export const MAX_WINDOW_CANDLES = 50_000;

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
    const read = await windowsWithWarmup(
      s.symbol,
      s.tf,
      windows.referenceFrom,
      windows.recentFrom,
      MAX_WINDOW_CANDLES,
      WARMUP_CANDLES,
    );
    items.push({
      symbol: s.symbol,
      tf: s.tf,
      exchangeTz: s.exchangeTz,
      lastCandle: s.last,
      recentFrom: windows.recentFrom,
      // Where the candle budget cut the reference at its old end, it starts later than asked.
      referenceFrom: read.start,
      truncated: read.start.getTime() > windows.referenceFrom.getTime(),
      candlesRead: read.closes.length,
      features: seriesDrift(read.closes, read),
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
