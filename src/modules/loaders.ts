/** Every domain's per-request loaders, under the domain's name (ctx.loaders.registry…). */
import type { Viewer } from '../authz/agencies';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { createCustodyLoaders } from './custody';
import { createCustomsLoaders } from './customs';
import { createLedgerLoaders } from './ledger';
import { createMarketLoaders } from './market';
import { createQuotaLoaders } from './quota';
import { createRegistryLoaders } from './registry';

export function createLoaders(db: Db, viewer: Viewer, config: Config) {
  return {
    registry: createRegistryLoaders(db, viewer),
    customs: createCustomsLoaders(db, viewer, config),
    quota: createQuotaLoaders(db, viewer, config),
    ledger: createLedgerLoaders(db, viewer, config),
    market: createMarketLoaders(db, viewer, config),
    custody: createCustodyLoaders(db),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
