import { z } from 'zod';

export const timechartQuery = z.object({ range: z.enum(['7d', '30d', '90d']).default('7d') });

export const breachesQuery = z.object({
  since: z.coerce.date({ error: 'an ISO-8601 time' }).optional(),
  rule: z.string().max(50).optional(),
  window: z.string().max(10).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const breachIdParams = z.object({ id: z.string().regex(/^[0-9]{1,19}$/, 'a breach id') });
