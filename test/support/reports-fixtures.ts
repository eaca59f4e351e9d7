/**
 * Direct-insert fixtures for the reports tests: declarations, lines, ledger rows, monthly reports
 * and plans written straight into the lead's tables (the customs and ledger mutations live on
 * other branches). declared_on is derived from declaredAt in Beijing time, as customs will do.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/db/client';
import { customsDeclarationsTable, declarationLinesTable } from '../../src/modules/customs/table';
import { calendarDaysTable, ledgerEntriesTable, monthlyReportsTable } from '../../src/modules/ledger/table';
import { annualPlansTable } from '../../src/modules/quota/table';
import { borderResidentsTable, cooperativeMembershipsTable } from '../../src/modules/registry/table';
import { D } from '../../src/shared/decimal';
import { beijingDate } from '../../src/shared/time';
import { uniqueIdNumber } from './factories';

let seq = 0;
const next = () => `${Date.now().toString(36)}-${++seq}-${Math.floor(Math.random() * 1e6)}`;

export async function resident(db: Db, cooperativeId: string | null = null) {
  const [r] = await db.insert(borderResidentsTable).values({
    name: '测试边民', idNumber: uniqueIdNumber(), county: '652702', source: 'CUSTOMS',
  }).returning();
  if (cooperativeId) await db.insert(cooperativeMembershipsTable).values({ cooperativeId, residentId: r!.id, joinedOn: '2025-01-01', source: 'COMMERCE' });
  return r!;
}

export interface LineSpec { hsCode: string; valueYuan: string; quantityKg?: string }

export async function declaration(db: Db, o: {
  declaredAt: string; declarantId: string; lines: LineSpec[];
  purpose?: 'LANDING_PROCESSING' | 'MARKET_SALE'; enterpriseId?: string | null; cooperativeId?: string | null;
  status?: 'DECLARED' | 'RELEASED' | 'INSPECTING' | 'RETURNED' | 'DESTROYED' | 'REFERRED_TO_ANTI_SMUGGLING';
  tradePoint?: string; declarationNo?: string;
}) {
  const at = new Date(o.declaredAt);
  const value = o.lines.reduce((s, l) => s.plus(l.valueYuan), new D(0)).toFixed(2);
  const qty = o.lines.reduce((s, l) => s.plus(l.quantityKg ?? '0'), new D(0)).toFixed(3);
  const purpose = o.purpose ?? (o.enterpriseId ? 'LANDING_PROCESSING' : 'MARKET_SALE');
  const id = randomUUID();
  await db.insert(customsDeclarationsTable).values({
    id, declarationNo: o.declarationNo ?? `T-${next()}`, declaredAt: at, declaredOn: beijingDate(at), tradePoint: o.tradePoint ?? 'ALASHANKOU',
    declarantId: o.declarantId, cooperativeId: o.cooperativeId ?? null, purpose,
    destinationEnterpriseId: o.enterpriseId ?? null, valueYuan: value, quantityKg: qty,
    status: o.status ?? 'DECLARED', contentHash: 'fixture', source: 'CUSTOMS',
  });
  await db.insert(declarationLinesTable).values(o.lines.map((l, i) => ({
    declarationId: id, lineNo: i + 1, hsCode: l.hsCode, commodityName: `商品${l.hsCode}`,
    quantityKg: l.quantityKg ?? '0', valueYuan: l.valueYuan,
  })));
  return id;
}

/** A landing-processing declaration destined to the enterprise (what a RAW_IN ledger entry links); returns its number. */
/** A landing declaration for RAW_IN entries to link; its kg are enough for the entries a test books against it (SPEC §13). */
export async function inboundDeclarationNo(db: Db, enterpriseId: string, declaredAt = '2025-01-02T10:00:00+08:00', quantityKg = '100000') {
  const declarationNo = `T-${next()}`;
  const r = await resident(db);
  await declaration(db, { declaredAt, declarantId: r.id, enterpriseId, declarationNo, lines: [{ hsCode: '12060090', valueYuan: '100.00', quantityKg }] });
  return declarationNo;
}

export type LedgerKind = 'RAW_IN' | 'RAW_CONSUMED' | 'PRODUCT_OUTPUT' | 'PRODUCT_SOLD' | 'RAW_SOLD' | 'LOSS';

export async function ledger(db: Db, enterpriseId: string, entries: { on: string; kind: LedgerKind; yuan: string; kg?: string }[]) {
  await db.insert(ledgerEntriesTable).values(entries.map((e) => ({
    enterpriseId, occurredOn: e.on, kind: e.kind, hsCode: '1206', quantityKg: e.kg ?? '0', amountYuan: e.yuan,
    externalRef: `L-${next()}`, contentHash: 'fixture', source: 'ENTERPRISE' as const,
  })));
}

export async function monthlyReport(db: Db, enterpriseId: string, period: string, submittedAt: string) {
  await db.insert(monthlyReportsTable).values({
    enterpriseId, period, rawPurchasedKg: '0', rawPurchasedYuan: '0', rawConsumedKg: '0', rawConsumedYuan: '0',
    productOutputKg: '0', productOutputYuan: '0', salesKg: '0', salesYuan: '0', inventoryKg: '0', lossKg: '0',
    submittedAt: new Date(submittedAt), source: 'ENTERPRISE',
  });
}

export async function plan(db: Db, year: number, landingProcessingScaleYuan: string, importScaleYuan = '1000000000.00') {
  await db.insert(annualPlansTable).values({ year, importScaleYuan, landingProcessingScaleYuan, source: 'COMMERCE' })
    .onConflictDoUpdate({ target: annualPlansTable.year, set: { landingProcessingScaleYuan, importScaleYuan } });
}

export async function calendarDays(db: Db, days: { date: string; kind: 'HOLIDAY' | 'MAKEUP_WORKDAY'; name: string }[]) {
  await db.insert(calendarDaysTable).values(days).onConflictDoNothing();
}
