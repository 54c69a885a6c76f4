import { db } from './client';

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
