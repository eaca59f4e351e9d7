/**
 * `npm run import -- ledger <file.csv|file.json> --org <enterpriseId>`: ledger entries through the
 * same validation as submitLedgerEntries, acting as the ENTERPRISE of --org.
 * CSV columns: occurredOn, kind, hsCode, productName, quantityKg, amountYuan, externalRef, invoiceNo,
 * declarationNos (separated by ; or |).
 */
import type { CsvColumns } from '../../shared/csv';
import type { ImportKind } from '../../shared/import-kind';
import { parseMoney } from '../../shared/decimal';
import { submitLedgerEntries } from './service';
import type { LedgerEntryInput, LedgerKind } from './types';

const blank = (s: string | undefined) => (s == null || s.trim() === '' ? undefined : s.trim());

/** Malformed numbers are passed on as NaN / the raw text so the row is rejected with its reason. */
function money(s: string | undefined): string {
  try { return parseMoney(blank(s) ?? ''); } catch { return 'NaN'; }
}

/** The columns a ledger CSV may have (enterpriseId only for COMMERCE-style files; --org decides). */
export const LEDGER_CSV: CsvColumns = {
  required: ['occurredOn', 'kind', 'quantityKg', 'amountYuan', 'externalRef'],
  optional: ['enterpriseId', 'hsCode', 'productName', 'invoiceNo', 'declarationNos'],
  // The Chinese names of LedgerEntry's descriptions (units in brackets may be left out).
  aliases: {
    发生日期: 'occurredOn', 类别: 'kind', 商品编码: 'hsCode', 品名: 'productName', '数量（千克）': 'quantityKg', '金额（元）': 'amountYuan',
    企业流水号: 'externalRef', 发票号: 'invoiceNo', 申报单号: 'declarationNos', 企业ID: 'enterpriseId',
  },
};

export function ledgerFromRecord(r: Record<string, string>): LedgerEntryInput {
  return {
    enterpriseId: blank(r.enterpriseId),
    occurredOn: (r.occurredOn ?? '').trim(),
    kind: (r.kind ?? '').trim() as LedgerKind,
    hsCode: blank(r.hsCode),
    productName: blank(r.productName),
    quantityKg: Number(blank(r.quantityKg) ?? NaN),
    amountYuan: money(r.amountYuan),
    externalRef: (r.externalRef ?? '').trim(),
    invoiceNo: blank(r.invoiceNo),
    declarationNos: blank(r.declarationNos)?.split(/[;|]/).map((s) => s.trim()).filter(Boolean),
  };
}

export const ledgerImport: ImportKind<LedgerEntryInput> = {
  viewer({ org }) {
    if (!org) throw new Error('台账导入需要 --org <企业ID> / ledger import needs --org <enterpriseId>: entries are written as that enterprise.');
    return { sub: 'import-cli', agency: 'ENTERPRISE', org };
  },
  csvColumns: LEDGER_CSV,
  fromCsv: (records) => records.map(ledgerFromRecord),
  fromJson: (items) => items.map((x) => {
    const o = x as Record<string, unknown>;
    return ledgerFromRecord(Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Array.isArray(v) ? v.join(';') : v == null ? '' : String(v)])));
  }),
  keyOf: (x) => x.externalRef || null,
  submit: (db, viewer, _config, inputs) => submitLedgerEntries({ db, viewer }, inputs),
};
