/** Tax records (SPEC §6, §12): a batch from TAX, keyed by enterprise + period, idempotent. */
import { and, eq, inArray } from 'drizzle-orm';
import type { Viewer } from '../../authz/agencies';
import type { Db } from '../../db/client';
import { checkBatchSize, runBatch, type BatchResult } from '../../shared/batch';
import { badInput } from '../../shared/errors';
import { isUuid } from '../../shared/ids';
import { beijingPeriod } from '../../shared/time';
import { yuanInput } from '../../shared/decimal';
import { contentHash } from '../../shared/hash';
import { enterprisesTable } from '../registry/table';
import { taxRecordsTable } from './table';
import type { TaxRecordInput } from './types';


export const taxRecordKey = (x: TaxRecordInput) => `${x.enterpriseId}:${x.period}`;

export function normalizeTaxRecord(x: TaxRecordInput, now = new Date()) {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(x.period)) throw badInput('period', 'INVALID_VALUE', 'period is YYYY-MM.');
  if (x.period > beijingPeriod(now)) throw badInput('period', 'INVALID_VALUE', `Period ${x.period} has not begun yet.`);
  if (!(x.filedAt instanceof Date) || Number.isNaN(x.filedAt.getTime())) throw badInput('filedAt', 'INVALID_VALUE', 'filedAt is an ISO-8601 instant with offset.');
  const content = {
    salesInvoicedYuan: yuanInput('salesInvoicedYuan', x.salesInvoicedYuan),
    outputVatYuan: yuanInput('outputVatYuan', x.outputVatYuan),
    inputVatYuan: yuanInput('inputVatYuan', x.inputVatYuan),
    agriculturalInputDeductionYuan: yuanInput('agriculturalInputDeductionYuan', x.agriculturalInputDeductionYuan),
    vatPaidYuan: yuanInput('vatPaidYuan', x.vatPaidYuan),
    filedAt: x.filedAt.toISOString(),
  };
  return { ...content, filedAt: x.filedAt, contentHash: contentHash(content) };
}

export async function submitTaxRecords(db: Db, viewer: Viewer, inputs: TaxRecordInput[]): Promise<BatchResult> {
  checkBatchSize(inputs);
  const ids = [...new Set(inputs.map((x) => x.enterpriseId).filter(isUuid))];
  const known = new Set(ids.length
    ? (await db.select({ id: enterprisesTable.id }).from(enterprisesTable).where(inArray(enterprisesTable.id, ids))).map((e) => e.id)
    : []);
  return runBatch(db, inputs, {
    keyOf: taxRecordKey,
    async row(tx, input) {
      if (!known.has(input.enterpriseId)) throw badInput('enterpriseId', 'NOT_FOUND', `No enterprise ${input.enterpriseId}.`);
      const v = normalizeTaxRecord(input);
      const inserted = await tx.insert(taxRecordsTable)
        .values({ ...v, enterpriseId: input.enterpriseId, period: input.period, source: viewer.agency })
        .onConflictDoNothing({ target: [taxRecordsTable.enterpriseId, taxRecordsTable.period] })
        .returning({ id: taxRecordsTable.id });
      if (inserted.length) return 'ACCEPTED';
      const [existing] = await tx.select({ contentHash: taxRecordsTable.contentHash }).from(taxRecordsTable)
        .where(and(eq(taxRecordsTable.enterpriseId, input.enterpriseId), eq(taxRecordsTable.period, input.period)));
      if (existing?.contentHash === v.contentHash) return 'DUPLICATE';
      throw badInput('period', 'KEY_CONFLICT', `A different tax record of this enterprise for ${input.period} is already stored.`);
    },
  });
}
