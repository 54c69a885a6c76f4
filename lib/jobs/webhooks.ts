import { randomUUID } from 'node:crypto';
import {
  DELIVERY_HEADER,
  DELIVERY_RETRY_LIMIT,
  envelope,
  EVENT_HEADER,
  SIGNATURE_HEADER,
  signatureHeader,
  statusAfterAttempt,
  type WebhookEvent,
} from '@/lib/domain/webhooks';
import { db } from '@/lib/db/client';
import type { Prisma } from '@/lib/db/generated/prisma/client';
import {
  crossedAbove,
  deliveryToSend,
  insertDeliveries,
  recordAttempt,
  subscribersOf,
} from '@/lib/db/webhooks';
import { logger } from '@/lib/logging/logger';
import {
  boss,
  deadLetterOf,
  JOB_PAYLOADS,
  queueCounts,
  webhookRetryDelaySeconds,
  type JobPayload,
} from './queue';

const log = logger('webhooks');

export const WEBHOOK_QUEUE = 'deliver-webhook';
/** A receiver has this long to answer (headers and body), else the attempt fails. */
export const DELIVERY_TIMEOUT_MS = Number(process.env.WEBHOOK_TIMEOUT_MS ?? 5000);
/** The card's limit: a dead-letter queue above this many jobs notifies `dlq_above_2`. */
export const DLQ_LIMIT = 2;

/**
 * Records an event for every active subscription to its type, one delivery row each, and
 * queues one `deliver-webhook` job per row. With `tx` both happen in the caller's transaction
 * (pg-boss's insert runs on it): the event exists iff its cause committed, and no job can point
 * at a row that was rolled back. Without one they commit together on their own.
 * `only`: a test event for that subscription alone. Returns the event id and the deliveries.
 */
export async function notifyEvent(
  type: WebhookEvent,
  data: Record<string, unknown>,
  tx?: Prisma.TransactionClient,
  options: { only?: bigint; occurredAt?: Date } = {},
): Promise<{ eventId: string; deliveries: bigint[] }> {
  const work = async (t: Prisma.TransactionClient) => {
    const subscribers = await subscribersOf(type, t, options.only);
    const eventId = randomUUID();
    if (subscribers.length === 0) return { eventId, deliveries: [] };
    const payload = envelope(eventId, type, options.occurredAt ?? new Date(), data);
    const rows = await insertDeliveries(
      subscribers.map((s) => ({ subscriptionId: s.id, eventType: type, eventId, payload })),
      t,
    );
    // The retry policy rides on each job too (a queue made by an older version keeps its own).
    const jobs = rows.map((r) => ({
      data: JOB_PAYLOADS[WEBHOOK_QUEUE].parse({ deliveryId: r.id.toString() }),
      retryLimit: DELIVERY_RETRY_LIMIT,
      retryDelay: webhookRetryDelaySeconds(),
      retryBackoff: true,
      retryDelayMax: 300,
      expireInSeconds: 60,
    }));
    await (
      await boss()
    ).insert(WEBHOOK_QUEUE, jobs, {
      db: {
        executeSql: async (text, values) => ({
          rows: await t.$queryRawUnsafe<unknown[]>(text, ...((values as unknown[]) ?? [])),
        }),
      },
    });
    return { eventId, deliveries: rows.map((r) => r.id) };
  };
  return tx ? work(tx) : db().$transaction(work);
}

/** Emits `candidate_proposed` (wired by the candidate-model work: call it in its transaction). */
export const notifyCandidateProposed = (
  candidate: { modelId: string; weights: Record<string, number>; [key: string]: unknown },
  tx?: Prisma.TransactionClient,
) => notifyEvent('candidate_proposed', candidate, tx);

/** Reads a response body up to `max` bytes (an error's first words are kept, no more). */
async function readSome(response: Response, max = 500): Promise<string> {
  try {
    const text = await response.text();
    return text.slice(0, max);
  } catch {
    return '';
  }
}

/**
 * The `deliver-webhook` job: POSTs the delivery's envelope, signed, to its subscription's URL
 * with a timeout. A 2xx is `succeeded`; anything else throws, so pg-boss retries it with
 * backoff (retryLimit 3), and after the last retry the delivery is `dead` and the job sits in
 * the queue's dead-letter queue. At least once: a crash after the receiver answered but before
 * the result was recorded sends the same event id again. The secret is never logged.
 */
export async function deliverWebhook(
  payload: JobPayload<typeof WEBHOOK_QUEUE>,
  retryCount: number,
): Promise<{ deliveryId: string; status: string; responseStatus?: number }> {
  const id = BigInt(payload.deliveryId);
  const delivery = await deliveryToSend(id);
  // Deleted with its subscription since it was queued: nothing to send.
  if (!delivery) return { deliveryId: payload.deliveryId, status: 'gone' };
  const body = JSON.stringify(delivery.payload);
  const timestamp = Math.floor(Date.now() / 1000);
  let responseStatus: number | null = null;
  let error: string | null = null;
  try {
    const response = await fetch(delivery.subscription.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'FusionOps-Webhooks/1',
        [SIGNATURE_HEADER]: signatureHeader(delivery.subscription.secret, timestamp, body),
        [EVENT_HEADER]: delivery.eventType,
        [DELIVERY_HEADER]: delivery.eventId,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    responseStatus = response.status;
    if (response.status < 200 || response.status > 299)
      error = `HTTP ${response.status}${await readSome(response).then((t) => (t ? `: ${t}` : ''))}`;
    else await readSome(response, 0);
  } catch (caught) {
    const e = caught as Error;
    error =
      e.name === 'TimeoutError'
        ? `no answer within ${DELIVERY_TIMEOUT_MS} ms`
        : `${e.message}${(e.cause as Error | undefined)?.message ? `: ${(e.cause as Error).message}` : ''}`;
  }
  const status = statusAfterAttempt(error === null, retryCount);
  await recordAttempt(id, delivery.subscription.id, {
    status,
    responseStatus,
    error: error?.slice(0, 1000) ?? null,
    at: new Date(),
  });
  if (error !== null) {
    log.warn(
      { deliveryId: payload.deliveryId, attempt: retryCount + 1, status, responseStatus },
      `webhook delivery failed: ${error.slice(0, 200)}`,
    );
    throw new Error(`webhook delivery ${payload.deliveryId} failed: ${error.slice(0, 200)}`);
  }
  return { deliveryId: payload.deliveryId, status, responseStatus: responseStatus ?? undefined };
}

/**
 * The leader's watch of the dead-letter queues (once a minute, with the SLO guard): a DLQ going
 * above 2 jobs notifies `dlq_above_2` once, on the crossing; its state is kept in webhook_watch,
 * so neither the next minute nor a new leader notifies again until it has gone back to ≤ 2.
 */
export async function watchDeadLetters(now: Date): Promise<string[]> {
  const crossed: string[] = [];
  for (const queue of await queueCounts()) {
    const waiting = queue.deadLetter.queued;
    if (!(await crossedAbove(`dlq:${queue.name}`, waiting, DLQ_LIMIT, now))) continue;
    crossed.push(queue.deadLetter.name);
    await notifyEvent(
      'dlq_above_2',
      {
        queue: queue.name,
        deadLetterQueue: deadLetterOf(queue.name),
        jobs: waiting,
        limit: DLQ_LIMIT,
      },
      undefined,
      { occurredAt: now },
    );
  }
  return crossed;
}
