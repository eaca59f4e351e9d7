/**
 * The downloadable reports (CSV and XLSX) with Chinese column headers. 附件7 reports amounts in
 * 万元, so the assessment does too; the other reports keep 元. Rows come from service.ts only.
 */
import type { Viewer } from '../../authz/agencies';
import { toCsv } from '../../shared/csv';
import { D } from '../../shared/decimal';
import { badInput, forbidden } from '../../shared/errors';
import { beijingIso } from '../../shared/time';

import { writeOffStatement } from '../ledger';
import { cooperativeNamesByIds, enterpriseNamesByIds } from '../registry';
import * as service from './service';
import { TradeDimension } from './types';
import { accessLevel, accessOf } from '../../authz/matrix';

export const REPORT_NAMES = ['assessment', 'monthly-return', 'trade-stats', 'write-off'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];
export type ReportFormat = 'csv' | 'xlsx';

type Kind = 'text' | 'int' | 'wan' | 'yuan' | 'kg' | 'rate' | 'bool';
export interface Column<R> { header: string; group?: string; kind: Kind; value: (r: R, i: number) => string | number | boolean | null }
export interface Report<R = any> { name: ReportName; title: string; columns: Column<R>[]; rows: R[] }

export interface ReportParams { year?: number; period?: string; from?: string; to?: string; groupBy?: TradeDimension[]; purpose?: 'LANDING_PROCESSING' | 'MARKET_SALE' | null }

/** 元 → 万元, exact (at most 6 decimals, at least 2). */
export function wan(yuan: string): string {
  const s = new D(yuan).div(10000).toFixed(6);
  return s.replace(/(\.\d\d\d*?)0+$/, '$1');
}

/** The GraphQL field each report is: downloads and the CLI follow its row of the matrix (SPEC §9). */
const REPORT_FIELD: Record<ReportName, string> = {
  assessment: 'enterpriseAssessments',
  'monthly-return': 'monthlyReturn',
  'trade-stats': 'tradeStats',
  /** the ledger class (SPEC §13: market regulation reads it for the write-off) */
  'write-off': 'ledgerEntries',
};

export function mayRead(viewer: Viewer, field: string): boolean {
  return accessLevel(accessOf('Query', field), viewer, 'Query', null) !== 'none';
}

export async function buildReport(ctx: service.ReportsContext, name: ReportName, p: ReportParams): Promise<Report> {
  const { db, viewer } = ctx;
  if (!mayRead(viewer, REPORT_FIELD[name])) throw forbidden(`The ${name} report is not available to agency ${viewer.agency} (SPEC §9).`);
  if (name === 'assessment') {
    if (p.year == null) throw badInput('year', 'MISSING_FIELD', 'The assessment needs a year (--year 2025 or ?year=2025).');
    const rows = await service.enterpriseAssessments(ctx, p.year);
    return {
      name, title: `边民互市贸易进口商品落地加工企业考核完成情况表（${p.year}年）`, rows,
      columns: [
        { header: '序号', kind: 'int', value: (_r, i) => i + 1 },
        { header: '加工企业名称', kind: 'text', value: (r) => r.enterpriseName },
        { header: '进口贸易额（万元）', group: '考核标准', kind: 'wan', value: (r) => (r.importTradeTargetYuan == null ? null : wan(r.importTradeTargetYuan)) },
        { header: '加工产品增值率', group: '考核标准', kind: 'rate', value: (r) => r.valueAddRateTarget },
        { header: '进口贸易额（万元）', group: '完成情况', kind: 'wan', value: (r) => wan(r.actualImportTradeYuan) },
        { header: '加工产品增值率', group: '完成情况', kind: 'rate', value: (r) => r.actualValueAddRate },
        { header: '是否完成', kind: 'bool', value: (r) => r.completed },
      ] satisfies Column<service.AssessmentValue>[],
    };
  }
  if (name === 'write-off') {
    if (!p.period) throw badInput('period', 'MISSING_FIELD', 'The write-off statement needs a period (--period 2026-09 or ?period=2026-09).');
    const rows = await writeOffStatement(ctx, p.period);
    return {
      name, title: `边民互市贸易进口商品落地加工底账核销表（${p.period}）`, rows,
      columns: [
        { header: '序号', kind: 'int', value: (_r, i) => i + 1 },
        { header: '企业名称', kind: 'text', value: (r) => r.enterpriseName },
        { header: '备案编号', kind: 'text', value: (r) => r.filingNo },
        { header: '期初原料库存（千克）', kind: 'kg', value: (r) => r.openingRawKg },
        { header: '原料入库（千克）', kind: 'kg', value: (r) => r.rawInKg },
        { header: '原料投产（千克）', kind: 'kg', value: (r) => r.rawConsumedKg },
        { header: '原料直接销售（千克）', kind: 'kg', value: (r) => r.rawSoldKg },
        { header: '残损（千克）', kind: 'kg', value: (r) => r.lossKg },
        { header: '期末原料库存（千克）', kind: 'kg', value: (r) => r.closingRawKg },
        { header: '月报库存（千克）', kind: 'kg', value: (r) => r.reportedInventoryKg },
        { header: '出成率', kind: 'rate', value: (r) => r.yieldRate },
        { header: '账实相符', kind: 'bool', value: (r) => r.balanced },
      ] satisfies Column<Awaited<ReturnType<typeof writeOffStatement>>[number]>[],
    };
  }
  if (name === 'monthly-return') {
    if (!p.period) throw badInput('period', 'MISSING_FIELD', 'The monthly return needs a period (--period 2025-03 or ?period=2025-03).');
    const rows = await service.monthlyReturn(ctx, p.period);
    return {
      name, title: `边民互市贸易进口商品落地加工企业名单及加工情况（${p.period}）`, rows,
      columns: [
        { header: '序号', kind: 'int', value: (_r, i) => i + 1 },
        { header: '企业名称', kind: 'text', value: (r) => r.enterpriseName },
        { header: '备案编号', kind: 'text', value: (r) => r.filingNo },
        { header: '入境申报单数', kind: 'int', value: (r) => r.inboundDeclarationCount },
        { header: '入境申报货值（元）', kind: 'yuan', value: (r) => r.inboundDeclarationValueYuan },
        { header: '原料入库（千克）', kind: 'kg', value: (r) => r.rawInKg },
        { header: '原料入库金额（元）', kind: 'yuan', value: (r) => r.rawInYuan },
        { header: '原料投入（千克）', kind: 'kg', value: (r) => r.rawConsumedKg },
        { header: '原料投入金额（元）', kind: 'yuan', value: (r) => r.rawConsumedYuan },
        { header: '产成品（千克）', kind: 'kg', value: (r) => r.productOutputKg },
        { header: '产成品产值（元）', kind: 'yuan', value: (r) => r.productOutputYuan },
        { header: '产品销售（千克）', kind: 'kg', value: (r) => r.productSoldKg },
        { header: '产品销售额（元）', kind: 'yuan', value: (r) => r.productSoldYuan },
        { header: '原料直接销售额（元）', kind: 'yuan', value: (r) => r.rawSoldYuan },
        { header: '损耗（千克）', kind: 'kg', value: (r) => r.lossKg },
        { header: '加工增值率', kind: 'rate', value: (r) => r.valueAddRate },
        { header: '残损率', kind: 'rate', value: (r) => r.lossRate },
        { header: '月报已报送', kind: 'bool', value: (r) => r.submitted },
        { header: '报送时间', kind: 'text', value: (r) => (r.submittedAt ? beijingIso(r.submittedAt) : null) },
        { header: '截止日期', kind: 'text', value: (r) => r.dueDate },
        { header: '是否逾期', kind: 'bool', value: (r) => r.late },
      ] satisfies Column<service.MonthlyReturnValue>[],
    };
  }
  if (!p.from || !p.to) throw badInput('from', 'MISSING_FIELD', 'Trade statistics need --from and --to (?from=…&to=…), Beijing dates YYYY-MM-DD.');
  const groupBy = p.groupBy ?? [TradeDimension.MONTH];
  const rows = await service.tradeStats(ctx, { from: p.from, to: p.to, groupBy, purpose: p.purpose ?? null });
  const names = await registryNames(db, rows);
  const key: Column<service.TradeStatValue>[] = [];
  if (groupBy.includes(TradeDimension.MONTH)) key.push({ header: '月份', kind: 'text', value: (r) => r.month });
  if (groupBy.includes(TradeDimension.COMMODITY)) key.push({ header: '商品编码', kind: 'text', value: (r) => r.hsCode });
  if (groupBy.includes(TradeDimension.PURPOSE)) key.push({ header: '申报用途', kind: 'text', value: (r) => (r.purpose === 'LANDING_PROCESSING' ? '落地加工' : r.purpose === 'MARKET_SALE' ? '市场销售' : null) });
  if (groupBy.includes(TradeDimension.TRADE_POINT)) key.push({ header: '互市点', kind: 'text', value: (r) => r.tradePoint });
  if (groupBy.includes(TradeDimension.ENTERPRISE)) key.push({ header: '加工企业', kind: 'text', value: (r) => (r.enterpriseId ? names.get(r.enterpriseId) ?? r.enterpriseId : null) });
  if (groupBy.includes(TradeDimension.COOPERATIVE)) key.push({ header: '合作社', kind: 'text', value: (r) => (r.cooperativeId ? names.get(r.cooperativeId) ?? r.cooperativeId : null) });
  return {
    name, title: `边民互市贸易统计（${p.from} 至 ${p.to}）`, rows,
    columns: [
      ...key,
      { header: '申报单数', kind: 'int', value: (r) => r.declarationCount },
      { header: '货值（元）', kind: 'yuan', value: (r) => r.valueYuan },
      { header: '数量（千克）', kind: 'kg', value: (r) => r.quantityKg },
      { header: '落地加工比率', kind: 'rate', value: (r) => r.landingProcessingRatio },
    ],
  };
}

/** Names of the enterprises and cooperatives keyed in trade statistics: two statements at most. */
async function registryNames(db: service.ReportsContext['db'], rows: service.TradeStatValue[]): Promise<Map<string, string>> {
  const e = [...new Set(rows.map((r) => r.enterpriseId).filter((x): x is string => !!x))];
  const c = [...new Set(rows.map((r) => r.cooperativeId).filter((x): x is string => !!x))];
  const out = new Map<string, string>();
  if (e.length) for (const r of await enterpriseNamesByIds(db, e)) out.set(r.id, r.name);
  if (c.length) for (const r of await cooperativeNamesByIds(db, c)) out.set(r.id, r.name);
  return out;
}

const headerOf = (c: Column<unknown>) => (c.group ? `${c.group}-${c.header}` : c.header);

function csvCell(kind: Kind, v: string | number | boolean | null): string | number | null {
  if (v == null) return null;
  if (kind === 'bool') return v ? '是' : '否';
  if (kind === 'rate') return `${new D(v as number).times(100).toFixed(2)}%`;
  return v as string | number;
}

/** UTF-8 with BOM so Excel opens the Chinese headers correctly. */
export function reportCsv(report: Report): string {
  const headers = report.columns.map(headerOf);
  const rows = report.rows.map((r, i) => Object.fromEntries(report.columns.map((c, j) => [headers[j]!, csvCell(c.kind, c.value(r, i))])));
  return `\uFEFF${toCsv(rows, headers)}`;
}

const FORMATS: Partial<Record<Kind, string>> = { wan: '#,##0.00####', yuan: '#,##0.00', kg: '#,##0.000', rate: '0.00%', int: '0' };

/** One sheet: title row, header row(s) (two levels when columns are grouped, as on 附件7), data. */
export async function reportXlsx(report: Report): Promise<Buffer> {
  // Loaded on the first spreadsheet asked for: ~27 MB of memory every hub process would otherwise hold.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'border-trade-hub';
  const ws = wb.addWorksheet(report.name);
  const n = report.columns.length;
  ws.addRow([report.title]);
  ws.mergeCells(1, 1, 1, n);
  ws.getRow(1).font = { bold: true, size: 14 };
  const grouped = report.columns.some((c) => c.group);
  let first = 2;
  if (grouped) {
    ws.addRow(report.columns.map((c) => c.group ?? c.header));
    ws.addRow(report.columns.map((c) => c.header));
    report.columns.forEach((c, j) => { if (!c.group) ws.mergeCells(2, j + 1, 3, j + 1); });
    for (let j = 0; j < n;) {
      const g = report.columns[j]!.group;
      let k = j;
      while (g && k + 1 < n && report.columns[k + 1]!.group === g) k++;
      if (g && k > j) ws.mergeCells(2, j + 1, 2, k + 1);
      j = k + 1;
    }
    first = 4;
  } else {
    ws.addRow(report.columns.map((c) => c.header));
    first = 3;
  }
  for (let h = 2; h < first; h++) ws.getRow(h).font = { bold: true };
  report.rows.forEach((r, i) => {
    ws.addRow(report.columns.map((c) => {
      const v = c.value(r, i);
      if (v == null) return null;
      if (c.kind === 'bool') return v ? '是' : '否';
      if (c.kind === 'wan' || c.kind === 'yuan') return Number(v);
      return v;
    }));
  });
  report.columns.forEach((c, j) => {
    const col = ws.getColumn(j + 1);
    col.width = Math.max(10, c.header.length * 2 + 2);
    if (FORMATS[c.kind]) for (let row = first; row < first + report.rows.length; row++) ws.getCell(row, j + 1).numFmt = FORMATS[c.kind]!;
  });
  ws.views = [{ state: 'frozen', ySplit: first - 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function renderReport(report: Report, format: ReportFormat): Promise<Buffer> {
  return format === 'csv' ? Buffer.from(reportCsv(report), 'utf8') : reportXlsx(report);
}

export function parseGroupBy(s: string | undefined): TradeDimension[] | undefined {
  if (!s) return undefined;
  const dims = s.split(',').map((x) => x.trim().toUpperCase()).filter(Boolean);
  for (const d of dims) if (!(d in TradeDimension)) throw badInput('groupBy', 'INVALID_VALUE', `groupBy "${d}" is not one of ${Object.keys(TradeDimension).join(', ')}.`);
  return dims as TradeDimension[];
}
