import { z } from 'zod';
import { bigintId, instantStrict } from './common';

export const auditListBody = z.strictObject({
  limit: z.number().int().min(1).max(500),
  action: z.string().trim().min(1).max(100).optional(),
  since: instantStrict.optional(),
  /** Opaque: the nextCursor of the previous page. */
  cursor: bigintId('the nextCursor of a previous page').optional(),
});
