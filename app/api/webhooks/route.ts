import { randomBytes } from 'node:crypto';
import { webhooksEndpoints as webhooks } from '@/lib/contracts/webhooks';
import { createSubscription, listSubscriptions, MAX_SUBSCRIPTIONS } from '@/lib/db/webhooks';
import { HttpError } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { readJson, route } from '@/lib/http/route';

/** Every subscription, newest first; never a secret (operators may read, admins change). */
export const GET = route(async (request) => {
  await authorize(request, { role: 'operator' });
  return reply(webhooks.list, { items: await listSubscriptions() });
});

/** An admin subscribes a URL; the signing secret is in this answer only (audited without it). */
export const POST = route(async (request) => {
  const principal = await authorize(request, { role: 'admin' });
  const body = await readJson(request, webhooks.create.body);
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  const created = await createSubscription({ ...body, secret, actor: principal.actor });
  if (!created.ok)
    throw new HttpError(409, 'url', `at most ${MAX_SUBSCRIPTIONS} subscriptions: delete one first`);
  return reply(webhooks.create, { subscription: created.subscription, secret });
});
