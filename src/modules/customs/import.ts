/**
 * npm run import -- declarations <file.csv|file.json>: the same validation as submitDeclarations.
 * CSV has one row per declaration line; rows sharing a declarationNo form one declaration (the
 * header fields are taken from its first row). JSON is an array of DeclarationInput objects.
 */
import type { CsvColumns } from '../../shared/csv';
import type { ImportKind } from '../../shared/import-kind';
import { submitDeclarations, type DeclarationRowInput } from './service';

const bool = (s: string | undefined) => /^(1|true|yes|y|是)$/i.test((s ?? '').trim());
const opt = (s: string | undefined) => (s == null || s.trim() === '' ? null : s.trim());
/** 户籍/常住 or the enum names. */
const basis = (s: string | undefined) => {
  const v = opt(s);
  return v === '户籍' ? 'HUKOU' : v === '常住' ? 'HABITUAL' : v?.toUpperCase() ?? null;
};

export const DECLARATION_CSV_COLUMNS = [
  'declarationNo', 'declaredAt', 'tradePoint', 'declarantIdNumber', 'declarantName', 'agentIdNumber', 'entrustmentProofNo',
  'cooperativeId', 'purpose', 'destinationEnterpriseId', 'hsCode', 'commodityName', 'quantityKg', 'valueYuan',
  'delegatedDeclaration', 'directTransport', 'inspectionWaived', 'releasedAt',
  // declarantResidence (SPEC §14): needed for a new declarant whose ID number does not begin 652702
  'residenceCounty', 'residenceTownship', 'residenceBasis',
] as const;

const REQUIRED = ['declarationNo', 'declaredAt', 'declarantIdNumber', 'purpose', 'hsCode', 'commodityName', 'quantityKg', 'valueYuan'] as const;

/** The columns a declarations CSV may have: every DECLARATION_CSV_COLUMNS entry, these required. */
export const DECLARATION_CSV: CsvColumns = {
  required: REQUIRED,
  optional: DECLARATION_CSV_COLUMNS.filter((c) => !(REQUIRED as readonly string[]).includes(c)),
  // The Chinese names of the API's descriptions (units in brackets may be left out).
  aliases: {
    申报单号: 'declarationNo', 申报时间: 'declaredAt', 互市点: 'tradePoint', 申报人身份证号: 'declarantIdNumber',
    申报人姓名: 'declarantName', 委托申报人身份证号: 'agentIdNumber', 委托证明编号: 'entrustmentProofNo', 合作社ID: 'cooperativeId',
    用途: 'purpose', 落地加工企业ID: 'destinationEnterpriseId', 商品编码: 'hsCode', 商品名称: 'commodityName',
    '数量（千克）': 'quantityKg', '货值（元）': 'valueYuan', 委托申报: 'delegatedDeclaration', 直通运输: 'directTransport',
    免到场查验: 'inspectionWaived', 放行时间: 'releasedAt', 居住地县市: 'residenceCounty', 居住地乡镇: 'residenceTownship',
    居住依据: 'residenceBasis',
  },
};

export function declarationsFromCsv(records: Record<string, string>[]): DeclarationRowInput[] {
  const byNo = new Map<string, DeclarationRowInput>();
  for (const r of records) {
    const no = (r.declarationNo ?? '').trim();
    let d = byNo.get(no);
    if (!d) {
      d = {
        declarationNo: no,
        declaredAt: (r.declaredAt ?? '').trim(),
        tradePoint: opt(r.tradePoint),
        declarantIdNumber: (r.declarantIdNumber ?? '').trim(),
        declarantName: opt(r.declarantName),
        agentIdNumber: opt(r.agentIdNumber),
        entrustmentProofNo: opt(r.entrustmentProofNo),
        cooperativeId: opt(r.cooperativeId),
        purpose: (r.purpose ?? '').trim(),
        destinationEnterpriseId: opt(r.destinationEnterpriseId),
        lines: [],
        facilitation: { delegatedDeclaration: bool(r.delegatedDeclaration), directTransport: bool(r.directTransport), inspectionWaived: bool(r.inspectionWaived) },
        releasedAt: opt(r.releasedAt),
        declarantResidence: opt(r.residenceCounty) || opt(r.residenceTownship) || opt(r.residenceBasis)
          ? { county: opt(r.residenceCounty), township: opt(r.residenceTownship), basis: basis(r.residenceBasis) }
          : null,
      };
      byNo.set(no, d);
    }
    // Amounts stay strings: parsed exactly by the service (no float on the way).
    d.lines.push({ hsCode: r.hsCode ?? '', commodityName: r.commodityName ?? '', quantityKg: (r.quantityKg ?? '').trim(), valueYuan: (r.valueYuan ?? '').trim() });
  }
  return [...byNo.values()];
}

export const declarationsImport: ImportKind<DeclarationRowInput> = {
  viewer: () => ({ sub: 'import-cli', agency: 'CUSTOMS', org: null }),
  csvColumns: DECLARATION_CSV,
  fromCsv: declarationsFromCsv,
  fromJson: (items) => items as DeclarationRowInput[],
  keyOf: (i) => i.declarationNo,
  submit: (db, viewer, config, inputs) => submitDeclarations({ db, viewer, config }, inputs),
};
