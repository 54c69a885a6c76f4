import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { freePort } from './ports';
import { appServerCli } from '../../lib/runtime/nextCli';

export interface AppServer {
  baseUrl: string;
  process: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * Starts the production build (scripts/server.mjs, as `npm start` serves it) against the given
 * database: the real server, over real HTTP. Needs `next build` to have run (npm test does it
 * before the integration suite).
 */
export async function startAppServer(options: {
  databaseUrl: string;
  env?: Record<string, string | undefined>;
}): Promise<AppServer> {
  if (!existsSync('.next/BUILD_ID'))
    throw new Error('no production build: run `npm run build` first');
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(...appServerCli(String(port), '127.0.0.1'), {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: options.databaseUrl,
      NEXTAUTH_URL: baseUrl,
      NEXTAUTH_SECRET: randomBytes(32).toString('hex'),
      INTERNAL_API_TOKEN: undefined,
      // Quiet by default; the automation tests turn it on for the processes they start.
      AUTOMATION_AUTOSTART: '0',
      // No synthetic traffic unless a test asks for it (the canary runs on a leader only).
      CANARY: 'off',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited:\n${output}`);
    try {
      await fetch(`${baseUrl}/api/ml/version`);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`next start did not answer in time:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    baseUrl,
    process: child,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        // Already gone (exited, or killed by a signal such as a test's SIGKILL): nothing to wait for.
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
