import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Fault tests that restart the machine's PostgreSQL: run alone, after the suite (.ci/run), never
 * beside other tests. Needs TEST_DATABASE_URL and the right to run pg_ctlcluster (root in CI).
 */
export default defineConfig({
  root,
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    setupFiles: ['reflect-metadata'],
    include: ['test/fault/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
