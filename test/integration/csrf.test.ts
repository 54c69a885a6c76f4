import { beforeAll, describe, expect, inject, it } from 'vitest';
import { api, sessionCookie, type Caller } from '../support/api';

// A page on another origin making the victim's browser send its session cookie: what a
// browser then says about the request (Origin, Sec-Fetch-Site), with a body type that needs
// no CORS preflight.
const CROSS_SITE = {
  origin: 'http://evil.example',
  'sec-fetch-site': 'cross-site',
  'content-type': 'text/plain',
};
// Another port on the same host: SameSite=Lax lets the cookie through, the origin differs.
const SAME_SITE = {
  origin: 'http://127.0.0.1:1',
  'sec-fetch-site': 'same-site',
  'content-type': 'text/plain',
};

const admin: Caller = { kind: 'session', role: 'admin' };
const operator: Caller = { kind: 'session', role: 'operator' };

async function auditCount(): Promise<number> {
  const { rows } = await (
    await import('@/lib/db/client')
  )
    .pool()
    .query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
  return rows[0]!.n;
}

// Every state-changing request an operator or admin makes with the session cookie.
const CHANGES: { method: string; path: string; as: Caller; body?: string }[] = [
  {
    method: 'POST',
    path: '/api/admin/users',
    as: admin,
    body: JSON.stringify({ email: 'csrf-made@test.local', name: 'csrf', role: 'admin' }),
  },
  {
    method: 'POST',
    path: '/api/admin/tokens',
    as: admin,
    body: JSON.stringify({ name: 'csrf', scopes: ['operate'] }),
  },
  { method: 'DELETE', path: '/api/admin/tokens/00000000-0000-4000-8000-000000000000', as: admin },
  {
    method: 'POST',
    path: '/api/rollout',
    as: operator,
    body: JSON.stringify({ stage: 'off', reason: 'csrf' }),
  },
  { method: 'POST', path: '/api/automation/stop', as: operator },
  { method: 'POST', path: '/api/automation/start', as: operator },
  { method: 'POST', path: '/api/breaches/1/ack', as: operator },
  {
    method: 'POST',
    path: '/api/candles/import?symbol=CSRF&tf=1d&tz=UTC',
    as: operator,
    body: 'date,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5,10\n',
  },
  { method: 'POST', path: '/api/ml/score', as: operator, body: '{}' },
  { method: 'POST', path: '/api/audit/list', as: operator, body: '{"limit":1}' },
];

beforeAll(async () => {
  process.env.DATABASE_URL = inject('databaseUrl');
  // Signed in first: a sign-in is audited, and the counts below are of the refused requests.
  await sessionCookie('admin');
  await sessionCookie('operator');
});

describe('cross-origin requests with a session cookie', () => {
  for (const [label, headers] of [
    ['cross-site', CROSS_SITE],
    ['same-site, another port', SAME_SITE],
  ] as const) {
    it(`are refused with 403 csrf and change nothing (${label})`, async () => {
      const before = await auditCount();
      for (const change of CHANGES) {
        const response = await api(change.path, {
          method: change.method,
          body: change.body,
          as: change.as,
          headers,
        });
        expect(response.status, `${change.method} ${change.path}`).toBe(403);
        expect(response.body._err).toBe('csrf');
      }
      expect(await auditCount()).toBe(before);
      const users = await api('/api/admin/users', { as: admin });
      expect(JSON.stringify(users.body)).not.toContain('csrf-made@test.local');
    });
  }

  it('are refused when only Origin says where they come from', async () => {
    const response = await api('/api/rollout', {
      body: { stage: 'off', reason: 'csrf' },
      as: operator,
      headers: { origin: 'http://evil.example' },
    });
    expect([response.status, response.body._err]).toEqual([403, 'csrf']);
  });

  it('pass from the app itself, and reads pass from anywhere', async () => {
    const own = new URL(inject('baseUrl')).origin;
    const sameOrigin = await api('/api/rollout', {
      body: { stage: 'nope', reason: 'csrf' },
      as: operator,
      headers: { origin: own, 'sec-fetch-site': 'same-origin' },
    });
    // Past the origin check: refused for its body, not its origin.
    expect([sameOrigin.status, sameOrigin.body._err]).toEqual([400, 'stage']);
    const read = await api('/api/rollout', { as: operator, headers: CROSS_SITE });
    expect(read.status).toBe(200);
  });
});

describe('token callers', () => {
  it('are not subject to the origin check', async () => {
    const created = await api('/api/admin/tokens', {
      body: { name: 'csrf-bearer', scopes: ['read', 'operate'] },
      as: admin,
    });
    const callers: Caller[] = [
      { kind: 'bearer', token: created.body.secret },
      { kind: 'internal' },
    ];
    for (const caller of callers) {
      const response = await api('/api/rollout', {
        body: { stage: 'nope', reason: 'csrf' },
        as: caller,
        headers: { ...CROSS_SITE, 'content-type': 'application/json' },
      });
      expect([response.status, response.body._err]).toEqual([400, 'stage']);
    }
  });
});
