import type { Role } from '@/lib/auth/roles';
import { startAppServer, type AppServer } from './appServer';
import { signIn } from './session';
import { startTestDatabase, type TestDatabase } from './testDatabase';
import { seedTestUsers, TEST_PASSWORD, TEST_USERS } from './users';

/**
 * A database of a test file's own with the demo's 20 years of S&P 500 days backfilled as of
 * `now` (every prediction matured), the test users, and a real `next start` over it; a caller
 * that signs in once per role. For the files whose figures depend on a fixed clock, which the
 * shared integration server (test/support/api.ts) cannot give them.
 */
export async function startBackfilledDemo(now: Date) {
  const database: TestDatabase = await startTestDatabase();
  process.env.DATABASE_URL = database.url;
  delete process.env.FEATURE_ML_SCORING;
  await seedTestUsers();
  const { seedMarketData } = await import('@/lib/seed/demo');
  await seedMarketData();
  const { backfill } = await import('@/lib/jobs/backfill');
  await backfill({ symbol: 'SPX', tf: '1d', now });
  const server: AppServer = await startAppServer({ databaseUrl: database.url });

  const cookies = new Map<Role, string>();
  /** GET, or POST when there is a body; as a signed-in role, or anonymous. */
  async function call(
    path: string,
    init: { as?: Role; body?: unknown } = {},
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary reply fields
  ): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = {};
    if (init.as) {
      if (!cookies.has(init.as)) {
        const { cookie, error } = await signIn(server.baseUrl, TEST_USERS[init.as], TEST_PASSWORD);
        if (!cookie) throw new Error(`could not sign in as ${init.as}: ${error}`);
        cookies.set(init.as, cookie);
      }
      headers.cookie = cookies.get(init.as)!;
    }
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${server.baseUrl}${path}`, {
      method: init.body === undefined ? 'GET' : 'POST',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: response.status, body: await response.json() };
  }

  async function stop() {
    await server.stop();
    const { pool, db } = await import('@/lib/db/client');
    await pool().end();
    await db().$disconnect();
    await database.destroy();
  }

  return { database, server, call, stop };
}

export type BackfilledDemo = Awaited<ReturnType<typeof startBackfilledDemo>>;
