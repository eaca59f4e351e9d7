import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/**
 * `column = any($1::type[])`: one array parameter instead of `in ($1 … $n)`. Loaders batch hundreds
 * of keys; as separate parameters each key went through drizzle's query builder and the server
 * re-planned for every list length (measured: ~10% of a nested list request's CPU).
 */
export function anyOf(column: PgColumn, values: readonly string[], type: 'uuid' | 'text' = 'uuid'): SQL {
  return sql`${column} = any(${sql.param([...values])}::${sql.raw(type)}[])`;
}
