import { z } from 'zod';
import { TIMEFRAMES } from '@/lib/domain/timeframes';
import { isValidTimeZone } from '@/lib/domain/exchangeTime';
import { endpoint } from './endpoint';
import { errorBody, isoInstant, queryInstant } from './json';

export const symbolSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9._:-]{0,31}$/, 'letters, digits, . _ : - (up to 32)');

export const timeframeSchema = z.enum(TIMEFRAMES, {
  error: `one of ${TIMEFRAMES.join(', ')}`,
});

export const timeZoneSchema = z.string().max(64).refine(isValidTimeZone, 'an IANA time zone');

export const candleRangeQuery = z
  .object({
    symbol: symbolSchema,
    tf: timeframeSchema,
    from: queryInstant.optional(),
    to: queryInstant.optional(),
    limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['from'], message: 'after to' });

/** Query parameters of a raw text/csv import, and the form fields of a multipart one. */
export const importQuery = z.object({
  symbol: symbolSchema,
  tf: timeframeSchema.optional(),
  tz: timeZoneSchema.optional(),
  name: z.string().trim().min(1).max(100).optional(),
});

const ohlcv = {
  ts: isoInstant,
  o: z.number(),
  h: z.number(),
  l: z.number(),
  c: z.number(),
  v: z.number(),
};

export const instrument = z.object({
  symbol: z.string(),
  name: z.string(),
  exchangeTz: z.string(),
  active: z.boolean(),
  createdAt: isoInstant,
  horizons: z.array(z.string()),
  /** Each timeframe with its latest candle and the number of candles. */
  series: z.array(z.object({ tf: z.string(), ...ohlcv, count: z.number() })),
});

export const candle = z.object(ohlcv);

/** A candle with its indicators (null during warm-up). */
export const featureRow = candle.extend({
  rsi_14: z.number().nullable(),
  macd_hist: z.number().nullable(),
  ema_20: z.number().nullable(),
  ema_50: z.number().nullable(),
});

export const importResult = z.object({
  ok: z.literal(true),
  symbol: z.string(),
  tfs: z.array(timeframeSchema),
  imported: z.number(),
  from: isoInstant,
  to: isoInstant,
});

/** A refused import (422) names every bad row. */
export const importErrorBody = errorBody.extend({
  errors: z.array(
    z.object({ line: z.number(), field: z.string().optional(), message: z.string() }),
  ),
});

export const marketEndpoints = {
  instruments: endpoint({
    method: 'GET',
    path: '/api/instruments',
    access: 'viewer',
    summary: 'Symbols with their latest candle per timeframe',
    response: z.object({ instruments: z.array(instrument) }),
  }),
  candles: endpoint({
    method: 'GET',
    path: '/api/candles',
    access: 'viewer',
    summary: 'Candles (UTC), oldest first, the newest `limit` in the range',
    query: candleRangeQuery,
    response: z.object({ symbol: z.string(), tf: timeframeSchema, candles: z.array(candle) }),
  }),
  features: endpoint({
    method: 'GET',
    path: '/api/features',
    access: 'viewer',
    summary: 'Candles with rsi_14, macd_hist, ema_20 and ema_50 (null during warm-up)',
    query: candleRangeQuery,
    response: z.object({
      symbol: z.string(),
      tf: timeframeSchema,
      featureVersion: z.string(),
      rows: z.array(featureRow),
    }),
  }),
  importCandles: endpoint({
    method: 'POST',
    path: '/api/candles/import',
    access: 'operator',
    summary:
      'CSV import: a text/csv body with ?symbol=&tf=&tz=, or multipart (file, symbol, tf, tz, name)',
    query: importQuery,
    response: importResult,
    refusal: importErrorBody,
  }),
};

export type Instrument = z.input<typeof instrument>;
export type FeatureRow = z.input<typeof featureRow>;
export type ImportResult = z.input<typeof importResult>;
export type ImportErrorBody = z.infer<typeof importErrorBody>;
