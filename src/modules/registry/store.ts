import { inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { cooperativesTable, enterprisesTable, type EnterpriseRow } from './table';

// ── used by ledger ──

export type { EnterpriseRow };

/** Status and filing number of the enterprises with these ids (unknown ids are absent): one statement. */
export async function enterpriseStatusesByIds(db: DbOrTx, ids: readonly string[]): Promise<{ id: string; status: string; filingNo: string }[]> {
  if (!ids.length) return [];
  return db.select({ id: enterprisesTable.id, status: enterprisesTable.status, filingNo: enterprisesTable.filingNo })
    .from(enterprisesTable).where(inArray(enterprisesTable.id, [...ids]));
}

/**
 * The enterprises as a relation to join in another module's statement (ledger totals, reports):
 * columns id, name, filing_no, status, declared_loss_rate. Alias it, e.g. `from ${enterprisesSql()} e`.
 */
export function enterprisesSql(): SQL {
  return sql`(select id, name, filing_no, status, declared_loss_rate from ${enterprisesTable})`;
}

// ── used by tax ──

/** Which of these ids are enterprises: one statement. */
export async function existingEnterpriseIds(db: DbOrTx, ids: readonly string[]): Promise<string[]> {
  if (!ids.length) return [];
  return (await db.select({ id: enterprisesTable.id }).from(enterprisesTable).where(inArray(enterprisesTable.id, [...ids]))).map((e) => e.id);
}

// ── used by reports ──

/** Names of the enterprises with these ids: one statement. */
export async function enterpriseNamesByIds(db: DbOrTx, ids: readonly string[]): Promise<{ id: string; name: string }[]> {
  if (!ids.length) return [];
  return db.select({ id: enterprisesTable.id, name: enterprisesTable.name }).from(enterprisesTable).where(inArray(enterprisesTable.id, [...ids]));
}

/** Names of the cooperatives with these ids: one statement. */
export async function cooperativeNamesByIds(db: DbOrTx, ids: readonly string[]): Promise<{ id: string; name: string }[]> {
  if (!ids.length) return [];
  return db.select({ id: cooperativesTable.id, name: cooperativesTable.name }).from(cooperativesTable).where(inArray(cooperativesTable.id, [...ids]));
}
