// Sign-in timing (run on purpose, not in npm test): does a failed sign-in take as long for an
// unknown email as for a known one with a wrong password? Starts the production build on a
// throwaway embedded PostgreSQL with the test users, then alternates the two kinds of attempt
// and prints the medians of the credentials POST (the CSRF round trip before it is not timed).
//   npm run build && npm run bench:signin [-- --attempts 200]
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startAppServer } from '../../test/support/appServer';
import { startTestDatabase } from '../../test/support/testDatabase';
import { seedTestUsers, TEST_USERS } from '../../test/support/users';

const { values } = parseArgs({ options: { attempts: { type: 'string', default: '200' } } });
const attempts = Number(values.attempts);

const database = await startTestDatabase();
process.env.DATABASE_URL = database.url;
await seedTestUsers();
const { pool } = await import('@/lib/db/client');
await pool().end();
// Limits out of the way: every attempt must reach the password check.
const server = await startAppServer({
  databaseUrl: database.url,
  env: { SIGNIN_RATE_LIMIT: '100000000' },
});

async function failedSignIn(email: string): Promise<number> {
  const csrf = await fetch(`${server.baseUrl}/api/auth/csrf`);
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const started = performance.now();
  const response = await fetch(`${server.baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ csrfToken, email, password: 'not the password', json: 'true' }),
  });
  await response.arrayBuffer();
  const elapsed = performance.now() - started;
  if (response.headers.getSetCookie().some((c) => c.startsWith('next-auth.session-token=')))
    throw new Error(`${email} signed in with a wrong password`);
  return elapsed;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const known: number[] = [];
const unknown: number[] = [];
try {
  for (let i = 0; i < 5; i++) await failedSignIn(TEST_USERS.viewer); // warm-up
  for (let i = 0; i < attempts; i++) {
    // Alternating keeps a passing load spike from landing on one kind only.
    const first = i % 2 === 0;
    if (first) known.push(await failedSignIn(TEST_USERS.viewer));
    unknown.push(await failedSignIn(`nobody-${randomBytes(6).toString('hex')}@test.local`));
    if (!first) known.push(await failedSignIn(TEST_USERS.viewer));
  }
} finally {
  await server.stop();
  await database.destroy();
}
const k = median(known);
const u = median(unknown);
console.log(`failed sign-ins, ${attempts} of each kind (median of the credentials POST):`);
console.log(`  known email, wrong password: ${k.toFixed(1)} ms`);
console.log(`  unknown email:               ${u.toFixed(1)} ms`);
console.log(`  gap: ${(k - u).toFixed(1)} ms (unknown / known = ${(u / k).toFixed(2)})`);
