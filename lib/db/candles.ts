import { db, pool } from './client';
import { TIMEFRAMES, timeframeMs, type Timeframe } from '@/lib/domain/timeframes';
import type { Ohlcv } from '@/lib/domain/ohlcv';

export type CandleInput = Ohlcv;

export const findInstrument = (symbol: string) => db().instrument.findUnique({ where: { symbol } });

/**
 * Writes a validated batch in one transaction: either every row lands (new rows inserted,
 * existing timestamps replaced) or none does. The instrument is created on first import.
 */
export async function importCandles(input: {
  symbol: string;
  name?: string;
  exchangeTz: string;
  source: string;
  candles: (CandleInput & { tf: Timeframe })[];
}): Promise<{ written: number }> {
  const { symbol, source, candles } = input;
  return db().$transaction(async (tx) => {
    // ON CONFLICT DO NOTHING: two imports of a new symbol at once must not collide.
    await tx.instrument.createMany({
      data: [{ symbol, name: input.name ?? symbol, exchangeTz: input.exchangeTz }],
      skipDuplicates: true,
    });
    const written = await tx.$executeRaw`
      INSERT INTO candles (symbol, tf, ts, o, h, l, c, v, source)
      SELECT ${symbol}, t.*, ${source}
      FROM unnest(${candles.map((k) => k.tf)}::text[], ${candles.map((k) => k.ts)}::timestamptz[], ${candles.map((k) => k.o)}::float8[],
                  ${candles.map((k) => k.h)}::float8[], ${candles.map((k) => k.l)}::float8[],
                  ${candles.map((k) => k.c)}::float8[], ${candles.map((k) => k.v)}::float8[]) AS t
      ON CONFLICT (symbol, tf, ts) DO UPDATE
        SET o = EXCLUDED.o, h = EXCLUDED.h, l = EXCLUDED.l, c = EXCLUDED.c, v = EXCLUDED.v,
            source = EXCLUDED.source`;
    return { written };
  });
}

export interface CandleRange {
  symbol: string;
  tf: Timeframe;
  from?: Date;
  to?: Date;
}

const candleFields = { ts: true, o: true, h: true, l: true, c: true, v: true } as const;

export const listCandles = (range: CandleRange, limit: number) =>
  db()
    .candle.findMany({
      where: { symbol: range.symbol, tf: range.tf, ts: { gte: range.from, lte: range.to } },
      orderBy: { ts: 'desc' },
      take: limit,
      select: candleFields,
    })
    .then((rows) => rows.reverse());

/** Every candle up to `to`, oldest first: indicator values depend on the whole history. */
export const candlesUpTo = (symbol: string, tf: Timeframe, to?: Date) =>
  db().candle.findMany({
    where: { symbol, tf, ts: { lte: to } },
    orderBy: { ts: 'asc' },
    select: candleFields,
  });

/** Closes strictly before `ts`, oldest first: the history a score at `ts` is computed on. */
export async function closesBefore(symbol: string, tf: Timeframe, ts: Date): Promise<number[]> {
  const { rows } = await pool().query<{ c: number }>(
    'SELECT c FROM candles WHERE symbol = $1 AND tf = $2 AND ts < $3 ORDER BY ts',
    [symbol, tf, ts],
  );
  return rows.map((row) => row.c);
}

/** Candles closed by `now` (ts + tf ≤ now), oldest first, as parallel arrays. */
export async function closedSeries(symbol: string, tf: Timeframe, now: Date) {
  const { rows } = await pool().query<{ ts: Date; c: number }>(
    'SELECT ts, c FROM candles WHERE symbol = $1 AND tf = $2 AND ts <= $3 ORDER BY ts',
    [symbol, tf, new Date(now.getTime() - timeframeMs(tf))],
  );
  return { ts: rows.map((r) => r.ts), closes: rows.map((r) => r.c) };
}

/** Candles from `from` on (inclusive), oldest first: the prices outcomes are read from. */
/** Closes of a series from the last candle at or before `from` (or the first after it) on. */
export async function pricesFrom(symbol: string, tf: string, from: Date) {
  const { rows } = await pool().query<{ ts: Date; c: number }>(
    `SELECT ts, c FROM candles WHERE symbol = $1 AND tf = $2 AND ts >= coalesce(
       (SELECT max(ts) FROM candles WHERE symbol = $1 AND tf = $2 AND ts <= $3), $3)
     ORDER BY ts`,
    [symbol, tf, from],
  );
  return rows;
}

export interface UniverseEntry {
  symbol: string;
  exchangeTz: string;
  horizons: string[];
  tf: Timeframe;
  /** The latest candle closed by `now` (ts + tf ≤ now); null while none has closed. */
  lastClosed: Date | null;
}

/**
 * Every (active symbol, timeframe with candles) the cycle scores, with its horizons and latest
 * closed candle, in one query: an index probe per symbol and timeframe (a second one only where
 * the newest candle has not closed yet), never a scan of the candles.
 */
export async function scoringUniverse(now: Date): Promise<UniverseEntry[]> {
  const { rows } = await pool().query<UniverseEntry>(
    `SELECT i.symbol, i.exchange_tz AS "exchangeTz", coalesce(f.horizons, i.horizons) AS horizons, t.tf,
            CASE WHEN l.ts <= t.cutoff THEN l.ts ELSE (
              SELECT c.ts FROM candles c
              WHERE c.symbol = i.symbol AND c.tf = t.tf AND c.ts <= t.cutoff
              ORDER BY c.ts DESC LIMIT 1
            ) END AS "lastClosed"
     FROM instruments i
     CROSS JOIN (
       SELECT tf, $3::timestamptz - ms * interval '1 millisecond' AS cutoff
       FROM unnest($1::text[], $2::float8[]) AS u(tf, ms)
     ) t
     CROSS JOIN LATERAL (
       SELECT c.ts FROM candles c WHERE c.symbol = i.symbol AND c.tf = t.tf
       ORDER BY c.ts DESC LIMIT 1
     ) l
     -- A configured timeframe has horizons of its own (instrument_feeds); others the instrument's.
     LEFT JOIN instrument_feeds f ON f.symbol = i.symbol AND f.tf = t.tf
     WHERE i.active
     ORDER BY i.symbol, t.tf`,
    [TIMEFRAMES, TIMEFRAMES.map(timeframeMs), now],
  );
  return rows;
}

/**
 * The closes of many series at once, oldest first, each up to and including its `to`: one round
 * trip for a whole universe instead of one per series, each series an index range scan. A series
 * comes back as one value, the 8-byte doubles PostgreSQL stores (float8send), which decode
 * exactly without parsing text; `undefined` where a series has no candle up to `to`.
 */
export async function closesUpTo(
  series: readonly { symbol: string; tf: string; to: Date }[],
): Promise<(number[] | undefined)[]> {
  if (series.length === 0) return [];
  const { rows } = await pool().query<{ i: string; closes: Buffer | null }>(
    `SELECT u.i, (
       SELECT string_agg(float8send(c.c), ''::bytea ORDER BY c.ts) FROM candles c
       WHERE c.symbol = u.symbol AND c.tf = u.tf AND c.ts <= u.upto
     ) AS closes
     FROM unnest($1::text[], $2::text[], $3::timestamptz[]) WITH ORDINALITY AS u(symbol, tf, upto, i)`,
    [series.map((s) => s.symbol), series.map((s) => s.tf), series.map((s) => s.to)],
  );
  const out: (number[] | undefined)[] = new Array(series.length).fill(undefined);
  for (const row of rows) {
    const bytes = row.closes;
    if (bytes === null) continue;
    const closes = new Array<number>(bytes.length / 8);
    for (let k = 0; k < closes.length; k++) closes[k] = bytes.readDoubleBE(k * 8);
    out[Number(row.i) - 1] = closes;
  }
  return out;
}

/** Each instrument with the timeframes it has and the latest candle of each. */
export async function instrumentsWithLatest() {
  const instruments = await db().instrument.findMany({ orderBy: { symbol: 'asc' } });
  const latest = await db().$queryRaw<(Ohlcv & { symbol: string; tf: string; count: bigint })[]>`
    SELECT DISTINCT ON (symbol, tf) symbol, tf, ts, o, h, l, c, v,
           count(*) OVER (PARTITION BY symbol, tf) AS count
    FROM candles ORDER BY symbol, tf, ts DESC`;
  return instruments.map((instrument) => ({
    ...instrument,
    series: latest
      .filter((row) => row.symbol === instrument.symbol)
      .map(({ symbol: _symbol, count, ...rest }) => ({ ...rest, count: Number(count) })),
  }));
}

/**
 * The series drift is computed for: each instrument's timeframes that have candles, with the
 * last candle, in symbol and timeframe order; at most `limit` of them. An index probe per
 * instrument and timeframe (candles' (symbol, tf, ts) key), never a scan of the candles.
 */
export async function seriesWithLastCandle(
  filter: { symbol?: string; tf?: Timeframe },
  limit: number,
): Promise<{ symbol: string; tf: Timeframe; exchangeTz: string; last: Date }[]> {
  const tfs = filter.tf ? [filter.tf] : [...TIMEFRAMES];
  const { rows } = await pool().query<{
    symbol: string;
    tf: Timeframe;
    exchangeTz: string;
    last: Date;
  }>(
    `SELECT i.symbol, t.tf, i.exchange_tz AS "exchangeTz", l.ts AS last
     FROM instruments i
     CROSS JOIN unnest($1::text[]) WITH ORDINALITY AS t(tf, k)
     CROSS JOIN LATERAL (
       SELECT c.ts FROM candles c WHERE c.symbol = i.symbol AND c.tf = t.tf
       ORDER BY c.ts DESC LIMIT 1
     ) l
     WHERE $2::text IS NULL OR i.symbol = $2
     ORDER BY i.symbol, t.k
     LIMIT $3`,
    [tfs, filter.symbol ?? null, limit],
  );
  return rows;
}

/**
 * The closes of a bounded stretch of a series, oldest first, for indicators over two windows:
 * the newest `maxCandles` candles in (`after`, ∞) — the reference window (`start`, `split`]
 * and the recent one after `split`, where `start` is `after` unless the budget moved it later —
 * and up to `warmup` candles before them (indicator warm-up), with how many candles each part
 * holds. One index range scan in ts order (its bounds
 * found first by two index-only probes); the closes come back as one binary value (8-byte
 * big-endian doubles), read without parsing text.
 */
export async function windowsWithWarmup(
  symbol: string,
  tf: Timeframe,
  after: Date,
  split: Date,
  maxCandles: number,
  warmup: number,
): Promise<{ closes: number[]; start: Date; warmup: number; reference: number; recent: number }> {
  const { rows } = await pool().query<{
    closes: Buffer | null;
    start: Date | null;
    warmup: number;
    reference: number;
    recent: number;
  }>(
    `WITH b AS MATERIALIZED (
       SELECT greatest($3::timestamptz, (
         SELECT ts FROM candles WHERE symbol = $1 AND tf = $2 ORDER BY ts DESC OFFSET $5 LIMIT 1
       )) AS start
     ), w AS MATERIALIZED (
       SELECT b.start, coalesce((
         SELECT ts FROM candles WHERE symbol = $1 AND tf = $2 AND ts <= b.start
         ORDER BY ts DESC OFFSET $6 - 1 LIMIT 1
       ), '-infinity') AS warm
       FROM b
     )
     SELECT string_agg(float8send(c.c), ''::bytea ORDER BY c.ts) AS closes, min(w.start) AS start,
            count(*) FILTER (WHERE c.ts <= w.start)::int AS warmup,
            count(*) FILTER (WHERE c.ts > w.start AND c.ts <= $4)::int AS reference,
            count(*) FILTER (WHERE c.ts > w.start AND c.ts > $4)::int AS recent
     FROM w, candles c
     WHERE c.symbol = $1 AND c.tf = $2 AND c.ts >= w.warm`,
    [symbol, tf, after, split, maxCandles, warmup],
  );
  const row = rows[0];
  if (!row?.closes) return { closes: [], start: after, warmup: 0, reference: 0, recent: 0 };
  const closes = new Array<number>(row.closes.length / 8);
  for (let k = 0; k < closes.length; k++) closes[k] = row.closes.readDoubleBE(k * 8);
  const { warmup: w, reference, recent } = row;
  return { closes, start: row.start ?? after, warmup: w, reference, recent };
}

/**
 * The live universe's latest closed candles (active instruments, each timeframe with candles),
 * what the canary prober scores: one index probe per series, at most `limit` series.
 */
export async function latestClosedCandles(now: Date, limit = 500) {
  const { rows } = await pool().query<Ohlcv & { symbol: string; tf: Timeframe }>(
    `SELECT i.symbol, t.tf, c.ts, c.o, c.h, c.l, c.c, c.v
     FROM instruments i
     CROSS JOIN unnest($1::text[], $2::float8[]) AS t(tf, ms)
     CROSS JOIN LATERAL (
       SELECT ts, o, h, l, c, v FROM candles
       WHERE symbol = i.symbol AND tf = t.tf AND ts <= $3::timestamptz - t.ms * interval '1 millisecond'
       ORDER BY ts DESC LIMIT 1
     ) c
     WHERE i.active
     ORDER BY i.symbol, t.tf
     LIMIT $4`,
    [TIMEFRAMES, TIMEFRAMES.map(timeframeMs), now, limit],
  );
  return rows;
}
