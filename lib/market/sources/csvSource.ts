import { parseCandleCsv } from '@/lib/domain/candleCsv';
import { timeframeMs, type Timeframe } from '@/lib/domain/timeframes';
import type { CandleSource, SourceCandle } from './source';

/**
 * Candles of one CSV file. The file is parsed and validated once, up front, so a bad file
 * fails at creation with its line-numbered errors rather than on some later poll. `symbol`
 * is not checked: a file holds one symbol and the caller chose which. A `tf` column in the
 * file wins over the `tf` argument, which only fills rows without one.
 */
export function createCsvSource(text: string, timeZone: string, tf?: Timeframe): CandleSource {
  const parsed = parseCandleCsv(text, { timeZone, tf });
  if (!parsed.ok) {
    const lines = parsed.errors.map(
      (e) => `line ${e.line}${e.field ? ` (${e.field})` : ''}: ${e.message}`,
    );
    throw new Error(`invalid candle CSV:\n${lines.join('\n')}`);
  }
  const candles = parsed.candles;
  return {
    kind: 'csv',
    async fetchSince(_symbol, wantedTf, since, now, limit) {
      if (!Number.isInteger(limit) || limit < 0) {
        throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
      }
      const after = since?.getTime() ?? -Infinity;
      const out: SourceCandle[] = [];
      for (const k of candles) {
        if (out.length >= limit) break;
        const start = k.ts.getTime();
        // A file can end with the current, still-forming candle; only closed ones are served.
        if (k.tf !== wantedTf || start <= after || start + timeframeMs(k.tf) > now.getTime()) {
          continue;
        }
        out.push({ ts: new Date(start), o: k.o, h: k.h, l: k.l, c: k.c, v: k.v });
      }
      return out;
    },
  };
}
