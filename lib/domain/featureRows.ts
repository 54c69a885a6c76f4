import { computeFeatures, type FeatureValues } from './indicators';
import type { Ohlcv } from './ohlcv';

export type OhlcvAt = Ohlcv;

export type CandleWithFeatures = OhlcvAt & FeatureValues;

/**
 * Joins each candle with its features. `candles` must hold the whole history up to the last
 * candle wanted, oldest first: an EMA seeded at the start depends on every earlier close.
 */
export function withFeatures(candles: readonly OhlcvAt[], from?: Date): CandleWithFeatures[] {
  const features = computeFeatures(candles.map((candle) => candle.c));
  const rows = candles.map((candle, i) => ({ ...candle, ...features[i]! }));
  return from ? rows.filter((row) => row.ts >= from) : rows;
}
