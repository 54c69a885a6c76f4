import { beforeAll, describe, expect, inject, it } from 'vitest';
import { api, sessionCookie, type Caller } from '../support/api';
import { signIn } from '../support/session';

const admin: Caller = { kind: 'session', role: 'admin' };

beforeAll(() => {
  process.env.DATABASE_URL = inject('databaseUrl');
});

describe('authenticated API responses', () => {
  it('are never stored by a cache, answers and refusals alike', async () => {
    for (const [path, status] of [
      ['/api/instruments', 200],
      ['/api/rollout', 200],
      ['/api/admin/tokens/nope', 400],
    ] as const) {
      const response = await api(path, {
        as: admin,
        method: path.includes('nope') ? 'DELETE' : 'GET',
      });
      expect(response.status, path).toBe(status);
      expect(response.headers.get('cache-control'), path).toBe('no-store');
    }
  });
});

describe('page Content-Security-Policy', () => {
  it('allows scripts by a nonce fresh on every response, never unsafe-inline', async () => {
    const nonces: string[] = [];
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${inject('baseUrl')}/`, {
        headers: { cookie: await sessionCookie('viewer') },
      });
      const policy = response.headers.get('content-security-policy') ?? '';
      const scriptSrc = policy.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
      expect(scriptSrc).not.toContain('unsafe-inline');
      const nonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1];
      expect(nonce).toBeTruthy();
      // Next.js put the nonce on the scripts it rendered.
      const html = await response.text();
      expect(html).toContain(`nonce="${nonce}"`);
      expect(html.match(/<script(?![^>]*nonce=)[^>]*>/g) ?? []).toEqual([]);
      nonces.push(nonce!);
    }
    expect(new Set(nonces).size).toBe(2);
  });
});

describe('revoking an API token', () => {
  it('is audited once, however often it is asked', async () => {
    const created = await api('/api/admin/tokens', {
      body: { name: 'revoke-twice', scopes: ['read'] },
      as: admin,
    });
    const id = created.body.token.id;
    for (let i = 0; i < 2; i++) {
      const revoked = await api(`/api/admin/tokens/${id}`, { method: 'DELETE', as: admin });
      expect(revoked.status).toBe(200);
      expect(revoked.body.token.revokedAt).toBeTruthy();
    }
    const { pool } = await import('@/lib/db/client');
    const { rows } = await pool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log
       WHERE action = 'admin.token_revoke' AND details->>'id' = $1`,
      [id],
    );
    expect(rows[0]!.n).toBe(1);
  });
});

describe('failed sign-ins in the audit log', () => {
  it('show the attempted email to admins only', async () => {
    const attempted = 'typed-password-here@test.local';
    await signIn(inject('baseUrl'), attempted, 'wrong');
    const list = (as: Caller) =>
      api('/api/audit/list', { body: { limit: 50, action: 'auth.signin_failed' }, as });
    const viewer = await list({ kind: 'session', role: 'viewer' });
    expect(viewer.status).toBe(200);
    expect(viewer.body.items.length).toBeGreaterThan(0);
    expect(JSON.stringify(viewer.body)).not.toContain(attempted);
    const read = await api('/api/admin/tokens', {
      body: { name: 'audit-reader', scopes: ['read'] },
      as: admin,
    });
    const token = await list({ kind: 'bearer', token: read.body.secret });
    expect(JSON.stringify(token.body)).not.toContain(attempted);
    const forAdmin = await list(admin);
    expect(forAdmin.body.items.map((i: { actor: string }) => i.actor)).toContain(attempted);
  });
});
