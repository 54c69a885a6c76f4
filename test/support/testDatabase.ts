import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '@/lib/db/embeddedPostgres';
import { migrate } from '@/lib/db/migrate';
import { freePort } from './ports';

export interface TestDatabase {
  url: string;
  dir: string;
  port: number;
  password: string;
  /** Stops the server, keeping its files (a later start() brings the same data back). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its files. */
  destroy(): Promise<void>;
}

/** A throwaway embedded PostgreSQL in a temp directory on a free port, migrated from empty. */
export async function startTestDatabase(
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fusion-ops-pg-'));
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  let embedded = await startEmbeddedPostgres({ dir, port, password });
  if (options.migrate !== false) await migrate(embedded.url);
  let running = true;
  const handle: TestDatabase = {
    url: embedded.url,
    dir,
    port,
    password,
    async stop() {
      if (running) await embedded.stop();
      running = false;
    },
    async start() {
      if (!running) embedded = await startEmbeddedPostgres({ dir, port, password });
      running = true;
    },
    async destroy() {
      await handle.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return handle;
}
