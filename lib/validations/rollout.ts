import { z } from 'zod';
import { ROLLOUT_STAGES } from '@/lib/domain/rollout';

export const changeRolloutBody = z.strictObject({
  stage: z.enum(ROLLOUT_STAGES, { error: `one of ${ROLLOUT_STAGES.join(', ')}` }),
  reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(500),
  /** An admin promotes past the no-skill gate (audited with the gate's figures). */
  override: z.boolean({ error: 'true or false' }).optional(),
});
