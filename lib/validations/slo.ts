import { z } from 'zod';
import { bigintId, instant } from './common';

export const timechartQuery = z.object({ range: z.enum(['7d', '30d', '90d']).default('7d') });

export const breachesQuery = z.object({
  since: instant.optional(),
  rule: z.string().max(50).optional(),
  window: z.string().max(10).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const breachIdParams = z.object({ id: bigintId('a breach id') });
