import { sloEndpoints as slo } from '@/lib/contracts/slo';
import { listBreaches } from '@/lib/db/breaches';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { route, searchParams } from '@/lib/http/route';

/** Breach history, newest first: the last 24 h unless `since` says otherwise. */
export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const query = searchParams(request, slo.breaches.query);
  const since = query.since ?? new Date(Date.now() - 86_400_000);
  return reply(slo.breaches, await listBreaches({ ...query, since }));
});
