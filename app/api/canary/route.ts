import { canaryEndpoints as canary } from '@/lib/contracts/canary';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { route } from '@/lib/http/route';
import { canaryStatus } from '@/lib/queries/canaryStatus';

export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  return reply(canary.status, await canaryStatus(new Date()));
});
