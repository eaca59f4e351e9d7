/**
 * The one fixture style of the integration tests: a `test` extended with file-scoped fixtures.
 *
 *   import { describe, expect, test } from '../../support/fixtures';
 *   test('…', async ({ as, seed }) => {
 *     const e = await seed.enterprise();
 *     expect((await as('COMMERCE').gql(QUERY, { id: e.id })).data …);
 *   });
 *
 * `hub` is started for the first test of the file that needs it and closed after the file's last
 * test (one database per file, cloned from the migrated template: see hub.ts). A file that needs
 * other settings overrides `hubConfig` at its top: `test.override('hubConfig', { nodeEnv: 'production' })`.
 * Suite hooks receive the file-scoped fixtures too: `test.beforeAll(async ({ seed }) => …)`.
 */
import { test as base } from 'vitest';
import type { Config } from '../../src/config';
import type { Db } from '../../src/db/client';
import { landingChain } from './customs';
import * as f from './factories';
import { startHub, type TestHub } from './hub';

type Tail<T extends unknown[]> = T extends [unknown, ...infer R] ? R : never;
/** A factory of factories.ts / customs.ts with the file's database already applied. */
type Bound<F extends (db: Db, ...rest: any[]) => any> = (...args: Tail<Parameters<F>>) => ReturnType<F>;

/** The registry (and customs chain) factories, writing into the file's hub database. */
export interface Seed {
  enterprise: Bound<typeof f.enterprise>;
  cooperative: Bound<typeof f.cooperative>;
  contract: Bound<typeof f.contract>;
  bulkRegistry: Bound<typeof f.bulkRegistry>;
  /** An approved enterprise, an approved cooperative with members and a contract between them. */
  landingChain: Bound<typeof landingChain>;
}

export function seedOf(db: Db): Seed {
  return {
    enterprise: (...a) => f.enterprise(db, ...a),
    cooperative: (...a) => f.cooperative(db, ...a),
    contract: (...a) => f.contract(db, ...a),
    bulkRegistry: (...a) => f.bulkRegistry(db, ...a),
    landingChain: (...a) => landingChain(db, ...a),
  };
}

export const test = base
  .extend('hubConfig', { scope: 'file' }, {} as Partial<Config>)
  .extend('hub', { scope: 'file' }, async ({ hubConfig }, { onCleanup }): Promise<TestHub> => {
    const hub = await startHub(hubConfig);
    onCleanup(() => hub.close());
    return hub;
  })
  .extend('as', { scope: 'file' }, async ({ hub }) => hub.as)
  .extend('db', { scope: 'file' }, async ({ hub }) => hub.db)
  .extend('seed', { scope: 'file' }, async ({ hub }) => seedOf(hub.db));

export const it = test;
/** The `as` fixture's type, for helpers that take it. */
export type As = TestHub['as'];
export { describe, expect } from 'vitest';
export { codeOf, reasonOf } from './hub';
