/** Every SQL statement on the access log (SPEC §10). */
import { and, asc, count, desc, eq, gt, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { Agency } from '../../authz/agencies';
import { statementScope, type Db, type DbOrTx } from '../../db/client';
import { accessLogTable, type AccessLogRow } from './table';

export type { AccessLogRow };
export type NewAccessLogRow = typeof accessLogTable.$inferInsert;

/** Serialises appends across processes sharing the database: the chain has one tail. */
const CHAIN_LOCK = 0x41554449; // 'AUDI'

/**
 * Appends rows to the hash chain in one transaction: takes the chain lock, reads the tail's hash
 * (null for an empty log) and inserts what `link(prevHash)` builds in one multi-row insert (identity
 * values follow the VALUES order, which is the chain order). The log's own statements are not the
 * request's: they stay out of x-sql-statements.
 */
export async function appendToChain(db: Db, link: (prevHash: string | null) => NewAccessLogRow[]): Promise<void> {
  await statementScope.exit(() =>
    db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
      const [last] = await tx.select({ hash: accessLogTable.hash }).from(accessLogTable).orderBy(desc(accessLogTable.seq)).limit(1);
      await tx.insert(accessLogTable).values(link(last?.hash ?? null));
    }),
  );
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
