import { webhooksEndpoints as webhooks } from '@/lib/contracts/webhooks';
import { deleteSubscription, updateSubscription } from '@/lib/db/webhooks';
import { notFound } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { parseWith, readJson, route } from '@/lib/http/route';

/** Turns a subscription on / off or changes its events or description (audited). */
export const PATCH = route<{ id: string }>(async (request, context) => {
  const principal = await authorize(request, { role: 'admin' });
  const { id } = parseWith(webhooks.update.params, await context.params);
  const body = await readJson(request, webhooks.update.body);
  const subscription = await updateSubscription(BigInt(id), body, principal.actor);
  if (!subscription) throw notFound('id', `no webhook subscription ${id}`);
  return reply(webhooks.update, { subscription });
});

/** Deletes a subscription with its delivery history (audited). */
export const DELETE = route<{ id: string }>(async (request, context) => {
  const principal = await authorize(request, { role: 'admin' });
  const { id } = parseWith(webhooks.remove.params, await context.params);
  const subscription = await deleteSubscription(BigInt(id), principal.actor);
  if (!subscription) throw notFound('id', `no webhook subscription ${id}`);
  return reply(webhooks.remove, { subscription });
});
