import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { startAppServer, type AppServer } from '../support/appServer';
import { syntheticFeature } from '../support/scoreFeatures';
import { signIn } from '../support/session';
import { seedSyntheticSymbols } from '../support/syntheticMarket';
import { startTestDatabase, type TestDatabase } from '../support/testDatabase';
import { seedTestUsers, TEST_PASSWORD, TEST_USERS } from '../support/users';
import { QUEUES } from '@/lib/jobs/queue';

// What a running server writes to stdout, as a log shipper would read it: one JSON object a line
// with time, level, instance and the request / cycle / job it is about, and not one of the
// secrets that went through the server while it ran.
const INSTANCE = 'logs-1';
const secret = (prefix = '') => prefix + randomBytes(18).toString('hex');
const planted = {
  internalToken: secret(),
  nextauthSecret: secret(),
  wrongPassword: secret('wrong-'),
  bogusToken: secret('fo_'),
};

let database: TestDatabase;
let server: AppServer;

interface Line {
  time: string;
  level: string;
  instance: string;
  msg: string;
  component?: string;
  reqId?: string;
  cycle?: string;
  job?: string;
  jobId?: string;
  [key: string]: unknown;
}

/** The server's output so far, split into its JSON lines and anything else. */
function output(): { json: Line[]; other: string[] } {
  const lines = server.output().split('\n');
  const json: Line[] = [];
  const other: string[] = [];
  for (const line of lines) {
    if (line.startsWith('{')) json.push(JSON.parse(line) as Line);
    else if (line.trim() !== '') other.push(line);
  }
  return { json, other };
}

async function waitForLine(what: string, match: (line: Line) => boolean): Promise<Line> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const found = output().json.find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no ${what} line:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const call = (path: string, init: RequestInit = {}) => fetch(`${server.baseUrl}${path}`, init);

beforeAll(async () => {
  database = await startTestDatabase();
  process.env.DATABASE_URL = database.url;
  process.env.AUTOMATION_INTERVAL_SECONDS = '2';
  await seedSyntheticSymbols(2, 80);
  await seedTestUsers();
  server = await startAppServer({
    databaseUrl: database.url,
    env: {
      AUTOMATION_AUTOSTART: '1',
      INSTANCE_NAME: INSTANCE,
      INTERNAL_API_TOKEN: planted.internalToken,
      NEXTAUTH_SECRET: planted.nextauthSecret,
      FAULT_INJECTION: '1',
    },
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  const { pool } = await import('@/lib/db/client');
  await pool().end();
  await database?.destroy();
});

describe('the server log', () => {
  it('carries no token or password that went through the server', async () => {
    const admin = await signIn(server.baseUrl, TEST_USERS.admin, TEST_PASSWORD);
    expect(admin.cookie).not.toBeNull();
    expect((await signIn(server.baseUrl, TEST_USERS.viewer, planted.wrongPassword)).cookie).toBe(
      null,
    );
    const asAdmin = { cookie: admin.cookie!, 'content-type': 'application/json' };

    // An API token and a user's password, each shown once in a reply, then used.
    const token = await call('/api/admin/tokens', {
      method: 'POST',
      headers: asAdmin,
      body: JSON.stringify({ name: 'scraper', scopes: ['read'] }),
    });
    expect(token.status).toBe(201);
    const tokenSecret = ((await token.json()) as { secret: string }).secret;
    expect(
      (await call('/api/metrics', { headers: { authorization: `Bearer ${tokenSecret}` } })).status,
    ).toBe(200);
    const user = await call('/api/admin/users', {
      method: 'POST',
      headers: asAdmin,
      body: JSON.stringify({ email: 'new@test.local', name: 'New', role: 'operator' }),
    });
    expect(user.status).toBe(201);
    const generatedPassword = ((await user.json()) as { password: string }).password;
    expect(
      (await signIn(server.baseUrl, 'new@test.local', generatedPassword)).cookie,
    ).not.toBeNull();

    // Refused and failed requests, where a careless log would print what it was given.
    const refused = await call('/api/automation/status', {
      headers: { authorization: `Bearer ${planted.bogusToken}` },
    });
    expect(refused.status).toBe(401);
    const failed = await call('/api/ml/score', {
      method: 'POST',
      headers: {
        'x-internal-api-token': planted.internalToken,
        'x-test-inject': 'fail=1',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ feature: syntheticFeature(1) }),
    });
    expect(failed.status).toBe(500);

    // The lines about those requests, and a cycle's and a job's, are written.
    const failedId = failed.headers.get('x-request-id');
    const refusedId = refused.headers.get('x-request-id');
    const errorLine = await waitForLine(
      '500',
      (l) => l.reqId === failedId && l.level === 'error' && l.msg !== 'request',
    );
    expect(errorLine.err).toMatchObject({ message: 'injected failure (x-test-inject)' });
    expect(
      await waitForLine('access', (l) => l.reqId === refusedId && l.msg === 'request'),
    ).toMatchObject({
      method: 'GET',
      path: '/api/automation/status',
      status: 401,
      component: 'http',
    });
    await waitForLine('job', (l) => l.msg === 'job finished');

    const secrets = {
      ...planted,
      databasePassword: database.password,
      testPassword: TEST_PASSWORD,
      tokenSecret,
      generatedPassword,
    };
    const log = server.output();
    const leaked = Object.entries(secrets).filter(([, value]) => log.includes(value));
    expect(leaked.map(([name]) => name)).toEqual([]);
  }, 120_000);

  it('is one JSON object a line with time, level, instance and what the line is about', async () => {
    const cycle = await waitForLine('cycle', (l) => l.msg === 'cycle finished');
    expect(cycle).toMatchObject({ component: 'automation', predictions: expect.any(Number) });
    expect(new Date(cycle.cycle!).toISOString()).toBe(cycle.cycle);
    const job = await waitForLine('job', (l) => l.msg === 'job finished');
    expect(job).toMatchObject({
      component: 'jobs',
      jobId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    // Any of the app's queues: the first job finished may be the daily archive's as well as the loop's.
    expect(QUEUES).toContain(job.job);

    const { json, other } = output();
    for (const line of json) {
      expect(new Date(line.time).toISOString(), JSON.stringify(line)).toBe(line.time);
      expect(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).toContain(line.level);
      expect(line.instance).toBe(INSTANCE);
      expect(typeof line.msg).toBe('string');
    }
    for (const line of json.filter((l) => l.msg === 'request')) {
      expect(line.reqId, JSON.stringify(line)).toMatch(/^[0-9a-f-]{36}$/);
    }
    // Anything else is Next.js's own start-up banner.
    for (const line of other) {
      expect(line).toMatch(/^\s*(▲ Next\.js |- [A-Za-z]+: |✓ )/);
    }
  });
});
