/**
 * Reference data every deployment needs (commodity lists, the working-day calendar …), loaded
 * after migrations on every start. Loaders insert what is missing and never overwrite rows an
 * agency has since changed through the API.
 */
// A module's index.ts carries its type-graphql classes: their decorators need the metadata
// polyfill even when only a loader is wanted (npm run db:migrate, the test global setup).
import 'reflect-metadata';
import type { Database, Db } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { ensureCalendarDays } from './ledger';
import { ensureCommodityLists } from './customs';
import { ensureAnnualPlans } from './quota';

type ReferenceLoader = (db: Db) => Promise<void>;

const LOADERS: ReferenceLoader[] = [
  // each domain adds its loader here, e.g. (db) => ensureCommodityLists(db)
  (db) => ensureCalendarDays(db),
  (db) => ensureCommodityLists(db),
  (db) => ensureAnnualPlans(db),
];

export async function loadReferenceData(db: Db): Promise<void> {
  for (const load of LOADERS) await load(db);
}

/** What every start and every CLI does first: the migrations of migrations/, then the reference data. */
export async function prepareDatabase(database: Database): Promise<void> {
  await migrateDatabase(database);
  await loadReferenceData(database.db);
}
