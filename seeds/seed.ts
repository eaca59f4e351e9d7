/**
 * The deterministic demo seed (SPEC §2): loaded on first start and by `npm run seed -- --scale N`.
 * Each domain adds its part after the registry, in dependency order.
 */
import { count } from 'drizzle-orm';
import type { Db } from '../src/db/client';
import { enterprisesTable } from '../src/modules/registry/table';
import { rng } from './random';
import { seedRegistry } from './registry';
import { seedReports } from './reports';

export interface SeedOptions { scale: number; log: (m: string) => void }

export async function isEmpty(db: Db): Promise<boolean> {
  const [r] = await db.select({ n: count() }).from(enterprisesTable);
  return Number(r?.n ?? 0) === 0;
}

export async function seedDemo(db: Db, opts: SeedOptions) {
  const r = rng(20250101);
  const registry = await seedRegistry(db, r, opts);
  await seedReports(db, r, opts, registry.enterprises);
  return { registry };
}
