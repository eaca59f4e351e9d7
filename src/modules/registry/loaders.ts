/** Per-request batch loaders of the registry: one statement per relation per nesting level. */
import DataLoader from 'dataloader';
import type { Viewer } from '../../authz/agencies';
import type { Db } from '../../db/client';
import { groupBy, byKey } from '../../shared/loader-utils';
import * as store from './store';
import type { EnterpriseRow, PrintedBorderResidentRow, PrintedCooperativeRow, PrintedSupplyContractRow } from './store';
import type { StatusChange } from './types';

export function createRegistryLoaders(db: Db, viewer: Viewer) {
  // Counterparties reached through a contract are visible in their registry fields (all
  // agencies, §9); contact and identity fields stay guarded by the matrix. Contracts themselves are
  // row-scoped (contractScope), so the only counterparties an org token reaches are its own.
  const enterpriseById = new DataLoader<string, EnterpriseRow | null>(async (ids) =>
    byKey(ids, await store.enterprisesByIds(db, ids), (r) => r.id));

  const cooperativeById = new DataLoader<string, PrintedCooperativeRow | null>(async (ids) =>
    byKey(ids, await store.cooperativesByIds(db, ids), (r) => r.id));

  /**
   * A resident's cooperative, within the viewer's row scope: a declaration's agent (or a declarant
   * who has moved on) may belong to a cooperative the ENTERPRISE or COOPERATIVE has no relation
   * to; its registry row is not opened to them through that path (null instead).
   */
  const residentCooperativeById = new DataLoader<string, PrintedCooperativeRow | null>(async (ids) =>
    byKey(ids, await store.visibleCooperativesByIds(db, viewer, ids), (r) => r.id));

  const contractsByEnterpriseId = new DataLoader<string, PrintedSupplyContractRow[]>(async (ids) =>
    groupBy(ids, await store.contractsByEnterpriseIds(db, viewer, ids), (r) => r.enterpriseId));

  const contractsByCooperativeId = new DataLoader<string, PrintedSupplyContractRow[]>(async (ids) =>
    groupBy(ids, await store.contractsByCooperativeIds(db, viewer, ids), (r) => r.cooperativeId));

  const membersByCooperativeId = new DataLoader<string, PrintedBorderResidentRow[]>(async (ids) =>
    groupBy(ids, await store.membersByCooperativeIds(db, viewer, ids), (r) => r.cooperativeId!));

  /** Status history (SPEC §15): one statement per nesting level and party type. */
  const historyLoader = (type: store.PartyType) => new DataLoader<string, StatusChange[]>(async (ids) => {
    const found = await store.statusHistoryOf(db, type, ids);
    const m = new Map<string, StatusChange[]>();
    for (const r of found) {
      const k = (type === 'ENTERPRISE' ? r.enterpriseId : r.cooperativeId)!;
      (m.get(k) ?? m.set(k, []).get(k)!).push({ status: r.status, from: r.fromAt, to: r.toAt, cause: r.cause });
    }
    return ids.map((id) => m.get(id) ?? []);
  });
  const statusHistoryByEnterpriseId = historyLoader('ENTERPRISE');
  const statusHistoryByCooperativeId = historyLoader('COOPERATIVE');

  const memberCountByCooperativeId = new DataLoader<string, number>(async (ids) => {
    const m = await store.memberCountsByCooperativeIds(db, ids);
    return ids.map((id) => m.get(id) ?? 0);
  });

  return {
    enterpriseById, cooperativeById, residentCooperativeById, contractsByEnterpriseId, contractsByCooperativeId,
    membersByCooperativeId, memberCountByCooperativeId, statusHistoryByEnterpriseId, statusHistoryByCooperativeId,
  };
}

export type RegistryLoaders = ReturnType<typeof createRegistryLoaders>;
