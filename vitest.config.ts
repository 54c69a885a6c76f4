import { defineConfig } from 'vitest/config';
import path from 'node:path';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'lib/**/*.test.ts',
            'components/**/*.test.ts',
            'test/parity/**/*.test.ts',
            'test/monitoring/**/*.test.ts',
          ],
          environment: 'node',
          // A guard against hangs, not a speed check: spawning python3 or promtool can take
          // seconds on a loaded machine.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/integration/globalSetup.ts'],
          // Guards against hangs, not speed checks: a go-live test runs two CLIs through tsx and
          // probes two servers, which took over 60 s on a machine loaded ~8 times over.
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
