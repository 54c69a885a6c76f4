import { createHash } from 'node:crypto';

export interface FeatureDefinition {
  name: string;
  indicator: 'rsi' | 'macd_hist' | 'ema';
  params: Record<string, number | string>;
}

export interface FeatureSchema {
  version: string;
  input: string;
  features: FeatureDefinition[];
}

/** The features of v2.0.0 and the conventions that produce them (SPEC §2). */
export const FEATURE_SCHEMA_V2: FeatureSchema = {
  version: 'v2.0.0',
  input: 'close',
  features: [
    { name: 'rsi_14', indicator: 'rsi', params: { period: 14, smoothing: 'wilder', seed: 'sma' } },
    {
      name: 'macd_hist',
      indicator: 'macd_hist',
      params: { fast: 12, slow: 26, signal: 9, seed: 'sma' },
    },
    { name: 'ema_20', indicator: 'ema', params: { period: 20, seed: 'sma' } },
    { name: 'ema_50', indicator: 'ema', params: { period: 50, seed: 'sma' } },
  ],
};

export const MODEL_VERSION = 'fusion-v2.0.0';

/** JSON with object keys sorted, so the hash depends on content, not on key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** sha256 of the canonical schema: any change of a feature, parameter or order changes it. */
export const schemaHash = (schema: FeatureSchema): string =>
  createHash('sha256').update(canonicalJson(schema)).digest('hex');
