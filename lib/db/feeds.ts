import { db, pool } from './client';

/** Seconds since the symbol's live feed last succeeded; null when it has no live feed. */
export async function stalenessSeconds(
  symbol: string,
  tf: string,
  now: Date,
): Promise<number | null> {
  const feed = await db().feedStatus.findUnique({
    where: { symbol_tf: { symbol, tf } },
    select: { lastSuccessAt: true },
  });
  return feed ? Math.max(0, (now.getTime() - feed.lastSuccessAt.getTime()) / 1000) : null;
}

export const markFeedSuccess = (symbol: string, tf: string, source: string, at: Date) =>
  db().feedStatus.upsert({
    where: { symbol_tf: { symbol, tf } },
    create: { symbol, tf, source, lastSuccessAt: at },
    update: { source, lastSuccessAt: at },
  });

/** Seconds since each live feed last succeeded, as of `now`. */
export async function feedStaleness(now: Date) {
  const { rows } = await pool().query<{ symbol: string; tf: string; staleness: number }>(
    `SELECT symbol, tf, extract(epoch FROM ($1::timestamptz - last_success_at))::float8 AS staleness
     FROM feed_status ORDER BY symbol, tf`,
    [now],
  );
  return rows;
}

/** The worst staleness across live feeds; null when there is no live feed. */
export async function maxFeedStaleness(now: Date): Promise<number | null> {
  const feeds = await feedStaleness(now);
  return feeds.length ? Math.max(...feeds.map((f) => f.staleness)) : null;
}
