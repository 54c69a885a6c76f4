import { stalenessSeconds as secondsSince } from '@/lib/domain/guardrails';
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

/**
 * Seconds since each live feed last succeeded, as of `now` (never negative: a feed stamped
 * ahead of this process's clock is as fresh as can be, not fresher).
 */
export async function feedStaleness(now: Date) {
  const { rows } = await pool().query<{ symbol: string; tf: string; lastSuccessAt: Date }>(
    // A deactivated instrument's feed is not polled, so it is no staleness of the live universe.
    `SELECT s.symbol, s.tf, s.last_success_at AS "lastSuccessAt"
     FROM feed_status s JOIN instruments i ON i.symbol = s.symbol AND i.active
     ORDER BY s.symbol, s.tf`,
  );
  return rows.map((r) => ({
    symbol: r.symbol,
    tf: r.tf,
    staleness: secondsSince(r.lastSuccessAt, now),
  }));
}

/** The worst staleness across live feeds; null when there is no live feed. */
export async function maxFeedStaleness(now: Date): Promise<number | null> {
  const feeds = await feedStaleness(now);
  return feeds.length ? Math.max(...feeds.map((f) => f.staleness)) : null;
}
