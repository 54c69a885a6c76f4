import { describe, expect, it } from 'vitest';
import { FEATURE_SCHEMA_V2, schemaHash, type FeatureSchema } from './featureSchema';

const clone = (): FeatureSchema => structuredClone(FEATURE_SCHEMA_V2);

describe('schemaHash', () => {
  it('is a stable sha256 of the schema', () => {
    expect(schemaHash(FEATURE_SCHEMA_V2)).toMatch(/^[0-9a-f]{64}$/);
    expect(schemaHash(clone())).toBe(schemaHash(FEATURE_SCHEMA_V2));
  });

  it('does not depend on the key order of an object', () => {
    const reordered = clone();
    reordered.features[0]!.params = { seed: 'sma', smoothing: 'wilder', period: 14 };
    expect(schemaHash(reordered)).toBe(schemaHash(FEATURE_SCHEMA_V2));
  });

  it('changes when a parameter changes', () => {
    const changed = clone();
    changed.features[0]!.params.period = 21;
    expect(schemaHash(changed)).not.toBe(schemaHash(FEATURE_SCHEMA_V2));
  });

  it('changes when a feature is added, removed or reordered', () => {
    const added = clone();
    added.features.push({ name: 'ema_200', indicator: 'ema', params: { period: 200 } });
    const removed = clone();
    removed.features.pop();
    const reordered = clone();
    reordered.features.reverse();
    const hashes = new Set([added, removed, reordered, FEATURE_SCHEMA_V2].map(schemaHash));
    expect(hashes.size).toBe(4);
  });

  it('changes with the version', () => {
    expect(schemaHash({ ...clone(), version: 'v2.0.1' })).not.toBe(schemaHash(FEATURE_SCHEMA_V2));
  });
});
