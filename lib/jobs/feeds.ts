import type { Timeframe } from '@/lib/domain/timeframes';
import { pool } from '@/lib/db/client';
import { importCandles } from '@/lib/db/candles';
import { markFeedSuccess } from '@/lib/db/feeds';
import { polledFeeds, recordFeedError, type PolledFeed } from '@/lib/db/instruments';
import { sourceForFeed } from '@/lib/market/sources/forFeed';
import { logger } from '@/lib/logging/logger';

const log = logger('feeds');

/** Feeds polled at once: one slow source must not hold up the others (nor the cycle long). */
const CONCURRENCY = 8;
/** Candles fetched per poll: a feed that fell behind catches up over a few polls. */
const PAGE = 500;

/** Whether a configured feed is due: its polling interval since its last attempt. */
function due(feed: PolledFeed, now: Date): boolean {
  if (!feed.configured || feed.pollSeconds === null) return true;
  const last = Math.max(feed.lastSuccessAt.getTime(), feed.lastErrorAt?.getTime() ?? 0);
  return now.getTime() - last >= feed.pollSeconds * 1000;
}

async function pollOne(feed: PolledFeed, now: Date): Promise<void> {
  const kind = feed.configSource ?? feed.source;
  const source = sourceForFeed({ source: kind, baseUrl: feed.baseUrl });
  if (!source) return;
  try {
    const { rows } = await pool().query<{ last: Date | null }>(
      'SELECT max(ts) AS last FROM candles WHERE symbol = $1 AND tf = $2',
      [feed.symbol, feed.tf],
    );
    const candles = await (
      await source
    ).fetchSince(
      feed.remoteSymbol ?? feed.symbol,
      feed.tf as Timeframe,
      rows[0]?.last ?? null,
      now,
      PAGE,
    );
    if (candles.length > 0) {
      await importCandles({
        symbol: feed.symbol,
        exchangeTz: feed.exchangeTz,
        source: kind,
        candles: candles.map((c) => ({ ...c, tf: feed.tf as Timeframe })),
      });
    }
    await markFeedSuccess(feed.symbol, feed.tf, kind, now);
  } catch (error) {
    // A slow, failing or garbled source is this feed's error, never the loop's: it is recorded
    // (and flagged as failing until a later poll succeeds), and the other feeds go on.
    const message = error instanceof Error ? error.message : String(error);
    log.warn({ symbol: feed.symbol, tf: feed.tf }, `feed ${feed.symbol} ${feed.tf}: ${message}`);
    await recordFeedError(feed.symbol, feed.tf, message, now);
  }
}

/**
 * Brings every live feed (a row of feed_status of an active instrument) up to `now`: fetches
 * the candles closed since the last stored one, stores them, and records the success that
 * staleness is measured from. A configured feed is polled at its own interval and only once
 * its history backfill is done (the backfill job feeds it until then).
 */
export async function pollFeeds(now: Date): Promise<void> {
  const feeds = (await polledFeeds()).filter(
    (feed) => feed.active && (!feed.configured || feed.backfillState === 'done') && due(feed, now),
  );
  for (let k = 0; k < feeds.length; k += CONCURRENCY) {
    await Promise.all(feeds.slice(k, k + CONCURRENCY).map((feed) => pollOne(feed, now)));
  }
}
