import { z } from 'zod';
import { isHorizon } from '@/lib/domain/horizons';
import {
  DEFAULT_HISTORY_LIMIT,
  horizonsShorterThan,
  klinesBaseUrlProblem,
  MAX_HISTORY_LIMIT,
} from '@/lib/domain/instruments';
import { endpoint } from './endpoint';
import { isoInstant } from './json';
import { symbolSchema, timeframeSchema, timeZoneSchema } from './market';

const horizons = z
  .array(z.string().max(10).refine(isHorizon, 'a horizon such as 15m, 4h, 1d'))
  .min(1)
  .max(10)
  .refine((list) => new Set(list).size === list.length, 'each horizon once');

const pollSeconds = z.number().int().min(5).max(86_400).default(60);
const historyLimit = z.number().int().min(1).max(MAX_HISTORY_LIMIT).default(DEFAULT_HISTORY_LIMIT);

const baseUrl = z
  .string()
  .trim()
  .max(500)
  .superRefine((text, ctx) => {
    const problem = klinesBaseUrlProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: `the klines base URL ${problem}` });
  });

/** How one timeframe of an instrument gets its candles. */
export const feedConfig = z
  .discriminatedUnion(
    'source',
    [
      z.object({
        tf: timeframeSchema,
        horizons,
        source: z.literal('http'),
        baseUrl,
        /** The symbol the source knows (BTCUSDT); ours when left out. */
        remoteSymbol: z
          .string()
          .regex(/^[A-Za-z0-9._:-]{1,32}$/, 'letters, digits, . _ : - (up to 32)')
          .optional(),
        pollSeconds,
        historyLimit,
      }),
      z.object({
        tf: timeframeSchema,
        horizons,
        source: z.literal('replay'),
        pollSeconds,
        historyLimit,
      }),
      z.object({ tf: timeframeSchema, horizons, source: z.literal('csv') }),
    ],
    { error: 'source: one of http, replay, csv' },
  )
  .superRefine((feed, ctx) => {
    const short = new Set(horizonsShorterThan(feed.tf, feed.horizons));
    feed.horizons.forEach((h, k) => {
      if (short.has(h))
        ctx.addIssue({
          code: 'custom',
          path: ['horizons', k],
          message: `horizon ${h} is shorter than the timeframe ${feed.tf}`,
        });
    });
  });

const timeframes = z
  .array(feedConfig)
  .min(1)
  .max(6)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((feed, k) => {
      if (seen.has(feed.tf))
        ctx.addIssue({ code: 'custom', path: [k, 'tf'], message: `timeframe ${feed.tf} twice` });
      seen.add(feed.tf);
    });
  });

const name = z.string().trim().min(1).max(100);

export const createInstrumentBody = z.object({
  symbol: symbolSchema,
  name: name.optional(),
  exchangeTz: timeZoneSchema,
  active: z.boolean().default(true),
  timeframes,
});

export const updateInstrumentBody = z
  .object({
    name: name.optional(),
    exchangeTz: timeZoneSchema.optional(),
    active: z.boolean().optional(),
    /** The whole set of configured timeframes: one left out stops being fed (its rows stay). */
    timeframes: timeframes.optional(),
  })
  .refine((body) => Object.values(body).some((v) => v !== undefined), {
    message: 'nothing to change',
  });

export const symbolParams = z.object({ symbol: symbolSchema });

export const feedStatus = z.enum([
  'inactive',
  'import',
  'backfilling',
  'backfill-failed',
  'failing',
  'stale',
  'ok',
]);

/** One series of an instrument: its configuration (if any), backfill progress and health. */
export const feedView = z.object({
  tf: z.string(),
  /** false: a series with candles but no configuration (a CSV import, the demo's code). */
  configured: z.boolean(),
  source: z.string().nullable(),
  horizons: z.array(z.string()),
  baseUrl: z.string().nullable(),
  remoteSymbol: z.string().nullable(),
  pollSeconds: z.number().nullable(),
  historyLimit: z.number().nullable(),
  backfill: z
    .object({
      state: z.string(),
      stage: z.string().nullable(),
      done: z.number(),
      total: z.number(),
      error: z.string().nullable(),
      at: isoInstant.nullable(),
    })
    .nullable(),
  health: z.object({
    status: feedStatus,
    staleness: z.number().nullable(),
    gate: z.enum(['pass', 'warn', 'fail', 'n/a']),
    flagged: z.boolean(),
    lastCandle: isoInstant.nullable(),
    lastSuccessAt: isoInstant.nullable(),
    lastError: z.string().nullable(),
    lastErrorAt: isoInstant.nullable(),
  }),
  /** In the detail only (null in the overview list): candles, predictions, matured outcomes. */
  counts: z
    .object({ candles: z.number(), predictions: z.number(), matured: z.number() })
    .nullable(),
});

export const instrumentView = z.object({
  symbol: z.string(),
  name: z.string(),
  exchangeTz: z.string(),
  active: z.boolean(),
  createdAt: isoInstant,
  horizons: z.array(z.string()),
  feeds: z.array(feedView),
});

export const instrumentsEndpoints = {
  feeds: endpoint({
    method: 'GET',
    path: '/api/feeds',
    access: 'viewer',
    summary: 'Every instrument with the health of each series (stale or failing feeds flagged)',
    response: z.object({
      instruments: z.array(instrumentView),
      flagged: z.number(),
      /** More instruments exist than one answer holds (1,000). */
      truncated: z.boolean(),
    }),
  }),
  detail: endpoint({
    method: 'GET',
    path: '/api/instruments/:symbol',
    access: 'viewer',
    summary: 'One instrument: configuration, backfill progress, feed health and counts per series',
    params: symbolParams,
    response: z.object({ instrument: instrumentView }),
  }),
  create: endpoint({
    method: 'POST',
    path: '/api/instruments',
    access: 'operator',
    summary: 'Adds an instrument; a live feed (http, replay) backfills its history in a job',
    body: createInstrumentBody,
    response: z.object({ instrument: instrumentView, backfills: z.array(z.string()) }),
    status: 201,
  }),
  update: endpoint({
    method: 'PATCH',
    path: '/api/instruments/:symbol',
    access: 'operator',
    summary: 'Edits an instrument (name, zone, active, timeframes and their sources); audited',
    params: symbolParams,
    body: updateInstrumentBody,
    response: z.object({ instrument: instrumentView, backfills: z.array(z.string()) }),
  }),
};

export type FeedConfig = z.output<typeof feedConfig>;
export type FeedConfigInput = z.input<typeof feedConfig>;
export type CreateInstrumentBody = z.input<typeof createInstrumentBody>;
export type CreateInstrument = z.output<typeof createInstrumentBody>;
export type UpdateInstrumentBody = z.input<typeof updateInstrumentBody>;
export type UpdateInstrument = z.output<typeof updateInstrumentBody>;
export type InstrumentView = z.input<typeof instrumentView>;
export type InstrumentViewOut = z.output<typeof instrumentView>;
export type FeedView = z.input<typeof feedView>;
