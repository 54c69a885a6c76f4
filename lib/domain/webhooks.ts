import { createHmac, timingSafeEqual } from 'node:crypto';

// Webhook notifications: the event types, the payload envelope and its signature.
//
// Every delivery is a POST of the envelope as JSON with the header
//   X-FusionOps-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
// (Stripe's scheme). A receiver verifies it by
//   1. reading the raw body bytes (before any JSON parsing) and the header's t and v1;
//   2. computing HMAC-SHA256 with the subscription's secret over `${t}.${rawBody}`, hex;
//   3. comparing it with v1 in constant time;
//   4. refusing a t more than the replay window (5 minutes) away from its own clock;
//   5. deduping on the envelope's `id`: delivery is at least once (a retry, or a crash after the
//      receiver answered but before the answer was recorded, sends the same id again).
// `verifySignature` below is that procedure.

export const WEBHOOK_EVENTS = [
  'breach',
  'rollback',
  'stage_change',
  'auto_pause',
  'dlq_above_2',
  'candidate_proposed',
  'test',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** What each event means (the create form, the README). */
export const WEBHOOK_EVENT_LABELS: Record<WebhookEvent, string> = {
  breach: 'an SLO trigger rule breached (a new episode)',
  rollback: 'the SLO guard stepped the stage down automatically',
  stage_change: 'the rollout stage changed (anyone, any direction)',
  auto_pause: 'a critical breach paused live decisions',
  dlq_above_2: 'a dead-letter queue went above 2 jobs',
  candidate_proposed: 'a candidate model version was proposed',
  test: 'a test sent from the Webhooks page',
};

export const SIGNATURE_HEADER = 'X-FusionOps-Signature';
export const EVENT_HEADER = 'X-FusionOps-Event';
export const DELIVERY_HEADER = 'X-FusionOps-Delivery';
/** A signature older (or newer) than this is refused by verifySignature: the replay window. */
export const REPLAY_WINDOW_SECONDS = 300;

export interface WebhookEnvelope<T = unknown> {
  /** The event's id (a UUID): the same for every subscription and every retry of one event. */
  id: string;
  type: WebhookEvent;
  /** ISO-8601 UTC. */
  occurredAt: string;
  data: T;
}

export const envelope = <T>(
  id: string,
  type: WebhookEvent,
  occurredAt: Date,
  data: T,
): WebhookEnvelope<T> => ({ id, type, occurredAt: occurredAt.toISOString(), data });

const hmac = (secret: string, timestamp: number, body: string) =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');

/** The header value for `body` sent at `timestamp` (unix seconds). */
export const signatureHeader = (secret: string, timestamp: number, body: string) =>
  `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;

export type VerifyResult =
  { ok: true; timestamp: number } | { ok: false; reason: 'malformed' | 'mismatch' | 'expired' };

/**
 * Checks a delivery as a receiver should: the header's v1 against the HMAC of `${t}.${body}`
 * (constant time; any of several v1 entries may match), and t within `toleranceSeconds` of
 * `nowSeconds` (the receiver's clock, passed in).
 */
export function verifySignature(input: {
  secret: string;
  header: string | null | undefined;
  body: string;
  nowSeconds: number;
  toleranceSeconds?: number;
}): VerifyResult {
  const parts = (input.header ?? '').split(',').map((p) => p.trim().split('='));
  const t = parts.find(([k]) => k === 't')?.[1];
  const signatures = parts.filter(([k, v]) => k === 'v1' && v).map(([, v]) => v!);
  if (!t || !/^\d{1,12}$/.test(t) || signatures.length === 0)
    return { ok: false, reason: 'malformed' };
  const timestamp = Number(t);
  const expected = Buffer.from(hmac(input.secret, timestamp, input.body), 'hex');
  const matches = signatures.some((s) => {
    if (!/^[0-9a-f]{64}$/i.test(s)) return false;
    return timingSafeEqual(Buffer.from(s, 'hex'), expected);
  });
  if (!matches) return { ok: false, reason: 'mismatch' };
  const tolerance = input.toleranceSeconds ?? REPLAY_WINDOW_SECONDS;
  if (Math.abs(input.nowSeconds - timestamp) > tolerance) return { ok: false, reason: 'expired' };
  return { ok: true, timestamp };
}

/** What may be shown of a secret after its creation: its last 4 characters. */
export const secretHint = (secret: string) => `…${secret.slice(-4)}`;

export type UrlCheck = { ok: true; url: string } | { ok: false; message: string };

/**
 * A subscription's URL: http or https, with a host, no user or password in it (a credential
 * belongs in the secret, and would show in every listing), at most 2,000 characters. Local and
 * private addresses are allowed (tests and on-premise receivers); see the README for what a
 * hardened deployment adds.
 */
export function checkWebhookUrl(text: string): UrlCheck {
  if (text.length > 2000) return { ok: false, message: 'at most 2,000 characters' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: 'not a URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { ok: false, message: 'http or https only' };
  if (!url.hostname) return { ok: false, message: 'a URL with a host' };
  if (url.username || url.password)
    return { ok: false, message: 'no user or password in the URL (the secret signs deliveries)' };
  if (url.hash) return { ok: false, message: 'no #fragment' };
  return { ok: true, url: url.toString() };
}

/** How many times a delivery is tried: 1 + 3 retries (the queue's retryLimit). */
export const DELIVERY_RETRY_LIMIT = 3;

/** The state of a delivery after an attempt (`retryCount`: 0 on the first attempt). */
export const statusAfterAttempt = (succeeded: boolean, retryCount: number) =>
  succeeded ? 'succeeded' : retryCount >= DELIVERY_RETRY_LIMIT ? 'dead' : 'failed';
