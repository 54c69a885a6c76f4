#!/usr/bin/env node
// A drop-in for Prisma's native schema-engine binary, which cannot be downloaded on our machines.
//
// The Prisma CLI (prisma migrate dev|deploy|diff|status|resolve, db pull|push|execute) spawns
// `$PRISMA_SCHEMA_ENGINE_BINARY --datamodels <schema.prisma>… --datasource <json>` and talks to
// it in JSON-RPC 2.0, one message per line on stdin/stdout; stderr carries JSON log lines.
// This script answers those calls with @prisma/schema-engine-wasm (the same Rust engine, built
// for WebAssembly), which reaches PostgreSQL through the PrismaPg driver adapter. prisma.config.ts
// points PRISMA_SCHEMA_ENGINE_BINARY here. Unsupported by Prisma, hence exact version pins.
// PostgreSQL only. Shadow databases are created on the datasource's server (CREATEDB needed);
// a configured shadowDatabaseUrl is used as it is (not reset first: keep it empty).
// Verified: migrate diff | dev [--create-only] | deploy | status, db pull, generate.
//
// What the wasm engine + PrismaPg pair needs here (each found the hard way):
// - the adapter has no column type for PostgreSQL's internal `"char"` (oid 18), which the
//   engine's catalog queries read (pg_constraint.contype, …): such columns are reported as
//   Character (their values are already one-character strings);
// - the adapter's connectToShadowDb() creates a database and then connects to the main one (its
//   connection string wins over `database`): the shadow database gets its own URL here (and is
//   dropped even when a request fails, or the CLI kills this process right after it);
// - the adapter's executeScript splits scripts on every `;`, which breaks `$$` function bodies
//   (and spreads the pieces over pool connections): a script is sent as one query;
// - evaluateDataLoss / createMigration only read replayed migrations from the engine's cache;
//   after `migrate dev` applied a pending migration the cache is cold: warmed, then retried;
// - the CLI runs `cli can-connect-to-database | create-database | drop-database` as one-shot
//   commands, skips the first stderr line and parses the others as JSON: the first line is a
//   greeting, errors are JSON lines with Prisma's P-codes.
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';

const require = createRequire(import.meta.url);
const ENGINE_HASH = '59be4fda12412a79eeb9c2ae727b6aa723593323';

// stdout is the JSON-RPC channel: nothing else may be printed there.
console.log = console.info = console.debug = (...args) => console.error(...args);

const argv = process.argv.slice(2);
if (argv.includes('--version') || argv.includes('-V')) {
  process.stdout.write(`schema-engine-cli ${ENGINE_HASH}\n`);
  process.exit(0);
}

const datamodelPaths = [];
let datasource = {};
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--datamodels') datamodelPaths.push(argv[++i]);
  else if (argv[i] === '--datasource') datasource = JSON.parse(argv[++i]);
}

const debugEnabled = /schema-?engine|\*/i.test(process.env.DEBUG ?? '');

/** A log line in the native engine's format; the CLI keeps the last ERROR for its messages. */
function log(level, message) {
  process.stderr.write(
    `${JSON.stringify({ timestamp: new Date().toISOString(), level, fields: { message }, target: 'schema_engine_wasm' })}\n`,
  );
}

// ---------------------------------------------------------------------------------------------
// PrismaPg, adapted for the schema engine

const { PrismaPg } = await import('@prisma/adapter-pg');
const adapterRequire = createRequire(require.resolve('@prisma/adapter-pg'));
const { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } = adapterRequire(
  '@prisma/driver-adapter-utils',
);
const pg = adapterRequire('pg');

const PG_CHAR = 18;
const PG_TEXT = 25;

/**
 * Reads `"char"` columns as one-character strings: pg already returns their values as strings,
 * but the adapter has no column type for oid 18 (it throws), and the engine wants a Character.
 */
function charAsCharacter(queryable) {
  const { performIO, queryRaw } = queryable;
  queryable.queryRaw = async function (query) {
    let charColumns = [];
    const withCharAsText = Object.create(this, {
      performIO: {
        value: async (q) => {
          const result = await performIO.call(this, q);
          charColumns = [];
          result.fields.forEach((field, i) => {
            if (field.dataTypeID === PG_CHAR) {
              field.dataTypeID = PG_TEXT;
              charColumns.push(i);
            }
          });
          return result;
        },
      },
    });
    const result = await queryRaw.call(withCharAsText, query);
    for (const i of charColumns) result.columnTypes[i] = ColumnTypeEnum.Character;
    return result;
  };
  return queryable;
}

function adapt(adapter) {
  charAsCharacter(adapter);
  const startTransaction = adapter.startTransaction;
  adapter.startTransaction = async function (...args) {
    return charAsCharacter(await startTransaction.apply(this, args));
  };
  // One query, on one connection: PostgreSQL's simple query protocol runs a multi-statement
  // script as it is written, `$$` bodies included (as the native engine does).
  adapter.executeScript = async function (script) {
    try {
      await this.client.query(script);
    } catch (error) {
      this.onError(error);
    }
  };
  return adapter;
}

function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

function databaseOf(url) {
  return decodeURIComponent(new URL(url).pathname.slice(1)) || 'postgres';
}

const quote = (name) => `"${name.replaceAll('"', '""')}"`;

async function withAdminClient(url, fn) {
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Shadow databases not dropped yet, with their closers: the engine disposes of a shadow database
 * when done, and whatever an error left behind is dropped at the end of the request.
 */
const shadowDatabases = new Set();

async function releaseShadowDatabases() {
  for (const close of [...shadowDatabases]) await close();
}

/** A shadow database's adapter whose dispose() also drops the database, once. */
function disposable(adapter, drop) {
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    shadowDatabases.delete(close);
    await adapter.release?.();
    await drop();
  };
  shadowDatabases.add(close);
  adapter.dispose = close;
  return adapter;
}

class MigrationAdapterFactory {
  provider = 'postgres';
  adapterName = '@prisma/adapter-pg';

  constructor(url, shadowDatabaseUrl) {
    this.url = url;
    this.shadowDatabaseUrl = shadowDatabaseUrl;
  }

  async connect() {
    if (!this.url) throw new Error('no datasource.url: set DATABASE_URL (see prisma.config.ts)');
    return adapt(await new PrismaPg({ connectionString: this.url }).connect());
  }

  async connectToShadowDb() {
    if (this.shadowDatabaseUrl) {
      return adapt(await new PrismaPg({ connectionString: this.shadowDatabaseUrl }).connect());
    }
    if (!this.url) throw new Error('no datasource.url to create a shadow database on');
    // The adapter's own connectToShadowDb() would create this database and then connect to the
    // main one (its connection string wins over `database`): replays would run on live data.
    const database = `prisma_migrate_shadow_db_${randomUUID()}`;
    await withAdminClient(this.url, (client) => client.query(`CREATE DATABASE ${quote(database)}`));
    const adapter = await new PrismaPg({ connectionString: withDatabase(this.url, database) })
      .connect()
      .catch(async (error) => {
        await dropDatabase(this.url, database);
        throw error;
      });
    return disposable(adapt(adapter), () => dropDatabase(this.url, database));
  }
}

function dropDatabase(url, database) {
  return withAdminClient(url, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${quote(database)} WITH (FORCE)`),
  ).catch((error) => log('WARN', `could not drop ${database}: ${error.message}`));
}

// ---------------------------------------------------------------------------------------------
// `schema-engine --datasource <json> cli <command>`: one-shot commands the CLI runs with execa
// (can-connect-to-database before migrate dev|status|deploy, create-database, drop-database).
// The CLI skips the first stderr line and parses every other one as JSON, so the first line is
// the engine's usual greeting and errors are `schema_engine::logger` lines with a P-code.

/** The P-codes of Prisma's connection errors, as the native engine reports them. */
function connectionError(error, url) {
  const { hostname, port } = new URL(url);
  const location = `${hostname}:${port || 5432}`;
  switch (error.code) {
    case '3D000':
      return {
        error_code: 'P1003',
        message: `Database \`${databaseOf(url)}\` does not exist on the database server at \`${location}\`.`,
      };
    case '28P01':
    case '28000':
      return {
        error_code: 'P1000',
        message: `Authentication failed against database server at \`${location}\`, the provided database credentials are not valid.`,
      };
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
      return {
        error_code: 'P1001',
        message: `Can't reach database server at \`${location}\`\n\nPlease make sure your database server is running at \`${location}\`.`,
      };
    case 'ETIMEDOUT':
      return {
        error_code: 'P1002',
        message: `The database server at \`${location}\` was reached but timed out.`,
      };
    default:
      return { error_code: 'P1010', message: `Database error: ${error.message}` };
  }
}

function loggerLine(level, fields) {
  process.stderr.write(
    `${JSON.stringify({ timestamp: new Date().toISOString(), level, fields, target: 'schema_engine::logger' })}\n`,
  );
}

async function runCliCommand(command) {
  log('INFO', 'Starting schema engine CLI');
  const url = datasource.url;
  try {
    if (!url) throw Object.assign(new Error('no datasource url'), { code: 'EINVAL' });
    switch (command) {
      case 'can-connect-to-database': {
        const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
        await client.connect();
        await client.end();
        return 0;
      }
      case 'create-database':
        await withAdminClient(url, (client) =>
          client.query(`CREATE DATABASE ${quote(databaseOf(url))}`),
        );
        loggerLine('INFO', { message: 'The database was successfully created.' });
        return 0;
      case 'drop-database':
        await withAdminClient(url, (client) =>
          client.query(`DROP DATABASE ${quote(databaseOf(url))} WITH (FORCE)`),
        );
        loggerLine('INFO', { message: 'The database was successfully dropped.' });
        return 0;
      default:
        loggerLine('ERROR', { is_panic: false, message: `unknown command: cli ${command}` });
        return 1;
    }
  } catch (error) {
    loggerLine('ERROR', {
      is_panic: false,
      ...connectionError(error, url ?? 'postgresql://unset'),
    });
    return 1;
  }
}

const cliIndex = argv.indexOf('cli');
if (cliIndex >= 0) process.exit(await runCliCommand(argv[cliIndex + 1]));

// ---------------------------------------------------------------------------------------------
// The wasm engine

globalThis.PRISMA_WASM_PANIC_REGISTRY = {
  message: '',
  get() {
    return this.message;
  },
  set_message(message) {
    this.message = `RuntimeError: ${message}`;
  },
};

let SchemaEngine;
// A panic inside a callback of the engine surfaces here: report it and stop, as the native
// engine does (exit code 101).
process.on('uncaughtException', (error) => {
  const panic = globalThis.PRISMA_WASM_PANIC_REGISTRY.get();
  log('ERROR', `the wasm schema engine panicked: ${panic || error.stack}`);
  releaseShadowDatabases()
    .catch(() => {})
    .finally(() => process.exit(101));
});
async function loadWasm() {
  const runtimePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const runtime = await import(runtimePath);
  const bytes = await readFile(path.join(path.dirname(runtimePath), 'schema_engine_bg.wasm'));
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
    './schema_engine_bg.js': runtime,
  });
  runtime.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return runtime.SchemaEngine;
}

const datamodels = await Promise.all(
  datamodelPaths.map(async (file) => [file, await readFile(file, 'utf8')]),
);

async function newEngine() {
  SchemaEngine ??= await loadWasm();
  const factory = bindMigrationAwareSqlAdapterFactory(
    new MigrationAdapterFactory(datasource.url, datasource.shadowDatabaseUrl),
  );
  return SchemaEngine.new(
    { datamodels: datamodels.length ? datamodels : undefined },
    (line) => {
      if (debugEnabled) process.stderr.write(`${line}\n`);
    },
    factory,
  );
}

function isPanic(error) {
  return error instanceof WebAssembly.RuntimeError || error?.name === 'RuntimeError';
}

let engine;

/**
 * evaluateDataLoss and createMigration read the migrations' schema from the engine's cache,
 * which devDiagnostic fills by replaying the migrations on a shadow database; they cannot
 * replay themselves ("PostgreSQL shadow DB must be provided through an external factory").
 * When `migrate dev` has just applied a pending migration, devDiagnostic skipped the replay:
 * warm the cache with a devDiagnostic of our own, then retry once.
 */
const NEEDS_CACHED_MIGRATIONS = /shadow DB must be provided through an external factory/;

async function callEngine(method, params) {
  switch (method) {
    case 'getDatabaseVersion':
      return engine.version(params ?? null);
    case 'diff': {
      const { stdout, ...rest } = await engine.diff(params);
      if (stdout) await print(stdout);
      return rest;
    }
    case 'evaluateDataLoss':
    case 'createMigration':
      try {
        return await engine[method](params);
      } catch (error) {
        if (!NEEDS_CACHED_MIGRATIONS.test(error?.message ?? '')) throw error;
        if (debugEnabled) log('INFO', `${method}: replaying the migrations first, then retrying`);
        await engine.devDiagnostic({
          migrationsList: params.migrationsList,
          filters: params.filters,
        });
        return await engine[method](params);
      }
    default:
      if (typeof engine[method] !== 'function' || method === 'free') {
        throw Object.assign(new Error(`Method not found: ${method}`), { rpcCode: -32601 });
      }
      return engine[method](params);
  }
}

async function call(method, params) {
  if (method === 'createDatabase') {
    const url = params?.datasource?.url ?? datasource.url;
    const database = databaseOf(url);
    await withAdminClient(url, async (client) => {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
        database,
      ]);
      if (!rowCount) await client.query(`CREATE DATABASE ${quote(database)}`);
    });
    return { databaseName: database };
  }
  // One engine for the life of the process, as the native one: its cache of replayed
  // migrations is what evaluateDataLoss and createMigration need.
  engine ??= await newEngine();
  try {
    return await callEngine(method, params);
  } finally {
    await releaseShadowDatabases();
  }
}

// ---------------------------------------------------------------------------------------------
// JSON-RPC over stdio

const send = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

let nextOwnId = 1_000_000;
const pendingAcks = new Map();

/** Asks the CLI to print on its stdout (the native engine's `print` request). */
function print(content) {
  const id = nextOwnId++;
  return new Promise((resolve) => {
    pendingAcks.set(id, resolve);
    send({ jsonrpc: '2.0', id, method: 'print', params: { content } });
  });
}

function describe(error) {
  const lines = [error?.message ?? String(error)];
  for (let cause = error?.cause; cause; cause = cause.cause) {
    lines.push(`caused by: ${cause.message ?? JSON.stringify(cause)}`);
  }
  return lines.join('\n');
}

function errorResponse(id, method, error) {
  if (error?.rpcCode) {
    return { jsonrpc: '2.0', id, error: { code: error.rpcCode, message: error.message } };
  }
  const panic = isPanic(error);
  const detail = panic
    ? `the wasm schema engine panicked in ${method}: ${globalThis.PRISMA_WASM_PANIC_REGISTRY.get() || error.message}`
    : describe(error);
  log('ERROR', detail);
  return {
    jsonrpc: '2.0',
    id,
    error: {
      code: 4466,
      message: 'An error happened. Check the data field for details.',
      data: {
        is_panic: false,
        message: detail,
        ...(typeof error?.code === 'string' && /^P\d{4}$/.test(error.code)
          ? { error_code: error.code, meta: error.meta ?? {} }
          : {}),
      },
    },
  };
}

let queue = Promise.resolve();
let fatal = false;

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on('line', (line) => {
  if (!line.trim()) return;
  let message;
  try {
    message = JSON.parse(line);
  } catch {
    send({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
    return;
  }
  if (message.method === undefined) {
    // An answer of the CLI to one of our requests (`print`).
    pendingAcks.get(message.id)?.();
    pendingAcks.delete(message.id);
    return;
  }
  const { id, method, params } = message;
  queue = queue.then(async () => {
    if (fatal) {
      send(errorResponse(id, method, new Error('the schema engine stopped after a panic')));
      return;
    }
    try {
      const result = await call(method, params);
      send({ jsonrpc: '2.0', id, result: result ?? null });
    } catch (error) {
      fatal = isPanic(error);
      send(errorResponse(id, method, error));
    }
  });
});

lines.on('close', () => {
  queue.then(async () => {
    for (const [, ack] of pendingAcks) ack();
    await releaseShadowDatabases().catch(() => {});
    process.exit(0);
  });
});
