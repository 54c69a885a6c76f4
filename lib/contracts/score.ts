import { z } from 'zod';
import { instantStrict } from '@/lib/validations/common';
import { endpoint } from './endpoint';
import { errorBody } from './json';
import { symbolSchema, timeframeSchema } from './market';

// z.number() refuses NaN, ±Infinity and numeric strings: every field must be a real JSON number.
// The bounds keep every ratio the scorer forms finite (1e-12 … 1e12 covers any real market).
const MAX = 1e12;
const price = z.number().min(1e-12).max(MAX);
const indicator = z.number().min(-MAX).max(MAX).optional();

export const scoreFeature = z
  .strictObject({
    ts: instantStrict,
    symbol: symbolSchema,
    tf: timeframeSchema,
    o: price,
    h: price,
    l: price,
    c: price,
    v: z.number().nonnegative().max(1e18),
    rsi_14: indicator.refine((x) => x === undefined || (x >= 0 && x <= 100), 'between 0 and 100'),
    macd_hist: indicator,
    ema_20: price.optional(),
    ema_50: price.optional(),
  })
  .superRefine((f, ctx) => {
    if (f.h < f.l)
      ctx.addIssue({ code: 'custom', path: ['h'], message: `high ${f.h} is below low ${f.l}` });
    for (const key of ['o', 'c'] as const) {
      if (f[key] < f.l || f[key] > f.h) {
        ctx.addIssue({ code: 'custom', path: [key], message: `${f[key]} is outside [low, high]` });
      }
    }
  });

export const scoreBody = z.strictObject({
  modelId: z.string().min(1).max(100).optional(),
  feature: scoreFeature,
});

export type ScoreBody = z.infer<typeof scoreBody>;

/**
 * Traffic a caller marks as its own kind with this header, recorded in the `ml.score` audit
 * entry as `origin`: the smoke scores of `npm run certify` and the stage probes of
 * `npm run rollout`, so they can be told apart from real callers.
 */
export const TRAFFIC_ORIGIN_HEADER = 'x-traffic-origin';

export const trafficOrigin = z.enum(['certification', 'rollout-probe'], {
  error: 'one of certification, rollout-probe',
});

export type TrafficOrigin = z.infer<typeof trafficOrigin>;

/** Most features one batch request may carry. */
export const MAX_BATCH_ITEMS = 1000;
/** Byte cap of a batch body: 1,000 features with every field are about 300 KB. */
export const MAX_BATCH_BYTES = 2 * 1024 * 1024;

/**
 * The envelope of POST /api/ml/score/batch. Items are checked one by one against scoreFeature
 * (a bad item is answered on its own); only the envelope can refuse the whole request.
 */
export const scoreBatchBody = z.strictObject({
  modelId: z.string().min(1).max(100).optional(),
  features: z
    .array(z.unknown(), { error: 'an array of features' })
    .min(1, 'at least one feature')
    .max(MAX_BATCH_ITEMS, `at most ${MAX_BATCH_ITEMS} features per batch`),
});

export type ScoreBatchBody = z.infer<typeof scoreBatchBody>;

const gateState = z.enum(['pass', 'warn', 'fail', 'n/a']);

export const scoreResponse = z.object({
  decision: z.literal([-1, 0, 1]),
  confid: z.number(),
  score: z.number(),
  ml_bucket: z.number(),
  ml_signal_parts: z.object({ rsi: z.number(), macd: z.number(), trend: z.number() }),
  guardrails: z.object({
    status: z.enum(['pass', 'warn', 'fail']),
    advisory: z.boolean(),
    reasons: z.array(z.string()),
    p95: z.number().nullable(),
    err: z.number().nullable(),
    staleness: z.number().nullable(),
    gates: z.object({ p95: gateState, staleness: gateState, err: gateState }),
  }),
  advisory: z.boolean(),
  mode: z.enum(['off', 'preview', 'shadow', 'live']),
  modelId: z.string(),
  requestId: z.string(),
  /** The map that calibrated confid (of modelId and the request's tf family), or none. */
  calibration: z.union([
    z.object({ horizon: z.string(), version: z.number() }),
    z.literal('identity'),
  ]),
});

export type ScoreResponse = z.output<typeof scoreResponse>;

/** A rate-limited request (429) says when to retry, in seconds. */
export const scoreRefusal = errorBody.extend({ retryAfter: z.number().optional() });

/** One batch item's answer when it could not be scored: the 4xx it would have got on its own. */
export const batchItemError = errorBody.extend({ status: z.number() });

export const scoreBatchResponse = z.object({
  results: z.array(z.union([scoreResponse, batchItemError])),
  scored: z.number(),
  refused: z.number(),
  failed: z.number(),
});

export const scoreEndpoints = {
  score: endpoint({
    method: 'POST',
    path: '/api/ml/score',
    access: 'operator',
    scope: 'score',
    summary: 'Scores one candle with the active (or named) model; audited',
    body: scoreBody,
    response: scoreResponse,
    refusal: scoreRefusal,
  }),
  batch: endpoint({
    method: 'POST',
    path: '/api/ml/score/batch',
    access: 'operator',
    scope: 'score',
    summary: 'Scores up to 1,000 candles; each item answered on its own, in order',
    body: scoreBatchBody,
    response: scoreBatchResponse,
    refusal: scoreRefusal,
  }),
};
