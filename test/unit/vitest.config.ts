import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Unit tests only (test/unit/**): pure functions, no database, no globalSetup. Used by
 * `npm run test:unit` and by Stryker (`npm run test:mutate`, stryker.config.mjs), so a mutation run
 * does not migrate a database per mutant. The root vitest.config.ts still runs these too.
 */
export default defineConfig({
  root,
  resolve: {
    // Same pin as the root config: one copy of graphql (index.js), not index.js + index.mjs.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    setupFiles: ['reflect-metadata'],
    include: ['test/unit/**/*.test.ts'],
    pool: 'forks',
  },
});
