import { isLiveSource } from '@/lib/domain/instruments';
import { isTimeframe } from '@/lib/domain/timeframes';
import { findInstrument, importCandles } from '@/lib/db/candles';
import { markFeedSuccess } from '@/lib/db/feeds';
import { findInstrumentFeed, setBackfillProgress } from '@/lib/db/instruments';
import { sourceForFeed } from '@/lib/market/sources/forFeed';
import { backfill } from './backfill';

/**
 * The job an added live feed starts (queue `instrument-backfill`): fetches the series' most
 * recent `historyLimit` closed candles from its source, stores them, records the feed's first
 * success (from then on the leader polls it), then runs the loop's backfill over the history
 * (predictions, outcomes, metrics, calibration). Progress is written to the feed's row for the
 * page. Every step is idempotent (candles upserted, predictions unique per candle), so a retry
 * after a crash or an error adds nothing twice; an error is recorded on the row and rethrown for
 * pg-boss's retries (then its dead-letter queue).
 */
export async function runInstrumentBackfill(
  payload: { symbol: string; tf: string },
  now: Date,
): Promise<{ skipped?: string; candles?: number; predictions?: number }> {
  const { symbol, tf } = payload;
  const [feed, instrument] = await Promise.all([
    findInstrumentFeed(symbol, tf),
    findInstrument(symbol),
  ]);
  if (!feed || !instrument || !isTimeframe(tf) || !isLiveSource(feed.source))
    return { skipped: 'no live feed configured for this series' };
  if (!instrument.active) {
    await setBackfillProgress(
      symbol,
      tf,
      { state: 'failed', error: 'the instrument is inactive' },
      now,
    );
    return { skipped: 'inactive' };
  }
  try {
    await setBackfillProgress(
      symbol,
      tf,
      { state: 'running', stage: 'history', done: 0, total: feed.historyLimit, error: null },
      now,
    );
    const source = sourceForFeed(feed);
    if (!source) throw new Error(`no source for ${feed.source}`);
    const candles = await (
      await source
    ).fetchSince(feed.remoteSymbol ?? symbol, tf, null, now, feed.historyLimit);
    if (candles.length === 0) {
      throw new Error(
        `the source returned no closed ${tf} candles for ${feed.remoteSymbol ?? symbol}`,
      );
    }
    await importCandles({
      symbol,
      exchangeTz: instrument.exchangeTz,
      source: feed.source,
      candles: candles.map((c) => ({ ...c, tf })),
    });
    await markFeedSuccess(symbol, tf, feed.source, now);
    await setBackfillProgress(
      symbol,
      tf,
      { state: 'running', stage: 'history', done: candles.length, total: candles.length },
      now,
    );
    let last = 0;
    // Written one after the other, and all before the final state: a late one never undoes it.
    let writes: Promise<unknown> = Promise.resolve();
    const result = await backfill({
      symbol,
      tf,
      now,
      horizons: feed.horizons,
      onProgress: (p) => {
        // At most a write per 10 % of a stage (and each stage's start): progress, not a log.
        const step = Math.floor((10 * p.done) / Math.max(1, p.total));
        if (p.done !== 0 && step === last) return;
        last = step;
        writes = writes
          .then(() =>
            setBackfillProgress(
              symbol,
              tf,
              { state: 'running', stage: p.stage, done: p.done, total: p.total },
              new Date(),
            ),
          )
          .catch(() => {});
      },
    });
    await writes;
    await setBackfillProgress(
      symbol,
      tf,
      { state: 'done', stage: null, done: candles.length, total: candles.length, error: null },
      new Date(),
    );
    return { candles: candles.length, predictions: result.predictions };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await setBackfillProgress(symbol, tf, { state: 'failed', error: message }, new Date()).catch(
      () => {},
    );
    throw error;
  }
}
