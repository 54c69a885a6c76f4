import { z } from 'zod';
import { endpoint } from './endpoint';
import { isoInstant, listQuery } from './json';

// Queue stats (the Queues page): every pg-boss queue of the app with its dead-letter queue, the
// jobs of one queue, and an operator's retry / delete of a failed or dead job (audited).

export const JOB_STATES = [
  'created',
  'retry',
  'active',
  'completed',
  'cancelled',
  'failed',
] as const;
export const jobState = z.enum(JOB_STATES);

/** A queue's name as the path carries it; the route answers 404 for one the app does not have. */
export const queueName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,62}$/, 'a queue name (lowercase letters, digits and dashes)');
const jobId = z.uuid({ error: 'a job id (a UUID)' });

export const queueParams = z.object({ name: queueName });
export const jobParams = z.object({ name: queueName, id: jobId });

export const queueStats = z.object({
  name: z.string(),
  kind: z.enum(['queue', 'dead-letter']),
  /** This queue's dead-letter queue (null for a DLQ). */
  deadLetter: z.string().nullable(),
  /** For a DLQ: the queue whose dead jobs land in it. */
  source: z.string().nullable(),
  retryLimit: z.number().nullable(),
  counts: z.object(
    Object.fromEntries(JOB_STATES.map((s) => [s, z.number()])) as {
      [S in (typeof JOB_STATES)[number]]: z.ZodNumber;
    },
  ),
  oldestWaiting: z.object({ createdOn: isoInstant, ageSeconds: z.number() }).nullable(),
  /** Jobs created, completed and failed in the last hour. */
  perHour: z.object({ created: z.number(), completed: z.number(), failed: z.number() }),
  retries: z.object({
    retried: z.number(),
    maxAttempts: z.number(),
    beyondThreeAttempts: z.number(),
  }),
  deadJobs: z.number(),
  dlqOverGate: z.boolean(),
  lastCompletedAt: isoInstant.nullable(),
  lastFailedAt: isoInstant.nullable(),
});

export const queueReport = z.object({
  now: isoInstant,
  queues: z.array(queueStats),
  /** The go-live card's gates: no DLQ above 2 jobs, no job beyond 3 attempts. */
  gates: z.object({
    dlq: z.object({ limit: z.number(), worst: z.number(), pass: z.boolean() }),
    attempts: z.object({ limit: z.number(), beyond: z.number(), pass: z.boolean() }),
  }),
});

/** A job list's cursor: the nextCursor of the previous page (`<µs>.<uuid>`). */
const jobCursor = z
  .string()
  .regex(
    /^[0-9]{1,17}\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    'the nextCursor of a previous page',
  );

export const jobListQuery = listQuery.extend({
  cursor: jobCursor.optional(),
  state: jobState.optional(),
});

export const jobSummary = z.object({
  id: z.string(),
  name: z.string(),
  state: jobState,
  attempts: z.number(),
  createdOn: isoInstant,
  startedOn: isoInstant.nullable(),
  completedOn: isoInstant.nullable(),
  sourceName: z.string().nullable(),
});

export const jobDetail = jobSummary.extend({
  data: z.unknown(),
  /** What the handler returned, or its error ({message, stack, …}). */
  output: z.unknown(),
  retryLimit: z.number(),
  singletonKey: z.string().nullable(),
  startAfter: isoInstant,
  keepUntil: isoInstant,
  sourceId: z.string().nullable(),
  sourceCreatedOn: isoInstant.nullable(),
  sourceRetryCount: z.number().nullable(),
  /** What an operator may do with it now. */
  retryable: z.boolean(),
  deletable: z.boolean(),
});

export const jobAction = z.object({ queue: z.string(), jobId: z.string(), moved: z.number() });

export const queuesEndpoints = {
  list: endpoint({
    method: 'GET',
    path: '/api/queues',
    access: 'viewer',
    summary:
      'Every job queue and its dead-letter queue: jobs by state, ages, jobs per hour, retries, the card gates',
    response: queueReport,
  }),
  jobs: endpoint({
    method: 'GET',
    path: '/api/queues/:name/jobs',
    access: 'viewer',
    summary: "One queue's jobs (a list), newest first, optionally of one state",
    params: queueParams,
    query: jobListQuery,
    response: z.object({ items: z.array(jobSummary), nextCursor: z.string().nullable() }),
  }),
  job: endpoint({
    method: 'GET',
    path: '/api/queues/:name/jobs/:id',
    access: 'viewer',
    summary: 'A job: data, output or error, attempts, timestamps',
    params: jobParams,
    response: z.object({ job: jobDetail }),
  }),
  retry: endpoint({
    method: 'POST',
    path: '/api/queues/:name/jobs/:id/retry',
    access: 'operator',
    summary: 'Retries a failed job, or sends a dead job back to its queue (audited)',
    params: jobParams,
    response: jobAction,
  }),
  delete: endpoint({
    method: 'DELETE',
    path: '/api/queues/:name/jobs/:id',
    access: 'operator',
    summary: 'Deletes a failed or dead job (audited)',
    params: jobParams,
    response: jobAction,
  }),
  retryAll: endpoint({
    method: 'POST',
    path: '/api/queues/:name/retry-all',
    access: 'operator',
    summary: 'Sends every dead job of a dead-letter queue back to its queue (audited)',
    params: queueParams,
    response: z.object({ queue: z.string(), moved: z.number() }),
  }),
};

export type QueueStats = z.input<typeof queueStats>;
export type JobSummary = z.input<typeof jobSummary>;
export type JobDetail = z.input<typeof jobDetail>;
