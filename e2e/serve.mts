// The app under e2e test: a throwaway embedded database with the demo data and one user per
// role (password E2E_PASSWORD), then the production build.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { startTestDatabase } from '../test/support/testDatabase';
import { seedTestUsers } from '../test/support/users';
import { appServerCli } from '../lib/runtime/nextCli';

const port = process.argv[2] ?? '3210';
const database = await startTestDatabase();
process.env.DATABASE_URL = database.url;
// Specs that must arrange state the UI cannot (a critical breach) reach the database here.
mkdirSync('e2e/.tmp', { recursive: true });
writeFileSync('e2e/.tmp/database-url', database.url);
await seedTestUsers();
const { seedMarketData } = await import('../lib/seed/demo');
await seedMarketData();
// As `npm start` does: the S&P history replayed through the loop, so the model-quality pages
// have thousands of matured pairs (backfilled outcomes stay out of the live quality triggers).
const { backfill } = await import('../lib/jobs/backfill');
await backfill({ symbol: 'SPX', tf: '1d', now: new Date() });
// Automation starts stopped, so the journey can press Start, and cycles every 2 s.
process.env.AUTOMATION_INTERVAL_SECONDS = '2';
const { setDesiredState } = await import('../lib/db/automation');
await setDesiredState('stopped', 'e2e setup');
const { pool } = await import('../lib/db/client');
await pool().end();

const next = spawn(...appServerCli(port, '127.0.0.1'), {
  stdio: 'inherit',
  env: {
    ...process.env,
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    NEXTAUTH_SECRET: randomBytes(32).toString('hex'),
  },
});
const stop = async () => {
  next.kill('SIGTERM');
  await database.destroy();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
next.on('exit', stop);
