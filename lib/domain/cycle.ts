import type { Horizon } from './horizons';

/** A prediction already stored for a series' latest closed candle (same model). */
export interface ExistingPrediction {
  horizon: Horizon;
  cycleSlot: Date;
}

/**
 * What a cycle does with one series (symbol × tf), given the predictions already stored for its
 * latest closed candle:
 * - `unchanged`: every horizon was predicted by an earlier cycle; no new candle, nothing to do;
 * - `written`: every horizon is stored and this very slot wrote some of them (another leader of
 *   the same slot got there first): nothing to do, but they count as this slot's;
 * - `score`: some horizons are missing (a new candle, or a horizon added to the instrument):
 *   score the candle and write those; `written` rows of this slot are already stored.
 */
export type SeriesPlan =
  | { kind: 'unchanged' }
  | { kind: 'written'; written: number }
  | { kind: 'score'; horizons: Horizon[]; written: number };

export function planSeries(input: {
  horizons: readonly Horizon[];
  existing: readonly ExistingPrediction[];
  slot: Date;
}): SeriesPlan {
  const stored = new Set(input.existing.map((p) => p.horizon));
  const written = input.existing.filter(
    (p) => p.cycleSlot.getTime() === input.slot.getTime(),
  ).length;
  const missing = [...new Set(input.horizons)].filter((h) => !stored.has(h));
  if (missing.length > 0) return { kind: 'score', horizons: missing, written };
  return written > 0 ? { kind: 'written', written } : { kind: 'unchanged' };
}

export interface CycleCounts {
  /** Predictions the slot wrote. */
  predictions: number;
  /** Series scored on a candle without predictions yet. */
  scored: number;
  /** Series whose latest closed candle was already predicted: no new candle. */
  unchanged: number;
  /** Series without model output (no closed candle, or a history too short for the features). */
  emptySymbols: readonly string[];
}

/**
 * What a finished cycle amounted to, for the status API and `diagnose`:
 * - `new-predictions`: at least one series was scored on a new candle;
 * - `no-new-candle`: nothing new to predict (a daily symbol between closes): not an alarm;
 * - `empty-output`: series exist but none produced model output: an alarm;
 * - `no-series`: the universe is empty (no active symbol with candles): an alarm.
 */
export type CycleOutcome = 'new-predictions' | 'no-new-candle' | 'empty-output' | 'no-series';

export function cycleOutcome(counts: CycleCounts): CycleOutcome {
  if (counts.predictions > 0 || counts.scored > 0) return 'new-predictions';
  if (counts.unchanged > 0) return 'no-new-candle';
  return counts.emptySymbols.length > 0 ? 'empty-output' : 'no-series';
}
