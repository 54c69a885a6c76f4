import { z } from 'zod';
import { endpoint } from './endpoint';
import { isoInstant } from './json';

export const automationStatus = z.object({
  automation: z.object({
    running: z.boolean(),
    desired: z.enum(['running', 'stopped']),
    leader: z
      .object({ instance: z.string(), since: isoInstant, heartbeatAt: isoInstant })
      .nullable(),
    intervalSeconds: z.number(),
    cycleCount: z.number(),
    lastCycleAt: isoInstant.nullable(),
    nextCycleAt: isoInstant.nullable(),
    lastCycle: z
      .object({
        slot: isoInstant,
        finishedAt: isoInstant.nullable(),
        /** no-new-candle: nothing to predict (not an alarm); empty-output / no-series: an alarm. */
        outcome: z.enum(['new-predictions', 'no-new-candle', 'empty-output', 'no-series']),
        predictions: z.number(),
        scored: z.number(),
        unchanged: z.number(),
        empty: z.number(),
        emptySymbols: z.array(z.string()),
      })
      .nullable(),
    lastError: z.string().nullable(),
    lastErrorAt: isoInstant.nullable(),
  }),
});

/** Per job queue: its jobs by state and its dead-letter queue's backlog (pg-boss's own counts). */
export const queueCount = z.object({
  name: z.string(),
  queued: z.number(),
  active: z.number(),
  failed: z.number(),
  deadLetter: z.object({ name: z.string(), queued: z.number() }),
  /** pg-boss refreshes its counts about once a minute: when these were taken. */
  capturedOn: isoInstant,
});

export const automationStatusWithQueues = automationStatus.extend({ queues: z.array(queueCount) });

export const automationEndpoints = {
  status: endpoint({
    method: 'GET',
    path: '/api/automation/status',
    access: 'viewer',
    summary: 'Desired state, live leader, cycle progress and job queue counts',
    response: automationStatusWithQueues,
  }),
  start: endpoint({
    method: 'POST',
    path: '/api/automation/start',
    access: 'operator',
    summary: 'Sets the desired state to running (audited); answers the status',
    response: automationStatus,
  }),
  stop: endpoint({
    method: 'POST',
    path: '/api/automation/stop',
    access: 'operator',
    summary: 'Sets the desired state to stopped (audited); answers the status',
    response: automationStatus,
  }),
};

export type AutomationStatus = z.input<typeof automationStatus>['automation'];
