import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { verifySignature } from '@/lib/domain/webhooks';
import { api } from '../support/api';

// Webhook notifications end to end: subscriptions through the API of the suite's production
// server, events caused there (a real stage change through POST /api/rollout, a test event),
// delivered by the production worker (lib/jobs/workers.ts) run in this process, to a local
// receiver (node:http on port 0) that checks each signature as a subscriber would. Waits poll
// the deliveries table with a bounded deadline; nothing waits on a fixed time.
const anonymous = { kind: 'anonymous' } as const;
const viewer = { kind: 'session', role: 'viewer' } as const;
const operator = { kind: 'session', role: 'operator' } as const;
const admin = { kind: 'session', role: 'admin' } as const;

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The receiver's clock when it arrived (unix seconds). */
  at: number;
}

const received: Received[] = [];
let receiver: Server;
let base: string;
const created: string[] = [];

const lib = async () => ({
  ...(await import('@/lib/db/client')),
  ...(await import('@/lib/jobs/webhooks')),
  ...(await import('@/lib/jobs/queue')),
  ...(await import('@/lib/db/rollout')),
});

beforeAll(async () => {
  process.env.DATABASE_URL = inject('databaseUrl');
  // Retries of the deliveries this process queues come 1, 2, 4 s apart (backoff), not 5, 10, 20.
  process.env.WEBHOOK_RETRY_SECONDS = '1';
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      received.push({
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Math.floor(Date.now() / 1000),
      });
      const fail = request.url?.startsWith('/fail');
      response.writeHead(fail ? 500 : 204).end(fail ? 'receiver says no' : undefined);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const { workQueue } = await import('@/lib/jobs/workers');
  await workQueue('deliver-webhook'); // the server was started without workers
  const { changeRollout } = await lib();
  await changeRollout({
    stage: 'preview',
    actor: 'test',
    reason: 'webhooks test starts at preview',
  });
});

afterAll(async () => {
  for (const id of created) await api(`/api/webhooks/${id}`, { method: 'DELETE', as: admin });
  const { changeRollout, stopBoss, pool } = await lib();
  await changeRollout({ stage: 'preview', actor: 'test', reason: 'webhooks test leaves preview' });
  await stopBoss();
  await pool().end();
  await new Promise((resolve) => receiver.close(resolve));
});

async function subscribe(path: string, events: string[], description = 'test') {
  const reply = await api('/api/webhooks', {
    as: admin,
    body: { url: `${base}${path}`, events, description },
  });
  expect(reply.status).toBe(201);
  created.push(reply.body.subscription.id);
  return { id: reply.body.subscription.id, secret: reply.body.secret };
}

/** The delivery rows of a subscription, by an independent query. */
async function deliveryRows(subscriptionId: string) {
  const { pool } = await lib();
  const { rows } = await pool().query<{
    id: string;
    event_type: string;
    event_id: string;
    status: string;
    attempts: number;
    last_response_status: number | null;
    payload: { id: string; type: string; data: Record<string, unknown> };
  }>(
    `SELECT id::text, event_type, event_id::text, status, attempts, last_response_status, payload
     FROM webhook_deliveries WHERE subscription_id = $1 ORDER BY id`,
    [subscriptionId],
  );
  return rows;
}

/** Polls until `check` answers something truthy, for at most `ms`. */
async function waitFor<T>(
  what: string,
  check: () => Promise<T | null | undefined | false>,
  ms = 60_000,
) {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const deliveriesTo = (path: string) => received.filter((r) => r.path === path);

describe('access and validation', () => {
  it('needs a session (401), an operator to read and an admin to change (403)', async () => {
    expect((await api('/api/webhooks', { as: anonymous })).status).toBe(401);
    expect((await api('/api/webhooks', { as: viewer })).status).toBe(403);
    expect((await api('/api/webhooks', { as: operator })).status).toBe(200);
    const byOperator = await api('/api/webhooks', {
      as: operator,
      body: { url: `${base}/x`, events: ['test'] },
    });
    expect(byOperator.status).toBe(403);
    expect(byOperator.body._err).toBe('auth');
    const token = { kind: 'internal' } as const;
    expect(
      (await api('/api/webhooks', { as: token, body: { url: `${base}/x`, events: ['test'] } }))
        .status,
    ).toBe(403);
  });

  it('refuses a bad URL or bad events with a 400 naming the field, and stores nothing', async () => {
    const { pool } = await lib();
    const count = async () =>
      Number((await pool().query('SELECT count(*) AS n FROM webhook_subscriptions')).rows[0].n);
    const before = await count();
    const cases: [unknown, string][] = [
      [{ url: 'ftp://example.com/x', events: ['test'] }, 'url'],
      [{ url: 'https://user:pw@example.com/x', events: ['test'] }, 'url'],
      [{ url: 'not a url', events: ['test'] }, 'url'],
      [{ url: 'javascript:alert(1)', events: ['test'] }, 'url'],
      [{ url: `${base}/x`, events: [] }, 'events'],
      [{ url: `${base}/x`, events: ['nope'] }, 'events.0'],
      [{ url: `${base}/x` }, 'events'],
      [{ url: `${base}/x`, events: ['test'], secret: 'mine' }, 'body'],
    ];
    for (const [body, field] of cases) {
      const reply = await api('/api/webhooks', { as: admin, body });
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.body._err, JSON.stringify(body)).toBe(field);
    }
    const patch = await api('/api/webhooks/1', { method: 'PATCH', as: admin, body: {} });
    expect(patch.status).toBe(400);
    expect(await count()).toBe(before);
  });

  it('answers 404 for an unknown subscription', async () => {
    const id = '999999999';
    expect(
      (await api(`/api/webhooks/${id}`, { method: 'PATCH', as: admin, body: { active: false } }))
        .status,
    ).toBe(404);
    expect((await api(`/api/webhooks/${id}`, { method: 'DELETE', as: admin })).status).toBe(404);
    expect((await api(`/api/webhooks/${id}/test`, { method: 'POST', as: admin })).status).toBe(404);
    expect((await api(`/api/webhooks/${id}/deliveries`, { as: operator })).status).toBe(404);
  });
});

describe('the secret', () => {
  it('is returned once at creation and never again, nor written to the audit log', async () => {
    const { id, secret } = await subscribe('/ok-secret', ['test'], 'secret check');
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const list = await api('/api/webhooks', { as: admin });
    const text = JSON.stringify(list.body);
    expect(text).not.toContain(secret);
    const item = list.body.items.find((s) => s.id === id)!;
    expect(item.secretHint).toBe(`…${secret.slice(-4)}`);
    expect(item).not.toHaveProperty('secret');
    const patched = await api(`/api/webhooks/${id}`, {
      method: 'PATCH',
      as: admin,
      body: { description: 'renamed' },
    });
    expect(JSON.stringify(patched.body)).not.toContain(secret);
    expect(
      JSON.stringify((await api(`/api/webhooks/${id}/deliveries`, { as: admin })).body),
    ).not.toContain(secret);
    const { pool } = await lib();
    const { rows } = await pool().query(
      `SELECT count(*) AS n FROM audit_log WHERE details::text LIKE $1`,
      [`%${secret}%`],
    );
    expect(Number(rows[0].n)).toBe(0);
    const audit = await pool().query(
      `SELECT action FROM audit_log WHERE action LIKE 'webhook.%' AND details->>'id' = $1 ORDER BY id`,
      [id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['webhook.create', 'webhook.update']);
  });
});

describe('deliveries', () => {
  it('sends a signed stage_change when a stage changes through POST /api/rollout', async () => {
    const { id, secret } = await subscribe('/ok-stage', ['stage_change'], 'stage changes');
    const idle = await subscribe('/ok-idle', ['stage_change'], 'turned off');
    const off = await api(`/api/webhooks/${idle.id}`, {
      method: 'PATCH',
      as: admin,
      body: { active: false },
    });
    expect(off.body.subscription.active).toBe(false);
    const change = await api('/api/rollout', {
      as: operator,
      body: { stage: 'off', reason: 'webhook test: a rollback by hand' },
    });
    expect(change.status).toBe(200);
    const [row] = await waitFor('the stage_change delivery', async () => {
      const rows = await deliveryRows(id);
      return rows.length === 1 && rows[0]!.status === 'succeeded' && rows;
    });
    expect(row!.event_type).toBe('stage_change');
    expect(row!.attempts).toBe(1);
    expect(row!.last_response_status).toBe(204);
    const [hit] = deliveriesTo('/ok-stage');
    expect(hit).toBeDefined();
    // As a receiver checks it: the raw body, the header, the secret, its own clock.
    const verified = verifySignature({
      secret,
      header: hit!.headers['x-fusionops-signature'] as string,
      body: hit!.body,
      nowSeconds: hit!.at,
    });
    expect(verified.ok).toBe(true);
    expect(
      verifySignature({
        secret: 'whsec_wrong',
        header: hit!.headers['x-fusionops-signature'] as string,
        body: hit!.body,
        nowSeconds: hit!.at,
      }).ok,
    ).toBe(false);
    const envelope = JSON.parse(hit!.body);
    expect(envelope).toMatchObject({
      id: row!.event_id,
      type: 'stage_change',
      data: { from: 'preview', to: 'off', actor: expect.any(String), automatic: false },
    });
    expect(hit!.headers['x-fusionops-event']).toBe('stage_change');
    expect(hit!.headers['x-fusionops-delivery']).toBe(row!.event_id);
    // The change's row and the event agree.
    const { pool } = await lib();
    const stored = await pool().query(
      // Ordered as numbers: `id` alone would name the text column of the output.
      `SELECT c.id::text, c."from", c."to" FROM rollout_changes c ORDER BY c.id DESC LIMIT 1`,
    );
    expect(envelope.data.changeId).toBe(stored.rows[0].id);
    // The disabled subscription got nothing.
    expect(await deliveryRows(idle.id)).toEqual([]);
    expect(deliveriesTo('/ok-idle')).toEqual([]);
    // The list answers what the table holds.
    const list = await api(`/api/webhooks/${id}/deliveries`, { as: operator });
    expect(list.body.items.map((d) => [d.id, d.status, d.attempts, d.lastResponseStatus])).toEqual(
      (await deliveryRows(id))
        .reverse()
        .map((r) => [r.id, r.status, r.attempts, r.last_response_status]),
    );
    expect(list.body.items[0]!.deliveredAt).not.toBeNull();
  });

  it('sends a test event through the same queue', async () => {
    const { id, secret } = await subscribe('/ok-test', ['rollback'], 'test button');
    const sent = await api(`/api/webhooks/${id}/test`, { method: 'POST', as: admin });
    expect(sent.status).toBe(202);
    const row = await waitFor('the test delivery', async () => {
      const rows = await deliveryRows(id);
      return rows.find((r) => r.id === sent.body.deliveryId && r.status === 'succeeded');
    });
    expect(row.event_type).toBe('test');
    expect(row.event_id).toBe(sent.body.eventId);
    const hit = deliveriesTo('/ok-test').at(-1)!;
    expect(JSON.parse(hit.body)).toMatchObject({ id: sent.body.eventId, type: 'test' });
    expect(
      verifySignature({
        secret,
        header: hit.headers['x-fusionops-signature'] as string,
        body: hit.body,
        nowSeconds: hit.at,
      }).ok,
    ).toBe(true);
  });

  it('retries a receiver that answers 500, then marks the delivery dead and its job in the DLQ', async () => {
    const { id } = await subscribe('/fail', ['breach'], 'always 500');
    const { notifyEvent, pool } = await lib();
    const { eventId, deliveries } = await notifyEvent('breach', {
      rule: 'test-rule',
      note: 'synthetic',
    });
    // Other subscriptions of this file may take breaches too: this one's delivery of the event.
    const mine = (await deliveryRows(id)).filter((r) => r.event_id === eventId);
    expect(mine).toHaveLength(1);
    const deliveryId = mine[0]!.id;
    expect(deliveries.map(String)).toContain(deliveryId);
    const row = await waitFor(
      'the delivery to be dead',
      async () => (await deliveryRows(id)).find((r) => r.id === deliveryId && r.status === 'dead'),
      120_000,
    );
    expect(row.attempts).toBe(4); // 1 + retryLimit 3
    expect(row.last_response_status).toBe(500);
    const attempts = deliveriesTo('/fail').filter((r) => JSON.parse(r.body).id === eventId);
    expect(attempts).toHaveLength(4); // the same event id each time: receivers dedupe on it
    const dead = await waitFor('the job in deliver-webhook-dlq', async () => {
      const { rows } = await pool().query(
        `SELECT id FROM pgboss.job WHERE name = 'deliver-webhook-dlq' AND data->>'deliveryId' = $1`,
        [deliveryId],
      );
      return rows.length === 1 && rows;
    });
    expect(dead).toHaveLength(1);
    const list = await api(`/api/webhooks/${id}/deliveries?status=dead`, { as: admin });
    expect(list.body.items.map((d) => d.id)).toContain(deliveryId);
    expect(list.body.items[0]!.lastError).toMatch(/HTTP 500/);
  });

  it('records an event iff its cause commits (the caller’s transaction)', async () => {
    const { id } = await subscribe('/ok-tx', ['breach'], 'transaction');
    const { db, notifyEvent, pool } = await lib();
    const jobs = async () =>
      Number(
        (await pool().query(`SELECT count(*) AS n FROM pgboss.job WHERE name = 'deliver-webhook'`))
          .rows[0].n,
      );
    const before = await jobs();
    await expect(
      db().$transaction(async (tx) => {
        await notifyEvent('breach', { rule: 'rolled-back' }, tx);
        throw new Error('the cause failed');
      }),
    ).rejects.toThrow('the cause failed');
    expect(await deliveryRows(id)).toEqual([]);
    expect(await jobs()).toBe(before);
  });

  it('notifies dlq_above_2 once, on the crossing, with its state kept in a row', async () => {
    const { id } = await subscribe('/ok-dlq', ['dlq_above_2'], 'dead letters');
    const { boss, watchDeadLetters, pool } = await lib();
    const instance = await boss();
    // Three dead jobs of our own, whatever other tests left there: the queue is above 2.
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await instance.send('instrument-backfill-dlq', { symbol: `WH${i}`, tf: '1d' }))!);
    // Last seen at or below the limit. Queue counts may be up to a minute old (pg-boss reuses a
    // forced count for 60 s), and the server's leader watches too: whichever watch sees the
    // crossing first records it and sends the event, once.
    await pool().query(`DELETE FROM webhook_watch WHERE key = 'dlq:instrument-backfill'`);
    await waitFor(
      'the crossing above 2',
      async () => {
        await watchDeadLetters(new Date());
        const seen = await pool().query(
          `SELECT above FROM webhook_watch WHERE key = 'dlq:instrument-backfill'`,
        );
        return seen.rows[0]?.above === true;
      },
      150_000,
    );
    expect(await watchDeadLetters(new Date())).not.toContain('instrument-backfill-dlq');
    const row = await waitFor('the dlq_above_2 delivery', async () =>
      (await deliveryRows(id)).find(
        (r) => r.status === 'succeeded' && r.payload.data.queue === 'instrument-backfill',
      ),
    );
    expect(row.payload.data).toMatchObject({
      deadLetterQueue: 'instrument-backfill-dlq',
      limit: 2,
    });
    expect(Number(row.payload.data.jobs)).toBeGreaterThan(2);
    const events = (await deliveryRows(id)).filter(
      (r) => r.payload.data.queue === 'instrument-backfill',
    );
    expect(events).toHaveLength(1);
    for (const jobId of ids) await instance.deleteJob('instrument-backfill-dlq', jobId);
  }, 240_000);

  it('deletes a subscription with its history (audited)', async () => {
    const { id } = await subscribe('/ok-delete', ['breach'], 'to delete');
    const removed = await api(`/api/webhooks/${id}`, { method: 'DELETE', as: admin });
    expect(removed.status).toBe(200);
    expect((await api(`/api/webhooks/${id}/deliveries`, { as: admin })).status).toBe(404);
    const { pool } = await lib();
    const audit = await pool().query(
      `SELECT count(*) AS n FROM audit_log WHERE action = 'webhook.delete' AND details->>'id' = $1`,
      [id],
    );
    expect(Number(audit.rows[0].n)).toBe(1);
  });
});
