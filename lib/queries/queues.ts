import { DLQ_GATE } from '@/lib/domain/chain';
import { queueJobStats } from '@/lib/db/jobs';
import { boss, deadLetterOf, QUEUES } from '@/lib/jobs/queue';

/** Every queue of the app and its dead-letter queue, as the Queues page lists them. */
export const ALL_QUEUE_NAMES = QUEUES.flatMap((q) => [q, deadLetterOf(q)]);
export const isDeadLetterQueue = (name: string) => name.endsWith('-dlq');

/**
 * GET /api/queues: per queue and its DLQ, jobs by state, the oldest waiting job's age, jobs per
 * hour and retries (lib/db/jobs.ts), with the queue's policy from pg-boss's getQueues; and the
 * go-live card's gates: no DLQ above 2 jobs, no job beyond 3 attempts.
 */
export async function queueReport(now = new Date()) {
  const instance = await boss();
  const [stats, policies] = await Promise.all([
    queueJobStats(ALL_QUEUE_NAMES, now),
    instance.getQueues(ALL_QUEUE_NAMES),
  ]);
  const policy = new Map(policies.map((q) => [q.name, q]));
  const queues = stats.map((s) => {
    const q = policy.get(s.name);
    const dead = isDeadLetterQueue(s.name);
    const waiting = s.counts.created + s.counts.retry;
    return {
      name: s.name,
      kind: dead ? ('dead-letter' as const) : ('queue' as const),
      /** The queue whose dead jobs land here (a DLQ), or this queue's DLQ. */
      deadLetter: dead ? null : (q?.deadLetter ?? deadLetterOf(s.name as (typeof QUEUES)[number])),
      source: dead ? s.name.slice(0, -'-dlq'.length) : null,
      retryLimit: q?.retryLimit ?? null,
      counts: s.counts,
      oldestWaiting: s.oldestWaitingAt
        ? {
            createdOn: s.oldestWaitingAt,
            ageSeconds: Math.max(0, (now.getTime() - s.oldestWaitingAt.getTime()) / 1000),
          }
        : null,
      perHour: {
        created: s.createdLastHour,
        completed: s.completedLastHour,
        failed: s.failedLastHour,
      },
      retries: {
        retried: s.retried,
        maxAttempts: s.maxAttempts,
        beyondThreeAttempts: s.beyondThreeAttempts,
      },
      /** Dead jobs waiting in a DLQ (created or retry): what the card's gate counts. */
      deadJobs: dead ? waiting : 0,
      dlqOverGate: dead && waiting > DLQ_GATE,
      lastCompletedAt: s.lastCompletedAt,
      lastFailedAt: s.lastFailedAt,
    };
  });
  const worstDlq = Math.max(0, ...queues.map((q) => q.deadJobs));
  const beyond = queues.reduce((n, q) => n + q.retries.beyondThreeAttempts, 0);
  return {
    now,
    queues,
    gates: {
      dlq: { limit: DLQ_GATE, worst: worstDlq, pass: worstDlq <= DLQ_GATE },
      attempts: { limit: 3, beyond, pass: beyond === 0 },
    },
  };
}
