/** Every SQL statement on the registry's tables. Writes take the caller's transaction. */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Agency } from '../../authz/agencies';
import type { DbOrTx, Tx } from '../../db/client';
import { rows } from '../../db/client';
import { borderResidentsTable, cooperativesTable, enterprisesTable, supplyContractsTable } from './table';

// ── used by customs ──
export type { BorderResidentRow, CooperativeRow, EnterpriseRow, SupplyContractRow } from './table';

/** Residents by row id (the declarant of a declaration). */
export const residentsByIds = (db: DbOrTx, ids: readonly string[]) =>
  db.select().from(borderResidentsTable).where(inArray(borderResidentsTable.id, [...ids]));

/** Residents by ID number (declarants of a batch, agents of declarations). */
export const residentsByIdNumbers = (db: DbOrTx, idNumbers: readonly string[]) =>
  db.select().from(borderResidentsTable).where(inArray(borderResidentsTable.idNumber, [...idNumbers]));

/** The id of the resident with this ID number, as a subquery (a declarations filter in one statement). */
export const residentIdOf = (idNumber: string): SQL => sql`(select id from border_residents where id_number = ${idNumber})`;

/** Status and filing number of cooperatives (the declaring cooperative of a batch's rows). */
export const cooperativeStatuses = (db: DbOrTx, ids: readonly string[]) =>
  db.select({ id: cooperativesTable.id, status: cooperativesTable.status, filingNo: cooperativesTable.filingNo })
    .from(cooperativesTable).where(inArray(cooperativesTable.id, [...ids]));

/** Status and filing number of enterprises (the destinations of a batch's rows). */
export const enterpriseStatuses = (db: DbOrTx, ids: readonly string[]) =>
  db.select({ id: enterprisesTable.id, status: enterprisesTable.status, filingNo: enterprisesTable.filingNo })
    .from(enterprisesTable).where(inArray(enterprisesTable.id, [...ids]));

/** Every contract between one of the cooperatives and one of the enterprises. */
export const contractsBetween = (db: DbOrTx, cooperativeIds: readonly string[], enterpriseIds: readonly string[]) =>
  db.select().from(supplyContractsTable)
    .where(and(inArray(supplyContractsTable.cooperativeId, [...cooperativeIds]), inArray(supplyContractsTable.enterpriseId, [...enterpriseIds])));

/**
 * Registers residents a declaration batch names, in ID-number order; one registered meanwhile by
 * another writer is left alone (on conflict nothing) and not returned.
 */
export const insertResidentsIfMissing = (tx: Tx, source: Agency, fresh: readonly { id_number: string; name: string; county: string }[]) =>
  rows<{ id: string; id_number: string; name: string }>(tx, sql`
      insert into border_residents (name, id_number, county, source)
      select x.name, x.id_number, x.county, ${source}::agency
        from jsonb_to_recordset(${JSON.stringify(fresh)}::jsonb) as x(name text, id_number text, county text)
       order by x.id_number
      on conflict (id_number) do nothing
      returning id, id_number, name`);

/**
 * Locks the residents' rows FOR NO KEY UPDATE in ID-number order (the caller passes them sorted):
 * serialises one declarant's writers without blocking foreign-key checks; sorted, so concurrent
 * lockers queue and never deadlock.
 */
export const lockResidents = (tx: Tx, idNumbers: readonly string[]) =>
  tx.select({ id: borderResidentsTable.id, idNumber: borderResidentsTable.idNumber }).from(borderResidentsTable)
    .where(inArray(borderResidentsTable.idNumber, [...idNumbers])).orderBy(borderResidentsTable.idNumber).for('no key update');

export async function deleteResidents(tx: Tx, ids: readonly string[]): Promise<void> {
  await tx.delete(borderResidentsTable).where(inArray(borderResidentsTable.id, [...ids]));
}

export async function renameResident(tx: Tx, id: string, name: string): Promise<void> {
  await tx.update(borderResidentsTable).set({ name }).where(eq(borderResidentsTable.id, id));
}
