import { z } from 'zod';
import { ROLLOUT_STAGES } from '@/lib/domain/rollout';
import { endpoint } from './endpoint';
import { isoInstant } from './json';

const stage = z.enum(ROLLOUT_STAGES, { error: `one of ${ROLLOUT_STAGES.join(', ')}` });

export const changeRolloutBody = z.strictObject({
  stage,
  reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(500),
  /** An admin promotes past the no-skill gate (audited with the gate's figures). */
  override: z.boolean({ error: 'true or false' }).optional(),
});

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
      'Changes the stage (audited); going live is refused while a live pause waits, and past preview while the no-skill gate holds (unless an admin overrides it)',
    body: changeRolloutBody,
    response: rolloutState.extend({ previous: stage }),
  }),
};

export type RolloutState = z.input<typeof rolloutState>;
export type ChangeRolloutBody = z.input<typeof changeRolloutBody>;
