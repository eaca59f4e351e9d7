/** Every domain's per-request loaders, under the domain's name (ctx.loaders.registry…). */
import type { Viewer } from '../authz/agencies';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { createAuditLoaders } from './audit/loaders';
import { createCustomsLoaders } from './customs';
import { createLedgerLoaders } from './ledger/loaders';
import { createMarketLoaders } from './market/loaders';
import { createQuotaLoaders } from './quota';
import { createRegistryLoaders } from './registry/loaders';
import { createReportsLoaders } from './reports/loaders';
import { createTaxLoaders } from './tax/loaders';

export function createLoaders(db: Db, viewer: Viewer, config: Config) {
  return {
    registry: createRegistryLoaders(db, viewer),
    customs: createCustomsLoaders(db, viewer, config),
    quota: createQuotaLoaders(db, viewer, config),
    ledger: createLedgerLoaders(db, viewer, config),
    tax: createTaxLoaders(db, viewer, config),
    market: createMarketLoaders(db, viewer, config),
    reports: createReportsLoaders(db, viewer, config),
    audit: createAuditLoaders(db, viewer, config),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
