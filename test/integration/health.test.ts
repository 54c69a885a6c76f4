import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from '../support/appServer';
import { startTestDatabase, type TestDatabase } from '../support/testDatabase';

// A server and database of its own: this file stops the database under a running app.
let database: TestDatabase;
let server: AppServer;

beforeAll(async () => {
  database = await startTestDatabase();
  server = await startAppServer({
    databaseUrl: database.url,
    env: { INTERNAL_API_TOKEN: undefined },
  });
});

afterAll(async () => {
  await server?.stop();
  await database?.destroy();
});

const healthz = async () => {
  const response = await fetch(`${server.baseUrl}/api/healthz`);
  return { status: response.status, body: (await response.json()) as { ok: boolean } };
};

describe('GET /api/healthz', () => {
  it('answers ok while the database answers, 503 while it is down, ok again after', async () => {
    expect(await healthz()).toMatchObject({ status: 200, body: { ok: true } });
    await database.stop();
    expect(await healthz()).toMatchObject({ status: 503, body: { ok: false } });
    await database.start();
    const deadline = Date.now() + 10_000;
    let last = await healthz();
    while (last.status !== 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      last = await healthz();
    }
    expect(last).toMatchObject({ status: 200, body: { ok: true } });
  });
});

describe('X-Internal-API-Token without INTERNAL_API_TOKEN', () => {
  it('is refused, whatever it carries', async () => {
    for (const token of ['', 'anything', 'undefined']) {
      const response = await fetch(`${server.baseUrl}/api/instruments`, {
        headers: { 'x-internal-api-token': token },
      });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { _err: string })._err).toBe('auth');
    }
  });
});
