/**
 * Ledger-domain writes (SPEC §6, §12). Ledger entries are a batch (runBatch: per-row transaction,
 * idempotent by externalRef per enterprise); reports are single upserts. A rejected write stores
 * nothing; an ENTERPRISE naming another enterprise is refused as a whole (FORBIDDEN).
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Viewer } from '../../authz/agencies';
import type { Db } from '../../db/client';
import { checkBatchSize, runBatch, type BatchResult } from '../../shared/batch';
import { badInput, forbidden } from '../../shared/errors';
import { isUuid } from '../../shared/ids';
import { beijingPeriod, beijingToday } from '../../shared/time';
import { customsDeclarationsTable } from '../customs/table';
import { enterprisesTable } from '../registry/table';
import { upsertCalendarDays } from './calendar';
import { writeTarget } from './policy';
import { PERIOD_RE, QUARTER_RE } from './rules';
import { ledgerEntriesTable, monthlyReportsTable, quarterlyReportsTable, type CalendarDayRow, type MonthlyReportRow, type QuarterlyReportRow } from './table';
import type { CalendarDayInput, LedgerEntryInput, MonthlyReportInput, QuarterlyReportInput } from './types';
import { kgInput, yuanInput } from '../../shared/decimal';
import { normalizeLedgerEntry } from './validate';


// ── ledger entries ────────────────────────────────────────────────────────────────────────

interface EnterpriseInfo { id: string; status: string; filingNo: string }

async function enterprisesById(db: Db, ids: string[]): Promise<Map<string, EnterpriseInfo>> {
  const uuids = [...new Set(ids)].filter(isUuid);
  if (!uuids.length) return new Map();
  const found = await db.select({ id: enterprisesTable.id, status: enterprisesTable.status, filingNo: enterprisesTable.filingNo })
    .from(enterprisesTable).where(inArray(enterprisesTable.id, uuids));
  return new Map(found.map((e) => [e.id, e]));
}

function checkEnterprise(field: string, id: string | null, known: Map<string, EnterpriseInfo>): EnterpriseInfo {
  if (!id) throw badInput(field, 'MISSING_FIELD', 'enterpriseId is required when COMMERCE writes on behalf of an enterprise.');
  const e = known.get(id);
  if (!e) throw badInput(field, 'NOT_FOUND', `No enterprise ${id}.`);
  if (e.status === 'PENDING') throw badInput(field, 'ENTERPRISE_NOT_FILED', `Enterprise ${e.filingNo} is not yet approved (PENDING); its ledger opens once commerce approves the filing.`);
  return e;
}

interface InboundInfo { purpose: string; destinationEnterpriseId: string | null }

/** The declarations named by the RAW_IN rows of a batch, in one statement. */
async function declarationsByNo(db: Db, inputs: readonly LedgerEntryInput[]): Promise<Map<string, InboundInfo>> {
  const nos = [...new Set(inputs.filter((x) => x.kind === 'RAW_IN').flatMap((x) => x.declarationNos ?? []).map((s) => s.trim()).filter(Boolean))];
  if (!nos.length) return new Map();
  const found = await db.select({ no: customsDeclarationsTable.declarationNo, purpose: customsDeclarationsTable.purpose, destinationEnterpriseId: customsDeclarationsTable.destinationEnterpriseId })
    .from(customsDeclarationsTable).where(inArray(customsDeclarationsTable.declarationNo, nos));
  return new Map(found.map((d) => [d.no, d]));
}

/**
 * RAW_IN goods arrive with customs declarations (SPEC §6): each number must be a landing-processing
 * declaration destined to this enterprise, as for factory entries (附件6). The status is not
 * checked: goods stopped after arrival were still received, and the ledger records what happened.
 */
function checkInbound(declarationNos: readonly string[], enterpriseId: string, known: Map<string, InboundInfo>) {
  declarationNos.forEach((raw, i) => {
    const no = raw.trim();
    if (!no) return;
    const d = known.get(no);
    if (!d) throw badInput(`declarationNos[${i}]`, 'NOT_FOUND', `No customs declaration ${no}; check the number on the declaration the goods came with.`);
    if (d.purpose !== 'LANDING_PROCESSING' || d.destinationEnterpriseId !== enterpriseId) {
      throw badInput(`declarationNos[${i}]`, 'DECLARATION_NOT_INBOUND', `Declaration ${no} is not a landing-processing declaration destined to this enterprise; RAW_IN links only the enterprise's own inbound declarations.`);
    }
  });
}

export async function submitLedgerEntries(db: Db, viewer: Viewer, inputs: LedgerEntryInput[]): Promise<BatchResult> {
  checkBatchSize(inputs);
  // The whole mutation is refused before anything is written when an ENTERPRISE names another one.
  const targets = inputs.map((x) => writeTarget(viewer, x.enterpriseId));
  const known = await enterprisesById(db, targets.filter((t): t is string => !!t));
  const declarations = await declarationsByNo(db, inputs);
  const today = beijingToday();
  return runBatch(db, inputs, {
    keyOf: (x) => x.externalRef ?? null,
    async row(tx, input, i) {
      const e = checkEnterprise('enterpriseId', targets[i]!, known);
      const v = normalizeLedgerEntry(input, today);
      if (v.kind === 'RAW_IN') checkInbound(input.declarationNos ?? [], e.id, declarations);
      const inserted = await tx.insert(ledgerEntriesTable).values({ ...v, enterpriseId: e.id, source: viewer.agency })
        .onConflictDoNothing({ target: [ledgerEntriesTable.enterpriseId, ledgerEntriesTable.externalRef] })
        .returning({ id: ledgerEntriesTable.id });
      if (inserted.length) return 'ACCEPTED';
      const [existing] = await tx.select({ contentHash: ledgerEntriesTable.contentHash }).from(ledgerEntriesTable)
        .where(and(eq(ledgerEntriesTable.enterpriseId, e.id), eq(ledgerEntriesTable.externalRef, v.externalRef)));
      if (existing?.contentHash === v.contentHash) return 'DUPLICATE';
      throw badInput('externalRef', 'KEY_CONFLICT', `Entry ${v.externalRef} is already stored with different content; ledger entries are not edited in place — record a correcting entry under a new externalRef.`);
    },
  });
}

// ── monthly reports ───────────────────────────────────────────────────────────────────────

async function reportingEnterprise(db: Db, viewer: Viewer, enterpriseId: string | null | undefined): Promise<EnterpriseInfo> {
  const target = writeTarget(viewer, enterpriseId);
  return checkEnterprise('enterpriseId', target, await enterprisesById(db, target ? [target] : []));
}

export async function submitMonthlyReport(db: Db, viewer: Viewer, input: MonthlyReportInput, now = new Date()): Promise<MonthlyReportRow> {
  if (!PERIOD_RE.test(input.period)) throw badInput('period', 'INVALID_VALUE', 'period is YYYY-MM.');
  if (input.period > beijingPeriod(now)) throw badInput('period', 'INVALID_VALUE', `Period ${input.period} has not begun yet; report a month once it has.`);
  const figures = {
    rawPurchasedKg: kgInput('rawPurchasedKg', input.rawPurchasedKg),
    rawPurchasedYuan: yuanInput('rawPurchasedYuan', input.rawPurchasedYuan),
    rawConsumedKg: kgInput('rawConsumedKg', input.rawConsumedKg),
    rawConsumedYuan: yuanInput('rawConsumedYuan', input.rawConsumedYuan),
    productOutputKg: kgInput('productOutputKg', input.productOutputKg),
    productOutputYuan: yuanInput('productOutputYuan', input.productOutputYuan),
    salesKg: kgInput('salesKg', input.salesKg),
    salesYuan: yuanInput('salesYuan', input.salesYuan),
    inventoryKg: kgInput('inventoryKg', input.inventoryKg),
    lossKg: kgInput('lossKg', input.lossKg),
  };
  const e = await reportingEnterprise(db, viewer, input.enterpriseId);
  // One statement: the first submission fixes submittedAt (and so lateness); a resubmission
  // replaces the figures and stamps revisedAt (SPEC §12).
  const [row] = await db.insert(monthlyReportsTable)
    .values({ ...figures, enterpriseId: e.id, period: input.period, submittedAt: now, source: viewer.agency })
    .onConflictDoUpdate({
      target: [monthlyReportsTable.enterpriseId, monthlyReportsTable.period],
      set: { ...Object.fromEntries(Object.keys(figures).map((k) => [k, sql.raw(`excluded.${k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`)])), revisedAt: now, updatedAt: now },
    })
    .returning();
  return row!;
}

// ── quarterly reports ─────────────────────────────────────────────────────────────────────

export async function submitQuarterlyReport(db: Db, viewer: Viewer, input: QuarterlyReportInput, now = new Date()): Promise<QuarterlyReportRow> {
  if (viewer.agency !== 'ENTERPRISE' && viewer.agency !== 'COOPERATIVE') throw forbidden('Quarterly reports are submitted by the enterprise or cooperative itself (SPEC §9).');
  if (!viewer.org) throw forbidden('This token names no organisation (org claim).');
  if (!QUARTER_RE.test(input.quarter)) throw badInput('quarter', 'INVALID_VALUE', 'quarter is YYYY-Qn, e.g. 2025-Q2.');
  const [y, q] = input.quarter.split('-Q').map(Number) as [number, number];
  if (`${y}-${String(q * 3 - 2).padStart(2, '0')}` > beijingPeriod(now)) throw badInput('quarter', 'INVALID_VALUE', `Quarter ${input.quarter} has not begun yet.`);
  const figures = {
    purchasedKg: kgInput('purchasedKg', input.purchasedKg),
    purchasedYuan: yuanInput('purchasedYuan', input.purchasedYuan),
    soldKg: kgInput('soldKg', input.soldKg),
    soldYuan: yuanInput('soldYuan', input.soldYuan),
    dividendYuan: input.dividendYuan == null ? null : yuanInput('dividendYuan', input.dividendYuan),
    remarks: input.remarks?.trim() || null,
  };
  const isEnterprise = viewer.agency === 'ENTERPRISE';
  if (isEnterprise) await reportingEnterprise(db, viewer, viewer.org);
  const subject = isEnterprise ? { enterpriseId: viewer.org, cooperativeId: null } : { enterpriseId: null, cooperativeId: viewer.org };
  const target = isEnterprise ? [quarterlyReportsTable.enterpriseId, quarterlyReportsTable.quarter] : [quarterlyReportsTable.cooperativeId, quarterlyReportsTable.quarter];
  try {
    const [row] = await db.insert(quarterlyReportsTable)
      .values({ ...figures, ...subject, quarter: input.quarter, submittedAt: now, source: viewer.agency })
      .onConflictDoUpdate({
        target,
        set: {
          purchasedKg: sql`excluded.purchased_kg`, purchasedYuan: sql`excluded.purchased_yuan`, soldKg: sql`excluded.sold_kg`,
          soldYuan: sql`excluded.sold_yuan`, dividendYuan: sql`excluded.dividend_yuan`, remarks: sql`excluded.remarks`, revisedAt: now, updatedAt: now,
        },
      })
      .returning();
    return row!;
  } catch (e) {
    // A cooperative token whose org does not exist: the foreign key refuses it.
    if ((e as any)?.cause?.code === '23503' || (e as any)?.code === '23503') throw badInput('org', 'NOT_FOUND', 'The organisation of this token is not in the registry.');
    throw e;
  }
}

// ── calendar ──────────────────────────────────────────────────────────────────────────────

export async function setCalendarDays(db: Db, inputs: CalendarDayInput[]): Promise<CalendarDayRow[]> {
  checkBatchSize(inputs);
  inputs.forEach((x, i) => {
    if (!x.name?.trim()) throw badInput(`input[${i}].name`, 'MISSING_FIELD', 'Each calendar day needs a name (e.g. 古尔邦节).');
  });
  return upsertCalendarDays(db, inputs.map((x) => ({ date: x.date, kind: x.kind, name: x.name.trim() })));
}

