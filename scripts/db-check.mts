// npm run db:check [-- --schema prisma/schema.prisma --migrations prisma/migrations --database-url URL]
// Fails when prisma/schema.prisma and prisma/migrations/ describe different databases: Prisma
// Migrate replays the migrations on a shadow database of a throwaway embedded PostgreSQL and
// diffs the result against the schema (tables, columns, types, nullability, defaults, primary
// and foreign keys, unique constraints, indexes, enums). Prints the SQL that would close the
// gap and what to do. Exit code 0: they agree; 1: they differ, or the check could not run.
// SQL-only objects the schema cannot express (CHECK constraints, triggers, partial indexes) are
// not compared: test/integration/schema.test.ts covers those.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, runPrisma, withThrowawayDatabase } from './prisma/prismaCli';

const { values } = parseArgs({
  options: {
    schema: { type: 'string', default: 'prisma/schema.prisma' },
    migrations: { type: 'string', default: 'prisma/migrations' },
    'database-url': { type: 'string' },
  },
});
const schema = path.resolve(values.schema);
const migrations = path.resolve(values.migrations);
const shown = (file: string) => {
  const relative = path.relative(ROOT, file);
  return relative.startsWith('..') ? file : relative;
};

const started = performance.now();
const run = await withThrowawayDatabase(
  (url) =>
    runPrisma(
      [
        'migrate',
        'diff',
        '--from-migrations',
        migrations,
        '--to-schema',
        schema,
        '--script',
        '--exit-code',
      ],
      url,
    ),
  values['database-url'],
);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const sql = run.stdout.replace(/^Loaded Prisma config from .*\n+/m, '').trim();

if (run.code === 0) {
  console.log(`db:check: ${shown(schema)} and ${shown(migrations)}/ agree (${seconds}s).`);
  process.exit(0);
}
if (run.code !== 2) {
  console.error(`${run.stdout}${run.stderr}`.trim());
  console.error(`\ndb:check: could not compare the schema with the migrations (exit ${run.code}).`);
  process.exit(1);
}
console.error(`db:check: ${shown(schema)} and ${shown(migrations)}/ differ.
A database migrated from ${shown(migrations)}/ needs this SQL to match ${shown(schema)}:

${sql}

Fix one side, then run \`npm run db:check\` again:
- schema.prisma is right (you changed it): \`npm run db:migration -- --name <what_changed>\`
  writes this SQL as a new migration; review it and commit it with the schema.
- the migrations are right: change schema.prisma until the check passes (\`@default\`,
  \`@@index\`, \`@unique\`, \`@db.*\` …).
Never edit a migration.sql that may have been applied anywhere: its checksum is verified at start.`);
process.exit(1);
