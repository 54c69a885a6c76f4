import { sloEndpoints as slo } from '@/lib/contracts/slo';
import { unacknowledgedPause } from '@/lib/db/breaches';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { route } from '@/lib/http/route';

/** The unacknowledged live pause, if any: one indexed read, cheap enough to poll from every page. */
export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  return reply(
    slo.pause,
    { pause: await unacknowledgedPause() },
    { headers: { 'cache-control': 'no-store' } },
  );
});
