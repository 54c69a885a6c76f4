// The fusion-v2.0.0 scorer: three signal parts in [-1, 1], a weighted sum, a decision gated by
// confidence. Only +, -, *, /, abs and comparisons are used (no tanh, exp or log): those are
// correctly rounded in IEEE 754, so the Python reference (reference/fusion_reference.py)
// reproduces every output bit for bit, whatever the platform's libm.

export interface SignalWeights {
  rsi: number;
  macd: number;
  trend: number;
}

export interface FusionModel {
  weights: SignalWeights;
  /** Least confidence for a non-zero decision when the decision is advisory. */
  threshold: number;
  /** Least confidence for a live decision: stricter, because live decisions are acted on. */
  liveThreshold: number;
}

export interface ScoringFeatures {
  c: number;
  rsi_14: number;
  macd_hist: number;
  ema_20: number;
  ema_50: number;
}

export type Decision = -1 | 0 | 1;

export interface FusionOutput {
  ml_signal_parts: SignalWeights;
  score: number;
  /** The model's own probability that sign(score) is right, before calibration: 0.5 + |score| / 2. */
  rawConfidence: number;
  confid: number;
  decision: Decision;
  ml_bucket: number;
}

/** RSI 30 → +1 (oversold: expect a bounce), RSI 70 → −1, linear between, clipped outside. */
export const RSI_BAND = 20;
/** The MACD histogram as a share of price at which the momentum part reaches ±0.5. */
export const MACD_SCALE = 0.002;
/** The EMA-20 / EMA-50 gap as a share of EMA-50 at which the trend part reaches ±0.5. */
export const TREND_SCALE = 0.02;

const clip = (x: number): number => (x > 1 ? 1 : x < -1 ? -1 : x);

/** x / (1 + |x|): odd, monotone, into (−1, 1), built from exactly rounded operations only. */
export const squash = (x: number): number => x / (1 + Math.abs(x));

export function signalParts(f: ScoringFeatures): SignalWeights {
  return {
    rsi: clip((50 - f.rsi_14) / RSI_BAND),
    macd: squash(f.macd_hist / (MACD_SCALE * f.c)),
    trend: squash((f.ema_20 - f.ema_50) / (TREND_SCALE * f.ema_50)),
  };
}

/** Confidence buckets 0.5, 0.6, …, 1.0 (1.0 only for a confidence of exactly 1). */
export function confidenceBucket(confid: number): number {
  const tenths = Math.floor(confid * 10);
  return (tenths < 5 ? 5 : tenths > 10 ? 10 : tenths) / 10;
}

/**
 * Scores one feature row. `calibrate` maps the raw confidence to the calibrated probability
 * (identity until a calibration exists); `live` selects the stricter threshold.
 */
export function fuse(
  model: FusionModel,
  features: ScoringFeatures,
  options: { calibrate?: (raw: number) => number; live?: boolean } = {},
): FusionOutput {
  const parts = signalParts(features);
  const w = model.weights;
  const score = w.rsi * parts.rsi + w.macd * parts.macd + w.trend * parts.trend;
  if (!Number.isFinite(score)) {
    throw new RangeError(`features give a non-finite score: ${JSON.stringify(features)}`);
  }
  const rawConfidence = 0.5 + Math.abs(score) / 2;
  const confid = options.calibrate ? options.calibrate(rawConfidence) : rawConfidence;
  const threshold = options.live ? model.liveThreshold : model.threshold;
  const direction: Decision = score > 0 ? 1 : score < 0 ? -1 : 0;
  return {
    ml_signal_parts: parts,
    score,
    rawConfidence,
    confid,
    decision: confid >= threshold ? direction : 0,
    ml_bucket: confidenceBucket(confid),
  };
}

/** fusion-v2.0.0 as first shipped; later versions are rows proposed by the weight update. */
export const FUSION_V2_DEFAULTS: FusionModel = {
  weights: { rsi: 0.3, macd: 0.35, trend: 0.35 },
  threshold: 0.55,
  liveThreshold: 0.65,
};
