/**
 * The architecture's picture (run by `npm run lint`, and by CI through `npm test`'s lint test).
 *
 *   src/modules/<m>/index.ts   the module's public surface: the only file other code imports
 *   src/modules/<m>/table.ts   its tables: private (plus db/schema.ts, and other tables' foreign keys)
 *   src/modules/<m>/store.ts   every SQL statement on its tables (policy.ts: row scope as SQL conditions)
 *   src/shared, src/authz, src/db, src/config.ts   the kernel, importing no module
 */
const MODULE_FILE_NOT_INDEX = '^src/modules/[^/]+/(?!index\\.ts$).+';
const SQL_FILES = '^src/modules/[^/]+/(store(\\.ts$|/)|table\\.ts$|policy\\.ts$)';

module.exports = {
  forbidden: [
    {
      name: 'module-internals',
      comment: 'Another module is reached through its index.ts only (types, loaders, store functions, rules).',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/', pathNot: '^src/modules/[^/]+/table\\.ts$' },
      to: { path: MODULE_FILE_NOT_INDEX, pathNot: '^src/modules/$1/' },
    },
    {
      name: 'table-foreign-keys-only',
      comment: "A table file may import another module's table (a foreign key) and nothing else of it.",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/table\\.ts$' },
      to: { path: MODULE_FILE_NOT_INDEX, pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/table\\.ts$'] },
    },
    {
      name: 'outside-through-index',
      comment: 'Code outside the modules (app, cli, http, db, authz) imports a module through its index.ts; db/schema.ts gathers the tables.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/modules/[^/]+/', '^src/db/schema\\.ts$'] },
      to: { path: MODULE_FILE_NOT_INDEX },
    },
    {
      name: 'table-private',
      comment: "Within a module only its store (and policy, for row-scope conditions) reads the table definitions.",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/', pathNot: SQL_FILES },
      to: { path: '^src/modules/$1/table\\.ts$' },
    },
    {
      name: 'sql-in-store',
      comment: 'Only a store builds SQL (drizzle operators, sql``, rows()); everything else calls store functions.',
      severity: 'error',
      from: { path: '^src/modules/[^/]+/', pathNot: SQL_FILES },
      to: { path: ['^node_modules/drizzle-orm/', '^src/db/(client|any-of)\\.ts$'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'kernel-knows-no-module',
      comment: 'The shared kernel (shared, authz, db, config) must not depend on a domain module.',
      severity: 'error',
      from: { path: '^src/(shared|authz|db|config)', pathNot: '^src/db/schema\\.ts$' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
