import { z } from 'zod';
import { ROLLOUT_STAGES } from '@/lib/domain/rollout';
import { TRIGGER_RULES, type TriggerRuleId } from '@/lib/domain/slo/triggers';
import { bigintId } from '@/lib/validations/common';
import { endpoint } from './endpoint';
import { isoInstant, listOf, listQuery, queryInstant, rowId } from './json';
import { MAX_CUSTOM_DAYS, SLO_RANGES } from '@/lib/domain/slo/chartWindow';

// SLO gates, trigger rules, burn rates, promotion eligibility, the live pause and breaches.

/**
 * A computed figure that may be missing. Non-finite values go out as null, as JSON.stringify
 * has always sent them, instead of failing the reply.
 */
export const figure = z.codec(
  z.number().nullable(),
  z.custom<number | null>((v) => v === null || typeof v === 'number'),
  { decode: (v) => v, encode: (v) => (v !== null && Number.isFinite(v) ? v : null) },
);

const stage = z.enum(ROLLOUT_STAGES);
const gateState = z.enum(['pass', 'warn', 'fail', 'n/a']);
const band = z.object({ pass: z.number(), warn: z.number() });
const ruleId = z.enum(TRIGGER_RULES.map((r) => r.id) as [TriggerRuleId, ...TriggerRuleId[]]);

/** What a rule saw: thresholds, values, sample counts (per horizon as `value@1d`, `n@1d`). */
export const observed = z.record(z.string(), figure);

export const breach = z.object({
  id: rowId,
  ts: isoInstant,
  rule: z.string(),
  severity: z.string(),
  window: z.string(),
  observed,
  stageBefore: z.string(),
  stageAfter: z.string(),
  /** rollback | preview (the stage moved) | none (already at or below the rule's target). */
  action: z.string(),
  pausedLive: z.boolean(),
  acknowledgedAt: isoInstant.nullable(),
  acknowledgedBy: z.string().nullable(),
  /** When the rule stopped breaching; null while the episode goes on. */
  endedAt: isoInstant.nullable(),
});

export const ruleStatus = z.object({
  id: ruleId,
  action: z.enum(['rollback', 'preview']),
  severity: z.enum(['critical', 'major']),
  windowMinutes: z.number(),
  description: z.string(),
  state: z.enum(['ok', 'breach', 'insufficient']),
  reason: z.string(),
  observed,
});

export const burnRate = z.object({
  slo: z.enum(['availability', 'latency', 'freshness']),
  window: z.string(),
  bad: z.number(),
  total: z.number(),
  budget: z.number(),
  /** 1 spends the budget exactly as fast as allowed; null with no data in the window. */
  burnRate: figure,
});

export const eligibility = z.object({
  currentStage: stage,
  eligible: z.boolean(),
  next: stage.nullable(),
  requiredHours: z.number().nullable(),
  metHours: z.number(),
  reason: z.string(),
});

export const sloStatus = z.object({
  stage,
  gates: z.object({
    status: z.enum(['pass', 'warn', 'fail']),
    advisory: z.boolean(),
    gates: z.object({ p95: gateState, staleness: gateState, err: gateState }),
    reasons: z.array(z.string()),
    p95: figure,
    err: figure,
    staleness: figure,
    scoreRate: z.object({
      perMinute: z.number(),
      required: z.number().nullable(),
      state: gateState,
    }),
    traffic: z.object({ last15Minutes: z.number(), last30Minutes: z.number() }),
  }),
  rules: z.array(ruleStatus),
  burnRates: z.array(burnRate),
  eligibility,
  /** The critical live breach waiting for an operator, if any. */
  pause: breach.nullable(),
});

export {
  SLO_PRESETS,
  SLO_RANGES,
  type SloPreset,
  type SloRange,
} from '@/lib/domain/slo/chartWindow';

/** A preset (the last 1 h … 90 d), or `custom` with an absolute from / to of at most 90 days. */
export const timechartQuery = z
  .object({
    range: z.enum(SLO_RANGES).default('7d'),
    from: queryInstant.optional(),
    to: queryInstant.optional(),
  })
  .superRefine((q, ctx) => {
    if (q.range !== 'custom') return;
    if (!q.from)
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'required by range=custom' });
    else if (!q.to)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'required by range=custom' });
    else if (q.to <= q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'after from' });
    else if (q.to.getTime() - q.from.getTime() > MAX_CUSTOM_DAYS * 86_400_000)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `at most ${MAX_CUSTOM_DAYS} days after from`,
      });
  });

export const chartPoint = z.object({
  t: isoInstant,
  count: z.number(),
  /** null: a gap (no traffic in the step). */
  p95: figure,
  /** A fraction: 0.02 is 2 %. */
  errRate: figure,
  maxStaleness: figure,
});

/** A moment drawn on the charts: a stage change or a breach (at most 200 of each a range). */
export const chartMarker = z.object({
  t: isoInstant,
  kind: z.enum(['stage', 'breach']),
  /** "preview → 0.1 by ops@x" or "err-rate-30m (critical): rollback". */
  label: z.string(),
});

export const sloTimechart = z.object({
  range: z.enum(SLO_RANGES),
  markers: z.array(chartMarker),
  stepHours: z.number(),
  stepMinutes: z.number(),
  from: isoInstant,
  to: isoInstant,
  points: z.array(chartPoint),
  bands: z.object({ p95: band, staleness: band, err: band }),
});

/** The list format of every list: limit, cursor, since; `since` defaults to 24 h ago here. */
export const breachesQuery = listQuery.extend({
  rule: z.string().max(50).optional(),
  window: z.string().max(10).optional(),
  /** Only breaches at or before this instant (with `since`: an absolute range). */
  until: queryInstant.optional(),
});

export const breachIdParams = z.object({ id: bigintId('a breach id') });

export const sloEndpoints = {
  status: endpoint({
    method: 'GET',
    path: '/api/slo/status',
    access: 'viewer',
    summary: 'Current gates, trigger rules, burn rates, promotion eligibility and any live pause',
    response: sloStatus,
  }),
  timechart: endpoint({
    method: 'GET',
    path: '/api/slo/timechart',
    access: 'viewer',
    summary: 'p95 latency, error rate and staleness over 7 / 30 / 90 days, with the gate bands',
    query: timechartQuery,
    response: sloTimechart,
  }),
  pause: endpoint({
    method: 'GET',
    path: '/api/slo/pause',
    access: 'viewer',
    summary: 'The unacknowledged live pause, if any (cheap enough to poll from every page)',
    response: z.object({ pause: breach.nullable() }),
  }),
  breaches: endpoint({
    method: 'GET',
    path: '/api/breaches',
    access: 'viewer',
    summary: 'Breach history, newest first: the last 24 h unless `since` says otherwise',
    query: breachesQuery,
    response: listOf(breach),
  }),
  acknowledge: endpoint({
    method: 'POST',
    path: '/api/breaches/:id/ack',
    access: 'operator',
    summary: 'Acknowledges a breach; acknowledging the pausing breach lifts the live pause',
    params: breachIdParams,
    response: z.object({ breach }),
  }),
};

export type Breach = z.input<typeof breach>;
export type SloStatus = z.input<typeof sloStatus>;
export type RuleStatus = z.input<typeof ruleStatus>;
export type SloTimechart = z.input<typeof sloTimechart>;
export type ChartMarker = z.input<typeof chartMarker>;
export type BreachesQuery = z.input<typeof breachesQuery>;
