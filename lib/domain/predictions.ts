import type { CalibrationMap } from './calibration';
import { applyCalibration } from './calibration';
import { confidenceBucket, fuse, type FusionModel, type ScoringFeatures } from './fusion';
import { maturesAt, type Horizon } from './horizons';
import type { ScoringMode } from './rollout';

export interface PredictionRow {
  symbol: string;
  tf: string;
  horizon: Horizon;
  cycleSlot: Date;
  ts: Date;
  maturesAt: Date;
  modelId: string;
  entryClose: number;
  score: number;
  rawConfidence: number;
  confid: number;
  decision: number;
  mlBucket: number;
  partRsi: number;
  partMacd: number;
  partTrend: number;
  calibrationId: bigint | null;
  backfilled: boolean;
  /** How the pair was served when the row was written; null for backfilled history. */
  mode?: ScoringMode | null;
  /** The decision under the live threshold when mode is live (0 while paused), else null. */
  liveDecision?: number | null;
}

/** How a cycle serves one pair: its mode at the current stage, and whether live is paused. */
export interface Serving {
  mode: ScoringMode;
  livePaused: boolean;
}

export interface HorizonCalibration {
  id: bigint;
  map: CalibrationMap;
}

/**
 * The predictions of one (symbol, tf) at one cycle slot: one score from the latest closed
 * candle, one row per horizon, each with the confidence calibrated for that horizon (the raw
 * confidence where no calibration exists yet). `decision` uses the advisory threshold: the rollout
 * stage decides what is acted on, not what is predicted. A pair served live also gets its live
 * decision (the live threshold, 0 while a breach pauses live decisions), so paper and live
 * decisions can be compared on their outcomes; backfilled history (no `serving`) has neither.
 */
export function buildPredictions(input: {
  symbol: string;
  tf: string;
  timeZone: string;
  cycleSlot: Date;
  ts: Date;
  features: ScoringFeatures;
  model: FusionModel & { id: string };
  horizons: readonly Horizon[];
  calibrations: ReadonlyMap<Horizon, HorizonCalibration | null>;
  backfilled: boolean;
  serving?: Serving;
}): PredictionRow[] {
  const raw = fuse(input.model, input.features);
  return input.horizons.map((horizon) => {
    const calibration = input.calibrations.get(horizon) ?? null;
    const calibrate = calibration ? (p: number) => applyCalibration(calibration.map, p) : undefined;
    const scored = calibrate ? fuse(input.model, input.features, { calibrate }) : raw;
    const serving = input.serving;
    const liveDecision =
      serving?.mode !== 'live'
        ? null
        : serving.livePaused
          ? 0
          : fuse(input.model, input.features, { calibrate, live: true }).decision;
    return {
      symbol: input.symbol,
      tf: input.tf,
      horizon,
      cycleSlot: input.cycleSlot,
      ts: input.ts,
      maturesAt: maturesAt(input.ts, horizon, input.timeZone),
      modelId: input.model.id,
      entryClose: input.features.c,
      score: scored.score,
      rawConfidence: scored.rawConfidence,
      confid: scored.confid,
      decision: scored.decision,
      mlBucket: confidenceBucket(scored.confid),
      partRsi: scored.ml_signal_parts.rsi,
      partMacd: scored.ml_signal_parts.macd,
      partTrend: scored.ml_signal_parts.trend,
      calibrationId: calibration?.id ?? null,
      backfilled: input.backfilled,
      mode: serving?.mode ?? null,
      liveDecision,
    };
  });
}
