import { z } from 'zod';
import { TIMEFRAMES } from '@/lib/domain/timeframes';
import { isValidTimeZone } from '@/lib/domain/exchangeTime';
import { instant } from './common';

export const symbolSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9._:-]{0,31}$/, 'letters, digits, . _ : - (up to 32)');

export const timeframeSchema = z.enum(TIMEFRAMES, {
  error: `one of ${TIMEFRAMES.join(', ')}`,
});

export const timeZoneSchema = z.string().refine(isValidTimeZone, 'an IANA time zone');

export const candleRangeQuery = z
  .object({
    symbol: symbolSchema,
    tf: timeframeSchema,
    from: instant.optional(),
    to: instant.optional(),
    limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['from'], message: 'after to' });

export const importQuery = z.object({
  symbol: symbolSchema,
  tf: timeframeSchema.optional(),
  tz: timeZoneSchema.optional(),
  name: z.string().trim().min(1).max(100).optional(),
});
