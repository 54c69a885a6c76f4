import { z } from 'zod';
import { isHorizon } from '@/lib/domain/horizons';
import { endpoint } from './endpoint';
import { isoInstant, listOf, listQuery, queryInstant, rowId } from './json';
import { symbolSchema, timeframeSchema } from './market';

// The predictions explorer: every prediction with its candle, parts, the calibration map it was
// made with and its outcome once matured, filtered and paged like every list; and the same
// filter as a CSV download.

/** Confidence buckets as the filter spells them (ml_bucket 0.5, 0.6, …, 1.0). */
export const PREDICTION_BUCKETS = ['0.5', '0.6', '0.7', '0.8', '0.9', '1.0'] as const;
export const PREDICTION_DECISIONS = ['-1', '0', '1'] as const;
/** matured: its outcome is filled; pending: not yet (waiting for maturity or for its candle). */
export const PREDICTION_OUTCOMES = ['matured', 'pending'] as const;

/** The filters of the list and of its CSV, all optional. */
const filters = {
  symbol: symbolSchema.optional(),
  tf: timeframeSchema.optional(),
  horizon: z.string().refine(isHorizon, 'a horizon such as 15m, 4h, 1d or 30d').optional(),
  decision: z.enum(PREDICTION_DECISIONS, { error: 'one of -1, 0, 1' }).transform(Number).optional(),
  bucket: z
    .enum(PREDICTION_BUCKETS, { error: `one of ${PREDICTION_BUCKETS.join(', ')}` })
    .optional(),
  outcome: z.enum(PREDICTION_OUTCOMES, { error: 'matured or pending' }).optional(),
  backfilled: z
    .enum(['true', 'false'], { error: 'true or false' })
    .transform((v) => v === 'true')
    .optional(),
  /** The candle's ts at or after this instant. */
  from: queryInstant.optional(),
  /** The candle's ts at or before this instant. */
  to: queryInstant.optional(),
};

const fromNotAfterTo = <T extends { from?: Date; to?: Date }>(q: T) =>
  !q.from || !q.to || q.from <= q.to;
const RANGE_ERROR = { path: ['from'], message: 'after to' };

/**
 * GET /api/predictions: the list format (limit, cursor, `since` = written at or after) and the
 * filters. Newest first by id.
 */
export const predictionsQuery = listQuery.extend(filters).refine(fromNotAfterTo, RANGE_ERROR);

/** GET /api/predictions.csv: the same filters and `since`; every matching row, no paging. */
export const predictionsCsvQuery = z
  .object({ ...filters, since: listQuery.shape.since })
  .refine(fromNotAfterTo, RANGE_ERROR);

export type PredictionFilter = z.output<typeof predictionsCsvQuery>;

export const predictionItem = z.object({
  id: rowId,
  model: z.string(),
  /** The candle the prediction is about. */
  symbol: z.string(),
  tf: z.string(),
  ts: isoInstant,
  entryClose: z.number(),
  horizon: z.string(),
  score: z.number(),
  /** The fused confidence before calibration, and the calibrated one the decision used. */
  rawConfidence: z.number(),
  confid: z.number(),
  mlBucket: z.number(),
  decision: z.number().int(),
  parts: z.object({ rsi: z.number(), macd: z.number(), trend: z.number() }),
  /** The calibration map the confidence went through; null: identity (no map yet). */
  calibration: z.object({ id: rowId, version: z.number().int().nullable() }).nullable(),
  backfilled: z.boolean(),
  /** How the pair was served when written; null: not recorded (backfilled history, or older). */
  mode: z.enum(['off', 'preview', 'shadow', 'live']).nullable(),
  /** The decision under the live threshold when served live (0: no trade), else null. */
  liveDecision: z.number().int().nullable(),
  createdAt: isoInstant,
  maturesAt: isoInstant,
  /** Null while pending. */
  outcome: z
    .object({
      closeUsed: z.number(),
      closeTs: isoInstant,
      realizedReturn: z.number(),
      hit: z.boolean(),
      filledAt: isoInstant,
    })
    .nullable(),
});

export const predictionList = listOf(predictionItem);

export const predictionsEndpoints = {
  list: endpoint({
    method: 'GET',
    path: '/api/predictions',
    access: 'viewer',
    summary:
      'Predictions with their candle, parts, calibration map and outcome, newest first, filtered and paged by cursor',
    query: predictionsQuery,
    response: predictionList,
  }),
  csv: endpoint({
    method: 'GET',
    path: '/api/predictions.csv',
    access: 'viewer',
    summary:
      'Every prediction matching the filter as CSV (header row, newest first), streamed page by page',
    query: predictionsCsvQuery,
  }),
};

export type PredictionItem = z.input<typeof predictionItem>;
export type PredictionsQuery = z.output<typeof predictionsQuery>;
