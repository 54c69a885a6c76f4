import { isTimeframe, timeframeMs } from './timeframes';

const DAY_MS = 86_400_000;

/**
 * How long a series may go without a new candle before its feed counts as stale: two of its
 * periods after the latest candle closed, and for daily series a weekend and a holiday more.
 */
export function staleAfterMs(tf: string): number | null {
  if (!isTimeframe(tf)) return null;
  const period = timeframeMs(tf);
  return period * 3 + (tf === '1d' ? 3 * DAY_MS : 0);
}

/** Whether a series whose latest candle opened at `lastTs` is stale at `now` (null: unknown tf). */
export function feedStaleness(
  tf: string,
  lastTs: Date,
  now: Date,
): { stale: boolean; ageMs: number } | null {
  const allowed = staleAfterMs(tf);
  if (allowed === null) return null;
  const ageMs = now.getTime() - lastTs.getTime();
  return { stale: ageMs > allowed, ageMs };
}
