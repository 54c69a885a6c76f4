import { queuesEndpoints as queues } from '@/lib/contracts/queues';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { route } from '@/lib/http/route';
import { queueReport } from '@/lib/queries/queues';

/** Every job queue and its dead-letter queue, with the card's gates. */
export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  return reply(queues.list, await queueReport());
});
