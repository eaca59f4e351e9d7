/**
 * `npm run import -- tax-records <file.csv|file.json>`: tax records through the same validation as
 * submitTaxRecords, acting as TAX. CSV columns: enterpriseId, period, salesInvoicedYuan,
 * outputVatYuan, inputVatYuan, agriculturalInputDeductionYuan, vatPaidYuan, filedAt.
 */
import type { CsvColumns } from '../../shared/csv';
import type { ImportKind } from '../../shared/import-kind';
import { parseMoney } from '../../shared/decimal';
import { submitTaxRecords, taxRecordKey } from './service';
import type { TaxRecordInput } from './types';

function money(s: unknown): string {
  try { return parseMoney(typeof s === 'number' ? s : String(s ?? '').trim()); } catch { return 'NaN'; }
}

/** The columns of a tax-records CSV: all required. */
export const TAX_RECORD_CSV: CsvColumns = {
  required: ['enterpriseId', 'period', 'salesInvoicedYuan', 'outputVatYuan', 'inputVatYuan', 'agriculturalInputDeductionYuan', 'vatPaidYuan', 'filedAt'],
  optional: [],
  // The Chinese names of TaxRecord's descriptions (units in brackets may be left out).
  aliases: {
    企业ID: 'enterpriseId', 期间: 'period', '开票销售额（元）': 'salesInvoicedYuan', '销项税额（元）': 'outputVatYuan',
    '进项税额（元）': 'inputVatYuan', '农产品进项税额核定扣除（元）': 'agriculturalInputDeductionYuan', '实缴增值税（元）': 'vatPaidYuan',
    申报时间: 'filedAt',
  },
};

export function taxFromRecord(r: Record<string, unknown>): TaxRecordInput {
  return {
    enterpriseId: String(r.enterpriseId ?? '').trim(),
    period: String(r.period ?? '').trim(),
    salesInvoicedYuan: money(r.salesInvoicedYuan),
    outputVatYuan: money(r.outputVatYuan),
    inputVatYuan: money(r.inputVatYuan),
    agriculturalInputDeductionYuan: money(r.agriculturalInputDeductionYuan),
    vatPaidYuan: money(r.vatPaidYuan),
    filedAt: new Date(String(r.filedAt ?? '')),
  };
}

export const taxRecordsImport: ImportKind<TaxRecordInput> = {
  viewer: () => ({ sub: 'import-cli', agency: 'TAX', org: null }),
  csvColumns: TAX_RECORD_CSV,
  fromCsv: (records) => records.map(taxFromRecord),
  fromJson: (items) => items.map((x) => taxFromRecord(x as Record<string, unknown>)),
  keyOf: taxRecordKey,
  submit: (db, viewer, _config, inputs) => submitTaxRecords({ db, viewer }, inputs),
};
