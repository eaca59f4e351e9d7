/**
 * Rows read for GraphQL output only, without drizzle's row mapping (issue 15, "loaders that map
 * them once"). `printedColumns(table)` selects every column of a table under its property name,
 * with each timestamptz already formatted in SQL as the text DateTimeScalar prints
 * (`2025-03-01T09:30:00.000+08:00`, Beijing time, milliseconds): no `Date` object per timestamp per
 * row, and the scalar passes that text through unchanged. Numerics stay strings, dates YYYY-MM-DD,
 * arrays are parsed by the driver: the same values as drizzle's mapping on both drivers.
 *
 * Use it for rows that only go to GraphQL resolvers; code that computes with a timestamp (cursors,
 * comparisons) keeps drizzle's `Date` rows.
 */
import { getTableColumns, is, sql, type SQL } from 'drizzle-orm';
import { PgTimestamp, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';

/** A row whose `Date` fields are Beijing ISO text (see beijingIsoText). */
export type Printed<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

/** A timestamptz as the text DateTimeScalar prints (Beijing wall time, +08:00, milliseconds). */
export const beijingIsoText = (c: PgColumn | SQL): SQL<string> =>
  sql<string>`to_char((${c} at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD"T"HH24:MI:SS.MS"+08:00"')`;

/** The same for a timestamp without time zone, which drizzle reads as UTC. */
const beijingIsoTextOfUtc = (c: PgColumn): SQL<string> =>
  sql<string>`to_char(${c} + interval '8 hours', 'YYYY-MM-DD"T"HH24:MI:SS.MS"+08:00"')`;

const printedColumn = (c: PgColumn): PgColumn | SQL =>
  is(c, PgTimestamp) ? (c.withTimezone ? beijingIsoText(c) : beijingIsoTextOfUtc(c)) : c;

const cache = new WeakMap<PgTable, SQL>();

/** `col as "prop", …` for every column of the table (timestamps as beijingIsoText); built once per table. */
export function printedColumns(table: PgTable): SQL {
  let list = cache.get(table);
  if (!list) {
    list = sql.join(Object.entries(getTableColumns(table)).map(([prop, c]) =>
      sql`${printedColumn(c)} as ${sql.identifier(prop)}`), sql`, `);
    cache.set(table, list);
  }
  return list;
}

const jsonCache = new WeakMap<PgTable, SQL>();

/**
 * The same columns for a row nested as JSON (`json_agg` of a subquery, parsed by the driver): the
 * values must come out equal to what `printedColumns` gives on its own. JSON keeps text, booleans,
 * nulls, dates (`YYYY-MM-DD`), text arrays and the printed timestamps as they are, but would turn a
 * numeric into a number: numerics are cast to the text the driver hands over. A type JSON cannot
 * carry the same way (bigint, interval, bytea, money) is refused when the list is built.
 */
export function printedJsonColumns(table: PgTable): SQL {
  let list = jsonCache.get(table);
  if (!list) {
    list = sql.join(Object.entries(getTableColumns(table)).map(([prop, c]) => {
      const type = c.getSQLType();
      if (/^(bigint|bigserial|interval|bytea|money)/.test(type)) throw new Error(`printedJsonColumns: ${prop} (${type}) has no JSON form equal to the driver's`);
      const value = type.startsWith('numeric') ? sql`${c}::${sql.raw(type.endsWith('[]') ? 'text[]' : 'text')}` : printedColumn(c);
      return sql`${value} as ${sql.identifier(prop)}`;
    }), sql`, `);
    jsonCache.set(table, list);
  }
  return list;
}

/** The columns of a table as `select *` reads them through drizzle, for statements built once (builtOnce). */
export interface TableRows<T> {
  /** `"table"."col" as "prop", …`: every column under its property name, as the driver returns it. */
  columns: SQL;
  /** A row of those columns as drizzle's `select()` maps it (timestamps as `Date`, …); other keys of the row are left out. */
  map(row: Record<string, unknown>): T;
}

const tableRowsCache = new WeakMap<PgTable, TableRows<unknown>>();

/**
 * For a hot statement whose text is built once: drizzle's select builder rebuilds the statement's
 * text and maps rows through its generic walk on every call. The same values, per column:
 * `mapFromDriverValue` of a non-null value, as drizzle's `mapResultRow` does.
 */
export function tableRows<T>(table: PgTable): TableRows<T> {
  let found = tableRowsCache.get(table) as TableRows<T> | undefined;
  if (!found) {
    found = rowsOf<T>(Object.entries(getTableColumns(table)));
    tableRowsCache.set(table, found as TableRows<unknown>);
  }
  return found;
}

/**
 * The same for some columns of a table only (build it once, at module load): a row of it has
 * only those properties, so it may go only where nothing else of the row is read.
 */
export function someTableRows<T, K extends keyof T & string>(table: PgTable, props: readonly K[]): TableRows<Pick<T, K>> {
  const all = getTableColumns(table);
  return rowsOf<Pick<T, K>>(props.map((p) => {
    if (!all[p]) throw new Error(`someTableRows: no column ${p}`);
    return [p, all[p]] as [string, PgColumn];
  }));
}

/** someTableRows' select list alone, for rows read as printed (never mapped): `col as "prop", …`. */
export const someColumns = <T>(table: PgTable, props: readonly (keyof T & string)[]): SQL =>
  someTableRows<T, keyof T & string>(table, props).columns;

function rowsOf<T>(entries: [string, PgColumn][]): TableRows<T> {
  return {
    columns: sql.join(entries.map(([prop, c]) => sql`${c} as ${sql.identifier(prop)}`), sql`, `),
    map(row) {
      const out: Record<string, unknown> = {};
      for (const [prop, c] of entries) {
        const v = row[prop];
        out[prop] = v === null || v === undefined ? null : c.mapFromDriverValue(v);
      }
      return out as T;
    },
  };
}
