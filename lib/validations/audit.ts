import { z } from 'zod';

export const auditListBody = z.strictObject({
  limit: z.number().int().min(1).max(500),
  action: z.string().trim().min(1).max(100).optional(),
  since: z.iso
    .datetime({ offset: true })
    .transform((v) => new Date(v))
    .optional(),
  /** Opaque: the nextCursor of the previous page. */
  cursor: z
    .string()
    .regex(/^[0-9]{1,19}$/, 'the nextCursor of a previous page')
    .optional(),
});
