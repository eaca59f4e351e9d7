/**
 * The deterministic demo seed (SPEC §2): loaded on first start and by `npm run seed -- --scale N`.
 * Each domain adds its part after the registry, in dependency order.
 */
import { count, sql } from 'drizzle-orm';
import type { Db } from '../src/db/client';
import '../src/modules/wiring';
import { enterprisesTable } from '../src/modules/registry/table';
import { rng } from './random';
import { seedLedger } from './ledger';
import { seedMarket } from './market';
import { seedRegistry } from './registry';
import { seedCustoms } from './customs';
import { seedReports } from './reports';

export interface SeedOptions { scale: number; log: (m: string) => void }

export async function isEmpty(db: Db): Promise<boolean> {
  const [r] = await db.select({ n: count() }).from(enterprisesTable);
  return Number(r?.n ?? 0) === 0;
}

export async function seedDemo(db: Db, opts: SeedOptions) {
  const r = rng(20250101);
  const registry = await seedRegistry(db, r, opts);
  const customs = await seedCustoms(db, r, registry, opts);
  const ledger = await seedLedger(db, r, opts, registry);
  // Market after customs: it exits a cooperative chosen among those without recent declarations.
  const market = await seedMarket(db, r, opts, registry);
  await seedReports(db, r, opts, registry.enterprises);
  // Fresh statistics after the bulk load: the planner would otherwise cost the custody queries on
  // empty tables (PGlite runs no autovacuum) and pick nested loops over tens of thousands of rows.
  await db.execute(sql`analyze`);
  return { registry, customs, ledger, market };
}
