import { z } from 'zod';
import { endpoint } from './endpoint';
import { isoInstant } from './json';

export const canaryStatus = z.object({
  /** false: no leader has run the prober yet (a fresh install's first seconds, or no automation). */
  known: z.boolean(),
  enabled: z.boolean(),
  /** A request in the last three intervals (at least 30 s). */
  running: z.boolean(),
  ratePerMinute: z.number().nullable(),
  /** The process that runs it (the automation leader). */
  instance: z.string().nullable(),
  sent: z.number(),
  failed: z.number(),
  lastRequest: z
    .object({
      at: isoInstant,
      symbol: z.string().nullable(),
      tf: z.string().nullable(),
      status: z.number().nullable(),
      latencyMs: z.number().nullable(),
      error: z.string().nullable(),
    })
    .nullable(),
});

export const canaryEndpoints = {
  status: endpoint({
    method: 'GET',
    path: '/api/canary',
    access: 'viewer',
    summary:
      'The canary prober: whether it runs (on the leader), its rate, and its last score request',
    response: canaryStatus,
  }),
};

export type CanaryStatus = z.input<typeof canaryStatus>;
