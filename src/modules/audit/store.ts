/** Every SQL statement on the access log (SPEC §10). */
import { and, asc, count, desc, eq, getTableColumns, gt, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Agency } from '../../authz/agencies';
import { builtOnce, rows as rowsOf, statementScope, type Db, type DbOrTx, type Tx } from '../../db/client';
import { accessLogAnchorTable, accessLogHeadTable, accessLogRecordSetTable, accessLogTable, type AccessLogRow } from './table';

export type { AccessLogRow };
export type NewAccessLogRow = typeof accessLogTable.$inferInsert;
export type AnchorRow = typeof accessLogAnchorTable.$inferSelect;
export interface Head { seq: number; hash: string }

/**
 * One flush of the writer, in one transaction: locks the head row (FOR UPDATE: the only lock, one
 * per flush, which serialises the flushes of several processes sharing the database) and hands it
 * to `work`, which inserts and returns the new head. The log's own statements are not the
 * request's: they stay out of x-sql-statements.
 */
export async function withLockedHead<T>(db: Db, work: (tx: Tx, head: Head) => Promise<{ head: Head; result: T }>): Promise<T> {
  return statementScope.exit(() =>
    db.transaction(async (tx) => {
      const [locked] = await tx.select({ seq: accessLogHeadTable.seq, hash: accessLogHeadTable.hash })
        .from(accessLogHeadTable).where(eq(accessLogHeadTable.id, 1)).for('update');
      const before = locked ?? await startHead(tx);
      const { head, result } = await work(tx, before);
      if (head.seq !== before.seq) {
        await tx.update(accessLogHeadTable).set({ seq: head.seq, hash: head.hash }).where(eq(accessLogHeadTable.id, 1));
      }
      return result;
    }),
  );
}

const LOG_COLUMNS = Object.entries(getTableColumns(accessLogTable)).map(([key, c]) => [key, c.name] as const);
/** Columns the writer may leave out, and their defaults (as the table's). */
const LOG_DEFAULTS: Record<string, SQL> = { id: sql`gen_random_uuid()`, variables: sql`'{}'::jsonb`, personal_record_ids: sql`'{}'::text[]` };
const LOG_INSERT_COLUMNS = sql.raw(LOG_COLUMNS.map(([, n]) => `"${n}"`).join(', '));
const LOG_SELECT_COLUMNS = sql.join(LOG_COLUMNS.map(([, n]) => (LOG_DEFAULTS[n] ? sql`coalesce(r.${sql.identifier(n)}, ${LOG_DEFAULTS[n]})` : sql`r.${sql.identifier(n)}`)), sql`, `);

/**
 * The common flush in one statement and one round trip (instead of begin, lock, insert, update,
 * commit): the rows are inserted and the head moved to `to` only if the head is still `from`, the
 * head this writer wrote last. The UPDATE takes the head's row lock, so a concurrent writer (another
 * process) either waits and then finds the head moved (false: nothing written, the caller takes the
 * locked path) or finds it moved already. One statement: rows and head move together or not at all.
 */
export async function appendIfHeadIs(db: Db, from: Head, to: Head, rows: NewAccessLogRow[]): Promise<boolean> {
  const json = JSON.stringify(rows.map((r) => Object.fromEntries(LOG_COLUMNS.map(([key, n]) => {
    const v = (r as Record<string, unknown>)[key];
    return [n, v instanceof Date ? v.toISOString() : v ?? null];
  }))));
  return statementScope.exit(async () => {
    const written = await appendStatement(db, { toSeq: to.seq, toHash: to.hash, fromSeq: from.seq, fromHash: from.hash, json });
    return written.length === rows.length;
  });
}

// Built once: every flush sends it (drizzle rebuilt its text per flush, ~3 % of a small request's CPU).
const appendStatement = builtOnce(() => sql`
      with moved as (
        update access_log_head set seq = ${sql.placeholder('toSeq')}, hash = ${sql.placeholder('toHash')}
        where id = 1 and seq = ${sql.placeholder('fromSeq')} and hash = ${sql.placeholder('fromHash')} returning id)
      insert into access_log (${LOG_INSERT_COLUMNS})
      select ${LOG_SELECT_COLUMNS} from json_populate_recordset(null::access_log, ${sql.placeholder('json')}::json) r
      where exists (select from moved)
      returning seq`);

/** The head row is made by the migration; a database that lost it starts one from the log's last row. */
async function startHead(tx: Tx): Promise<Head> {
  const [last] = await tx.select({ seq: accessLogTable.seq, hash: accessLogTable.hash }).from(accessLogTable).orderBy(desc(accessLogTable.seq)).limit(1);
  const head = { seq: last?.seq ?? 0, hash: last?.hash ?? '0'.repeat(64) };
  await tx.insert(accessLogHeadTable).values({ id: 1, ...head }).onConflictDoNothing();
  const [locked] = await tx.select({ seq: accessLogHeadTable.seq, hash: accessLogHeadTable.hash })
    .from(accessLogHeadTable).where(eq(accessLogHeadTable.id, 1)).for('update');
  return locked!;
}

/**
 * Rows in chain order (= seq order) in one multi-row insert, inside a savepoint: false when the
 * database refused them (nothing of them is kept, the flush's transaction goes on), so the caller
 * can fall back to one row at a time. Also used for one row alone.
 */
export async function tryInsertRows(tx: Tx, rows: NewAccessLogRow[]): Promise<boolean> {
  if (!rows.length) return true;
  try {
    await tx.transaction(async (sp) => { await sp.insert(accessLogTable).values(rows); });
    return true;
  } catch {
    return false;
  }
}

/**
 * Rows in chain order in one multi-row insert without a savepoint (two round trips fewer per
 * flush): a refusal aborts the flush's transaction, so the caller marks it and redoes the flush
 * with `tryInsertRows`.
 */
export async function insertRows(tx: Tx, rows: NewAccessLogRow[]): Promise<void> {
  if (rows.length) await tx.insert(accessLogTable).values(rows);
}

/** Keeps each personal-record id list once (the row refers to it by hash). */
export async function saveRecordSets(tx: Tx, sets: { hash: string; ids: string[] }[]): Promise<void> {
  if (sets.length) await tx.insert(accessLogRecordSetTable).values(sets).onConflictDoNothing();
}

export async function recordSets(db: DbOrTx, hashes: string[]): Promise<Map<string, string[]>> {
  if (!hashes.length) return new Map();
  const found = await db.select().from(accessLogRecordSetTable).where(inArray(accessLogRecordSetTable.hash, hashes));
  return new Map(found.map((r) => [r.hash, r.ids]));
}

export async function lastAnchor(tx: DbOrTx): Promise<AnchorRow | undefined> {
  const [a] = await tx.select().from(accessLogAnchorTable).orderBy(desc(accessLogAnchorTable.n)).limit(1);
  return a;
}

export async function insertAnchor(tx: Tx, a: AnchorRow): Promise<void> {
  await tx.insert(accessLogAnchorTable).values(a);
}

export const allAnchors = (db: DbOrTx): Promise<AnchorRow[]> =>
  db.select().from(accessLogAnchorTable).orderBy(asc(accessLogAnchorTable.n));

export async function readHead(db: DbOrTx): Promise<Head | undefined> {
  const [h] = await db.select({ seq: accessLogHeadTable.seq, hash: accessLogHeadTable.hash }).from(accessLogHeadTable).where(eq(accessLogHeadTable.id, 1));
  return h;
}

export interface AccessLogFilter { agency?: Agency; sub?: string; from?: Date; to?: Date }

function filterOf(f: AccessLogFilter): SQL | undefined {
  return and(
    f.agency ? eq(accessLogTable.agency, f.agency) : undefined,
    f.sub ? eq(accessLogTable.sub, f.sub) : undefined,
    f.from ? gte(accessLogTable.at, f.from) : undefined,
    f.to ? lte(accessLogTable.at, f.to) : undefined,
  );
}

/** Rows after a chain position (0: from the start) under a filter, in chain order. */
export const accessLogAfter = (db: DbOrTx, afterSeq: number, limit: number, f: AccessLogFilter = {}): Promise<AccessLogRow[]> =>
  db.select().from(accessLogTable).where(and(filterOf(f), gt(accessLogTable.seq, afterSeq))).orderBy(asc(accessLogTable.seq)).limit(limit);

export const countAccessLog = (db: DbOrTx, f: AccessLogFilter): Promise<number> =>
  db.select({ n: count() }).from(accessLogTable).where(filterOf(f)).then((r) => Number(r[0]?.n ?? 0));
