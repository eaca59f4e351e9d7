/**
 * Reference data cached in memory (issue 15 item 4): small tables that change rarely and are read
 * by many requests (the working-day calendar, the commodity lists, the border townships).
 *
 * How it stays right, on every instance and on both drivers:
 * - migration 0020_reference_versions gives each reference table a row in `reference_versions`,
 *   bumped by a statement-level trigger on any write to the table, committed with that write;
 * - `get(db)` runs ONE statement: the table's current version and, only when it differs from the
 *   version this process holds, the data (as one JSON value). A request therefore costs the same
 *   number of statements as before (one), but the data is transferred and built only after a
 *   change; a change by another instance, the CLI or SQL by hand is seen by the next read.
 * - Inside a transaction (`tx`) the cache is bypassed (the transaction may see its own uncommitted
 *   writes, which must never be cached), and the data is read in the same statement form.
 * - Cached per database client (tests open many databases in one process).
 *
 * API (for the module that owns the table, in its store.ts):
 *   const townships = referenceCache({
 *     table: 'border_townships',                                 // the name the trigger is given
 *     rows: sql`select code, name from ${borderTownshipsTable}`, // every row the callers need
 *     build: (rows: { code: string; name: string }[]) => new Map(rows.map((r) => [r.code, r.name])),
 *   });
 *   export const borderTownships = (db: DbOrTx) => townships.get(db); // Promise<Map<…>>
 * and, in a custom migration (npx drizzle-kit generate --custom --name <what>):
 *   CREATE TRIGGER border_townships_reference_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
 *     ON border_townships FOR EACH STATEMENT EXECUTE FUNCTION hub_reference_changed('border_townships');
 *   INSERT INTO reference_versions (name) VALUES ('border_townships') ON CONFLICT (name) DO NOTHING;
 * The rows come back through JSON: dates and timestamps as text, numerics as numbers — select them
 * `::text` where exact text matters. `build` runs once per version; its result is shared by every
 * request, so treat it as read-only.
 */
import { is, sql, type SQL } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { rows, type DbOrTx } from './client';

export interface ReferenceCache<T> {
  /** The data as of the latest committed version (one statement). */
  get(db: DbOrTx): Promise<T>;
  /**
   * get()'s question asked inside a statement the caller sends anyway (one round trip instead of
   * two): `columns(p)` are the select-list columns "refVersion" and "refData", comparing with the
   * version passed as placeholder `p` (the statement's text can then be built once); `probe(db)`
   * gives that placeholder's value (`held`) and reads the data from any row the statement
   * returned. A statement that returns no row answers nothing: call get() if the data is needed.
   */
  columns(placeholder: string): SQL;
  probe(db: DbOrTx): { held: string | null; read(row: ReferenceColumns): Promise<T> };
}

/** The columns of ReferenceCache.columns, as a row returns them. */
export interface ReferenceColumns { refVersion: string | null; refData: string | null }

interface Held<T> { version: string; value: T }

export function referenceCache<R, T>(opts: { table: string; rows: SQL; build: (rows: R[]) => T }): ReferenceCache<T> {
  const held = new WeakMap<object, Held<T>>();
  const data = sql`(select coalesce(json_agg(r), '[]'::json)::text from (${opts.rows}) r)`;
  const clientOf = (db: DbOrTx) => (is(db, PgTransaction) ? undefined : (db as { $client?: object }).$client);
  /** The data from a row of the version check (`known`: what this process held when the statement was built). */
  const accept = async (db: DbOrTx, client: object | undefined, known: Held<T> | undefined, row: { version: string | null; data: string | null } | undefined) => {
    if (row?.data == null) {
      if (known && row?.version === known.version) return known.value;
      // No version row (a table the migration does not know): read without caching.
      return opts.build(JSON.parse((await rows<{ data: string }>(db, sql`select ${data} as data`))[0]!.data) as R[]);
    }
    const value = opts.build(JSON.parse(row.data) as R[]);
    if (client && row.version != null) {
      const now = held.get(client);
      // Two requests may race to refresh: keep the newer version.
      if (!now || BigInt(row.version) >= BigInt(now.version)) held.set(client, { version: row.version, value });
    }
    return value;
  };
  const version = sql`(select version from reference_versions where name = ${opts.table})`;
  return {
    async get(db) {
      const client = clientOf(db);
      const known = client ? held.get(client) : undefined;
      const [row] = await rows<{ version: string | null; data: string | null }>(db, sql`
        select v.version::text as version,
          case when v.version is distinct from ${known?.version ?? null}::bigint then ${data} end as data
        from (select (select version from reference_versions where name = ${opts.table}) as version) v`);
      return accept(db, client, known, row);
    },
    columns(placeholder) {
      // Uncorrelated subqueries: PostgreSQL evaluates each once per statement, the data only when the version moved.
      return sql`${version}::text as "refVersion",
        case when ${version} is distinct from ${sql.placeholder(placeholder)}::bigint then ${data} end as "refData"`;
    },
    probe(db) {
      const client = clientOf(db);
      const known = client ? held.get(client) : undefined;
      return {
        held: known?.version ?? null,
        read: (row) => accept(db, client, known, { version: row.refVersion, data: row.refData }),
      };
    },
  };
}
