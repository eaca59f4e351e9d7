/** Per-request batch loaders of the registry: one statement per relation per nesting level. */
import DataLoader from 'dataloader';
import { and, asc, count } from 'drizzle-orm';
import { anyOf } from '../../db/any-of';
import type { Viewer } from '../../authz/agencies';
import type { Db } from '../../db/client';
import { groupBy, byKey } from '../../shared/loader-utils';
import { contractScope, cooperativeScope, enterpriseScope, residentScope } from './policy';
import {
  borderResidentsTable, cooperativesTable, enterprisesTable, supplyContractsTable,
  type BorderResidentRow, type CooperativeRow, type EnterpriseRow, type SupplyContractRow,
} from './table';

export function createRegistryLoaders(db: Db, viewer: Viewer) {
  // Counterparties reached through a contract are visible in their registry fields (all
  // agencies, §9); contact and identity fields stay guarded by the matrix. Contracts themselves are
  // row-scoped (contractScope), so the only counterparties an org token reaches are its own.
  const enterpriseById = new DataLoader<string, EnterpriseRow | null>(async (ids) =>
    byKey(ids, await db.select().from(enterprisesTable).where(anyOf(enterprisesTable.id, ids)), (r) => r.id));

  const cooperativeById = new DataLoader<string, CooperativeRow | null>(async (ids) =>
    byKey(ids, await db.select().from(cooperativesTable).where(anyOf(cooperativesTable.id, ids)), (r) => r.id));

  const contractsByEnterpriseId = new DataLoader<string, SupplyContractRow[]>(async (ids) =>
    groupBy(ids, await db.select().from(supplyContractsTable)
      .where(and(anyOf(supplyContractsTable.enterpriseId, ids), contractScope(viewer)))
      .orderBy(asc(supplyContractsTable.validFrom), asc(supplyContractsTable.id)), (r) => r.enterpriseId));

  const contractsByCooperativeId = new DataLoader<string, SupplyContractRow[]>(async (ids) =>
    groupBy(ids, await db.select().from(supplyContractsTable)
      .where(and(anyOf(supplyContractsTable.cooperativeId, ids), contractScope(viewer)))
      .orderBy(asc(supplyContractsTable.validFrom), asc(supplyContractsTable.id)), (r) => r.cooperativeId));

  const membersByCooperativeId = new DataLoader<string, BorderResidentRow[]>(async (ids) =>
    groupBy(ids, await db.select().from(borderResidentsTable)
      .where(and(anyOf(borderResidentsTable.cooperativeId, ids), residentScope(viewer)))
      .orderBy(asc(borderResidentsTable.idNumber)), (r) => r.cooperativeId!));

  const memberCountByCooperativeId = new DataLoader<string, number>(async (ids) => {
    const rows = await db.select({ id: borderResidentsTable.cooperativeId, n: count() }).from(borderResidentsTable)
      .where(anyOf(borderResidentsTable.cooperativeId, ids)).groupBy(borderResidentsTable.cooperativeId);
    const m = new Map(rows.map((r) => [r.id, Number(r.n)]));
    return ids.map((id) => m.get(id) ?? 0);
  });

  /** Root lookups honour row scope (SPEC §9). */
  const scopedEnterpriseById = new DataLoader<string, EnterpriseRow | null>(async (ids) =>
    byKey(ids, await db.select().from(enterprisesTable).where(and(anyOf(enterprisesTable.id, ids), enterpriseScope(viewer))), (r) => r.id));
  const scopedCooperativeById = new DataLoader<string, CooperativeRow | null>(async (ids) =>
    byKey(ids, await db.select().from(cooperativesTable).where(and(anyOf(cooperativesTable.id, ids), cooperativeScope(viewer))), (r) => r.id));

  return {
    enterpriseById, cooperativeById, contractsByEnterpriseId, contractsByCooperativeId,
    membersByCooperativeId, memberCountByCooperativeId, scopedEnterpriseById, scopedCooperativeById,
  };
}

export type RegistryLoaders = ReturnType<typeof createRegistryLoaders>;
