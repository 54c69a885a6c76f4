import { z } from 'zod';
import { ROLLOUT_STAGES } from '@/lib/domain/rollout';
import { endpoint } from './endpoint';
import { errorBody, isoInstant, listOf, listQuery, rowId } from './json';

const stage = z.enum(ROLLOUT_STAGES, { error: `one of ${ROLLOUT_STAGES.join(', ')}` });

export const changeRolloutBody = z.strictObject({
  stage,
  reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(500),
  /**
   * An admin forces a change that eligibility does not allow (audited as forced, with the unmet
   * conditions); operators cannot force.
   */
  force: z.boolean({ error: 'true or false' }).optional(),
  /** The earlier name of `force` (an admin promoting past the no-skill gate): the same. */
  override: z.boolean({ error: 'true or false' }).optional(),
});

const gateState = z.enum(['pass', 'warn', 'fail', 'n/a']);

/** The gates and eligibility when a stage changed, as stored with the change. */
export const gateSnapshot = z.object({
  status: z.enum(['pass', 'warn', 'fail']),
  gates: z.object({ p95: gateState, staleness: gateState, err: gateState }),
  p95: z.number().nullable(),
  err: z.number().nullable(),
  staleness: z.number().nullable(),
  scoreRate: z.object({
    perMinute: z.number(),
    required: z.number().nullable(),
    state: gateState,
  }),
  eligibility: z.object({ eligible: z.boolean(), reason: z.string() }),
  noSkill: z.string().nullable(),
});

export type GateSnapshot = z.output<typeof gateSnapshot>;

export const rolloutChange = z.object({
  id: rowId,
  ts: isoInstant,
  from: z.string(),
  to: z.string(),
  actor: z.string(),
  reason: z.string(),
  /** An admin forced it past the conditions in `unmet`. */
  forced: z.boolean(),
  unmet: z.array(z.string()),
  /** Promoted past the no-skill gate (the gate leaves the stage alone until it next changes). */
  skillOverride: z.boolean(),
  /** null: not captured (a deploy's or an automatic trigger's change, or one from before). */
  gates: gateSnapshot.nullable(),
});

export const rolloutChangesQuery = listQuery;

/** A refused change: the conditions it did not meet (a 409), for the caller to show. */
export const rolloutRefusal = errorBody.extend({ unmet: z.array(z.string()).optional() });

export const rolloutState = z.object({
  stage,
  /** Share of (symbol, timeframe) pairs that get live decisions: 0 … 1. */
  liveShare: z.number(),
  updatedAt: isoInstant,
  updatedBy: z.string(),
  reason: z.string(),
});

export const rolloutEndpoints = {
  read: endpoint({
    method: 'GET',
    path: '/api/rollout',
    access: 'viewer',
    summary: 'The rollout stage, who set it and why',
    response: rolloutState,
  }),
  change: endpoint({
    method: 'POST',
    path: '/api/rollout',
    access: 'operator',
    summary:
      'Changes the stage (audited); going live is refused while a live pause waits, and a promotion that eligibility does not allow (409 listing the unmet conditions) unless an admin forces it with a reason',
    body: changeRolloutBody,
    response: rolloutState.extend({
      previous: stage,
      forced: z.boolean(),
      unmet: z.array(z.string()),
    }),
    refusal: rolloutRefusal,
  }),
  changes: endpoint({
    method: 'GET',
    path: '/api/rollout/changes',
    access: 'viewer',
    summary:
      'The stage timeline, newest first: every stage change with who, when, why, from → to, forced or not, and the gates at the time',
    query: rolloutChangesQuery,
    response: listOf(rolloutChange),
  }),
};

export type RolloutState = z.input<typeof rolloutState>;
export type ChangeRolloutBody = z.input<typeof changeRolloutBody>;
export type RolloutChange = z.input<typeof rolloutChange>;
