import { PgBoss } from 'pg-boss';
import { z } from 'zod';
import { logger } from '@/lib/logging/logger';

const log = logger('jobs');

/**
 * The jobs run after each cycle, in this order: each one sends the next when it succeeds; and
 * `build-archive` (lib/jobs/archives.ts), one job per archive; and `instrument-backfill`, the
 * history backfill of an instrument's live feed, sent when an operator adds one; and
 * `slo-daily-report`, the daily SLO report of the previous UTC day, sent by the leader;
 * `propose-candidate`, the weekly Bayesian weight update (one job per ISO week);
 * `deliver-webhook`, one job per webhook delivery (lib/jobs/webhooks.ts);
 * `shadow-backfill`, a candidate scored on the stored history (lib/jobs/shadowBackfill.ts).
 */
export const QUEUES = [
  'populate-outcomes',
  'evaluate-metrics',
  'calibrate',
  'build-archive',
  'instrument-backfill',
  'slo-daily-report',
  'propose-candidate',
  'deliver-webhook',
  'shadow-backfill',
] as const;
export type QueueName = (typeof QUEUES)[number];

/**
 * The payload of each queue, checked when a job is sent and again when it is worked (a job
 * written by another version that does not fit fails, and after its retries lands in the DLQ).
 */
export const JOB_PAYLOADS = {
  /** The cycle slot whose predictions prompted it (ISO); the job fills every matured one. */
  'populate-outcomes': z.strictObject({ slot: z.iso.datetime() }),
  'evaluate-metrics': z.strictObject({}),
  calibrate: z.strictObject({}),
  /** The archive's id (decimal). */
  'build-archive': z.strictObject({ archiveId: z.string().regex(/^[0-9]{1,19}$/) }),
  /** The series whose history to fetch and run the loop over (idempotent: a rerun adds nothing). */
  'instrument-backfill': z.strictObject({
    symbol: z.string().min(1).max(32),
    tf: z.string().max(3),
  }),
  /** The UTC day whose SLO report to build (a rerun replaces it: lib/jobs/sloDailyReport.ts). */
  'slo-daily-report': z.strictObject({ day: z.iso.date() }),
  /** The weekly weight update (lib/jobs/proposeCandidate.ts): the ISO week's Monday (UTC). */
  'propose-candidate': z.strictObject({ week: z.iso.date() }),
  /** The webhook_deliveries row to send (decimal id): its payload, URL and secret are read there. */
  'deliver-webhook': z.strictObject({ deliveryId: z.string().regex(/^[0-9]{1,19}$/) }),
  /** The candidate to score on the stored history from `from` (ISO) on (idempotent, resumable). */
  'shadow-backfill': z.strictObject({
    candidateId: z.string().min(1).max(100),
    from: z.iso.datetime(),
  }),
} satisfies Record<QueueName, z.ZodType>;

export type JobPayload<Q extends QueueName> = z.infer<(typeof JOB_PAYLOADS)[Q]>;
export const deadLetterOf = (queue: QueueName) => `${queue}-dlq`;

// 1 attempt + 2 retries = at most 3 runs, with exponential backoff; then the dead-letter queue.
export const QUEUE_OPTIONS = {
  retryLimit: 2,
  retryDelay: 1,
  retryBackoff: true,
  retryDelayMax: 30,
};

const globalKey = Symbol.for('fusion-ops.boss');
type GlobalWithBoss = typeof globalThis & { [globalKey]?: Promise<PgBoss> };

/** This process's pg-boss (its tables live in the `pgboss` schema of our database). */
export function boss(): Promise<PgBoss> {
  const holder = globalThis as GlobalWithBoss;
  holder[globalKey] ??= (async () => {
    const instance = new PgBoss({
      connectionString: process.env.DATABASE_URL!,
      schema: 'pgboss',
      max: 4,
    });
    instance.on('error', (error) => log.error({ err: error }, 'pg-boss error'));
    await instance.start();
    for (const queue of QUEUES)
      await createQueueWithDeadLetter(instance, queue, QUEUE_POLICIES[queue]);
    return instance;
  })();
  return holder[globalKey];
}

/** pg-boss's policy per queue: `exclusive` keeps one waiting or running job per singleton key. */
const QUEUE_POLICIES: Partial<Record<QueueName, 'exclusive'>> = {
  'build-archive': 'exclusive',
  'slo-daily-report': 'exclusive',
  'shadow-backfill': 'exclusive',
};

/**
 * Webhook deliveries: 1 attempt + 3 retries, backoff from WEBHOOK_RETRY_SECONDS (default
 * 5 s: about 5, 10, 20 s apart), and a job that outlives its 5 s HTTP timeout by far (a worker
 * that crashed mid-delivery) is retried after 60 s.
 */
export const webhookRetryDelaySeconds = () => {
  const seconds = Number(process.env.WEBHOOK_RETRY_SECONDS ?? 5);
  return Number.isInteger(seconds) && seconds >= 1 && seconds <= 3600 ? seconds : 5;
};
const QUEUE_OVERRIDES: Partial<Record<QueueName, () => Record<string, number>>> = {
  'deliver-webhook': () => ({
    retryLimit: 3,
    retryDelay: webhookRetryDelaySeconds(),
    retryDelayMax: 300,
    expireInSeconds: 60,
  }),
};

/** A queue with our retry policy and its own dead-letter queue (`<name>-dlq`). */
export async function createQueueWithDeadLetter(
  instance: PgBoss,
  queue: string,
  policy?: 'exclusive',
): Promise<void> {
  await instance.createQueue(`${queue}-dlq`);
  await instance.createQueue(queue, {
    ...QUEUE_OPTIONS,
    ...QUEUE_OVERRIDES[queue as QueueName]?.(),
    deadLetter: `${queue}-dlq`,
    ...(policy ? { policy } : {}),
  });
}

export async function stopBoss(): Promise<void> {
  const holder = globalThis as GlobalWithBoss;
  const pending = holder[globalKey];
  delete holder[globalKey];
  if (pending) await (await pending).stop({ graceful: true, timeout: 5000 }).catch(() => {});
}

export async function enqueue<Q extends QueueName>(
  queue: Q,
  data: JobPayload<Q>,
  singletonKey?: string,
): Promise<string | null> {
  const payload = JOB_PAYLOADS[queue].parse(data);
  return (await boss()).send(queue, payload, singletonKey ? { singletonKey } : undefined);
}

/**
 * Jobs waiting, running and failed per queue, and the jobs sitting in its dead-letter queue,
 * through pg-boss's own stats (a count at most a minute old; `capturedOn` says when it was taken).
 */
export async function queueCounts() {
  const instance = await boss();
  const stats = async (name: string) => {
    const [latest] = await instance.getQueueStats(name, { force: true });
    return latest!;
  };
  return Promise.all(
    QUEUES.map(async (name) => {
      const [own, dead] = await Promise.all([stats(name), stats(deadLetterOf(name))]);
      return {
        name,
        queued: own.queuedCount,
        active: own.activeCount,
        failed: own.failedCount,
        deadLetter: { name: dead.name, queued: dead.queuedCount },
        capturedOn: own.capturedOn < dead.capturedOn ? own.capturedOn : dead.capturedOn,
      };
    }),
  );
}
