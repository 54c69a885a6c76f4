// npm run db:migration -- --name add_x
// After editing prisma/schema.prisma: writes prisma/migrations/<timestamp>_add_x/migration.sql
// with the SQL that takes a database migrated from the existing migrations to the schema
// (`prisma migrate dev --create-only` against a throwaway embedded PostgreSQL, so no database
// of your own is needed), then regenerates the Prisma client. Review the SQL (add what the
// schema cannot express: CHECK constraints, triggers, partial indexes), then commit both.
// Other `prisma migrate dev` options pass through.
import { ROOT, runPrisma, withThrowawayDatabase } from './prisma/prismaCli';

const args = process.argv.slice(2);
if (!args.some((arg) => arg === '--name' || arg.startsWith('--name=') || arg === '-n')) {
  console.error(
    'usage: npm run db:migration -- --name <what_changed>   (e.g. add_note_to_breaches)',
  );
  process.exit(1);
}

const code = await withThrowawayDatabase(async (url) => {
  const created = await runPrisma(['migrate', 'dev', '--create-only', ...args], url, {
    inherit: true,
  });
  if (created.code !== 0) return created.code;
  return (await runPrisma(['generate'], url, { inherit: true })).code;
});
if (code === 0) {
  console.log(
    `\nNext: review the new migration.sql under ${ROOT}/prisma/migrations/, then commit it with the schema.`,
  );
}
process.exit(code);
