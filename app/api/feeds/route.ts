import { instrumentsEndpoints as instruments } from '@/lib/contracts/instruments';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { route } from '@/lib/http/route';
import { feedsOverview } from '@/lib/queries/instruments';

export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  return reply(instruments.feeds, await feedsOverview(new Date()));
});
