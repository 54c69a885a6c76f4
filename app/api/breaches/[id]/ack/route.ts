import { sloEndpoints as slo } from '@/lib/contracts/slo';
import { acknowledgeBreach } from '@/lib/db/breaches';
import { notFound } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { parseWith, route } from '@/lib/http/route';

/** An operator acknowledges a breach: the live pause it set is lifted (audited). */
export const POST = route<{ id: string }>(async (request, context) => {
  const principal = await authorize(request, { role: 'operator' });
  const { id } = parseWith(slo.acknowledge.params, await context.params);
  const breach = await acknowledgeBreach(BigInt(id), principal.actor);
  if (!breach) throw notFound('id', `no breach ${id}`);
  return reply(slo.acknowledge, { breach });
});
