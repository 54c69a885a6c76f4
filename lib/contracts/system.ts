import { z } from 'zod';
import { endpoint } from './endpoint';

const fusionOutput = z.object({
  ml_signal_parts: z.object({ rsi: z.number(), macd: z.number(), trend: z.number() }),
  score: z.number(),
  rawConfidence: z.number(),
  confid: z.number(),
  decision: z.literal([-1, 0, 1]),
  ml_bucket: z.number(),
});

export const health = z.object({
  ok: z.boolean(),
  database: z.union([
    z.object({ ok: z.literal(true), latencyMs: z.number() }),
    z.object({ ok: z.literal(false), error: z.string() }),
  ]),
  buildSha: z.string(),
});

export const versionInfo = z.object({
  featureVersion: z.string(),
  modelVersion: z.string(),
  schemaHash: z.string(),
  buildSha: z.string(),
});

export const determinism = z.object({
  passed: z.number(),
  total: z.number(),
  cases: z.array(
    z.object({
      name: z.string(),
      passed: z.boolean(),
      expected: fusionOutput,
      actual: fusionOutput,
    }),
  ),
});

export const systemEndpoints = {
  health: endpoint({
    method: 'GET',
    path: '/api/healthz',
    access: 'public',
    summary: 'Liveness and database reachability; 503 when the database is unreachable',
    response: health,
  }),
  version: endpoint({
    method: 'GET',
    path: '/api/ml/version',
    access: 'public',
    summary: 'Feature and model versions, feature schema hash, build commit',
    response: versionInfo,
  }),
  determinism: endpoint({
    method: 'GET',
    path: '/api/ml/test/determinism',
    access: 'public',
    summary: 'Runs the golden vectors of the Python reference; 500 when any differs',
    response: determinism,
  }),
  metrics: endpoint({
    method: 'GET',
    path: '/api/metrics',
    access: 'viewer',
    summary: 'Prometheus text exposition',
  }),
};
