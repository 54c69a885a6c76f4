import { z } from 'zod';
import { checkWebhookUrl, WEBHOOK_EVENTS } from '@/lib/domain/webhooks';
import { bigintId } from '@/lib/validations/common';
import { endpoint } from './endpoint';
import { isoInstant, listOf, listQuery, rowId } from './json';

// Webhook notifications (issue 13): admins subscribe URLs to events; deliveries are signed
// (X-FusionOps-Signature, lib/domain/webhooks.ts) and sent through pg-boss with retries and a
// DLQ. Operators may read the subscriptions and their history (never a secret); admins change
// them. The secret is in the creating answer only.

const event = z.enum(WEBHOOK_EVENTS, { error: `one of ${WEBHOOK_EVENTS.join(', ')}` });
const events = z
  .array(event)
  .min(1, 'at least one event')
  .max(WEBHOOK_EVENTS.length)
  .transform((list) => [...new Set(list)]);

const webhookUrl = z
  .string()
  .trim()
  .max(2000)
  .superRefine((text, ctx) => {
    const check = checkWebhookUrl(text);
    if (!check.ok) ctx.addIssue({ code: 'custom', message: check.message });
  })
  .transform((text) => {
    const check = checkWebhookUrl(text);
    return check.ok ? check.url : text;
  });

const description = z.string().trim().max(200, 'at most 200 characters');

export const createWebhookBody = z.strictObject({
  url: webhookUrl,
  events,
  description: description.default(''),
});

export const updateWebhookBody = z
  .strictObject({
    active: z.boolean({ error: 'true or false' }).optional(),
    events: events.optional(),
    description: description.optional(),
  })
  .refine((b) => b.active !== undefined || b.events !== undefined || b.description !== undefined, {
    message: 'give active, events or description',
  });

export const webhookIdParams = z.object({ id: bigintId('a webhook subscription id') });

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed', 'dead'] as const;

export const deliveriesQuery = listQuery.extend({
  status: z.enum(DELIVERY_STATUSES, { error: `one of ${DELIVERY_STATUSES.join(', ')}` }).optional(),
});

export const webhookSubscription = z.object({
  id: rowId,
  url: z.string(),
  events: z.array(z.string()),
  active: z.boolean(),
  description: z.string(),
  /** The secret's last 4 characters: the secret itself is shown once, at creation. */
  secretHint: z.string(),
  createdBy: z.string(),
  createdAt: isoInstant,
  updatedAt: isoInstant,
  lastDeliveryAt: isoInstant.nullable(),
});

export const webhookDelivery = z.object({
  id: rowId,
  eventType: z.string(),
  /** The envelope's id: receivers dedupe on it (delivery is at least once). */
  eventId: z.string(),
  /** pending | succeeded | failed (a retry is due) | dead (retries exhausted; its job is in the DLQ). */
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number(),
  lastResponseStatus: z.number().nullable(),
  lastError: z.string().nullable(),
  createdAt: isoInstant,
  updatedAt: isoInstant,
  deliveredAt: isoInstant.nullable(),
});

export const webhooksEndpoints = {
  list: endpoint({
    method: 'GET',
    path: '/api/webhooks',
    access: 'operator',
    summary: 'Every webhook subscription (never its secret: only its last 4 characters)',
    response: z.object({ items: z.array(webhookSubscription) }),
  }),
  create: endpoint({
    method: 'POST',
    path: '/api/webhooks',
    access: 'admin',
    summary:
      'Subscribes a URL (http or https, no credentials in it) to events; the signing secret is in this answer only',
    body: createWebhookBody,
    response: z.object({ subscription: webhookSubscription, secret: z.string() }),
    status: 201,
  }),
  update: endpoint({
    method: 'PATCH',
    path: '/api/webhooks/:id',
    access: 'admin',
    summary: 'Turns a subscription on or off, or changes its events or description (audited)',
    params: webhookIdParams,
    body: updateWebhookBody,
    response: z.object({ subscription: webhookSubscription }),
  }),
  remove: endpoint({
    method: 'DELETE',
    path: '/api/webhooks/:id',
    access: 'admin',
    summary: 'Deletes a subscription and its delivery history (audited)',
    params: webhookIdParams,
    response: z.object({ subscription: webhookSubscription }),
  }),
  test: endpoint({
    method: 'POST',
    path: '/api/webhooks/:id/test',
    access: 'admin',
    summary:
      'Sends a `test` event to this subscription through the delivery queue (202); its result appears in the deliveries',
    params: webhookIdParams,
    response: z.object({ eventId: z.string(), deliveryId: rowId }),
    status: 202,
  }),
  deliveries: endpoint({
    method: 'GET',
    path: '/api/webhooks/:id/deliveries',
    access: 'operator',
    summary:
      "A subscription's delivery history, newest first (a list): status, attempts, last response, times",
    params: webhookIdParams,
    query: deliveriesQuery,
    response: listOf(webhookDelivery),
  }),
};

export type WebhookSubscription = z.input<typeof webhookSubscription>;
export type WebhookDelivery = z.input<typeof webhookDelivery>;
export type CreateWebhookBody = z.input<typeof createWebhookBody>;
export type UpdateWebhookBody = z.input<typeof updateWebhookBody>;
