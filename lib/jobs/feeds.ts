import type { Timeframe } from '@/lib/domain/timeframes';
import { db, pool } from '@/lib/db/client';
import { importCandles } from '@/lib/db/candles';
import { markFeedSuccess } from '@/lib/db/feeds';
import { createHttpKlinesSource } from '@/lib/market/sources/httpKlinesSource';
import { createReplaySource, loadSp500ReplaySeries } from '@/lib/market/sources/replaySource';
import type { CandleSource } from '@/lib/market/sources/source';

let replay: Promise<CandleSource> | undefined;

function sourceFor(kind: string): Promise<CandleSource> | null {
  if (kind === 'replay')
    return (replay ??= loadSp500ReplaySeries().then((s) => createReplaySource(s)));
  if (kind === 'http' && process.env.HTTP_KLINES_BASE_URL) {
    return Promise.resolve(createHttpKlinesSource({ baseUrl: process.env.HTTP_KLINES_BASE_URL }));
  }
  return null;
}

/**
 * Brings every live feed (a row of feed_status) up to `now`: fetches the candles closed since
 * the last stored one, stores them, and records the success that staleness is measured from.
 */
export async function pollFeeds(now: Date): Promise<void> {
  const feeds = await db().feedStatus.findMany();
  for (const feed of feeds) {
    const source = sourceFor(feed.source);
    if (!source) continue;
    try {
      const instrument = await db().instrument.findUniqueOrThrow({
        where: { symbol: feed.symbol },
      });
      const { rows } = await pool().query<{ last: Date | null }>(
        'SELECT max(ts) AS last FROM candles WHERE symbol = $1 AND tf = $2',
        [feed.symbol, feed.tf],
      );
      const candles = await (
        await source
      ).fetchSince(feed.symbol, feed.tf as Timeframe, rows[0]?.last ?? null, now, 500);
      if (candles.length > 0) {
        await importCandles({
          symbol: feed.symbol,
          exchangeTz: instrument.exchangeTz,
          source: feed.source,
          candles: candles.map((c) => ({ ...c, tf: feed.tf as Timeframe })),
        });
      }
      await markFeedSuccess(feed.symbol, feed.tf, feed.source, now);
    } catch (error) {
      await db().feedStatus.update({
        where: { symbol_tf: { symbol: feed.symbol, tf: feed.tf } },
        data: { lastError: (error as Error).message.slice(0, 1000), lastErrorAt: now },
      });
    }
  }
}
