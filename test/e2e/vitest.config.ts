import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../..', import.meta.url));

/** Browser flows in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core): `npm run test:e2e`-like, see .ci/run. */
export default defineConfig({
  root,
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    setupFiles: ['reflect-metadata'],
    globalSetup: ['test/support/global-setup.ts'],
    include: ['test/e2e/**/*.e2e.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
