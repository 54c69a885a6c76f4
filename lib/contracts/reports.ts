import { z } from 'zod';
import { MINUTE_STATES, parseReportDay, REPORT_GATES } from '@/lib/domain/sloDailyReport';
import { ROLLOUT_STAGES } from '@/lib/domain/rollout';
import { endpoint } from './endpoint';
import { isoInstant, listOf, listQuery, rowId } from './json';

// Reports (issue 13, SPEC §7): the daily SLO report of each UTC calendar day, built by the
// leader's daily job or by an operator, stored (slo_daily_reports), listed, and downloadable as
// JSON and CSV.

/** A UTC calendar day, `YYYY-MM-DD` (years 1000–9999). */
export const reportDay = z
  .string()
  .meta({ description: 'a UTC calendar day, YYYY-MM-DD' })
  .refine((text) => parseReportDay(text) !== null, { message: 'a UTC calendar day, YYYY-MM-DD' });

const gateMinutes = z.object(
  Object.fromEntries(MINUTE_STATES.map((s) => [s, z.number().int()])) as Record<
    (typeof MINUTE_STATES)[number],
    z.ZodNumber
  >,
);

const worst = z.enum(['fail', 'warn', 'pass', 'noData']);

export const sloDailyReport = z.object({
  version: z.number().int(),
  day: z.string(),
  /** The day's range [from, to), UTC. */
  from: isoInstant,
  to: isoInstant,
  builtAt: isoInstant,
  /** Length of an SLO minute (60; less on a rehearsal server that compresses time). */
  minuteSeconds: z.number(),
  /** SLO minutes in the day: each gate's counts add up to it. */
  minutes: z.number().int(),
  worst,
  gates: z.object(
    Object.fromEntries(REPORT_GATES.map((g) => [g, gateMinutes])) as Record<
      (typeof REPORT_GATES)[number],
      typeof gateMinutes
    >,
  ),
  /** The stage in force from each instant on (the first at the day's start). */
  stages: z.array(z.object({ from: isoInstant, stage: z.enum(ROLLOUT_STAGES) })),
  breaches: z.object({
    count: z.number().int(),
    items: z.array(
      z.object({
        ts: isoInstant,
        rule: z.string(),
        severity: z.string(),
        window: z.string(),
        action: z.string(),
        stageBefore: z.string(),
        stageAfter: z.string(),
        pausedLive: z.boolean(),
        endedAt: isoInstant.nullable(),
      }),
    ),
  }),
  stageChanges: z.object({
    count: z.number().int(),
    items: z.array(
      z.object({
        ts: isoInstant,
        from: z.string(),
        to: z.string(),
        actor: z.string(),
        reason: z.string(),
        forced: z.boolean(),
      }),
    ),
  }),
  volume: z.object({
    requests: z.number().int(),
    errors: z.number().int(),
    minutesWithTraffic: z.number().int(),
  }),
  decisions: z.object({
    events: z.number().int(),
    /** Every request of the day still had its raw event (raw events are kept 7 days). */
    complete: z.boolean(),
    byMode: z.array(
      z.object({
        mode: z.string(),
        decision: z.union([z.literal(-1), z.literal(0), z.literal(1)]).nullable(),
        count: z.number().int(),
      }),
    ),
  }),
  quality: z.object({
    models: z.array(z.string()),
    horizons: z.array(
      z.object({
        modelId: z.string(),
        horizon: z.string(),
        n: z.number().int(),
        nDecisions: z.number().int(),
        hitRate: z.number().nullable(),
        ir: z.number().nullable(),
        meanConfid: z.number().nullable(),
      }),
    ),
  }),
});

/** A stored report: the report and who built it when. */
export const storedSloDailyReport = z.object({
  day: z.string(),
  version: z.number().int(),
  createdAt: isoInstant,
  createdBy: z.string(),
  report: sloDailyReport,
});

export const sloDailyListItem = z.object({
  /** Opaque id of the row for paging: the day as days since 1970-01-01. */
  id: rowId,
  day: z.string(),
  version: z.number().int(),
  createdAt: isoInstant,
  createdBy: z.string(),
  worst,
  breaches: z.number().int(),
  stageChanges: z.number().int(),
  requests: z.number().int(),
  errors: z.number().int(),
  /** Each gate's failing minutes. */
  failMinutes: z.object(
    Object.fromEntries(REPORT_GATES.map((g) => [g, z.number().int()])) as Record<
      (typeof REPORT_GATES)[number],
      z.ZodNumber
    >,
  ),
});

/** GET /api/reports/slo-daily: the list format; `since` keeps days on or after its UTC day. */
export const sloDailyListQuery = listQuery;
export const sloDailyDayParams = z.object({ date: reportDay });
export const sloDailyCsvQuery = z.object({ date: reportDay });
export const sloDailyBuildBody = z.strictObject({ date: reportDay });

export const reportsEndpoints = {
  sloDailyList: endpoint({
    method: 'GET',
    path: '/api/reports/slo-daily',
    access: 'viewer',
    summary:
      'Daily SLO reports, newest day first: worst gate state, breaches, stage changes, score volume',
    query: sloDailyListQuery,
    response: listOf(sloDailyListItem),
  }),
  sloDailyDay: endpoint({
    method: 'GET',
    path: '/api/reports/slo-daily/:date',
    access: 'viewer',
    summary: "A UTC day's SLO report as JSON (404 until it is built)",
    params: sloDailyDayParams,
    response: storedSloDailyReport,
  }),
  sloDailyCsv: endpoint({
    method: 'GET',
    path: '/api/reports/slo-daily.csv',
    access: 'viewer',
    summary:
      "A UTC day's SLO report as CSV: one row per gate, then volume, decisions, quality, stages, breaches",
    query: sloDailyCsvQuery,
  }),
  sloDailyBuild: endpoint({
    method: 'POST',
    path: '/api/reports/slo-daily',
    access: 'operator',
    summary:
      "Builds (or rebuilds, replacing it) a past UTC day's SLO report now; audited. Not a day still running or before the SLO data",
    body: sloDailyBuildBody,
    response: storedSloDailyReport,
  }),
};

export type SloDailyReportWire = z.input<typeof sloDailyReport>;
export type StoredSloDailyReportWire = z.input<typeof storedSloDailyReport>;
export type SloDailyListItem = z.input<typeof sloDailyListItem>;
