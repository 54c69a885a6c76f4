import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startAppServer, type AppServer } from '../support/appServer';
import { signIn } from '../support/session';
import { TEST_PASSWORD, TEST_USERS } from '../support/users';
import { SIGN_IN_LIMIT } from './globalSetup';

const ADDRESS_LIMIT = SIGN_IN_LIMIT * 10;
let pool: typeof import('@/lib/db/client').pool;

beforeAll(async () => {
  process.env.DATABASE_URL = inject('databaseUrl');
  ({ pool } = await import('@/lib/db/client'));
});

/** Failed sign-ins are counted per address under these keys (rate-limiter-flexible's prefix:key). */
async function addressKeys(): Promise<string[]> {
  const { rows } = await pool().query<{ key: string }>(
    `SELECT key FROM rate_limits WHERE key LIKE 'signin-address:%' ORDER BY key`,
  );
  return rows.map((r) => r.key.slice('signin-address:'.length));
}

/** A failed sign-in as a client claiming to be forwarded for `forwardedFor`. */
async function failFrom(baseUrl: string, forwardedFor?: string, email = 'nobody@test.local') {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
      cookie,
    },
    body: new URLSearchParams({ csrfToken, email, password: 'wrong', json: 'true' }),
  });
  expect(response.headers.getSetCookie().join()).not.toContain('session-token');
}

describe('the per-address sign-in limit without TRUST_PROXY', () => {
  afterAll(async () => {
    await pool().query(`DELETE FROM rate_limits WHERE key LIKE 'signin-address:%'`);
  });

  it('counts against the socket peer, never a client-supplied X-Forwarded-For', async () => {
    await failFrom(inject('baseUrl'), '198.51.100.7');
    const keys = await addressKeys();
    expect(keys).not.toContain('198.51.100.7');
    expect(keys).toContain('127.0.0.1');
  });

  it('still holds a limited client that claims another address', async () => {
    await pool().query(
      `UPDATE rate_limits SET points = $1, expire = $2 WHERE key = 'signin-address:127.0.0.1'`,
      [ADDRESS_LIMIT, Date.now() + 15 * 60_000],
    );
    const result = await signIn(inject('baseUrl'), TEST_USERS.viewer, TEST_PASSWORD);
    expect(result).toEqual({ cookie: null, error: 'RateLimited' });
    // Claiming another address changes nothing: the right password is still refused.
    const csrf = await fetch(`${inject('baseUrl')}/api/auth/csrf`);
    const cookie = csrf.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const response = await fetch(`${inject('baseUrl')}/api/auth/callback/credentials`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-forwarded-for': '198.51.100.8',
        cookie,
      },
      body: new URLSearchParams({
        csrfToken,
        email: TEST_USERS.viewer,
        password: TEST_PASSWORD,
        json: 'true',
      }),
    });
    expect(response.headers.getSetCookie().join()).not.toContain('session-token');
  });
});

describe('the per-address sign-in limit behind a trusted proxy', () => {
  let proxied: AppServer;
  beforeAll(async () => {
    // The same database, a second process told that loopback addresses are its proxies.
    proxied = await startAppServer({
      databaseUrl: inject('databaseUrl'),
      env: { TRUST_PROXY: '127.0.0.0/8', SIGNIN_RATE_LIMIT: String(SIGN_IN_LIMIT) },
    });
  }, 120_000);
  afterAll(async () => {
    await proxied?.stop();
    await pool().query(`DELETE FROM rate_limits WHERE key LIKE 'signin-address:%'`);
  });

  it('counts against the address the proxy was connected from', async () => {
    // The client prepended 192.0.2.66; our proxy (127.0.0.5) appended the real 203.0.113.50.
    await failFrom(proxied.baseUrl, '192.0.2.66, 203.0.113.50, 127.0.0.5');
    const keys = await addressKeys();
    expect(keys).toContain('203.0.113.50');
    expect(keys).not.toContain('192.0.2.66');
    expect(keys).not.toContain('127.0.0.1');
  });
});

describe('expired sign-in counters', () => {
  it('are removed as new failures are written', async () => {
    const past = Date.now() - 60 * 60_000;
    await pool().query(
      `INSERT INTO rate_limits (key, points, expire)
       SELECT 'signin-account:expired-' || n || '@test.local', 1, $1 FROM generate_series(1, 150) n`,
      [past],
    );
    await pool().query(
      `INSERT INTO rate_limits (key, points, expire) VALUES ('signin-account:live@test.local', 1, $1)`,
      [Date.now() + 15 * 60_000],
    );
    await failFrom(inject('baseUrl'), undefined, 'someone-new@test.local');
    const { rows } = await pool().query<{ expired: number; live: number }>(
      `SELECT count(*) FILTER (WHERE expire < $1)::int AS expired,
              count(*) FILTER (WHERE key = 'signin-account:live@test.local')::int AS live
       FROM rate_limits`,
      [Date.now()],
    );
    expect(rows[0]).toEqual({ expired: 0, live: 1 });
    await pool().query(`DELETE FROM rate_limits WHERE key LIKE 'signin-address:%'`);
  });
});
