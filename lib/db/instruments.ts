import { isLiveSource } from '@/lib/domain/instruments';
import { TIMEFRAMES } from '@/lib/domain/timeframes';
import type { FeedConfig } from '@/lib/contracts/instruments';
import { appendAudit } from './audit';
import { db, pool } from './client';
import type { Prisma } from './generated/prisma/client';

// The universe's configuration (instruments × instrument_feeds) and the backfill progress of
// its live feeds. Runtime health (last success / error) is feed_status, written by the worker.

export type InstrumentFeedRow = Prisma.InstrumentFeedGetPayload<object>;

export interface InstrumentFields {
  symbol: string;
  name: string;
  exchangeTz: string;
  active: boolean;
}

/** The row of a configured series as the feed config says it (backfill state reset). */
function feedData(feed: FeedConfig) {
  const live = isLiveSource(feed.source);
  return {
    tf: feed.tf,
    source: feed.source,
    horizons: feed.horizons,
    baseUrl: feed.source === 'http' ? feed.baseUrl : null,
    remoteSymbol: feed.source === 'http' ? (feed.remoteSymbol ?? null) : null,
    pollSeconds: feed.source === 'csv' ? 60 : feed.pollSeconds,
    historyLimit: feed.source === 'csv' ? 0 : feed.historyLimit,
    backfillState: live ? 'queued' : 'none',
    backfillStage: null,
    backfillDone: 0,
    backfillTotal: 0,
    backfillError: null,
    backfillAt: null,
  };
}

/** The instrument's horizons: those of its configured timeframes, each once, in order. */
const unionOfHorizons = (feeds: readonly { horizons: string[] }[]) => [
  ...new Set(feeds.flatMap((f) => f.horizons)),
];

/** A change of where a series' candles come from: its history is fetched again. */
const sourceChanged = (before: InstrumentFeedRow, after: ReturnType<typeof feedData>) =>
  before.source !== after.source ||
  before.baseUrl !== after.baseUrl ||
  before.remoteSymbol !== after.remoteSymbol;

const feedAudit = (f: {
  tf: string;
  source: string;
  horizons: string[];
  baseUrl: string | null;
}) => ({
  tf: f.tf,
  source: f.source,
  horizons: f.horizons,
  ...(f.baseUrl ? { baseUrl: f.baseUrl } : {}),
});

/**
 * Adds an instrument with its configured timeframes, audited in the same transaction. Returns
 * null when the symbol exists (whether added here or by an import): nothing is written then.
 * The timeframes whose history must be backfilled come back in `backfills`.
 */
export async function createInstrument(
  input: InstrumentFields & { feeds: FeedConfig[] },
  actor: string,
): Promise<{ backfills: string[] } | null> {
  return db().$transaction(async (tx) => {
    const created = await tx.instrument.createMany({
      data: [
        {
          symbol: input.symbol,
          name: input.name,
          exchangeTz: input.exchangeTz,
          active: input.active,
          horizons: unionOfHorizons(input.feeds),
        },
      ],
      skipDuplicates: true,
    });
    if (created.count === 0) return null;
    const rows = input.feeds.map(feedData);
    await tx.instrumentFeed.createMany({ data: rows.map((r) => ({ ...r, symbol: input.symbol })) });
    await appendAudit(
      {
        action: 'instrument.create',
        actor,
        details: {
          symbol: input.symbol,
          name: input.name,
          exchangeTz: input.exchangeTz,
          active: input.active,
          timeframes: rows.map(feedAudit),
        },
      },
      tx,
    );
    return {
      backfills: input.active
        ? rows.filter((r) => r.backfillState === 'queued').map((r) => r.tf)
        : [],
    };
  });
}

/**
 * Edits an instrument, audited with what changed. `feeds`, when given, is the whole set of
 * configured timeframes: a timeframe left out loses its configuration and feed row (its candles,
 * predictions and outcomes stay); a new one, or one whose source changed, is backfilled; one
 * whose backfill failed is queued again. Null when the symbol is unknown.
 */
export async function updateInstrument(
  symbol: string,
  patch: Partial<Omit<InstrumentFields, 'symbol'>> & { feeds?: FeedConfig[] },
  actor: string,
): Promise<{ backfills: string[] } | null> {
  return db().$transaction(async (tx) => {
    // Locks the row: two edits of one instrument apply one after the other.
    const locked = await tx.$queryRaw<InstrumentFields[]>`
      SELECT symbol, name, exchange_tz AS "exchangeTz", active FROM instruments
      WHERE symbol = ${symbol} FOR UPDATE`;
    const before = locked[0];
    if (!before) return null;
    const existing = await tx.instrumentFeed.findMany({ where: { symbol } });
    const changes: Record<string, Prisma.InputJsonValue> = {};
    for (const key of ['name', 'exchangeTz', 'active'] as const) {
      if (patch[key] !== undefined && patch[key] !== before[key])
        changes[key] = { from: before[key], to: patch[key] };
    }
    let requeue: string[] = [];
    let horizons: string[] | undefined;
    if (patch.feeds) {
      const byTf = new Map(existing.map((f) => [f.tf, f]));
      const wanted = new Set<string>(patch.feeds.map((f) => f.tf));
      const removed = existing.filter((f) => !wanted.has(f.tf)).map((f) => f.tf);
      if (removed.length) {
        await tx.instrumentFeed.deleteMany({ where: { symbol, tf: { in: removed } } });
        await tx.feedStatus.deleteMany({ where: { symbol, tf: { in: removed } } });
        changes.removedTimeframes = removed;
      }
      const edited: Prisma.InputJsonValue[] = [];
      for (const feed of patch.feeds) {
        const next = feedData(feed);
        const prior = byTf.get(feed.tf);
        if (!prior) {
          await tx.instrumentFeed.create({ data: { ...next, symbol } });
          edited.push({ ...feedAudit(next), added: true });
          if (next.backfillState === 'queued') requeue.push(feed.tf);
          continue;
        }
        const again = sourceChanged(prior, next) || prior.backfillState === 'failed';
        const keep = {
          backfillState: prior.backfillState,
          backfillStage: prior.backfillStage,
          backfillDone: prior.backfillDone,
          backfillTotal: prior.backfillTotal,
          backfillError: prior.backfillError,
          backfillAt: prior.backfillAt,
        };
        const data = again ? next : { ...next, ...keep };
        await tx.instrumentFeed.update({
          where: { symbol_tf: { symbol, tf: feed.tf } },
          data: { ...data, updatedAt: new Date() },
        });
        if (!isLiveSource(next.source)) {
          // Not polled any more: its feed row would count in the staleness gate.
          await tx.feedStatus.deleteMany({ where: { symbol, tf: feed.tf } });
        }
        if (again && next.backfillState === 'queued') requeue.push(feed.tf);
        if (
          again ||
          JSON.stringify(prior.horizons) !== JSON.stringify(next.horizons) ||
          prior.pollSeconds !== next.pollSeconds ||
          prior.historyLimit !== next.historyLimit
        )
          edited.push({ ...feedAudit(next), pollSeconds: next.pollSeconds });
      }
      if (edited.length) changes.timeframes = edited;
      horizons = unionOfHorizons(patch.feeds);
    }
    await tx.instrument.update({
      where: { symbol },
      data: {
        name: patch.name,
        exchangeTz: patch.exchangeTz,
        active: patch.active,
        horizons,
      },
    });
    await appendAudit(
      {
        action:
          patch.active === false && before.active ? 'instrument.deactivate' : 'instrument.update',
        actor,
        details: { symbol, changes },
      },
      tx,
    );
    // A deactivated instrument backfills nothing; reactivating it lets the poll catch up.
    const active = patch.active ?? before.active;
    if (!active) {
      if (requeue.length)
        await tx.instrumentFeed.updateMany({
          where: { symbol, tf: { in: requeue } },
          data: { backfillState: 'failed', backfillError: 'the instrument is inactive' },
        });
      requeue = [];
    }
    return { backfills: requeue };
  });
}

export const findInstrumentFeed = (symbol: string, tf: string) =>
  db().instrumentFeed.findUnique({ where: { symbol_tf: { symbol, tf } } });

/** Records the backfill's progress, shown on the page while the job runs. */
export const setBackfillProgress = (
  symbol: string,
  tf: string,
  progress: {
    state: 'queued' | 'running' | 'done' | 'failed';
    stage?: string | null;
    done?: number;
    total?: number;
    error?: string | null;
  },
  at: Date,
) =>
  db().instrumentFeed.updateMany({
    where: { symbol, tf },
    data: {
      backfillState: progress.state,
      backfillStage: progress.stage,
      backfillDone: progress.done,
      backfillTotal: progress.total,
      backfillError: progress.error === undefined ? undefined : progress.error?.slice(0, 1000),
      backfillAt: at,
    },
  });

/** A live feed the worker polls: its feed row with its configuration, if any. */
export interface PolledFeed {
  symbol: string;
  tf: string;
  exchangeTz: string;
  active: boolean;
  /** feed_status.source: what last fed it. */
  source: string;
  lastSuccessAt: Date;
  lastErrorAt: Date | null;
  configured: boolean;
  configSource: string | null;
  baseUrl: string | null;
  remoteSymbol: string | null;
  pollSeconds: number | null;
  backfillState: string | null;
}

/** Every feed row (one per live series) with its instrument and configuration. */
export async function polledFeeds(): Promise<PolledFeed[]> {
  const { rows } = await pool().query<PolledFeed>(
    `SELECT s.symbol, s.tf, i.exchange_tz AS "exchangeTz", i.active, s.source,
            s.last_success_at AS "lastSuccessAt", s.last_error_at AS "lastErrorAt",
            f.symbol IS NOT NULL AS configured, f.source AS "configSource",
            f.base_url AS "baseUrl", f.remote_symbol AS "remoteSymbol",
            f.poll_seconds AS "pollSeconds", f.backfill_state AS "backfillState"
     FROM feed_status s
     JOIN instruments i ON i.symbol = s.symbol
     LEFT JOIN instrument_feeds f ON f.symbol = s.symbol AND f.tf = s.tf
     ORDER BY s.symbol, s.tf`,
  );
  return rows;
}

export const recordFeedError = (symbol: string, tf: string, message: string, at: Date) =>
  db().feedStatus.updateMany({
    where: { symbol, tf },
    data: { lastError: message.slice(0, 1000), lastErrorAt: at },
  });

/** One series of the universe with everything its health is read from. */
export interface SeriesRow {
  symbol: string;
  tf: string;
  feed: InstrumentFeedRow | null;
  status: {
    source: string;
    lastSuccessAt: Date;
    lastError: string | null;
    lastErrorAt: Date | null;
  } | null;
  lastCandle: Date | null;
}

export const MAX_INSTRUMENTS = 1000;

/**
 * Instruments (at most `limit`, by symbol) with every series they have: configured timeframes,
 * timeframes with candles, and feed rows. The last candle of each is one index probe per
 * instrument and timeframe (candles' primary key), never a scan of the candles.
 */
export async function universe(limit = MAX_INSTRUMENTS, symbol?: string) {
  const instruments = await db().instrument.findMany({
    where: symbol ? { symbol } : undefined,
    orderBy: { symbol: 'asc' },
    take: limit + 1,
  });
  const truncated = instruments.length > limit;
  const shown = instruments.slice(0, limit);
  const symbols = shown.map((i) => i.symbol);
  const [feeds, statuses, last] = await Promise.all([
    db().instrumentFeed.findMany({ where: { symbol: { in: symbols } } }),
    db().feedStatus.findMany({ where: { symbol: { in: symbols } } }),
    pool().query<{ symbol: string; tf: string; ts: Date }>(
      `SELECT s.symbol, t.tf, l.ts
       FROM unnest($1::text[]) AS s(symbol)
       CROSS JOIN unnest($2::text[]) AS t(tf)
       CROSS JOIN LATERAL (
         SELECT c.ts FROM candles c WHERE c.symbol = s.symbol AND c.tf = t.tf
         ORDER BY c.ts DESC LIMIT 1
       ) l`,
      [symbols, TIMEFRAMES],
    ),
  ]);
  const key = (s: string, tf: string) => `${s}|${tf}`;
  const feedBy = new Map(feeds.map((f) => [key(f.symbol, f.tf), f]));
  const statusBy = new Map(statuses.map((s) => [key(s.symbol, s.tf), s]));
  const lastBy = new Map(last.rows.map((r) => [key(r.symbol, r.tf), r.ts]));
  const order = (tf: string) => (TIMEFRAMES as readonly string[]).indexOf(tf);
  return {
    truncated,
    instruments: shown.map((instrument) => {
      const tfs = new Set<string>();
      for (const map of [feedBy, statusBy, lastBy])
        for (const k of map.keys())
          if (k.startsWith(`${instrument.symbol}|`)) tfs.add(k.slice(instrument.symbol.length + 1));
      const series: SeriesRow[] = [...tfs]
        .sort((a, b) => order(a) - order(b))
        .map((tf) => ({
          symbol: instrument.symbol,
          tf,
          feed: feedBy.get(key(instrument.symbol, tf)) ?? null,
          status: statusBy.get(key(instrument.symbol, tf)) ?? null,
          lastCandle: lastBy.get(key(instrument.symbol, tf)) ?? null,
        }));
      return { instrument, series };
    }),
  };
}

/**
 * Candles, predictions and matured outcomes of each of a symbol's timeframes: index-only counts
 * over candles' key and predictions' (symbol, tf, id), outcomes probed by their key.
 */
export async function seriesCounts(symbol: string, tfs: readonly string[]) {
  const { rows } = await pool().query<{
    tf: string;
    candles: number;
    predictions: number;
    matured: number;
  }>(
    `SELECT t.tf,
       (SELECT count(*) FROM candles c WHERE c.symbol = $1 AND c.tf = t.tf)::int AS candles,
       (SELECT count(*) FROM predictions p WHERE p.symbol = $1 AND p.tf = t.tf)::int AS predictions,
       (SELECT count(*) FROM predictions p JOIN outcomes o ON o.prediction_id = p.id
         WHERE p.symbol = $1 AND p.tf = t.tf)::int AS matured
     FROM unnest($2::text[]) AS t(tf)`,
    [symbol, [...tfs]],
  );
  return new Map(rows.map((r) => [r.tf, r]));
}
