import { queuesEndpoints as queues } from '@/lib/contracts/queues';
import { HttpError } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { knownQueue } from '@/lib/http/queueRoutes';
import { reply } from '@/lib/http/reply';
import { parseWith, route } from '@/lib/http/route';
import { retryDeadLetterQueue } from '@/lib/jobs/queueAdmin';

/** Every dead job of a dead-letter queue back to its queue (operators, audited). */
export const POST = route<{ name: string }>(async (request, context) => {
  const principal = await authorize(request, { role: 'operator' });
  const { name } = parseWith(queues.retryAll.params, await context.params);
  if (!knownQueue(name).endsWith('-dlq')) {
    throw new HttpError(409, 'name', `${name} is not a dead-letter queue`);
  }
  return reply(queues.retryAll, {
    queue: name,
    moved: await retryDeadLetterQueue(name, principal.actor),
  });
});
