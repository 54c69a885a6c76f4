import { z } from 'zod';
import { DRIFT_FEATURES } from '@/lib/domain/drift';
import { endpoint } from './endpoint';
import { isoInstant } from './json';
import { symbolSchema, timeframeSchema } from './market';

/** GET /api/drift: every filter optional; the reference window 90 days unless told. */
export const driftQuery = z.object({
  symbol: symbolSchema.optional(),
  tf: timeframeSchema.optional(),
  referenceDays: z.coerce.number().int().min(7).max(365).default(90),
});

const figure = z.number().nullable();

export const driftFeature = z.object({
  feature: z.enum(DRIFT_FEATURES),
  reference: z.object({
    n: z.number().int(),
    q1: figure,
    median: figure,
    q3: figure,
    iqr: figure,
    lowerFence: figure,
    upperFence: figure,
  }),
  recent: z.object({
    n: z.number().int(),
    median: figure,
    /** Values strictly outside [Q1 − 1.5·IQR, Q3 + 1.5·IQR]. */
    outside: z.number().int(),
    outsideShare: figure,
    /** The recent median within [Q1, Q3], ends included. */
    medianInsideIqr: z.boolean().nullable(),
  }),
  /** By lib/domain/drift.ts DRIFT_RULE_TEXT; `insufficient`: too few values to judge. */
  status: z.enum(['ok', 'warn', 'drift', 'insufficient']),
  reason: z.string(),
  /** Both windows over the same bins: [from, to), the last bin closed. */
  histogram: z.array(
    z.object({
      from: z.number(),
      to: z.number(),
      reference: z.number().int(),
      recent: z.number().int(),
    }),
  ),
});

export const driftSeries = z.object({
  symbol: z.string(),
  tf: timeframeSchema,
  exchangeTz: z.string(),
  /** The series' last candle: both windows end relative to it, not to the wall clock. */
  lastCandle: isoInstant,
  /** Recent: (recentFrom, lastCandle]; reference: (referenceFrom, recentFrom]. */
  recentFrom: isoInstant,
  referenceFrom: isoInstant,
  /** The reference window was cut at its old end to stay within the candle budget. */
  truncated: z.boolean(),
  /** Candles read, warm-up included. */
  candlesRead: z.number().int(),
  features: z.array(driftFeature),
});

export const driftResponse = z.object({
  quantileMethod: z.string(),
  rule: z.string(),
  recentDays: z.number().int(),
  referenceDays: z.number().int(),
  items: z.array(driftSeries),
  /** More series match than one reply holds: filter by symbol or tf. */
  more: z.boolean(),
});

/** As the wire carries them (what the panel reads). */
export type DriftSeries = z.input<typeof driftSeries>;
export type DriftFeatureItem = z.input<typeof driftFeature>;
/** As the server holds a series (Dates). */
export type DriftSeriesValue = z.output<typeof driftSeries>;

export const driftEndpoints = {
  get: endpoint({
    method: 'GET',
    path: '/api/drift',
    access: 'viewer',
    summary:
      'RSI-14 and MACD-hist of each series’ last 7 days against a reference window: quartiles, IQR fences, share outside, status, histograms',
    query: driftQuery,
    response: driftResponse,
  }),
};
