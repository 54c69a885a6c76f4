import { computeFeatures, type FeatureValues } from '@/lib/domain/indicators';
import type { ScoringFeatures } from '@/lib/domain/fusion';
import type { Timeframe } from '@/lib/domain/timeframes';
import { closesBefore } from '@/lib/db/candles';
import { HttpError } from '@/lib/http/errors';

const INDICATORS = ['rsi_14', 'macd_hist', 'ema_20', 'ema_50'] as const;

/**
 * The features of a score request: indicators the caller sent are used as they are; missing
 * ones are computed from the stored closes before `ts` followed by the request's own close.
 */
export async function resolveFeatures(
  feature: {
    symbol: string;
    tf: Timeframe;
    ts: Date;
    c: number;
  } & Partial<FeatureValues>,
): Promise<ScoringFeatures> {
  const missing = INDICATORS.filter(
    (name) => feature[name] === undefined || feature[name] === null,
  );
  if (missing.length === 0) return feature as ScoringFeatures;
  const closes = [...(await closesBefore(feature.symbol, feature.tf, feature.ts)), feature.c];
  const computed = computeFeatures(closes).at(-1)!;
  const resolved = { c: feature.c } as ScoringFeatures;
  for (const name of INDICATORS) {
    const value = feature[name] ?? computed[name];
    if (value === null) {
      throw new HttpError(
        422,
        `feature.${name}`,
        `${name} was not sent and ${closes.length} candle(s) of ${feature.symbol} ${feature.tf} up to ts are too few to compute it`,
      );
    }
    resolved[name] = value;
  }
  return resolved;
}
