import { previousReturn } from '@/lib/domain/baselines';
import { periodStartBefore } from '@/lib/domain/horizons';
import { resolveOutcome } from '@/lib/domain/outcomes';
import { pricesFrom } from '@/lib/db/candles';
import {
  insertOutcomes,
  pendingMatured,
  type NewOutcome,
  type PendingPrediction,
} from '@/lib/db/outcomes';

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
    const outcomes: NewOutcome[] = [];
    for (const predictions of bySeries.values()) {
      // The previous period of each prediction starts one horizon before its candle: read from
      // the earliest such start, so naive momentum sees what was known at each decision.
      const periodStart = (p: PendingPrediction) =>
        p.exchangeTz === null ? null : periodStartBefore(p.ts, p.horizon, p.exchangeTz);
      const from = predictions.reduce((min, p) => {
        const start = periodStart(p) ?? p.ts;
        return start < min ? start : min;
      }, predictions[0]!.ts);
      const { symbol, tf } = predictions[0]!;
      const prices = await pricesFrom(symbol, tf, from);
      for (const p of predictions) {
        const start = lowerBound(prices, p.ts);
        const outcome = resolveOutcome({
          entryClose: p.entryClose,
          score: p.score,
          maturity: p.maturesAt,
          candlesFrom: prices.slice(start),
        });
        const since = periodStart(p);
        const prevReturn =
          since === null
            ? null
            : previousReturn({ entryClose: p.entryClose, periodStart: since, candles: prices });
        if (outcome) outcomes.push({ predictionId: p.id, ...outcome, prevReturn });
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
