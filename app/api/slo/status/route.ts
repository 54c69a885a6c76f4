import { sloEndpoints as slo } from '@/lib/contracts/slo';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { route } from '@/lib/http/route';
import { sloStatus } from '@/lib/queries/sloReport';

export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const status = await sloStatus(new Date());
  return reply(slo.status, status, { headers: { 'cache-control': 'no-store' } });
});
