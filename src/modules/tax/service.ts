/** Tax records (SPEC §6, §12): a batch from TAX, keyed by enterprise + period, idempotent. */
import type { Context } from '../../context';
import { checkBatchSize, runBatch, type BatchResult } from '../../shared/batch';
import { badInput } from '../../shared/errors';
import { isUuid } from '../../shared/ids';
import { beijingPeriod } from '../../shared/time';
import { yuanInput } from '../../shared/decimal';
import { contentHash } from '../../shared/hash';
import type { PageArgs } from '../../shared/pagination';
import { existingEnterpriseIds } from '../registry';
import { insertTaxRecord, taxRecordHash, taxRecordsPage } from './store';
import type { TaxRecordFilter, TaxRecordInput } from './types';

/** What a tax service call needs of the request (a CLI builds it from a database and a viewer). */
export type TaxContext = Pick<Context, 'db' | 'viewer'>;

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

export async function submitTaxRecords({ db, viewer }: TaxContext, inputs: TaxRecordInput[]): Promise<BatchResult> {
  checkBatchSize(inputs);
  const ids = [...new Set(inputs.map((x) => x.enterpriseId).filter(isUuid))];
  const known = new Set(await existingEnterpriseIds(db, ids));
  return runBatch(db, inputs, {
    keyOf: taxRecordKey,
    async row(tx, input) {
      if (!known.has(input.enterpriseId)) throw badInput('enterpriseId', 'NOT_FOUND', `No enterprise ${input.enterpriseId}.`);
      const v = normalizeTaxRecord(input);
      if (await insertTaxRecord(tx, { ...v, enterpriseId: input.enterpriseId, period: input.period, source: viewer.agency })) return 'ACCEPTED';
      if (await taxRecordHash(tx, input.enterpriseId, input.period) === v.contentHash) return 'DUPLICATE';
      throw badInput('period', 'KEY_CONFLICT', `A different tax record of this enterprise for ${input.period} is already stored.`);
    },
  });
}

/** taxRecords: a page, ordered by updatedAt, id (TAX and COMMERCE only, not row-scoped). */
export function taxRecords({ db }: TaxContext, filter: TaxRecordFilter | undefined, page: PageArgs) {
  return taxRecordsPage(db, filter ?? {}, page);
}
