import { z } from 'zod';
import { parseIsoWeek, WEEK_PATTERN } from '@/lib/domain/weeklyReport';
import { endpoint } from './endpoint';
import { isoInstant } from './json';

// The weekly CSV (issue 13, "Reports"): every matured prediction of an ISO week (Monday 00:00
// UTC to the next Monday, of the prediction's candle ts) as CSV; and the recent weeks with their
// row counts, for the Reports page.

/** An ISO week, `2026-W47`. */
export const isoWeekQuery = z
  .string()
  .regex(WEEK_PATTERN, 'an ISO week such as 2026-W47')
  .refine((text) => parseIsoWeek(text) !== null, 'no such ISO week')
  .meta({ description: 'an ISO week, YYYY-Www (e.g. 2026-W47): Monday 00:00 UTC to next Monday' })
  .transform((text) => parseIsoWeek(text)!);

/** GET /api/reports/weekly.csv: one week; the last complete week by default. */
export const weeklyCsvQuery = z.object({ week: isoWeekQuery.optional() });

export const weekSummary = z.object({
  week: z.string(),
  from: isoInstant,
  /** Excluded: the week is [from, to). */
  to: isoInstant,
  /** Matured predictions of the week: the CSV's data rows (as of now; more mature later). */
  rows: z.number().int(),
});

export const weeklyReportsResponse = z.object({
  /** The last 12 complete weeks, newest first. */
  weeks: z.array(weekSummary),
  /** The weeks of the first and last matured predictions' candles; null when none matured. */
  firstWeek: z.string().nullable(),
  lastWeek: z.string().nullable(),
});

export const weeklyReportEndpoints = {
  csv: endpoint({
    method: 'GET',
    path: '/api/reports/weekly.csv',
    access: 'viewer',
    summary:
      'Every matured prediction of an ISO week (default: the last complete one) as CSV, streamed in keyset pages',
    query: weeklyCsvQuery,
  }),
  weeks: endpoint({
    method: 'GET',
    path: '/api/reports/weekly',
    access: 'viewer',
    summary: 'The last 12 complete ISO weeks with their matured predictions (the weekly CSV rows)',
    response: weeklyReportsResponse,
  }),
};

export type WeeklyReports = z.input<typeof weeklyReportsResponse>;
