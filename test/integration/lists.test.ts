import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api } from '../support/api';

// Every list endpoint speaks one format: GET with ?limit=&cursor=&since= (and its own filters),
// answering {items, nextCursor}, newest first; `since` is read by the one date parser.
const viewer = { kind: 'session', role: 'viewer' } as const;
const ACTION = 'lists.test';
const RULE = 'lists-test';
const HOUR = 3_600_000;

beforeAll(async () => {
  process.env.DATABASE_URL = inject('databaseUrl');
  const { appendAudit } = await import('@/lib/db/audit');
  for (let i = 0; i < 5; i++) await appendAudit({ action: ACTION, actor: 'test', details: { i } });
  const { db } = await import('@/lib/db/client');
  const now = Date.now();
  // Oldest first, so ids grow with ts; one of them older than the default 24 h.
  for (const hoursAgo of [72, 3, 2, 1]) {
    await db().breach.create({
      data: {
        ts: new Date(now - hoursAgo * HOUR),
        rule: RULE,
        severity: 'major',
        window: '15m',
        observed: { threshold: 1500, lowest: 1600 + hoursAgo },
        stageBefore: 'preview',
        stageAfter: 'preview',
        action: 'none',
        endedAt: new Date(now - hoursAgo * HOUR + 60_000),
      },
    });
  }
});

afterAll(async () => {
  const { pool } = await import('@/lib/db/client');
  await pool().end();
});

describe('GET /api/audit', () => {
  it('pages newest first by cursor, and the POST alias answers the same pages', async () => {
    const pages = [];
    let cursor: string | null = null;
    do {
      const query: string = new URLSearchParams({
        limit: '2',
        action: ACTION,
        ...(cursor ? { cursor } : {}),
      }).toString();
      const page = await api(`/api/audit?${query}`, { as: viewer });
      expect(page.status).toBe(200);
      const alias = await api('/api/audit/list', {
        body: { limit: 2, action: ACTION, ...(cursor ? { cursor } : {}) },
        as: viewer,
      });
      expect(alias.body).toEqual(page.body);
      pages.push(page.body);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(pages.map((p) => p.items.length)).toEqual([2, 2, 1]);
    const entries = pages.flatMap((p) => p.items);
    expect(entries.map((e) => e.details.i)).toEqual([4, 3, 2, 1, 0]);
    expect(entries[0]).toMatchObject({
      id: expect.stringMatching(/^[0-9]+$/),
      ts: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      action: ACTION,
      actor: 'test',
    });
  });

  it('filters by since and refuses bad parameters by name, changing nothing', async () => {
    const future = await api('/api/audit?since=2999-01-01', { as: viewer });
    expect(future.body).toEqual({ items: [], nextCursor: null });
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['cursor=abc', 'cursor'],
      ['cursor=9223372036854775808', 'cursor'],
      ['since=last%20week', 'since'],
      ['since=%2B275760-01-01T00:00:00Z', 'since'],
    ]) {
      const response = await api(`/api/audit?${query}`, { as: viewer });
      expect(response.status, query).toBe(400);
      expect(response.body._err).toBe(field);
    }
  });
});

describe('GET /api/breaches', () => {
  it('lists the last 24 h by default, newest first, paged by cursor', async () => {
    const first = await api(`/api/breaches?rule=${RULE}&limit=2`, { as: viewer });
    expect(first.status).toBe(200);
    expect(first.body.items.map((b) => b.observed.lowest)).toEqual([1601, 1602]);
    expect(first.body.nextCursor).toBe(first.body.items[1].id);
    const second = await api(`/api/breaches?rule=${RULE}&limit=2&cursor=${first.body.nextCursor}`, {
      as: viewer,
    });
    expect(second.body.items.map((b) => b.observed.lowest)).toEqual([1603]);
    expect(second.body.nextCursor).toBeNull();
    expect(second.body.items[0]).toMatchObject({
      id: expect.stringMatching(/^[0-9]+$/),
      rule: RULE,
      window: '15m',
      action: 'none',
      acknowledgedAt: null,
      endedAt: expect.stringMatching(/Z$/),
    });
  });

  it('reaches further back with since, read by the same parser as every list', async () => {
    const since = new Date(Date.now() - 4 * 24 * HOUR).toISOString().slice(0, 10);
    const all = await api(`/api/breaches?rule=${RULE}&since=${since}`, { as: viewer });
    expect(all.body.items.map((b) => b.observed.lowest)).toEqual([1601, 1602, 1603, 1672]);
    const bad = await api(`/api/breaches?since=yesterday`, { as: viewer });
    expect(bad.status).toBe(400);
    expect(bad.body._err).toBe('since');
  });
});
