import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api } from '../support/api';

// The range picker's endpoints: the SLO timechart's minute presets and absolute from/to, and
// breach history's `until`; figures recomputed from the stored rows with SQL of their own.
const viewer = { kind: 'session', role: 'viewer' } as const;
const RULE = 'shell-ranges-test';
const MINUTE = 60_000;

// A fixed stretch of minute rollups long ago (no other test writes there): 30 minutes with
// i + 1 requests and i % 3 errors each.
const START = Date.parse('2031-05-04T10:00:00Z');

beforeAll(async () => {
  process.env.DATABASE_URL = inject('databaseUrl');
  const { pool } = await import('@/lib/db/client');
  await pool().query(
    `INSERT INTO slo_minutes (minute, count, errors, latency, confid, max_staleness)
     SELECT $1::timestamptz + i * interval '1 minute', i + 1, i % 3, '{}', '{}', i
     FROM generate_series(0, 29) AS i ON CONFLICT DO NOTHING`,
    [new Date(START)],
  );
  const { db } = await import('@/lib/db/client');
  for (const hoursAgo of [50, 30, 10])
    await db().breach.create({
      data: {
        ts: new Date(Date.now() - hoursAgo * 3_600_000),
        rule: RULE,
        severity: 'major',
        window: '15m',
        observed: { threshold: 1 },
        stageBefore: 'preview',
        stageAfter: 'preview',
        action: 'none',
      },
    });
});

afterAll(async () => {
  const { pool } = await import('@/lib/db/client');
  await pool().end();
});

describe('GET /api/slo/timechart', () => {
  it('sums an absolute range of minutes into steps that match the stored rows', async () => {
    const from = new Date(START + 3 * MINUTE).toISOString();
    const to = new Date(START + 27 * MINUTE).toISOString();
    const res = await api(`/api/slo/timechart?range=custom&from=${from}&to=${to}`, { as: viewer });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ range: 'custom', stepMinutes: 1 });
    expect(res.body.points).toHaveLength(24);
    const { pool } = await import('@/lib/db/client');
    const { rows } = await pool().query<{ count: number; errors: number }>(
      `SELECT sum(count)::int AS count, sum(errors)::int AS errors FROM slo_minutes
       WHERE minute >= $1 AND minute < $2`,
      [from, to],
    );
    const points = res.body.points as { count: number; errRate: number | null }[];
    expect(points.reduce((n, p) => n + p.count, 0)).toBe(rows[0]!.count);
    const errors = points.reduce((n, p) => n + Math.round((p.errRate ?? 0) * p.count), 0);
    expect(errors).toBe(rows[0]!.errors);
  });

  it('answers the 1 h / 6 h / 24 h presets in minute steps', async () => {
    for (const [range, step, points] of [
      ['1h', 1, 60],
      ['6h', 5, 72],
      ['24h', 15, 96],
    ] as const) {
      const res = await api(`/api/slo/timechart?range=${range}`, { as: viewer });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ range, stepMinutes: step });
      expect(res.body.points).toHaveLength(points);
    }
  });

  it('refuses a bad range by field name, and anonymous callers', async () => {
    for (const [query, field] of [
      ['range=custom', 'from'],
      ['range=custom&from=2031-05-04', 'to'],
      ['range=custom&from=2031-05-04&to=2031-05-03', 'to'],
      ['range=custom&from=2031-01-01&to=2031-05-01', 'to'],
      ['range=custom&from=yesterday&to=2031-05-01', 'from'],
      ['range=2y', 'range'],
    ]) {
      const res = await api(`/api/slo/timechart?${query}`, { as: viewer });
      expect(res.status, query).toBe(400);
      expect(res.body, query).toMatchObject({ _err: field });
    }
    expect((await api('/api/slo/timechart?range=1h')).status).toBe(401);
  });
});

describe('GET /api/breaches?until=', () => {
  it('closes the range: only breaches between since and until', async () => {
    const since = new Date(Date.now() - 60 * 3_600_000).toISOString();
    const until = new Date(Date.now() - 20 * 3_600_000).toISOString();
    const res = await api(`/api/breaches?rule=${RULE}&since=${since}&until=${until}`, {
      as: viewer,
    });
    expect(res.status).toBe(200);
    const { pool } = await import('@/lib/db/client');
    const { rows } = await pool().query<{ id: string }>(
      `SELECT id::text FROM breaches WHERE rule = $1 AND ts >= $2 AND ts <= $3 ORDER BY id DESC`,
      [RULE, since, until],
    );
    expect(rows).toHaveLength(2);
    expect((res.body.items as { id: string }[]).map((b) => b.id)).toEqual(rows.map((r) => r.id));
    const bad = await api('/api/breaches?until=never', { as: viewer });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ _err: 'until' });
  });
});
