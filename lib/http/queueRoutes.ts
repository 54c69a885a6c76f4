import { HttpError, notFound } from './errors';
import type { JobActionResult } from '@/lib/jobs/queueAdmin';
import { ALL_QUEUE_NAMES } from '@/lib/queries/queues';

/** The queue named in the path, or a 404 naming it. */
export function knownQueue(name: string): string {
  if (!ALL_QUEUE_NAMES.includes(name as (typeof ALL_QUEUE_NAMES)[number])) {
    throw notFound('name', `no queue ${name}: the app's queues are ${ALL_QUEUE_NAMES.join(', ')}`);
  }
  return name;
}

/** A job action that did nothing becomes a 404 (no such job) or a 409 (not in a state for it). */
export function actionReply(name: string, id: string, result: JobActionResult) {
  if (result.done) return { queue: name, jobId: id, moved: result.moved };
  if (result.reason === 'not-found') throw notFound('id', `no job ${id} in ${name}`);
  throw new HttpError(
    409,
    'state',
    result.reason === 'not-retryable'
      ? `job ${id} is ${result.state}: only a failed job, or a dead job waiting in a dead-letter queue, can be retried`
      : `job ${id} is ${result.state}: only a failed, cancelled or dead job can be deleted`,
  );
}
