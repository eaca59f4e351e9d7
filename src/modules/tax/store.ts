/** Every SQL statement on the tax module's table (tax_records). Writes take the caller's transaction. */
import { and, eq, gte } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { paginate, type PageArgs } from '../../shared/pagination';
import { taxRecordsTable, type TaxRecordRow } from './table';

export type { TaxRecordRow };

export type NewTaxRecord = typeof taxRecordsTable.$inferInsert;

/** Inserts the record unless (enterprise, period) is taken; true when it was stored. */
export async function insertTaxRecord(tx: DbOrTx, values: NewTaxRecord): Promise<boolean> {
  const inserted = await tx.insert(taxRecordsTable).values(values)
    .onConflictDoNothing({ target: [taxRecordsTable.enterpriseId, taxRecordsTable.period] })
    .returning({ id: taxRecordsTable.id });
  return inserted.length > 0;
}

/** The content hash of the record stored for (enterprise, period), if any. */
export async function taxRecordHash(tx: DbOrTx, enterpriseId: string, period: string): Promise<string | null> {
  const [existing] = await tx.select({ contentHash: taxRecordsTable.contentHash }).from(taxRecordsTable)
    .where(and(eq(taxRecordsTable.enterpriseId, enterpriseId), eq(taxRecordsTable.period, period)));
  return existing?.contentHash ?? null;
}

export interface TaxRecordQuery { enterpriseId?: string; period?: string; updatedSince?: Date }

/** A page of tax records. Only TAX and COMMERCE reach this (matrix); neither is row-scoped. */
export function taxRecordsPage(db: DbOrTx, f: TaxRecordQuery, page: PageArgs) {
  const t = taxRecordsTable;
  return paginate<TaxRecordRow>(db, t, [
    f.enterpriseId ? eq(t.enterpriseId, f.enterpriseId) : undefined,
    f.period ? eq(t.period, f.period) : undefined,
    f.updatedSince ? gte(t.updatedAt, f.updatedSince) : undefined,
  ], page);
}
