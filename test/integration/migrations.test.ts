import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrate } from '@/lib/db/migrate';
import { runPrisma } from '../../scripts/prisma/prismaCli';

// db:check (Prisma Migrate through the wasm schema engine, against the suite's PostgreSQL) passes
// on the repository's files and fails, with the SQL of the gap, on drift either way; and the
// start-up migration runner stays compatible with Prisma Migrate.
const ROOT = path.resolve(import.meta.dirname, '../..');
const SLOW = 180_000;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fusion-ops-drift-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function dbCheck(...args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      path.join(ROOT, 'node_modules/.bin/tsx'),
      ['scripts/db-check.mts', '--database-url', inject('databaseUrl'), ...args],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** A copy of prisma/ under the temp dir, with `edit` applied to its schema.prisma. */
async function copyOfPrisma(name: string, edit: (schema: string) => string = (s) => s) {
  const target = path.join(dir, name);
  await cp(path.join(ROOT, 'prisma'), target, { recursive: true });
  const schemaFile = path.join(target, 'schema.prisma');
  await writeFile(schemaFile, edit(await readFile(schemaFile, 'utf8')));
  return { schema: schemaFile, migrations: path.join(target, 'migrations') };
}

function replaceOnce(text: string, from: string, to: string) {
  expect(text.split(from)).toHaveLength(2);
  return text.replace(from, to);
}

async function withScratchDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const name = `scratch_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: inject('databaseUrl') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(inject('databaseUrl'));
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  }
}

describe('npm run db:check', () => {
  it(
    "passes on the repository's schema.prisma and migrations",
    async () => {
      const { code, output } = await dbCheck();
      expect(output).toContain('agree');
      expect(code).toBe(0);
    },
    SLOW,
  );

  it(
    'fails on drift of defaults, indexes, enums and constraints either way, printing the SQL',
    async () => {
      const drifted = await copyOfPrisma('drifted', (schema) => {
        let s = replaceOnce(schema, '@default([]) @map("empty_symbols")', '@map("empty_symbols")');
        s = replaceOnce(s, '  @@index([ts])\n  @@map("audit_log")', '  @@map("audit_log")');
        s = replaceOnce(s, '  operator\n  admin\n}', '  operator\n  admin\n  auditor\n}');
        s = replaceOnce(
          s,
          'references: [id], onDelete: Cascade)\n  closeUsed',
          'references: [id], onDelete: Restrict)\n  closeUsed',
        );
        return s;
      });
      // And a migration the schema does not know of.
      const extra = path.join(drifted.migrations, '29990101000000_extra');
      await cp(path.join(drifted.migrations, '20261123220000_slo'), extra, { recursive: true });
      await writeFile(
        path.join(extra, 'migration.sql'),
        'CREATE UNIQUE INDEX "score_events_request_id_key" ON "score_events"("request_id");\n',
      );

      const { code, output } = await dbCheck(
        '--schema',
        drifted.schema,
        '--migrations',
        drifted.migrations,
      );
      expect(code).toBe(1);
      expect(output).toContain('differ');
      expect(output).toMatch(
        /ALTER TABLE "automation_cycles" ALTER COLUMN "empty_symbols" DROP DEFAULT/,
      );
      expect(output).toContain('DROP INDEX "audit_log_ts_idx"');
      expect(output).toContain('DROP INDEX "score_events_request_id_key"');
      expect(output).toMatch(/ALTER TYPE "Role" ADD VALUE 'auditor'/);
      expect(output).toMatch(
        /ADD CONSTRAINT "outcomes_prediction_id_fkey" FOREIGN KEY .* ON DELETE RESTRICT/,
      );
      expect(output).toContain('npm run db:migration -- --name');
    },
    SLOW,
  );

  it(
    'fails when the migrations cannot be compared (no migration_lock.toml)',
    async () => {
      const unlocked = await copyOfPrisma('unlocked');
      await rm(path.join(unlocked.migrations, 'migration_lock.toml'));
      const { code, output } = await dbCheck(
        '--schema',
        unlocked.schema,
        '--migrations',
        unlocked.migrations,
      );
      expect(code).toBe(1);
      expect(output).toContain('migration_lock.toml');
      expect(output).toContain('could not compare');
    },
    SLOW,
  );
});

describe('the start-up migration runner and Prisma Migrate', () => {
  it(
    'share the bookkeeping: prisma migrate status finds a runner-migrated database up to date',
    () =>
      withScratchDatabase(async (url) => {
        expect((await migrate(url)).applied.length).toBeGreaterThan(0);
        const status = await runPrisma(['migrate', 'status'], url);
        expect(`${status.stdout}${status.stderr}`).toContain('Database schema is up to date!');
        expect(status.code).toBe(0);
      }),
    SLOW,
  );

  it('serialise on the advisory lock `prisma migrate deploy` takes', () =>
    withScratchDatabase(async (url) => {
      const holder = new pg.Client({ connectionString: url });
      await holder.connect();
      await holder.query('SELECT pg_advisory_lock(72707369)');
      let done = false;
      const running = migrate(url).then((result) => {
        done = true;
        return result;
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(done).toBe(false);
      await holder.query('SELECT pg_advisory_unlock(72707369)');
      await holder.end();
      expect((await running).applied.length).toBeGreaterThan(0);
    }));

  it('stop at a failing migration with one line naming it, leaving nothing of it applied', () =>
    withScratchDatabase(async (url) => {
      const { migrations } = await copyOfPrisma('broken');
      await mkdir(path.join(migrations, '29990101000000_broken'));
      await writeFile(
        path.join(migrations, '29990101000000_broken', 'migration.sql'),
        'CREATE TABLE "half_done" ("id" INTEGER);\nALTER TABLE "nope" ADD COLUMN "x" INTEGER;\n',
      );
      const error: Error = await migrate(url, migrations).then(
        () => expect.unreachable('the broken migration was applied'),
        (e: Error) => e,
      );
      expect(error.message).toBe(
        'migration 29990101000000_broken failed: relation "nope" does not exist',
      );
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query<{ half_done: string | null; applied: string[] }>(
        `SELECT to_regclass('half_done')::text AS half_done,
                array(SELECT migration_name FROM _prisma_migrations ORDER BY 1) AS applied`,
      );
      await client.end();
      expect(rows[0].half_done).toBeNull();
      expect(rows[0].applied).not.toContain('29990101000000_broken');
      expect(rows[0].applied.length).toBeGreaterThan(0);
    }));
});
