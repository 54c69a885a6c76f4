import type { WebhookEvent } from '@/lib/domain/webhooks';
import { appendAudit } from './audit';
import { db } from './client';
import type { Prisma } from './generated/prisma/client';
import { keysetPage, olderThan } from './keyset';

// The webhooks aggregate: subscriptions (with their signing secret, which leaves this module
// only for the delivery worker and the one answer that creates it), their deliveries, and the
// last state of the conditions that notify on their crossing (webhook_watch).

/** A subscription as listed: never its secret, only the secret's last 4 characters. */
const LISTED = {
  id: true,
  url: true,
  events: true,
  active: true,
  description: true,
  createdBy: true,
  createdAt: true,
  updatedAt: true,
  lastDeliveryAt: true,
} satisfies Prisma.WebhookSubscriptionSelect;

type ListedRow = Prisma.WebhookSubscriptionGetPayload<{ select: typeof LISTED }>;
export type ListedSubscription = ListedRow & { secretHint: string };

const hint = (secret: string) => `…${secret.slice(-4)}`;
const listed = ({ secret, ...row }: ListedRow & { secret: string }): ListedSubscription => ({
  ...row,
  secretHint: hint(secret),
});

/** At most this many subscriptions exist (the page lists them all; every event reads them). */
export const MAX_SUBSCRIPTIONS = 100;

export async function listSubscriptions(): Promise<ListedSubscription[]> {
  const rows = await db().webhookSubscription.findMany({
    select: { ...LISTED, secret: true },
    orderBy: { id: 'desc' },
    take: MAX_SUBSCRIPTIONS,
  });
  return rows.map(listed);
}

export async function findSubscription(id: bigint): Promise<ListedSubscription | null> {
  const row = await db().webhookSubscription.findUnique({
    where: { id },
    select: { ...LISTED, secret: true },
  });
  return row && listed(row);
}

export type CreateResult =
  { ok: true; subscription: ListedSubscription } | { ok: false; reason: 'too-many' };

/** Creates a subscription with its audit entry (the secret is never in the audit). */
export async function createSubscription(input: {
  url: string;
  events: WebhookEvent[];
  description: string;
  secret: string;
  actor: string;
}): Promise<CreateResult> {
  return db().$transaction(async (tx) => {
    if ((await tx.webhookSubscription.count()) >= MAX_SUBSCRIPTIONS)
      return { ok: false, reason: 'too-many' } as const;
    const row = await tx.webhookSubscription.create({
      data: {
        url: input.url,
        events: input.events,
        description: input.description,
        secret: input.secret,
        createdBy: input.actor,
      },
      select: { ...LISTED, secret: true },
    });
    await appendAudit(
      {
        action: 'webhook.create',
        actor: input.actor,
        details: {
          id: row.id.toString(),
          url: row.url,
          events: row.events,
          description: row.description,
        },
      },
      tx,
    );
    return { ok: true, subscription: listed(row) } as const;
  });
}

/** Turns a subscription on / off or changes its events; audited with before and after. */
export async function updateSubscription(
  id: bigint,
  change: { active?: boolean; events?: WebhookEvent[]; description?: string },
  actor: string,
): Promise<ListedSubscription | null> {
  return db().$transaction(async (tx) => {
    const before = await tx.webhookSubscription.findUnique({
      where: { id },
      select: { active: true, events: true, description: true },
    });
    if (!before) return null;
    const row = await tx.webhookSubscription.update({
      where: { id },
      data: { ...change, updatedAt: new Date() },
      select: { ...LISTED, secret: true },
    });
    await appendAudit(
      {
        action: 'webhook.update',
        actor,
        details: { id: id.toString(), url: row.url, before, change },
      },
      tx,
    );
    return listed(row);
  });
}

/** Deletes a subscription and its delivery history (audited); a queued delivery then finds nothing. */
export async function deleteSubscription(
  id: bigint,
  actor: string,
): Promise<ListedSubscription | null> {
  return db().$transaction(async (tx) => {
    const row = await tx.webhookSubscription.findUnique({
      where: { id },
      select: { ...LISTED, secret: true },
    });
    if (!row) return null;
    const deliveries = await tx.webhookDelivery.count({ where: { subscriptionId: id } });
    await tx.webhookSubscription.delete({ where: { id } });
    await appendAudit(
      {
        action: 'webhook.delete',
        actor,
        details: { id: id.toString(), url: row.url, events: row.events, deliveries },
      },
      tx,
    );
    return listed(row);
  });
}

/** The active subscriptions to an event type (a test goes to the one named, active or not). */
export const subscribersOf = (type: WebhookEvent, tx: Prisma.TransactionClient, only?: bigint) =>
  tx.webhookSubscription.findMany({
    where: only !== undefined ? { id: only } : { active: true, events: { has: type } },
    select: { id: true },
    take: MAX_SUBSCRIPTIONS,
  });

export const insertDeliveries = (
  rows: { subscriptionId: bigint; eventType: string; eventId: string; payload: object }[],
  tx: Prisma.TransactionClient,
) =>
  tx.webhookDelivery.createManyAndReturn({
    data: rows.map((r) => ({ ...r, payload: r.payload as Prisma.InputJsonValue })),
    select: { id: true, subscriptionId: true },
  });

/** A subscription's deliveries, newest first (the one list format; index (subscription, id)). */
export async function listDeliveries(
  subscriptionId: bigint,
  filter: { limit: number; cursor?: string; since?: Date; status?: string },
) {
  const rows = await db().webhookDelivery.findMany({
    where: {
      subscriptionId,
      id: olderThan(filter.cursor),
      createdAt: filter.since ? { gte: filter.since } : undefined,
      status: filter.status,
    },
    orderBy: { id: 'desc' },
    take: filter.limit + 1,
    select: {
      id: true,
      eventType: true,
      eventId: true,
      status: true,
      attempts: true,
      lastResponseStatus: true,
      lastError: true,
      createdAt: true,
      updatedAt: true,
      deliveredAt: true,
    },
  });
  return keysetPage(rows, filter.limit);
}

/** What the delivery worker needs: the payload, and where and with which secret to send it. */
export const deliveryToSend = (id: bigint) =>
  db().webhookDelivery.findUnique({
    where: { id },
    select: {
      id: true,
      eventType: true,
      eventId: true,
      payload: true,
      status: true,
      subscription: { select: { id: true, url: true, secret: true } },
    },
  });

/** Records an attempt's result (attempts counted here, one per run of the job). */
export async function recordAttempt(
  id: bigint,
  subscriptionId: bigint,
  result: {
    status: 'succeeded' | 'failed' | 'dead';
    responseStatus: number | null;
    error: string | null;
    at: Date;
  },
): Promise<void> {
  await db().$transaction([
    db().webhookDelivery.updateMany({
      where: { id },
      data: {
        status: result.status,
        attempts: { increment: 1 },
        lastResponseStatus: result.responseStatus,
        lastError: result.error,
        updatedAt: result.at,
        ...(result.status === 'succeeded' ? { deliveredAt: result.at } : {}),
      },
    }),
    db().webhookSubscription.updateMany({
      where: { id: subscriptionId },
      data: { lastDeliveryAt: result.at },
    }),
  ]);
}

/**
 * Records the latest value of a watched condition and says whether it has just crossed above
 * its limit. One statement under the row's lock: two leaders (a handover) cannot both see the
 * crossing, and a restart sees the state the last one left.
 */
export async function crossedAbove(key: string, value: number, limit: number, now: Date) {
  const above = value > limit;
  return db().$transaction(async (tx) => {
    // Inserted first (if new) so there is a row to lock: a second leader waits here.
    await tx.$executeRaw`
      INSERT INTO webhook_watch (key, above, value, changed_at)
      VALUES (${key}, false, 0, ${now}) ON CONFLICT (key) DO NOTHING`;
    const [previous] = await tx.$queryRaw<{ above: boolean }[]>`
      SELECT above FROM webhook_watch WHERE key = ${key} FOR UPDATE`;
    await tx.$executeRaw`
      UPDATE webhook_watch SET above = ${above}, value = ${value},
        changed_at = CASE WHEN above = ${above} THEN changed_at ELSE ${now} END
      WHERE key = ${key}`;
    return above && !previous?.above;
  });
}
