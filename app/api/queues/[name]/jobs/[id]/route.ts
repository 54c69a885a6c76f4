import { queuesEndpoints as queues } from '@/lib/contracts/queues';
import { notFound } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { actionReply, knownQueue } from '@/lib/http/queueRoutes';
import { reply } from '@/lib/http/reply';
import { parseWith, route } from '@/lib/http/route';
import { deleteFailedJob, findJob } from '@/lib/jobs/queueAdmin';

type Params = { name: string; id: string };

/** A job through pg-boss's findJobs: data, output or error, attempts, timestamps. */
export const GET = route<Params>(async (request, context) => {
  await authorize(request, { role: 'viewer' });
  const { name, id } = parseWith(queues.job.params, await context.params);
  const job = await findJob(knownQueue(name), id);
  if (!job) throw notFound('id', `no job ${id} in ${name}`);
  const dead = name.endsWith('-dlq') && (job.state === 'created' || job.state === 'retry');
  return reply(queues.job, {
    job: {
      id: job.id,
      name: job.name,
      state: job.state,
      attempts: Math.max(job.retryCount, job.sourceRetryCount ?? 0) + 1,
      createdOn: job.createdOn,
      startedOn: job.startedOn ?? null,
      completedOn: job.completedOn ?? null,
      sourceName: job.sourceName ?? null,
      data: job.data,
      output: job.output ?? null,
      retryLimit: job.retryLimit,
      singletonKey: job.singletonKey ?? null,
      startAfter: job.startAfter,
      keepUntil: job.keepUntil,
      sourceId: job.sourceId ?? null,
      sourceCreatedOn: job.sourceCreatedOn ?? null,
      sourceRetryCount: job.sourceRetryCount ?? null,
      retryable: dead || job.state === 'failed',
      deletable: dead || job.state === 'failed' || job.state === 'cancelled',
    },
  });
});

/** Deletes a failed or dead job (operators, audited). */
export const DELETE = route<Params>(async (request, context) => {
  const principal = await authorize(request, { role: 'operator' });
  const { name, id } = parseWith(queues.delete.params, await context.params);
  const result = await deleteFailedJob(knownQueue(name), id, principal.actor);
  return reply(queues.delete, actionReply(name, id, result));
});
