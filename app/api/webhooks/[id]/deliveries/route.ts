import { webhooksEndpoints as webhooks } from '@/lib/contracts/webhooks';
import { findSubscription, listDeliveries } from '@/lib/db/webhooks';
import { notFound } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { parseWith, route, searchParams } from '@/lib/http/route';

type Status = (typeof import('@/lib/contracts/webhooks').DELIVERY_STATUSES)[number];

/** A subscription's deliveries, newest first (the list format; index (subscription_id, id)). */
export const GET = route<{ id: string }>(async (request, context) => {
  await authorize(request, { role: 'operator' });
  const { id } = parseWith(webhooks.deliveries.params, await context.params);
  const query = searchParams(request, webhooks.deliveries.query);
  if (!(await findSubscription(BigInt(id)))) throw notFound('id', `no webhook subscription ${id}`);
  const page = await listDeliveries(BigInt(id), {
    limit: query.limit,
    cursor: query.cursor ?? undefined,
    since: query.since,
    status: query.status,
  });
  return reply(webhooks.deliveries, {
    items: page.items.map((d) => ({ ...d, status: d.status as Status })),
    nextCursor: page.nextCursor,
  });
});
