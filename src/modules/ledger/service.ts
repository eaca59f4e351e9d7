/**
 * Ledger-domain writes (SPEC §6, §12). Ledger entries are a batch (runBatch: per-row transaction,
 * idempotent by externalRef per enterprise); reports are single upserts. A rejected write stores
 * nothing; an ENTERPRISE naming another enterprise is refused as a whole (FORBIDDEN).
 */
import type { Context } from '../../context';
import type { Db, Tx } from '../../db/client';
import { checkBatchSize, runBatch, type BatchResult } from '../../shared/batch';
import { D, kgInput, ratio, yuanInput } from '../../shared/decimal';
import { badInput, forbidden } from '../../shared/errors';
import { isUuid } from '../../shared/ids';
import type { PageArgs } from '../../shared/pagination';
import { beijingDate, beijingPeriod, beijingToday, checkYear } from '../../shared/time';
import { declarationRefsByNos, lockDeclarationsForBooking } from '../customs';
import { enterpriseStatuses } from '../registry';
import { writeTarget } from './policy';
import { bookAgainst, DEFAULT_VALUE_ADD_THRESHOLD, differs, isReportLate, PERIOD_RE, periodRange, QUARTER_RE, quarterlyReportDueDate, reportDueDate, type WorkCalendar } from './rules';
import { loadWorkCalendar } from './calendar';
import * as store from './store';
import type { AnnualReportRow, CalendarDayRow, MonthlyReportRow, QuarterlyReportRow, SummaryRow } from './store';
import { figuresOf, statsOf } from './totals';
import { MissingReportKind } from './types';
import type {
  AnnualReportInput, CalendarDayInput, LedgerEntryFilter, MissingReport, LedgerEntryInput, LedgerSummary, MonthlyReportFilter, MonthlyReportInput,
  QuarterlyReportFilter, QuarterlyReportInput, WriteOff,
} from './types';
import { normalizeLedgerEntry } from './validate';

/** What a ledger service call needs of the request (a CLI builds it from a database and a viewer). */
export type LedgerContext = Pick<Context, 'db' | 'viewer'>;

// ── ledger entries ────────────────────────────────────────────────────────────────────────

interface EnterpriseInfo { id: string; status: string; filingNo: string }

async function enterprisesById(db: Db, ids: string[]): Promise<Map<string, EnterpriseInfo>> {
  const uuids = [...new Set(ids)].filter(isUuid);
  if (!uuids.length) return new Map();
  const found = uuids.length ? await enterpriseStatuses(db, uuids) : [];
  return new Map(found.map((e) => [e.id, e]));
}

function checkEnterprise(field: string, id: string | null, known: Map<string, EnterpriseInfo>): EnterpriseInfo {
  if (!id) throw badInput(field, 'MISSING_FIELD', 'enterpriseId is required when COMMERCE writes on behalf of an enterprise.');
  const e = known.get(id);
  if (!e) throw badInput(field, 'NOT_FOUND', `No enterprise ${id}.`);
  if (e.status === 'PENDING') throw badInput(field, 'ENTERPRISE_NOT_FILED', `Enterprise ${e.filingNo} is not yet approved (PENDING); its ledger opens once commerce approves the filing.`);
  return e;
}

interface InboundInfo { id: string; purpose: string; destinationEnterpriseId: string | null }

/** The declarations named by the RAW_IN rows of a batch, in one statement. */
async function declarationsByNo(db: Db, viewer: LedgerContext['viewer'], inputs: readonly LedgerEntryInput[]): Promise<Map<string, InboundInfo>> {
  const nos = [...new Set(inputs.filter((x) => x.kind === 'RAW_IN').flatMap((x) => x.declarationNos ?? []).map((s) => s.trim()).filter(Boolean))];
  if (!nos.length) return new Map();
  const found = await declarationRefsByNos(db, nos, viewer);
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

/**
 * Books a new RAW_IN entry's kg against its declarations (SPEC §13). The declarations' rows are
 * locked first (FOR UPDATE, id order), so a concurrent batch booking the same declaration waits and
 * then sees these bookings: a declaration is never booked twice over.
 */
async function book(tx: Tx, entryId: string, kg: string, declarationIds: readonly string[]): Promise<void> {
  const declared = await lockDeclarationsForBooking(tx, declarationIds);
  const booked = await store.bookedKgOf(tx, declarationIds);
  const lots = declarationIds.map((id) => ({ declarationId: id, declaredKg: declared.get(id) ?? '0', bookedKg: booked.get(id) ?? '0' }));
  const result = bookAgainst(kg, lots);
  if (!result) {
    const unbooked = lots.reduce((a, l) => a.plus(D.max(0, new D(l.declaredKg).minus(l.bookedKg))), new D(0));
    throw badInput('quantityKg', 'EXCEEDS_DECLARED', `入库数量超过申报单未核销数量 0.5% 以上 / ${kg} kg exceed the ${unbooked.toFixed(3)} kg still unbooked on the linked declarations by more than 0.5 %; link the other declarations the goods came with, or correct the quantity.`);
  }
  await store.insertBookings(tx, entryId, result.bookings);
}

export async function submitLedgerEntries({ db, viewer }: LedgerContext, inputs: LedgerEntryInput[]): Promise<BatchResult> {
  checkBatchSize(inputs);
  // The whole mutation is refused before anything is written when an ENTERPRISE names another one.
  const targets = inputs.map((x) => writeTarget(viewer, x.enterpriseId));
  const known = await enterprisesById(db, targets.filter((t): t is string => !!t));
  const declarations = await declarationsByNo(db, viewer, inputs);
  const today = beijingToday();
  return runBatch(db, inputs, {
    keyOf: (x) => x.externalRef ?? null,
    async row(tx, input, i) {
      const e = checkEnterprise('enterpriseId', targets[i]!, known);
      const v = normalizeLedgerEntry(input, today);
      if (v.kind === 'RAW_IN') checkInbound(input.declarationNos ?? [], e.id, declarations);
      const entryId = await store.insertLedgerEntry(tx, { ...v, enterpriseId: e.id, source: viewer.agency });
      if (entryId) {
        if (v.kind === 'RAW_IN') await book(tx, entryId, v.quantityKg, v.declarationNos.map((no) => declarations.get(no)!.id));
        return 'ACCEPTED';
      }
      if (await store.ledgerEntryHash(tx, e.id, v.externalRef) === v.contentHash) return 'DUPLICATE';
      throw badInput('externalRef', 'KEY_CONFLICT', `Entry ${v.externalRef} is already stored with different content; ledger entries are not edited in place — record a correcting entry under a new externalRef.`);
    },
  });
}

// ── monthly reports ───────────────────────────────────────────────────────────────────────

async function reportingEnterprise({ db, viewer }: LedgerContext, enterpriseId: string | null | undefined): Promise<EnterpriseInfo> {
  const target = writeTarget(viewer, enterpriseId);
  return checkEnterprise('enterpriseId', target, await enterprisesById(db, target ? [target] : []));
}

/** The figures of a monthly (or annual) report, checked (BAD_USER_INPUT per field). */
function reportFigures(input: Omit<MonthlyReportInput, 'period' | 'enterpriseId'>) {
  return {
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
}

export async function submitMonthlyReport(ctx: LedgerContext, input: MonthlyReportInput, now = new Date()): Promise<MonthlyReportRow> {
  if (!PERIOD_RE.test(input.period)) throw badInput('period', 'INVALID_VALUE', 'period is YYYY-MM.');
  if (input.period > beijingPeriod(now)) throw badInput('period', 'INVALID_VALUE', `Period ${input.period} has not begun yet; report a month once it has.`);
  const figures = reportFigures(input);
  const e = await reportingEnterprise(ctx, input.enterpriseId);
  return store.upsertMonthlyReport(ctx.db, figures, { enterpriseId: e.id, period: input.period, now, source: ctx.viewer.agency });
}

// ── annual reports (SPEC §15) ──────────────────────────────────────────────────────────────

/** 年度报表: the monthly report's figures for a year, submitted from the year's start on (due early the next year). */
export async function submitAnnualReport(ctx: LedgerContext, input: AnnualReportInput, now = new Date()): Promise<AnnualReportRow> {
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) throw badInput('year', 'INVALID_VALUE', 'year is a calendar year such as 2026.');
  if (String(input.year) > beijingPeriod(now).slice(0, 4)) throw badInput('year', 'INVALID_VALUE', `Year ${input.year} has not begun yet.`);
  const figures = reportFigures(input);
  const e = await reportingEnterprise(ctx, input.enterpriseId);
  return store.upsertAnnualReport(ctx.db, figures, { enterpriseId: e.id, year: input.year, now, source: ctx.viewer.agency });
}

// ── missing reports ───────────────────────────────────────────────────────────────────────

/**
 * 逾期未报 for commerce: for a month, the enterprises in the pilot during it (status history) without
 * its monthly report once the due date has passed; when the month ends a quarter, also the
 * enterprises and cooperatives without that quarter's report once it is due. Empty before the due date.
 */
export async function missingReports({ db }: Pick<LedgerContext, 'db'>, period: string, now = new Date()): Promise<MissingReport[]> {
  if (!PERIOD_RE.test(period)) throw badInput('period', 'INVALID_VALUE', 'period is YYYY-MM.');
  const cal = await loadWorkCalendar(db);
  const today = beijingToday(now);
  const out: MissingReport[] = [];
  const { from, to } = periodRange(period);
  const due = reportDueDate(period, cal);
  if (today > due) {
    for (const id of await store.enterprisesWithoutMonthlyReport(db, period, from, to)) {
      out.push({ kind: MissingReportKind.MONTHLY, period, dueDate: due, enterpriseId: id, cooperativeId: null });
    }
  }
  const m = Number(period.slice(5, 7));
  if (m % 3 === 0) {
    const quarter = `${period.slice(0, 4)}-Q${m / 3}`;
    const qDue = quarterlyReportDueDate(quarter, cal);
    if (today > qDue) {
      const qFrom = `${period.slice(0, 4)}-${String(m - 2).padStart(2, '0')}-01`;
      for (const r of await store.partiesWithoutQuarterlyReport(db, quarter, qFrom, to)) {
        out.push({ kind: MissingReportKind.QUARTERLY, period: quarter, dueDate: qDue, ...r });
      }
    }
  }
  return out;
}

// ── quarterly reports ─────────────────────────────────────────────────────────────────────

export async function submitQuarterlyReport(ctx: LedgerContext, input: QuarterlyReportInput, now = new Date()): Promise<QuarterlyReportRow> {
  const { db, viewer } = ctx;
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
  if (isEnterprise) await reportingEnterprise(ctx, viewer.org);
  const subject = isEnterprise ? { enterpriseId: viewer.org, cooperativeId: null } : { enterpriseId: null, cooperativeId: viewer.org };
  try {
    return await store.upsertQuarterlyReport(db, figures, { ...subject, quarter: input.quarter, now, source: viewer.agency });
  } catch (e) {
    // A cooperative token whose org does not exist: the foreign key refuses it.
    if ((e as any)?.cause?.code === '23503' || (e as any)?.code === '23503') throw badInput('org', 'NOT_FOUND', 'The organisation of this token is not in the registry.');
    throw e;
  }
}

// ── calendar ──────────────────────────────────────────────────────────────────────────────

export async function setCalendarDays({ db }: LedgerContext, inputs: CalendarDayInput[]): Promise<CalendarDayRow[]> {
  checkBatchSize(inputs);
  inputs.forEach((x, i) => {
    if (!x.name?.trim()) throw badInput(`input[${i}].name`, 'MISSING_FIELD', 'Each calendar day needs a name (e.g. 古尔邦节).');
  });
  return store.upsertCalendarDays(db, inputs.map((x) => ({ date: x.date, kind: x.kind, name: x.name.trim() })));
}


/** holidays(year): the calendar days of a year. */
export async function holidaysOfYear({ db }: LedgerContext, year: number): Promise<CalendarDayRow[]> {
  checkYear(year);
  return store.calendarDaysBetween(db, `${year}-01-01`, `${year}-12-31`);
}

// ── reads (row scope applied by the store) ───────────────────────────────────────────────

function checkRange(from: string, to: string) {
  if (to < from) throw badInput('to', 'INVALID_DATE_RANGE', 'to must be on or after from (both inclusive).');
}

export { checkRange as checkLedgerRange };

export function ledgerEntries({ db, viewer }: LedgerContext, filter: LedgerEntryFilter | undefined, page: PageArgs) {
  const f = filter ?? {};
  if (f.from && f.to) checkRange(f.from, f.to);
  return store.ledgerEntriesPage(db, viewer, f, page);
}

/** monthlyReports: the `late` filter compares each report's first submission with its period's due date. */
export async function monthlyReports(
  ctx: LedgerContext & { loaders: { ledger: { workCalendar(): Promise<WorkCalendar> } } },
  filter: MonthlyReportFilter | undefined, page: PageArgs,
) {
  const f = filter ?? {};
  let lateness: store.MonthlyReportQuery['lateness'];
  if (f.late != null) {
    const periods = f.period ? [f.period] : await store.monthlyReportPeriods(ctx.db);
    const cal = periods.length ? await ctx.loaders.ledger.workCalendar() : null;
    lateness = { late: f.late, dues: periods.map((p) => ({ period: p, due: reportDueDate(p, cal!) })) };
  }
  return store.monthlyReportsPage(ctx.db, ctx.viewer, { ...f, lateness }, page);
}

export function quarterlyReports({ db, viewer }: LedgerContext, filter: QuarterlyReportFilter | undefined, page: PageArgs) {
  const f = filter ?? {};
  if (f.quarter && !QUARTER_RE.test(f.quarter)) throw badInput('filter.quarter', 'INVALID_VALUE', 'quarter is YYYY-Qn.');
  return store.quarterlyReportsPage(db, viewer, f, page);
}

/** ledgerSummaries (tax pull, SPEC §6): one statement for the rows and the working-day calendar's version. */
export async function ledgerSummaries(
  ctx: LedgerContext,
  period: string, enterpriseIds: string[] | null | undefined, updatedSince: Date | null | undefined,
  totals: ReadonlySet<store.TotalColumn> | null = null,
): Promise<LedgerSummary[]> {
  if (!PERIOD_RE.test(period)) throw badInput('period', 'INVALID_VALUE', 'period is YYYY-MM.');
  if (enterpriseIds && enterpriseIds.length > 5000) throw badInput('enterpriseIds', 'INVALID_VALUE', 'At most 5,000 enterprise ids per call; omit the list for all enterprises.');
  const { from, to } = periodRange(period);
  const { viewer } = ctx;
  const { rows: found, calendar } = await store.ledgerSummaryRows(ctx.db, {
    // An id that is not a UUID names no enterprise (and must not reach the uuid column).
    period, from, to, enterpriseIds: enterpriseIds?.filter(isUuid) ?? null, updatedSince: updatedSince ?? null,
    onlyEnterpriseId: viewer.agency === 'ENTERPRISE' ? (viewer.org ?? '00000000-0000-0000-0000-000000000000') : null,
    totals,
  });
  if (!found.length) return [];
  // The due date and today are the same for every row; rates and flags came computed in the statement.
  const due = reportDueDate(period, calendar!);
  const today = beijingToday();
  const threshold = Number(DEFAULT_VALUE_ADD_THRESHOLD);
  return found.map((r) => summaryOf(r, period, from, to, due, today, threshold));
}

/** The sums a selection of LedgerSummary fields reads: the figures of the same names, and entryCount. */
export const summaryTotalsFor = (fields: ReadonlySet<string>): ReadonlySet<store.TotalColumn> =>
  new Set(store.TOTAL_COLUMN_NAMES.filter((c) => fields.has(c)));

const num = (v: string | null): number | null => (v == null ? null : Number(v));

/** statsOf (totals.ts) for a row whose rates and flags the statement computed: no decimal.js per row. */
function summaryOf(r: SummaryRow, period: string, from: string, to: string, due: string, today: string, defaultThreshold: number): LedgerSummary {
  const submittedOn = r.reportSubmittedOn;
  const late = isReportLate(due, submittedOn, today);
  const t = r.totals;
  return {
    enterpriseId: r.enterpriseId, from, to,
    enterpriseHead: { id: r.enterpriseId, name: r.enterpriseName, uscc: r.enterpriseUscc },
    ...figuresOf(t),
    valueAddRate: num(r.valueAddRate), lossRate: num(r.lossRate),
    valueAddThreshold: r.threshold == null ? defaultThreshold : Number(r.threshold),
    meetsValueAddThreshold: r.meetsValueAddThreshold,
    lossAboveDeclared: r.lossAboveDeclared,
    period,
    entryCount: t.entryCount,
    reportDueDate: due,
    reportSubmitted: submittedOn != null,
    // Printed text: DateTimeScalar passes it through (db/printed.ts).
    reportSubmittedAt: r.reportSubmittedAt as unknown as Date | null,
    reportOnTime: submittedOn != null && !late,
    reportLate: late,
  };
}

// ── stock and write-off (SPEC §13) ─────────────────────────────────────────────────────────

/** The WriteOff object from its row (an enterprise without entries: zeros). */
export function writeOffOf(r: store.WriteOffRow | null, enterpriseId: string, period: string): WriteOff {
  const z = '0.000';
  const closing = r?.closingRawKg ?? z;
  const reported = r?.reportedInventoryKg ?? null;
  return {
    period, enterpriseId,
    openingRawKg: r?.openingRawKg ?? z, rawInKg: r?.rawInKg ?? z, rawConsumedKg: r?.rawConsumedKg ?? z,
    rawSoldKg: r?.rawSoldKg ?? z, lossKg: r?.lossKg ?? z, closingRawKg: closing, reportedInventoryKg: reported,
    yieldRate: ratio(new D(r?.productOutputKg ?? 0), new D(r?.rawConsumedKg ?? 0)),
    balanced: reported != null && !differs(reported, closing),
  };
}

/** The write-off statement of a period: one row per enterprise in the viewer's scope (download 'write-off'). */
export async function writeOffStatement({ db, viewer }: LedgerContext, period: string) {
  if (!PERIOD_RE.test(period)) throw badInput('period', 'INVALID_VALUE', 'period is YYYY-MM.');
  const only = viewer.agency === 'ENTERPRISE' ? (viewer.org ?? '00000000-0000-0000-0000-000000000000') : null;
  const found = await store.writeOffStatementRows(db, period, periodRange(period).to, only);
  return found.map((r) => ({ ...writeOffOf(r, r.enterpriseId, period), enterpriseName: r.name, filingNo: r.filingNo }));
}
