/** Per-request batch loaders of the registry: one statement per relation per nesting level. */
import DataLoader from 'dataloader';
import type { Viewer } from '../../authz/agencies';
import type { Db } from '../../db/client';
import { PrimedLoader, groupBy, byKey } from '../../shared/loader-utils';
import * as store from './store';
import type { BorderResidentRow, BorderTownshipRow, EnterpriseRow, MembershipRow, PrintedBorderResidentRow, PrintedCooperativeRow, PrintedSupplyContractRow } from './store';
import { beijingToday } from '../../shared/time';
import type { StatusChange } from './types';

export function createRegistryLoaders(db: Db, viewer: Viewer) {
  // Counterparties reached through a contract are visible in their registry fields (all
  // agencies, §9); contact and identity fields stay guarded by the matrix. Contracts themselves are
  // row-scoped (contractScope), so the only counterparties an org token reaches are its own.
  const enterpriseById = new DataLoader<string, EnterpriseRow | null>(async (ids) =>
    byKey(ids, await store.enterprisesByIds(db, ids), (r) => r.id));

  const cooperativeById = new DataLoader<string, PrintedCooperativeRow | null>(async (ids) =>
    byKey(ids, await store.cooperativesByIds(db, ids), (r) => r.id));

  /** Only the columns of store.SLIM_COOPERATIVE_FIELDS: for a cooperative asked nothing else (never primes cooperativeById). */
  const slimCooperativeById = new DataLoader<string, store.SlimCooperativeRow | null>(async (ids) =>
    byKey(ids, await store.slimCooperativesByIds(db, ids), (r) => r.id));

  /**
   * A resident's cooperative, within the viewer's row scope: a declaration's agent (or a declarant
   * who has moved on) may belong to a cooperative the ENTERPRISE or COOPERATIVE has no relation
   * to; its registry row is not opened to them through that path (null instead).
   */
  const residentCooperativeById = new DataLoader<string, PrintedCooperativeRow | null>(async (ids) =>
    byKey(ids, await store.visibleCooperativesByIds(db, viewer, ids), (r) => r.id));

  const wholeContracts = new Map<string, Promise<PrintedSupplyContractRow[]>>();
  const contractsByEnterpriseId = new PrimedLoader<PrintedSupplyContractRow[]>(async (ids) =>
    groupBy(ids, await store.contractsByEnterpriseIds(db, viewer, ids), (r) => r.enterpriseId), { cacheMap: wholeContracts });

  /**
   * The contracts with store.SLIM_CONTRACT_FIELDS' columns only (typed as whole rows: asked nothing
   * else). An enterprise whose whole contracts this request already asked for gets those (a
   * superset), so asking both never costs a second statement.
   */
  const slimContractsByEnterpriseId = new PrimedLoader<PrintedSupplyContractRow[]>(async (ids) => {
    const missing = ids.filter((id) => !wholeContracts.has(id));
    const read = missing.length ? groupBy(missing, await store.contractsByEnterpriseIds(db, viewer, missing, true), (r) => r.enterpriseId) : [];
    const slim = new Map(missing.map((id, i) => [id, read[i]!]));
    return Promise.all(ids.map((id) => slim.get(id) ?? wholeContracts.get(id)!));
  });

  const contractsByCooperativeId = new DataLoader<string, PrintedSupplyContractRow[]>(async (ids) =>
    groupBy(ids, await store.contractsByCooperativeIds(db, viewer, ids), (r) => r.cooperativeId));

  /**
   * Cooperative.members(asOf): one loader (one statement per nesting level) per date asked, and per
   * `slim` (store.SLIM_RESIDENT_FIELDS: the members asked nothing else, read with fewer columns).
   */
  const membersOn = new Map<string, DataLoader<string, PrintedBorderResidentRow[]>>();
  const membersByCooperativeId = (asOf: string, slim = false) => {
    const key = `${asOf}${slim ? ' slim' : ''}`;
    let l = membersOn.get(key);
    if (!l) {
      l = new DataLoader<string, PrintedBorderResidentRow[]>(async (ids) =>
        groupBy(ids, await store.membersByCooperativeIds(db, viewer, ids, asOf, slim), (r) => r.cooperativeId));
      membersOn.set(key, l);
    }
    return l;
  };

  /** BorderResident.memberships, row-scoped (a COOPERATIVE: its own memberships only). */
  const membershipsByResidentId = new DataLoader<string, MembershipRow[]>(async (ids) =>
    groupBy(ids, await store.membershipsByResidentIds(db, viewer, ids), (r) => r.residentId));

  /** The cooperative a resident is a member of today (Beijing), before row scope (see residentCooperativeById). */
  const currentCooperativeIdByResidentId = new DataLoader<string, string | null>(async (ids) =>
    byKey(ids, await store.cooperativesOfResidentsOn(db, ids, beijingToday()), (r) => r.residentId).map((r) => r?.cooperativeId ?? null));

  /** A membership's resident (the resident the membership was reached from). */
  const residentById = new DataLoader<string, BorderResidentRow | null>(async (ids) =>
    byKey(ids, await store.residentsByIds(db, ids), (r) => r.id));

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
    const m = await store.memberCountsByCooperativeIds(db, ids, beijingToday());
    return ids.map((id) => m.get(id) ?? 0);
  });

  /**
   * A cooperative read with today's member count in the same statement (a contract's cooperative
   * when the query asks its memberCount): fills `rows` (whole or slim) and memberCountByCooperativeId,
   * so neither sends a statement of its own for these ids.
   */
  const withMemberCount = <R extends { id: string }>(
    read: (ids: readonly string[], day: string) => Promise<(R & { memberCount: number })[]>, rows: DataLoader<string, R | null>,
  ) => new DataLoader<string, R | null>(async (ids) => {
    const found = await read(ids, beijingToday());
    for (const r of found) {
      memberCountByCooperativeId.prime(r.id, r.memberCount);
      rows.prime(r.id, r);
    }
    return byKey(ids, found, (r) => r.id);
  });
  const cooperativeWithMemberCountById = withMemberCount((ids, day) => store.cooperativesWithMemberCounts(db, ids, day), cooperativeById);
  /** The same with the slim columns (store.SLIM_COOPERATIVE_FIELDS). */
  const slimCooperativeWithMemberCountById = withMemberCount((ids, day) => store.slimCooperativesWithMemberCounts(db, ids, day), slimCooperativeById);

  /** The border-township list, read once per request (BorderResident.eligible on every row of a roster). */
  const townships = new DataLoader<'list', readonly BorderTownshipRow[]>(async (keys) => {
    const list = await store.cachedBorderTownships(db);
    return keys.map(() => list);
  });

  return {
    townships, enterpriseById, cooperativeById, slimCooperativeById, cooperativeWithMemberCountById, slimCooperativeWithMemberCountById, residentCooperativeById, contractsByEnterpriseId, slimContractsByEnterpriseId, contractsByCooperativeId,
    membersByCooperativeId, membershipsByResidentId, currentCooperativeIdByResidentId, residentById, memberCountByCooperativeId, statusHistoryByEnterpriseId, statusHistoryByCooperativeId,
  };
}

export type RegistryLoaders = ReturnType<typeof createRegistryLoaders>;
