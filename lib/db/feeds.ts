import { db, pool } from './client';

/**
 * When each live feed last succeeded, keyed `symbol|tf`. The table holds one row per live feed,
 * so the score path reads all of them at once rather than one row per symbol it is asked about.
 */
export async function feedLastSuccesses(): Promise<Map<string, Date>> {
  const { rows } = await pool().query<{ symbol: string; tf: string; last: Date }>(
    'SELECT symbol, tf, last_success_at AS last FROM feed_status',
  );
  return new Map(rows.map((r) => [`${r.symbol}|${r.tf}`, r.last]));
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
