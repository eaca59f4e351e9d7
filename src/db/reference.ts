/**
 * Reference data every deployment needs (commodity lists, the working-day calendar …), loaded
 * after migrations on every start. Loaders insert what is missing and never overwrite rows an
 * agency has since changed through the API.
 */
import type { Db } from './client';
import { ensureCalendarDays } from '../modules/ledger/calendar';
import { ensureCommodityLists } from '../modules/customs';
import { ensureAnnualPlans } from '../modules/quota';

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
