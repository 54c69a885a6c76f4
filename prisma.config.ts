import path from 'node:path';
import { defineConfig } from 'prisma/config';

// Prisma's native schema engine cannot be downloaded on our machines: Migrate (migrate dev |
// deploy | diff | status, db pull) runs the same engine built for WebAssembly through this
// script instead (see its header). An explicitly set PRISMA_SCHEMA_ENGINE_BINARY wins.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ||= path.resolve(
  import.meta.dirname,
  'scripts/prisma/schema-engine.mjs',
);

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/fusion_ops' },
});
