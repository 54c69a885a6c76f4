import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@/lib/auth/roles';
import { api, type Caller } from '../support/api';
import { signIn } from '../support/session';
import { TEST_PASSWORD, TEST_USERS } from '../support/users';
import { inject } from 'vitest';
import { SIGN_IN_LIMIT } from './globalSetup';

interface Endpoint {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  role: Role;
  /** The API-token scope that stands in for the role (default: read for viewer, else operate). */
  scope?: 'read' | 'operate' | 'score';
  /** A body that passes auth but fails validation, so an allowed call changes nothing. */
  body?: unknown;
}

// Every data endpoint of the app, with the least role it needs.
const ENDPOINTS: Endpoint[] = [
  { method: 'GET', path: '/api/instruments', role: 'viewer' },
  { method: 'GET', path: '/api/candles?symbol=SPX&tf=1d&limit=5', role: 'viewer' },
  { method: 'GET', path: '/api/features?symbol=SPX&tf=1d&limit=5', role: 'viewer' },
  {
    method: 'POST',
    path: '/api/candles/import?symbol=SPX&tf=1d',
    role: 'operator',
    body: 'not,a,csv',
  },
  { method: 'POST', path: '/api/ml/score', role: 'operator', scope: 'score', body: {} },
  { method: 'GET', path: '/api/rollout', role: 'viewer' },
  { method: 'POST', path: '/api/rollout', role: 'operator', body: {} },
  { method: 'POST', path: '/api/audit/list', role: 'viewer', body: {} },
  { method: 'GET', path: '/api/audit?limit=1', role: 'viewer' },
  { method: 'GET', path: '/api/automation/status', role: 'viewer' },
  { method: 'POST', path: '/api/automation/start', role: 'operator' },
  { method: 'POST', path: '/api/automation/stop', role: 'operator' },
  { method: 'GET', path: '/api/slo/timechart?range=7d', role: 'viewer' },
  { method: 'GET', path: '/api/slo/status', role: 'viewer' },
  { method: 'GET', path: '/api/slo/pause', role: 'viewer' },
  { method: 'GET', path: '/api/breaches', role: 'viewer' },
  { method: 'POST', path: '/api/breaches/1/ack', role: 'operator' },
  { method: 'GET', path: '/api/metrics', role: 'viewer' },
  { method: 'GET', path: '/api/admin/users', role: 'admin' },
  { method: 'POST', path: '/api/admin/users', role: 'admin', body: {} },
  { method: 'GET', path: '/api/admin/tokens', role: 'admin' },
  { method: 'POST', path: '/api/admin/tokens', role: 'admin', body: {} },
  { method: 'DELETE', path: '/api/admin/tokens/not-a-uuid', role: 'admin' },
];

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };
let readToken = '';
let operateToken = '';
let scoreToken = '';
let revokedToken = '';

beforeAll(async () => {
  const create = (name: string, scopes: string[]) =>
    api('/api/admin/tokens', { body: { name, scopes }, as: { kind: 'session', role: 'admin' } });
  readToken = (await create('matrix-read', ['read'])).body.secret;
  operateToken = (await create('matrix-operate', ['read', 'operate'])).body.secret;
  scoreToken = (await create('matrix-score', ['score'])).body.secret;
  const revoked = await create('matrix-revoked', ['read', 'operate']);
  revokedToken = revoked.body.secret;
  const revoke = await api(`/api/admin/tokens/${revoked.body.token.id}`, {
    method: 'DELETE',
    as: { kind: 'session', role: 'admin' },
  });
  expect(revoke.status).toBe(200);
});

const TOKEN_SCOPES: Record<string, string[]> = {
  'read token': ['read'],
  'operate token': ['read', 'operate'],
  'score token': ['score'],
};

/** Who may call an endpoint: the expected status class per caller. */
function expectation(caller: string, endpoint: Endpoint): 'allowed' | 401 | 403 {
  const { role } = endpoint;
  const scopes = TOKEN_SCOPES[caller];
  if (scopes) {
    const needed = endpoint.scope ?? (role === 'viewer' ? 'read' : 'operate');
    return role !== 'admin' && scopes.includes(needed) ? 'allowed' : 403;
  }
  switch (caller) {
    case 'anonymous':
    case 'wrong internal token':
    case 'revoked token':
    case 'garbage token':
      return 401;
    case 'internal token':
      return role === 'admin' ? 403 : 'allowed';
    default: {
      const mine = caller as Role;
      return RANK[mine] >= RANK[role] ? 'allowed' : 403;
    }
  }
}

const CALLERS: [string, () => Caller][] = [
  ['anonymous', () => ({ kind: 'anonymous' })],
  ['viewer', () => ({ kind: 'session', role: 'viewer' })],
  ['operator', () => ({ kind: 'session', role: 'operator' })],
  ['admin', () => ({ kind: 'session', role: 'admin' })],
  ['internal token', () => ({ kind: 'internal' })],
  ['wrong internal token', () => ({ kind: 'internal', token: 'not-the-token' })],
  ['read token', () => ({ kind: 'bearer', token: readToken })],
  ['operate token', () => ({ kind: 'bearer', token: operateToken })],
  ['score token', () => ({ kind: 'bearer', token: scoreToken })],
  ['revoked token', () => ({ kind: 'bearer', token: revokedToken })],
  ['garbage token', () => ({ kind: 'bearer', token: 'fo_garbage' })],
];

describe('auth matrix', () => {
  for (const endpoint of ENDPOINTS) {
    for (const [name, caller] of CALLERS) {
      const expected = expectation(name, endpoint);
      it(`${endpoint.method} ${endpoint.path.split('?')[0]} as ${name} → ${expected}`, async () => {
        const response = await api(endpoint.path, {
          method: endpoint.method,
          body: endpoint.body,
          as: caller(),
          headers: typeof endpoint.body === 'string' ? { 'content-type': 'text/csv' } : {},
        });
        if (expected === 'allowed') {
          expect([401, 403]).not.toContain(response.status);
          expect(response.status).toBeLessThan(500);
        } else {
          expect(response.status).toBe(expected);
          expect(response.body._err).toBe('auth');
        }
      });
    }
  }
});

describe('sign-in', () => {
  it('gives a session for the right password', async () => {
    const result = await signIn(inject('baseUrl'), TEST_USERS.viewer, TEST_PASSWORD);
    expect(result.error).toBeNull();
    expect(result.cookie).toMatch(/^next-auth\.session-token=/);
  });

  it('refuses a wrong password and an unknown account', async () => {
    const wrong = await signIn(inject('baseUrl'), TEST_USERS.operator, 'wrong password');
    expect(wrong).toEqual({ cookie: null, error: 'CredentialsSignin' });
    const unknown = await signIn(inject('baseUrl'), 'nobody@test.local', TEST_PASSWORD);
    expect(unknown).toEqual({ cookie: null, error: 'CredentialsSignin' });
  });

  it(`locks an account after ${SIGN_IN_LIMIT} failures, even for the right password`, async () => {
    const created = await api('/api/admin/users', {
      body: { email: 'target@test.local', name: 'target', role: 'viewer', password: TEST_PASSWORD },
      as: { kind: 'session', role: 'admin' },
    });
    expect(created.status).toBe(201);
    for (let attempt = 0; attempt < SIGN_IN_LIMIT; attempt++) {
      const failed = await signIn(inject('baseUrl'), 'target@test.local', `guess ${attempt}`);
      expect(failed.error).toBe('CredentialsSignin');
    }
    const locked = await signIn(inject('baseUrl'), 'target@test.local', TEST_PASSWORD);
    expect(locked).toEqual({ cookie: null, error: 'RateLimited' });
    // Other accounts are not affected.
    const other = await signIn(inject('baseUrl'), TEST_USERS.viewer, TEST_PASSWORD);
    expect(other.cookie).not.toBeNull();
  });
});

describe('API tokens', () => {
  it('are shown once, stored hashed, listed without their secret', async () => {
    const created = await api('/api/admin/tokens', {
      body: { name: 'listing', scopes: ['read'] },
      as: { kind: 'session', role: 'admin' },
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^fo_[A-Za-z0-9_-]{40,}$/);
    const listed = await api('/api/admin/tokens', { as: { kind: 'session', role: 'admin' } });
    const text = JSON.stringify(listed.body);
    expect(text).not.toContain(created.body.secret);
    expect(text).not.toContain('tokenHash');
    expect(
      listed.body.tokens.find((t: { id: string }) => t.id === created.body.token.id),
    ).toMatchObject({
      name: 'listing',
      prefix: created.body.secret.slice(0, 10),
    });
  });

  it('stops working the moment it is revoked', async () => {
    const admin = { kind: 'session', role: 'admin' } as const;
    const created = await api('/api/admin/tokens', {
      body: { name: 'short-lived', scopes: ['read'] },
      as: admin,
    });
    const token = { kind: 'bearer', token: created.body.secret } as const;
    expect((await api('/api/instruments', { as: token })).status).toBe(200);
    await api(`/api/admin/tokens/${created.body.token.id}`, { method: 'DELETE', as: admin });
    expect((await api('/api/instruments', { as: token })).status).toBe(401);
  });

  it('rejects unknown scopes and ids with a 4xx naming the field', async () => {
    const admin = { kind: 'session', role: 'admin' } as const;
    const bad = await api('/api/admin/tokens', {
      body: { name: 'x', scopes: ['root'] },
      as: admin,
    });
    expect(bad.status).toBe(400);
    expect(bad.body._err).toBe('scopes.0');
    const missing = await api('/api/admin/tokens/00000000-0000-4000-8000-000000000000', {
      method: 'DELETE',
      as: admin,
    });
    expect(missing.status).toBe(404);
    expect(missing.body._err).toBe('id');
  });
});

describe('pages', () => {
  it('send anonymous visitors to sign-in', async () => {
    for (const page of ['/', '/import', '/admin']) {
      const response = await api(page);
      expect(response.status).toBe(307);
      expect(response.headers.get('location')).toContain('/signin');
    }
  });

  it('let a signed-in viewer see the overview but not the admin page', async () => {
    const viewer = { kind: 'session', role: 'viewer' } as const;
    expect((await api('/', { as: viewer })).status).toBe(200);
    const admin = await api('/admin', { as: viewer });
    expect(admin.status).toBe(307);
    expect(new URL(admin.headers.get('location')!, 'http://x').pathname).toBe('/');
  });
});
