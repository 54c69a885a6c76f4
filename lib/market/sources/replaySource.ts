import { parseCandleCsv } from '@/lib/domain/candleCsv';
import { replayCandles, type ReplaySeries } from '@/lib/domain/replay';
import { sp500Csv } from '@/lib/seed/demo';
import type { CandleSource } from './source';

export interface ReplaySourceOptions {
  /** Price level each pass of the series starts from; must stay fixed for a feed to chain. */
  anchorPrice?: number;
}

export function createReplaySource(
  series: ReplaySeries,
  options: ReplaySourceOptions = {},
): CandleSource {
  return {
    kind: 'replay',
    async fetchSince(symbol, tf, since, now, limit) {
      return replayCandles(series, symbol, tf, since, now, limit, options.anchorPrice);
    },
  };
}

/** The real daily S&P 500 closes and volumes (vega-datasets), validated like any CSV import. */
export async function loadSp500ReplaySeries(): Promise<ReplaySeries> {
  const parsed = parseCandleCsv(await sp500Csv(), { tf: '1d', timeZone: 'America/New_York' });
  if (!parsed.ok) {
    const first = parsed.errors[0];
    throw new Error(`the S&P 500 series is invalid: line ${first.line}: ${first.message}`);
  }
  return {
    closes: parsed.candles.map((candle) => candle.c),
    volumes: parsed.candles.map((candle) => candle.v),
  };
}
