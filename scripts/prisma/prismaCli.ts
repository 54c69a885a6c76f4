// Shared by db:check and db:migration: the Prisma CLI run against a throwaway embedded
// PostgreSQL, so a developer needs no database of their own.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { startTestDatabase } from '../../test/support/testDatabase';

const require = createRequire(import.meta.url);
export const ROOT = path.resolve(import.meta.dirname, '../..');
const PRISMA_BIN = path.join(
  path.dirname(require.resolve('prisma/package.json')),
  'build/index.js',
);

/**
 * Runs `fn` with the URL of a database on a fresh embedded PostgreSQL (own temp directory, free
 * port), stopped and deleted afterwards; or with `databaseUrl` when given (its server only
 * hosts the temporary shadow databases, which are dropped again).
 */
export async function withThrowawayDatabase<T>(
  fn: (url: string) => Promise<T>,
  databaseUrl?: string,
): Promise<T> {
  if (databaseUrl) return fn(databaseUrl);
  const database = await startTestDatabase({ migrate: false });
  try {
    return await fn(database.url);
  } finally {
    await database.destroy();
  }
}

export interface PrismaRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `prisma <args>` from the repository root against `databaseUrl`, with the wasm schema engine
 * of prisma.config.ts. `inherit` hands the terminal over (prompts work); otherwise the output is
 * captured and returned.
 */
export function runPrisma(
  args: string[],
  databaseUrl: string,
  { inherit = false }: { inherit?: boolean } = {},
): Promise<PrismaRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PRISMA_BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }),
    );
  });
}
