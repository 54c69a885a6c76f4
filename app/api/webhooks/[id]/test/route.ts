import { webhooksEndpoints as webhooks } from '@/lib/contracts/webhooks';
import { appendAudit } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import { findSubscription } from '@/lib/db/webhooks';
import { notFound } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { parseWith, route } from '@/lib/http/route';
import { notifyEvent } from '@/lib/jobs/webhooks';

/** Sends a `test` event to this subscription alone, through the delivery queue (audited). */
export const POST = route<{ id: string }>(async (request, context) => {
  const principal = await authorize(request, { role: 'admin' });
  const { id } = parseWith(webhooks.test.params, await context.params);
  const subscription = await findSubscription(BigInt(id));
  if (!subscription) throw notFound('id', `no webhook subscription ${id}`);
  const sent = await db().$transaction(async (tx) => {
    const result = await notifyEvent(
      'test',
      { message: 'A test event from Fusion Ops', subscriptionId: id, sentBy: principal.actor },
      tx,
      { only: subscription.id },
    );
    await appendAudit(
      {
        action: 'webhook.test',
        actor: principal.actor,
        details: { id, url: subscription.url, eventId: result.eventId },
      },
      tx,
    );
    return result;
  });
  // Deleted between the two statements: nothing was queued.
  if (sent.deliveries.length === 0) throw notFound('id', `no webhook subscription ${id}`);
  return reply(webhooks.test, { eventId: sent.eventId, deliveryId: sent.deliveries[0]! });
});
