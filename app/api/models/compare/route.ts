import { shadowEndpoints as shadow } from '@/lib/contracts/shadow';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { route, searchParams } from '@/lib/http/route';
import { modelComparison } from '@/lib/queries/shadow';

/** Active vs candidate on the same matured outcomes, per horizon, with intervals. */
export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const query = searchParams(request, shadow.compare.query);
  return reply(shadow.compare, await modelComparison(query));
});
