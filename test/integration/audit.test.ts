import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AUDIT_CSV_COLUMNS } from '@/lib/domain/auditExport';
import { api, callerHeaders, type Caller } from '../support/api';

// The audit log's filters against the suite's server: a known set of entries of this file's own
// actions and actors, in 2001-2002 (no other test writes there), more than one text-search
// window of them, with ties on ts. Every filter's ids are compared with an independent SQL
// query written from the filter's meaning.
const viewer = { kind: 'session', role: 'viewer' } as const;
const admin = { kind: 'session', role: 'admin' } as const;
const ACTIONS = ['audittest.alpha', 'audittest.beta', 'audittest.gamma'] as const;
const ACTORS = ['audit-a@test.example', 'audit-b@test.example', 'token:audit-bot'] as const;
const TYPED = 'audit-typed@test.example';
const START = '2001-01-01T00:00:00Z';
const END = '2002-12-31T23:59:59.999Z';
const COUNT = 12_000;

const lib = async () => ({
  ...(await import('@/lib/db/client')),
  ...(await import('@/lib/db/audit')),
});

beforeAll(async () => {
  process.env.DATABASE_URL = inject('databaseUrl');
  const { pool, AUDIT_TEXT_SCAN } = await lib();
  expect(COUNT).toBeGreaterThan(AUDIT_TEXT_SCAN);
  // Generated in SQL (12,000 rows in one statement): ts ascending over ~1.4 years with ties
  // (every 3 consecutive rows share a minute), ids not in ts order within a tie.
  await pool().query(
    `INSERT INTO audit_log (ts, action, actor, details)
     SELECT $1::timestamptz + ((g / 3) * interval '1 hour'),
            ($2::text[])[1 + g % 3],
            ($3::text[])[1 + (g / 7) % 3],
            jsonb_build_object('n', g, 'symbol', 'AUD' || (g % 11),
              'note', CASE WHEN g % 97 = 0 THEN 'Needle in the LOG' WHEN g % 101 = 0 THEN '100%_done'
                           ELSE 'hay' END)
     FROM generate_series(1, $4::int) g`,
    [START, ACTIONS, ACTORS, COUNT],
  );
  // A failed sign-in: its actor is what someone typed, for admins only.
  await pool().query(
    `INSERT INTO audit_log (ts, action, actor, details) VALUES
     ('2001-06-01T12:00:00Z', 'auth.signin_failed', $1, '{}'),
     ('2001-06-01T12:00:00Z', 'audittest.alpha', $1, '{"note": "typed actor, other action"}')`,
    [TYPED],
  );
});

afterAll(async () => {
  const { pool } = await import('@/lib/db/client');
  await pool().end();
});

type Filter = Record<string, string>;

/** The ids an independent query finds, newest first by (ts, id). */
async function expectedIds(filter: Filter, role: 'viewer' | 'admin' = 'viewer'): Promise<string[]> {
  const { pool } = await lib();
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  for (const [key, value] of Object.entries(filter)) {
    if (key === 'action') where.push(`action = ${param(value)}`);
    if (key === 'actor') {
      where.push(`actor = ${param(value)}`);
      if (role !== 'admin') where.push(`action <> 'auth.signin_failed'`);
    }
    if (key === 'from' || key === 'since') where.push(`ts >= ${param(value)}::timestamptz`);
    if (key === 'to') where.push(`ts <= ${param(value)}::timestamptz`);
    if (key === 'q') where.push(`strpos(lower(details::text), lower(${param(value)})) > 0`);
    if (key === 'id') where.push(`id = ${param(value)}::bigint`);
  }
  // Ordered by the bigint id (a text alias named id would sort '999' after '1000').
  const { rows } = await pool().query<{ entry: string }>(
    `SELECT id::text AS entry FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY ts DESC, audit_log.id DESC`,
    params,
  );
  return rows.map((r) => r.entry);
}

/** One page of POST /api/audit/list. */
async function postPage(body: {
  limit: number;
  cursor?: string;
  action?: string;
  actor?: string;
  from?: string;
  to?: string;
}) {
  const page = await api('/api/audit/list', { body, as: viewer });
  expect(page.status, JSON.stringify(page.body)).toBe(200);
  return page.body as { items: unknown[]; nextCursor: string | null };
}

/** Every page of the list for a filter, following nextCursor. */
async function allPages(filter: Filter, limit: number, as: Caller = viewer) {
  const items = [];
  const sizes: number[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ ...filter, limit: String(limit) });
    if (cursor) query.set('cursor', cursor);
    const page = await api(`/api/audit?${query}`, { as });
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    items.push(...page.body.items);
    sizes.push(page.body.items.length);
    cursor = page.body.nextCursor;
  } while (cursor);
  return { items, sizes };
}

const RANGE = { from: START, to: END };
const FILTERS: Filter[] = [
  { actor: ACTORS[0] },
  { action: ACTIONS[1], ...RANGE },
  { action: ACTIONS[2], actor: ACTORS[2] },
  { ...RANGE },
  { from: '2001-03-01', to: '2001-03-02T12:00:00Z' },
  { action: ACTIONS[0], from: '2002-01-01', to: END },
  { actor: ACTORS[1], to: '2001-01-20', from: START },
  { actor: ACTORS[1], since: '2002-06-01', to: END },
  { q: 'needle in the log', ...RANGE },
  { q: 'NEEDLE', action: ACTIONS[0], ...RANGE },
  { q: '%_', ...RANGE },
  { q: 'AUD7"', actor: ACTORS[2] },
  { q: 'no such text anywhere', from: '2001-05-01', to: '2001-05-31' },
];

describe('GET /api/audit filters', () => {
  it.each(FILTERS.map((f) => [new URLSearchParams(f).toString(), f] as const))(
    '%s returns exactly the entries an independent query finds, each once',
    async (_, filter) => {
      const expected = await expectedIds(filter);
      const { items, sizes } = await allPages(filter, filter.q ? 100 : 250);
      const ids = items.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expected);
      if (!filter.q) expect(sizes.slice(0, -1).every((n) => n === 250)).toBe(true);
    },
  );

  it('searches text a bounded window at a time: short pages that go on, none lost', async () => {
    const { AUDIT_TEXT_SCAN } = await lib();
    const filter = { q: 'needle', ...RANGE };
    const { sizes } = await allPages(filter, 500);
    // ~124 matches over 12,000 entries, read at most AUDIT_TEXT_SCAN a request.
    expect(sizes.length).toBe(
      Math.ceil(COUNT / AUDIT_TEXT_SCAN) + (COUNT % AUDIT_TEXT_SCAN ? 0 : 1),
    );
    expect(sizes.reduce((a, b) => a + b, 0)).toBe((await expectedIds(filter)).length);
  });

  it('answers entries as stored, and one entry by id', async () => {
    const { pool } = await lib();
    const { rows } = await pool().query(
      `SELECT id::text AS id, ts, action, actor, details FROM audit_log
       WHERE actor = $1 ORDER BY ts DESC, id DESC LIMIT 1`,
      [ACTORS[0]],
    );
    const page = await api(`/api/audit?id=${rows[0].id}`, { as: viewer });
    expect(page.body).toEqual({
      items: [
        {
          id: rows[0].id,
          ts: rows[0].ts.toISOString(),
          action: rows[0].action,
          actor: ACTORS[0],
          details: rows[0].details,
        },
      ],
      nextCursor: null,
    });
  });

  it("hides a failed sign-in's typed actor from non-admins, also from the actor filter", async () => {
    const filter = { actor: TYPED };
    const asViewer = await allPages(filter, 50);
    expect(asViewer.items.map((e) => e.action)).toEqual(['audittest.alpha']);
    const asAdmin = await allPages(filter, 50, admin);
    expect(asAdmin.items.map((e) => e.action).sort()).toEqual([
      'audittest.alpha',
      'auth.signin_failed',
    ]);
    expect(asAdmin.items.map((e) => e.id)).toEqual(await expectedIds(filter, 'admin'));
    const day = { from: '2001-06-01T12:00:00Z', to: '2001-06-01T12:00:00Z' };
    const listed = await allPages(day, 50);
    const failed = listed.items.find((e) => e.action === 'auth.signin_failed');
    expect(failed?.actor).toBe('(hidden)');
    const csv = await csvOf(day, viewer);
    expect(csv.find((r) => r.action === 'auth.signin_failed')?.actor).toBe('(hidden)');
    expect(csv.some((r) => r.actor === TYPED && r.action === 'auth.signin_failed')).toBe(false);
  });

  it('the POST alias (SPEC contract) takes the same filters and answers the same pages', async () => {
    const filter = {
      action: ACTIONS[1],
      actor: ACTORS[0],
      from: START,
      to: '2001-09-01T00:00:00Z',
    };
    const { items } = await allPages(filter, 40);
    const viaPost = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await postPage({ ...filter, limit: 40, cursor });
      viaPost.push(...page.items);
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(viaPost).toEqual(items);
    // The SPEC's own body still works: {limit, action?, cursor?, since?}.
    const spec = await api('/api/audit/list', {
      body: { limit: 5, action: ACTIONS[2], since: '2001-01-01T00:00:00Z' },
      as: viewer,
    });
    expect(spec.status).toBe(200);
    expect(spec.body.items).toHaveLength(5);
  });

  it('refuses bad filters with 400 naming the field', async () => {
    for (const [query, field] of [
      ['actor=', 'actor'],
      ['actor=%20%20', 'actor'],
      [`actor=${'a'.repeat(201)}`, 'actor'],
      ['action=', 'action'],
      [`q=${'x'.repeat(101)}`, 'q'],
      ['q=', 'q'],
      ['from=yesterday', 'from'],
      ['to=0999-12-31', 'to'],
      ['from=%2B275760-01-01T00:00:00Z', 'from'],
      ['from=2002-01-02&to=2002-01-01', 'from'],
      ['id=abc', 'id'],
      ['id=9223372036854775808', 'id'],
      ['since=last%20week', 'since'],
    ]) {
      const response = await api(`/api/audit?${query}`, { as: viewer });
      expect(response.status, query).toBe(400);
      expect(response.body._err, query).toBe(field);
      const csv = await api(`/api/audit.csv?${query}`, { as: viewer });
      expect(csv.status, `csv ${query}`).toBe(400);
      expect((csv.body as { _err?: string })._err, `csv ${query}`).toBe(field);
    }
    for (const [body, field] of [
      [{ limit: 5, q: '' }, 'q'],
      [{ limit: 5, actor: 7 }, 'actor'],
      [{ limit: 5, from: 'yesterday' }, 'from'],
      [{ limit: 5, from: '2002-01-02T00:00:00Z', to: '2002-01-01T00:00:00Z' }, 'from'],
      [{ limit: 5, id: '-1' }, 'id'],
    ] as const) {
      const response = await api('/api/audit/list', { body, as: viewer });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body._err, JSON.stringify(body)).toBe(field);
    }
  });

  it('answers 401 without a session or token', async () => {
    for (const path of ['/api/audit?actor=x', '/api/audit.csv?q=x']) {
      const response = await api(path);
      expect(response.status, path).toBe(401);
      expect(response.body._err).toBe('auth');
    }
    const post = await api('/api/audit/list', { body: { limit: 1 } });
    expect(post.status).toBe(401);
  });
});

/** The CSV of a filter as records keyed by its header. */
async function csvOf(filter: Filter, as: Caller) {
  const response = await fetch(
    `${inject('baseUrl')}/api/audit.csv?${new URLSearchParams(filter)}`,
    {
      headers: await callerHeaders(as),
    },
  );
  expect(response.status).toBe(200);
  const text = await response.text();
  const [header, ...rows] = parse(text, { relax_column_count: false }) as string[][];
  expect(header).toEqual([...AUDIT_CSV_COLUMNS]);
  return rows.map((cells) => Object.fromEntries(AUDIT_CSV_COLUMNS.map((c, i) => [c, cells[i]!])));
}

describe('GET /api/audit.csv', () => {
  it('streams the same entries as the list for a filter, with a header and a dated name', async () => {
    const filter = { action: ACTIONS[0], from: '2001-01-01', to: '2001-12-31T23:59:59.999Z' };
    const response = await fetch(
      `${inject('baseUrl')}/api/audit.csv?${new URLSearchParams(filter)}`,
      { headers: await callerHeaders(viewer) },
    );
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="audit_audittest.alpha_2001-01-01_to_2001-12-31.csv"',
    );
    const rows = await csvOf(filter, viewer);
    const { items } = await allPages(filter, 500);
    // More than one of the stream's 500-entry pages.
    expect(items.length).toBeGreaterThan(1000);
    expect(rows.map((r) => r.id)).toEqual(items.map((e) => e.id));
    rows.forEach((r, i) => {
      const e = items[i]!;
      expect(r).toEqual({
        id: e.id,
        ts: e.ts,
        action: e.action,
        actor: e.actor,
        details: JSON.stringify(e.details),
      });
    });
  });

  it('streams a text search across its windows, equal to the list', async () => {
    const filter = { q: '100%_done', ...RANGE };
    const rows = await csvOf(filter, viewer);
    expect(rows.map((r) => r.id)).toEqual(await expectedIds(filter));
    expect(rows.length).toBeGreaterThan(100);
  });
});
