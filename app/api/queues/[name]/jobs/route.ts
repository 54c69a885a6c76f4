import { queuesEndpoints as queues } from '@/lib/contracts/queues';
import { listQueueJobs } from '@/lib/db/jobs';
import { authorize } from '@/lib/http/guard';
import { knownQueue } from '@/lib/http/queueRoutes';
import { reply } from '@/lib/http/reply';
import { parseWith, route, searchParams } from '@/lib/http/route';

/** One queue's jobs, newest first (a list), optionally of one state. */
export const GET = route<{ name: string }>(async (request, context) => {
  await authorize(request, { role: 'viewer' });
  const { name } = parseWith(queues.jobs.params, await context.params);
  const query = searchParams(request, queues.jobs.query);
  return reply(queues.jobs, await listQueueJobs({ name: knownQueue(name), ...query }));
});
