import { chainEndpoints } from '@/lib/contracts/chain';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { route } from '@/lib/http/route';
import { loopChain } from '@/lib/queries/chain';

/** The loop's chain: each step's state, last run, counts and what it waits for. */
export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  return reply(chainEndpoints.chain, await loopChain());
});
