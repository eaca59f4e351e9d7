/** Every SQL statement on the customs tables. */
import { and, gte, inArray, max, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client';
import { customsDeclarationsTable } from './table';

// ── used by market ──

/**
 * The latest declaration date on or after `since` per cooperative, one statement for all of them
 * (market's dormancy, SPEC §7). Every declaration counts, whatever its status. Absent = none.
 */
export async function lastDeclaredOnSince(db: DbOrTx, cooperativeIds: readonly string[], since: string): Promise<Map<string | null, string | null>> {
  const rows = await db.select({ id: customsDeclarationsTable.cooperativeId, last: max(customsDeclarationsTable.declaredOn) })
    .from(customsDeclarationsTable)
    .where(and(inArray(customsDeclarationsTable.cooperativeId, [...cooperativeIds]), gte(customsDeclarationsTable.declaredOn, since)))
    .groupBy(customsDeclarationsTable.cooperativeId);
  return new Map(rows.map((r) => [r.id, r.last]));
}

/** Condition on a cooperative id column: it has a declaration on or after a Beijing date (the registry's `dormant` filter). */
export const declaredOnOrAfter = (cooperativeId: AnyPgColumn, day: string): SQL =>
  sql`exists (select 1 from ${customsDeclarationsTable} d where d.cooperative_id = ${cooperativeId} and d.declared_on >= ${day})`;
