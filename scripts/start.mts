// `npm start`: database (embedded unless DATABASE_URL), migrations, demo data, a production
// build when the code changed, then the server (scripts/server.mjs). Ctrl-C stops it and the
// embedded database.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { buildSha } from '../lib/buildSha.mjs';
import { logger } from '../lib/logging/logger';
import { openDatabase, DATA_DIR } from '../lib/runtime/database';
import { localSecrets } from '../lib/runtime/localSecrets';
import { appServerCli, nextCli } from '../lib/runtime/nextCli';

const port = process.env.PORT ?? '3000';
const started = performance.now();
const log = (message: string) =>
  logger('start').info({ seconds: (performance.now() - started) / 1000 }, message);

process.env.NEXTAUTH_SECRET ??= localSecrets(DATA_DIR).nextauthSecret;
process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;

const database = await openDatabase().catch((error: Error) => {
  // e.g. "migration 20261201120000_x failed: column "y" does not exist": nothing of it applied.
  logger('start').fatal(`cannot start: ${error.message}`);
  process.exit(1);
});
log(
  `database ready (${process.env.DATABASE_URL?.includes('127.0.0.1:') ? 'embedded' : 'DATABASE_URL'}), migrations applied`,
);

const { seedFirstAdmin, seedMarketData, seedReplayFeed } = await import('../lib/seed/demo');
let admin: Awaited<ReturnType<typeof seedFirstAdmin>>;
try {
  const { imported } = await seedMarketData();
  if (imported) {
    log(`demo data: ${imported} S&P 500 daily candles loaded as SPX 1d`);
    const { backfill } = await import('../lib/jobs/backfill');
    const result = await backfill({
      symbol: 'SPX',
      tf: '1d',
      now: new Date(),
      onProgress: ({ stage, done, total }) =>
        log(`backfill SPX 1d: ${stage}${stage === 'predictions' ? ` ${done}/${total} days` : '…'}`),
    });
    log(
      `backfill: ${result.predictions} predictions, ${result.outcomes.filled} outcomes, calibration done`,
    );
    // The S&P 500 file ends in 2020: scoring it every cycle would only pile up predictions that
    // can never mature. It stays as history; the live demo universe is the replay feed.
    const { db } = await import('../lib/db/client');
    await db().instrument.update({ where: { symbol: 'SPX' }, data: { active: false } });
  }
  if (await seedReplayFeed(new Date()))
    log('demo live feed: SPX.R (S&P 500 returns replayed as 1-minute candles)');
  admin = await seedFirstAdmin();
} catch (error) {
  await database.release();
  throw error;
}
if (admin) {
  // Its own message, once, outside the log stream: the password must never be in a log line.
  console.log(
    `\n  First admin (shown once, keep it):\n    email:    ${admin.email}\n    password: ${admin.password}\n`,
  );
}

const shaFile = '.next/fusion-build-sha';
const sha = buildSha();
const built =
  existsSync('.next/BUILD_ID') && existsSync(shaFile) && readFileSync(shaFile, 'utf8') === sha;
if (!built || sha.endsWith('-dirty')) {
  log('building the app (next build)…');
  const build = spawnSync(...nextCli('build'), {
    stdio: 'inherit',
    env: { ...process.env, BUILD_SHA: sha },
  });
  if (build.status !== 0) {
    await database.release();
    process.exit(build.status ?? 1);
  }
  writeFileSync(shaFile, sha);
}

log(`starting on http://localhost:${port}`);
const next = spawn(...appServerCli(port), {
  stdio: 'inherit',
  env: process.env,
});
let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  next.kill('SIGTERM');
  await database.release();
  process.exit(code);
};
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
next.on('exit', (code) => void stop(code ?? 0));
