import { z } from 'zod';
import { isHorizon } from '@/lib/domain/horizons';
import { endpoint } from './endpoint';
import { errorBody, isoInstant, queryInstant } from './json';
import { jobState } from './queues';

// Shadow scoring of a candidate model version, active vs candidate on the same matured outcomes,
// and promotion (issue 13).

/** A model version's id as stored (e.g. fusion-v2.0.0, fusion-v2.1.0-cand). */
export const modelIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'a model version id (letters, digits, . _ : -)');

export const modelIdParams = z.object({ id: modelIdSchema });

export const compareQuery = z
  .object({
    /** Absent: the current candidate (none: `candidate` null and no horizons). */
    candidate: modelIdSchema.optional(),
    horizon: z.string().refine(isHorizon, 'a horizon such as 15m, 4h, 1d or 30d').optional(),
    /** The candle's ts at or after this instant. */
    from: queryInstant.optional(),
    /** The candle's ts at or before this instant. */
    to: queryInstant.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['from'], message: 'after to' });

const interval = z.object({ low: z.number(), high: z.number() }).nullable();
const figure = z.object({ value: z.number().nullable(), interval });
const side = z.object({
  nDecisions: z.number(),
  hitRate: figure,
  ir: figure,
  brier: figure,
  ece: figure,
});

const modelSummary = z.object({
  id: z.string(),
  weights: z.object({ rsi: z.number(), macd: z.number(), trend: z.number() }),
  threshold: z.number(),
});

export const comparison = z.object({
  candidate: modelSummary.nullable(),
  active: modelSummary,
  /** How the intervals are made, and how the candidate's confidence is put beside the active's. */
  method: z.string(),
  confid: z.string(),
  /** Horizons whose range held more shadow rows than a comparison reads: only the newest count. */
  capped: z.array(z.string()),
  horizons: z.array(
    z.object({
      horizon: z.string(),
      /** Matured outcomes both are judged on. */
      n: z.number(),
      periods: z.number(),
      active: side,
      candidate: side,
      /** Candidate minus active over the same outcomes. */
      difference: z.object({ hitRate: figure, ir: figure, brier: figure, ece: figure }),
    }),
  ),
});

export const promotionState = z.object({
  candidate: z.string(),
  active: z.string(),
  eligible: z.boolean(),
  /** Matured shadow outcomes (all horizons), and the least that promotion needs. */
  matured: z.number(),
  required: z.number(),
  /** Shadow rows stored for the candidate, matured or not. */
  shadowRows: z.number(),
  /** Each unmet condition in words; empty when eligible. */
  unmet: z.array(z.string()),
});

export const promoteBody = z.strictObject({
  reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(500),
  /** An admin promotes although conditions are unmet (audited as forced); operators cannot. */
  override: z.boolean({ error: 'true or false' }).optional(),
});

export const promoteRefusal = errorBody.extend({ unmet: z.array(z.string()).optional() });

export const shadowBackfillBody = z.strictObject({
  /** Candles at or after this instant are scored (the candidate's out-of-sample start). */
  from: queryInstant,
});

/** The candidate's latest shadow backfill and how far the shadow rows cover its range. */
export const shadowBackfillStatus = z.object({
  candidate: z.string(),
  job: z
    .object({
      id: z.string(),
      state: jobState,
      from: isoInstant,
      createdOn: isoInstant,
      startedOn: isoInstant.nullable(),
      completedOn: isoInstant.nullable(),
      /** Shadow rows the finished job wrote (null until it finishes). */
      rows: z.number().int().nullable(),
    })
    .nullable(),
  /** Active predictions from the job's `from` on, and how many of them have a shadow score. */
  coverage: z.object({ expected: z.number().int(), scored: z.number().int() }).nullable(),
});

export const shadowEndpoints = {
  compare: endpoint({
    method: 'GET',
    path: '/api/models/compare',
    access: 'viewer',
    summary:
      'Active vs candidate on the same matured outcomes, per horizon: n, hit rate, IR, Brier, ECE with 95 % intervals, and the difference',
    query: compareQuery,
    response: comparison,
  }),
  promotion: endpoint({
    method: 'GET',
    path: '/api/models/:id/promotion',
    access: 'viewer',
    summary:
      "A candidate's promotion eligibility (a dry run of the promotion): matured shadow outcomes, the required number, unmet conditions",
    params: modelIdParams,
    response: promotionState,
  }),
  promote: endpoint({
    method: 'POST',
    path: '/api/models/:id/promote',
    access: 'operator',
    summary:
      'Promotes the candidate (active → retired, candidate → active, audited with the reason); refused with 409 listing the unmet conditions unless an admin overrides',
    params: modelIdParams,
    body: promoteBody,
    response: z.object({
      promoted: z.string(),
      retired: z.string(),
      forced: z.boolean(),
      unmet: z.array(z.string()),
    }),
    refusal: promoteRefusal,
  }),
  shadowBackfill: endpoint({
    method: 'POST',
    path: '/api/models/:id/shadow-backfill',
    access: 'operator',
    summary:
      'Queues the shadow backfill: the candidate scored on the stored candles from `from` on that the active model predicted (idempotent, resumable; audited)',
    params: modelIdParams,
    body: shadowBackfillBody,
    status: 202,
    response: z.object({ queued: z.boolean(), candidate: z.string(), from: z.string() }),
  }),
  shadowBackfillStatus: endpoint({
    method: 'GET',
    path: '/api/models/:id/shadow-backfill',
    access: 'viewer',
    summary:
      "The candidate's latest shadow backfill (state, range, times, rows written) and its progress: the active predictions of its range that have a shadow score",
    params: modelIdParams,
    response: shadowBackfillStatus,
  }),
};

export type Comparison = z.input<typeof comparison>;
export type PromotionState = z.input<typeof promotionState>;
export type ShadowBackfillStatus = z.input<typeof shadowBackfillStatus>;
