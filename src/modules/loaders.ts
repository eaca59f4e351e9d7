/**
 * Every domain's per-request loaders, under the domain's name (ctx.loaders.registry…). Created on
 * first use: a request that reads only the registry builds no customs or ledger DataLoaders.
 */
import type { Viewer } from '../authz/agencies';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { createCustodyLoaders } from './custody';
import { createCustomsLoaders } from './customs';
import { createLedgerLoaders } from './ledger';
import { createMarketLoaders } from './market';
import { createQuotaLoaders } from './quota';
import { createRegistryLoaders } from './registry';

const FACTORIES = {
  registry: (db: Db, viewer: Viewer) => createRegistryLoaders(db, viewer),
  customs: (db: Db, viewer: Viewer, config: Config) => createCustomsLoaders(db, viewer, config),
  quota: (db: Db, viewer: Viewer, config: Config) => createQuotaLoaders(db, viewer, config),
  ledger: (db: Db, viewer: Viewer, config: Config) => createLedgerLoaders(db, viewer, config),
  market: (db: Db, viewer: Viewer, config: Config) => createMarketLoaders(db, viewer, config),
  custody: (db: Db) => createCustodyLoaders(db),
};

export type Loaders = { readonly [K in keyof typeof FACTORIES]: ReturnType<(typeof FACTORIES)[K]> };

export function createLoaders(db: Db, viewer: Viewer, config: Config): Loaders {
  const made: Partial<Record<keyof typeof FACTORIES, unknown>> = {};
  const loaders = {} as Loaders;
  for (const key of Object.keys(FACTORIES) as (keyof typeof FACTORIES)[]) {
    Object.defineProperty(loaders, key, { enumerable: true, get: () => (made[key] ??= FACTORIES[key](db, viewer, config)) });
  }
  return loaders;
}
