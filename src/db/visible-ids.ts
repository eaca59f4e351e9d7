/**
 * "Which ids of this table may the viewer read", as a subquery built from a module's row-scope
 * condition: the change feed (SPEC §16) asks each module for these instead of copying its policy.
 * undefined: every row (no scope for this viewer).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';

export type VisibleIds = Record<string, SQL | undefined>;

export function idsWhere(table: PgTable & { id: PgColumn }, condition: SQL | undefined): SQL | undefined {
  return condition === undefined ? undefined : sql`select ${table.id} from ${table} where ${condition}`;
}
