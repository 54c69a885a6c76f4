import { resolveOutcome } from '@/lib/domain/outcomes';
import { pricesFrom } from '@/lib/db/candles';
import { insertOutcomes, pendingMatured, type PendingPrediction } from '@/lib/db/outcomes';

const BATCH = 5000;

/**
 * Fills the outcome of every prediction past maturity whose data has arrived. Idempotent: an
 * outcome is written once (ON CONFLICT DO NOTHING), so a retried or duplicated job is harmless.
 * Of those left, a live one is still pending (its feed brings the candle); a backfilled one is
 * unresolvable: its series' history ends before its maturity.
 */
export async function populateOutcomes(
  now: Date,
): Promise<{ filled: number; stillPending: number; unresolvable: number }> {
  let filled = 0;
  let stillPending = 0;
  let unresolvable = 0;
  let afterId = '0';
  for (;;) {
    const batch = await pendingMatured(now, BATCH, afterId);
    if (batch.length === 0) break;
    afterId = batch.at(-1)!.id;
    const bySeries = new Map<string, PendingPrediction[]>();
    for (const p of batch) {
      const key = `${p.symbol}\u0000${p.tf}`;
      const group = bySeries.get(key) ?? [];
      group.push(p);
      bySeries.set(key, group);
    }
    const outcomes = [];
    for (const predictions of bySeries.values()) {
      const earliest = predictions.reduce((a, b) => (a.ts < b.ts ? a : b));
      const prices = await pricesFrom(earliest.symbol, earliest.tf, earliest.ts);
      for (const p of predictions) {
        const start = lowerBound(prices, p.ts);
        const outcome = resolveOutcome({
          entryClose: p.entryClose,
          score: p.score,
          maturity: p.maturesAt,
          candlesFrom: prices.slice(start),
        });
        if (outcome) outcomes.push({ predictionId: p.id, ...outcome });
        else if (p.backfilled) unresolvable++;
        else stillPending++;
      }
    }
    filled += await insertOutcomes(outcomes);
  }
  return { filled, stillPending, unresolvable };
}

/** Index of the first price at or after ts (prices sorted by ts). */
function lowerBound(prices: readonly { ts: Date }[], ts: Date): number {
  let lo = 0;
  let hi = prices.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (prices[mid]!.ts < ts) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
