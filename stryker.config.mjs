// @ts-check
/**
 * Mutation testing of the pure rules (`npm run test:mutate`). Scope by default: the rule files of
 * the modules, the §9 authorization matrix and the decimal helpers, mutated against the unit tests
 * only (test/unit/vitest.config.ts: no database). Widen ad hoc with
 * `npx stryker run --mutate 'src/shared/time.ts'`.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  vitest: { configFile: 'test/unit/vitest.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: ['src/modules/*/rules.ts', 'src/authz/matrix.ts', 'src/authz/compiled.ts', 'src/shared/decimal.ts', 'src/shared/hash.ts'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  reporters: ['clear-text', 'html', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  clearTextReporter: { allowColor: false, logTests: false },
  thresholds: { high: 80, low: 60, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
