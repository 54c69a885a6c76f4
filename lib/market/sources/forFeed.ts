import { createHttpKlinesSource } from './httpKlinesSource';
import { createReplaySource, loadSp500ReplaySeries } from './replaySource';
import type { CandleSource } from './source';

let replay: Promise<CandleSource> | undefined;

/** How long one klines request may take, body included (FEED_HTTP_TIMEOUT_MS, default 5 s). */
export const feedTimeoutMs = () => {
  const value = Number(process.env.FEED_HTTP_TIMEOUT_MS ?? 5000);
  return Number.isFinite(value) && value > 0 ? value : 5000;
};

/** The largest klines response read (FEED_HTTP_MAX_BYTES, default 1 MiB: 1,000 klines ≈ 200 KB). */
export const feedMaxBytes = () => {
  const value = Number(process.env.FEED_HTTP_MAX_BYTES ?? 1024 * 1024);
  return Number.isFinite(value) && value > 0 ? value : 1024 * 1024;
};

/**
 * The source of a live feed. A configured feed names its own (an http feed its base URL); a
 * feed row from before instruments were configurable (the demo's replay, an http feed set up
 * through HTTP_KLINES_BASE_URL) keeps the source its row names. Null: nothing to poll.
 */
export function sourceForFeed(feed: {
  source: string;
  baseUrl?: string | null;
}): Promise<CandleSource> | null {
  if (feed.source === 'replay')
    return (replay ??= loadSp500ReplaySeries().then((s) => createReplaySource(s)));
  if (feed.source === 'http') {
    const baseUrl = feed.baseUrl ?? process.env.HTTP_KLINES_BASE_URL;
    if (!baseUrl) return null;
    return Promise.resolve(
      createHttpKlinesSource({ baseUrl, timeoutMs: feedTimeoutMs(), maxBytes: feedMaxBytes() }),
    );
  }
  return null;
}
