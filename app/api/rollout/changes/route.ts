import { rolloutEndpoints as rollout, type RolloutChange } from '@/lib/contracts/rollout';
import { listRolloutChanges } from '@/lib/db/rollout';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { route, searchParams } from '@/lib/http/route';

/** The stage timeline, newest first (the list format). */
export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const query = searchParams(request, rollout.changes.query);
  const page = await listRolloutChanges(query);
  return reply(rollout.changes, {
    ...page,
    items: page.items.map((c) => ({
      ...c,
      unmet: c.unmet ?? [],
      gates: (c.gates ?? null) as RolloutChange['gates'],
    })),
  });
});
