import { auditedJobCommand, type JobState } from '@/lib/db/jobs';
import { boss } from './queue';

// What an operator does with a failed or dead job, through pg-boss's own commands, each run on
// one transaction with its audit entry (lib/db/jobs.ts auditedJobCommand).

export type JobActionResult =
  | { done: true; moved: number }
  | { done: false; reason: 'not-found' | 'not-retryable' | 'not-deletable'; state?: JobState };

const isDlq = (name: string) => name.endsWith('-dlq');
/** How many jobs a pg-boss command changed (its CommandResponse's `affected`). */
const affected = (response: object) => Number((response as { affected?: number }).affected ?? 0);

/** A job through pg-boss's findJobs (by id), or null. */
export async function findJob(name: string, id: string) {
  const [job] = await (await boss()).findJobs(name, { id });
  return job ?? null;
}

/**
 * Retries one job: a dead job (in a DLQ, waiting) is redriven to the queue it came from, as a new
 * job with fresh attempts; a failed job of a queue is set to retry in place (pg-boss's retry).
 */
export async function retryJob(name: string, id: string, actor: string): Promise<JobActionResult> {
  const job = await findJob(name, id);
  if (!job) return { done: false, reason: 'not-found' };
  const instance = await boss();
  const dead = isDlq(name) && (job.state === 'created' || job.state === 'retry');
  if (!dead && job.state !== 'failed')
    return { done: false, reason: 'not-retryable', state: job.state };
  const moved = await auditedJobCommand(
    { action: dead ? 'queue.redrive' : 'queue.retry', actor },
    async (db) => {
      const n = dead
        ? await instance.redrive(name, { ids: [id], limit: 1, db })
        : affected(await instance.retry(name, id, { db }));
      if (n === 0) return null;
      return {
        result: n,
        details: {
          queue: name,
          jobId: id,
          state: job.state,
          to: dead ? job.sourceName : name,
          attempts: Math.max(job.retryCount, job.sourceRetryCount ?? 0) + 1,
        },
      };
    },
  );
  return moved ? { done: true, moved } : { done: false, reason: 'not-retryable', state: job.state };
}

/** Deletes a failed job, or a dead one waiting in a DLQ (never a job that may still run). */
export async function deleteFailedJob(
  name: string,
  id: string,
  actor: string,
): Promise<JobActionResult> {
  const job = await findJob(name, id);
  if (!job) return { done: false, reason: 'not-found' };
  const deletable =
    job.state === 'failed' ||
    job.state === 'cancelled' ||
    (isDlq(name) && (job.state === 'created' || job.state === 'retry'));
  if (!deletable) return { done: false, reason: 'not-deletable', state: job.state };
  const instance = await boss();
  const moved = await auditedJobCommand({ action: 'queue.delete', actor }, async (db) => {
    const n = affected(await instance.deleteJob(name, id, { db }));
    if (n === 0) return null;
    return {
      result: n,
      details: {
        queue: name,
        jobId: id,
        state: job.state,
        data: job.data as Record<string, unknown>,
        output: job.output as Record<string, unknown> | null,
        sourceName: job.sourceName,
      },
    };
  });
  return moved ? { done: true, moved } : { done: false, reason: 'not-deletable', state: job.state };
}

/** Every dead job of a DLQ back to its source queue (pg-boss's redrive; at most 1,000 a call). */
export async function retryDeadLetterQueue(name: string, actor: string): Promise<number> {
  const instance = await boss();
  const moved = await auditedJobCommand({ action: 'queue.redrive', actor }, async (db) => {
    const n = await instance.redrive(name, { limit: 1000, db });
    return { result: n, details: { queue: name, all: true, moved: n } };
  });
  return moved ?? 0;
}
