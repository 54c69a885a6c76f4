import { FEATURE_SCHEMA_V2, MODEL_VERSION, schemaHash } from '@/lib/domain/featureSchema';

// BUILD_SHA is fixed into the bundle by next.config.js when `next build` runs.
export const versionInfo = () => ({
  featureVersion: FEATURE_SCHEMA_V2.version,
  modelVersion: MODEL_VERSION,
  schemaHash: schemaHash(FEATURE_SCHEMA_V2),
  buildSha: process.env.BUILD_SHA as string,
});
