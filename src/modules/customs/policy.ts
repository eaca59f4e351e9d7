/**
 * Row scope of customs data (SPEC §9 "declaration" class): CUSTOMS, COMMERCE and OPERATOR see
 * every declaration; an ENTERPRISE the declarations destined to it (inbound); a COOPERATIVE the
 * declarations it made. Every other agency sees none (aggregates only). Applied inside queries
 * and loaders so a forbidden row is never fetched.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import { orgOf, type Viewer } from '../../authz/agencies';
import { customsDeclarationsTable, factoryEntriesTable } from './table';

const NOTHING = sql`false`;
const FULL = new Set(['CUSTOMS', 'COMMERCE', 'OPERATOR']);

export function declarationScope(v: Viewer): SQL | undefined {
  if (FULL.has(v.agency)) return undefined;
  if (v.agency === 'ENTERPRISE') return eq(customsDeclarationsTable.destinationEnterpriseId, orgOf(v));
  if (v.agency === 'COOPERATIVE') return eq(customsDeclarationsTable.cooperativeId, orgOf(v));
  return NOTHING;
}

/** Factory entries: the receiving enterprise's own; a cooperative's when they carry its declarations. */
export function factoryEntryScope(v: Viewer): SQL | undefined {
  if (FULL.has(v.agency)) return undefined;
  if (v.agency === 'ENTERPRISE') return eq(factoryEntriesTable.enterpriseId, orgOf(v));
  if (v.agency === 'COOPERATIVE') {
    return sql`exists (select 1 from factory_entry_declarations fed join customs_declarations cd on cd.id = fed.declaration_id
      where fed.factory_entry_id = ${factoryEntriesTable.id} and cd.cooperative_id = ${orgOf(v)})`;
  }
  return NOTHING;
}
