import { feedHealth } from '@/lib/domain/instruments';
import type { InstrumentViewOut } from '@/lib/contracts/instruments';
import { MAX_INSTRUMENTS, seriesCounts, universe, type SeriesRow } from '@/lib/db/instruments';

type Counts = Awaited<ReturnType<typeof seriesCounts>>;

function feedOf(
  row: SeriesRow,
  instrument: { active: boolean; horizons: string[] },
  now: Date,
  counts?: Counts,
) {
  const { feed, status } = row;
  const health = feedHealth(
    {
      active: instrument.active,
      source: feed?.source ?? status?.source ?? null,
      backfillState: feed?.backfillState ?? null,
      lastSuccessAt: status?.lastSuccessAt ?? null,
      lastErrorAt: status?.lastErrorAt ?? null,
    },
    now,
  );
  const n = counts?.get(row.tf);
  return {
    tf: row.tf,
    configured: feed !== null,
    source: feed?.source ?? status?.source ?? null,
    horizons: feed?.horizons ?? instrument.horizons,
    baseUrl: feed?.baseUrl ?? null,
    remoteSymbol: feed?.remoteSymbol ?? null,
    pollSeconds: feed && feed.source !== 'csv' ? feed.pollSeconds : null,
    historyLimit: feed && feed.source !== 'csv' ? feed.historyLimit : null,
    backfill:
      feed && feed.backfillState !== 'none'
        ? {
            state: feed.backfillState,
            stage: feed.backfillStage,
            done: feed.backfillDone,
            total: feed.backfillTotal,
            error: feed.backfillError,
            at: feed.backfillAt,
          }
        : null,
    health: {
      ...health,
      lastCandle: row.lastCandle,
      lastSuccessAt: status?.lastSuccessAt ?? null,
      lastError: status?.lastError ?? null,
      lastErrorAt: status?.lastErrorAt ?? null,
    },
    counts: n ? { candles: n.candles, predictions: n.predictions, matured: n.matured } : null,
  };
}

/** Every instrument with the health of each series; `flagged` counts stale or failing feeds. */
export async function feedsOverview(now: Date) {
  const { instruments, truncated } = await universe(MAX_INSTRUMENTS);
  const views: InstrumentViewOut[] = instruments.map(({ instrument, series }) => ({
    ...instrument,
    feeds: series.map((row) => feedOf(row, instrument, now)),
  }));
  const flagged = views.reduce((n, i) => n + i.feeds.filter((f) => f.health.flagged).length, 0);
  return { instruments: views, flagged, truncated };
}

/** One instrument with its series' configuration, health and counts; null when unknown. */
export async function instrumentDetail(symbol: string, now: Date) {
  const { instruments } = await universe(1, symbol);
  const found = instruments[0];
  if (!found) return null;
  const counts = await seriesCounts(
    symbol,
    found.series.map((s) => s.tf),
  );
  return {
    ...found.instrument,
    feeds: found.series.map((row) => feedOf(row, found.instrument, now, counts)),
  } satisfies InstrumentViewOut;
}

/** The flagged feeds, as diagnose reports them. */
export async function flaggedFeeds(now: Date) {
  const { instruments } = await feedsOverview(now);
  return instruments.flatMap((i) =>
    i.feeds
      .filter((f) => f.health.flagged)
      .map((f) => ({
        symbol: i.symbol,
        tf: f.tf,
        status: f.health.status,
        staleness: f.health.staleness,
        lastError: f.health.lastError ?? f.backfill?.error ?? null,
      })),
  );
}
