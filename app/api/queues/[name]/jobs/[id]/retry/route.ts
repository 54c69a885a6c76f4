import { queuesEndpoints as queues } from '@/lib/contracts/queues';
import { authorize } from '@/lib/http/guard';
import { actionReply, knownQueue } from '@/lib/http/queueRoutes';
import { reply } from '@/lib/http/reply';
import { parseWith, route } from '@/lib/http/route';
import { retryJob } from '@/lib/jobs/queueAdmin';

/** Retries a failed job, or sends a dead job back to its queue (operators, audited). */
export const POST = route<{ name: string; id: string }>(async (request, context) => {
  const principal = await authorize(request, { role: 'operator' });
  const { name, id } = parseWith(queues.retry.params, await context.params);
  const result = await retryJob(knownQueue(name), id, principal.actor);
  return reply(queues.retry, actionReply(name, id, result));
});
