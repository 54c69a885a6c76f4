import { z } from 'zod';
import { instantStrict } from './common';
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
