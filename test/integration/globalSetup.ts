import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { startAppServer } from '../support/appServer';
import { startTestDatabase } from '../support/testDatabase';
import { seedTestUsers } from '../support/users';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
    internalToken: string;
  }
}

export const SIGN_IN_LIMIT = 5;

/** One throwaway database and one production server for the whole integration suite. */
export default async function setup(project: TestProject) {
  const database = await startTestDatabase();
  process.env.DATABASE_URL = database.url;
  await seedTestUsers();
  const { seedMarketData } = await import('@/lib/seed/demo');
  await seedMarketData();
  const { pool } = await import('@/lib/db/client');
  await pool().end();
  const internalToken = randomBytes(24).toString('hex');
  const server = await startAppServer({
    databaseUrl: database.url,
    env: { INTERNAL_API_TOKEN: internalToken, SIGNIN_RATE_LIMIT: String(SIGN_IN_LIMIT) },
  });
  project.provide('baseUrl', server.baseUrl);
  project.provide('databaseUrl', database.url);
  project.provide('internalToken', internalToken);
  return async () => {
    await server.stop();
    await database.destroy();
  };
}
