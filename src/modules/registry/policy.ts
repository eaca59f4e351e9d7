/**
 * Row scope of the registry (SPEC §9): ENTERPRISE sees its own enterprise and the cooperatives it
 * has contracts with; COOPERATIVE its own cooperative, its members, and its contracted enterprises.
 * Applied inside list queries and loaders, so a forbidden row is never fetched.
 */
import { eq, inArray, sql, type SQL } from 'drizzle-orm';
import { orgOf, type Viewer } from '../../authz/agencies';
import { borderResidentsTable, cooperativeMembershipsTable, cooperativesTable, enterprisesTable, supplyContractsTable } from './table';

const NOTHING = sql`false`;

export function enterpriseScope(v: Viewer): SQL | undefined {
  if (v.agency === 'ENTERPRISE') return eq(enterprisesTable.id, orgOf(v));
  if (v.agency === 'COOPERATIVE') {
    return inArray(enterprisesTable.id, sql`(select ${supplyContractsTable.enterpriseId} from ${supplyContractsTable} where ${supplyContractsTable.cooperativeId} = ${orgOf(v)})`);
  }
  return undefined;
}

export function cooperativeScope(v: Viewer): SQL | undefined {
  if (v.agency === 'COOPERATIVE') return eq(cooperativesTable.id, orgOf(v));
  if (v.agency === 'ENTERPRISE') {
    return inArray(cooperativesTable.id, sql`(select ${supplyContractsTable.cooperativeId} from ${supplyContractsTable} where ${supplyContractsTable.enterpriseId} = ${orgOf(v)})`);
  }
  return undefined;
}

/**
 * Contracts: an ENTERPRISE sees its own contracts, a COOPERATIVE its own. Without this, an enterprise
 * could walk enterprise → contracts → cooperative → contracts → enterprise to its competitors and
 * their supply relations.
 */
export function contractScope(v: Viewer): SQL | undefined {
  if (v.agency === 'ENTERPRISE') return eq(supplyContractsTable.enterpriseId, orgOf(v));
  if (v.agency === 'COOPERATIVE') return eq(supplyContractsTable.cooperativeId, orgOf(v));
  return undefined;
}

/**
 * Residents: a COOPERATIVE sees its current and past members (and those with a membership that
 * starts later): a cooperative's records (declarations, quarterly reports, rosters as they were on a
 * date) name people who have since left, and it must still be able to read them. It never sees whom
 * they joined afterwards (membershipScope).
 */
export function residentScope(v: Viewer): SQL | undefined {
  if (v.agency === 'COOPERATIVE') {
    return inArray(borderResidentsTable.id, sql`(select ${cooperativeMembershipsTable.residentId} from ${cooperativeMembershipsTable} where ${cooperativeMembershipsTable.cooperativeId} = ${orgOf(v)})`);
  }
  if (v.agency === 'ENTERPRISE') return NOTHING;
  return undefined;
}

/** Memberships: a COOPERATIVE sees its own (not a former member's later cooperatives); an ENTERPRISE none. */
export function membershipScope(v: Viewer): SQL | undefined {
  if (v.agency === 'COOPERATIVE') return eq(cooperativeMembershipsTable.cooperativeId, orgOf(v));
  if (v.agency === 'ENTERPRISE') return NOTHING;
  return undefined;
}
