/**
 * Every SQL statement on the ledger's tables (ledger_entries, monthly_reports, quarterly_reports,
 * calendar_days). Writes take the caller's transaction; row scope (policy.ts) is applied here.
 * The ledger sums (SPEC §6, §7) are built once, by `sums` below: the processing statistics, the tax
 * pull and the reports (monthly return, assessments, through `ledgerTotalsByEnterpriseSql`) all use it.
 */
import { idsWhere, type VisibleIds } from '../../db/visible-ids';
import { and, asc, eq, gte, inArray, lte, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { Viewer } from '../../authz/agencies';
import { builtOnce, rows, type Db, type DbOrTx } from '../../db/client';
import { paginate, type PageArgs } from '../../shared/pagination';
import { addDays, beijingDayStart } from '../../shared/time';
import { planThresholdsSql } from '../quota';
import { cooperativeIdsSql, cooperativeWasInPilotSql, enterpriseIdsSql, enterprisesSql, enterpriseWasInPilotSql } from '../registry';
import { enterpriseRowScope, quarterlyRowScope } from './policy';
import { calendarOf, DEFAULT_VALUE_ADD_THRESHOLD, nextMonthStart, type WorkCalendar } from './rules';
import { beijingIsoText } from '../../db/printed';
import { referenceCache, type ReferenceColumns } from '../../db/reference-cache';
import {
  annualReportsTable, calendarDaysTable, ledgerBookingsTable, ledgerDailyTable, ledgerDeclarationBookedTable, ledgerEntriesTable, monthlyReportsTable, quarterlyReportsTable,
  type AnnualReportRow, type CalendarDayRow, type LedgerEntryRow, type MonthlyReportRow, type QuarterlyReportRow,
} from './table';
import { LEDGER_TOTAL_KINDS, totalsOfRow, type LedgerTotals } from './totals';
import { idEq } from '../../db/any-of';

export type { AnnualReportRow, CalendarDayRow, LedgerEntryRow, MonthlyReportRow, QuarterlyReportRow };

export type CalendarKind = 'HOLIDAY' | 'MAKEUP_WORKDAY';
export interface CalendarDayData { date: string; kind: CalendarKind; name: string }

// ── ledger entries ────────────────────────────────────────────────────────────────────────

export type NewLedgerEntry = typeof ledgerEntriesTable.$inferInsert;

/** Inserts the entry unless (enterprise, externalRef) is taken; true when it was stored. */
export async function insertLedgerEntry(tx: DbOrTx, values: NewLedgerEntry): Promise<string | null> {
  const inserted = await tx.insert(ledgerEntriesTable).values(values)
    .onConflictDoNothing({ target: [ledgerEntriesTable.enterpriseId, ledgerEntriesTable.externalRef] })
    .returning({ id: ledgerEntriesTable.id });
  return inserted[0]?.id ?? null;
}

/** The content hash of the entry stored under (enterprise, externalRef), if any. */
export async function ledgerEntryHash(tx: DbOrTx, enterpriseId: string, externalRef: string): Promise<string | null> {
  const [existing] = await tx.select({ contentHash: ledgerEntriesTable.contentHash }).from(ledgerEntriesTable)
    .where(and(eq(ledgerEntriesTable.enterpriseId, enterpriseId), eq(ledgerEntriesTable.externalRef, externalRef)));
  return existing?.contentHash ?? null;
}

export interface LedgerEntryQuery { enterpriseId?: string; from?: string; to?: string; kind?: string; updatedSince?: Date }

/** A page of ledger entries in the viewer's row scope. */
export function ledgerEntriesPage(db: DbOrTx, viewer: Viewer, f: LedgerEntryQuery, page: PageArgs) {
  const t = ledgerEntriesTable;
  return paginate<LedgerEntryRow>(db, t, [
    enterpriseRowScope(viewer, t.enterpriseId),
    f.enterpriseId ? idEq(t.enterpriseId, f.enterpriseId) : undefined,
    f.from ? gte(t.occurredOn, f.from) : undefined,
    f.to ? lte(t.occurredOn, f.to) : undefined,
    f.kind ? eq(t.kind, f.kind as LedgerEntryRow['kind']) : undefined,
    f.updatedSince ? gte(t.updatedAt, f.updatedSince) : undefined,
  ], page);
}

// ── monthly reports ───────────────────────────────────────────────────────────────────────

export type MonthlyReportFigures = Pick<typeof monthlyReportsTable.$inferInsert,
  'rawPurchasedKg' | 'rawPurchasedYuan' | 'rawConsumedKg' | 'rawConsumedYuan' | 'productOutputKg' | 'productOutputYuan'
  | 'salesKg' | 'salesYuan' | 'inventoryKg' | 'lossKg'>;

/**
 * One statement: the first submission fixes submittedAt (and so lateness); a resubmission
 * replaces the figures and stamps revisedAt (SPEC §12).
 */
export async function upsertMonthlyReport(
  tx: DbOrTx, figures: MonthlyReportFigures, at: { enterpriseId: string; period: string; now: Date; source: Viewer['agency'] },
): Promise<MonthlyReportRow> {
  const [row] = await tx.insert(monthlyReportsTable)
    .values({ ...figures, enterpriseId: at.enterpriseId, period: at.period, submittedAt: at.now, source: at.source })
    .onConflictDoUpdate({
      target: [monthlyReportsTable.enterpriseId, monthlyReportsTable.period],
      set: { ...Object.fromEntries(Object.keys(figures).map((k) => [k, sql.raw(`excluded.${k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`)])), revisedAt: at.now, updatedAt: at.now },
    })
    .returning();
  return row!;
}

/** Every period some monthly report is for. */
export async function monthlyReportPeriods(db: DbOrTx): Promise<string[]> {
  return (await db.selectDistinct({ p: monthlyReportsTable.period }).from(monthlyReportsTable)).map((r) => r.p);
}

export interface MonthlyReportQuery {
  enterpriseId?: string; period?: string; updatedSince?: Date;
  /** late / on time against these due dates (one per period that may occur). */
  lateness?: { late: boolean; dues: { period: string; due: string }[] };
}

/** SQL condition: the report's first submission (Beijing date) is after (late) or not after its due date. */
function latenessCondition(late: boolean, dues: { period: string; due: string }[]): SQL {
  if (!dues.length) return sql`false`;
  const values = sql.join(dues.map((d) => sql`(${d.period}, ${d.due}::date)`), sql`, `);
  const submittedOn = sql`(${monthlyReportsTable.submittedAt} at time zone 'Asia/Shanghai')::date`;
  const due = sql`(select d.due from (values ${values}) as d(period, due) where d.period = ${monthlyReportsTable.period})`;
  return late ? sql`${submittedOn} > ${due}` : sql`${submittedOn} <= ${due}`;
}

/** A page of monthly reports in the viewer's row scope. */
export function monthlyReportsPage(db: DbOrTx, viewer: Viewer, f: MonthlyReportQuery, page: PageArgs) {
  const t = monthlyReportsTable;
  return paginate<MonthlyReportRow>(db, t, [
    enterpriseRowScope(viewer, t.enterpriseId),
    f.enterpriseId ? idEq(t.enterpriseId, f.enterpriseId) : undefined,
    f.period ? eq(t.period, f.period) : undefined,
    f.lateness ? latenessCondition(f.lateness.late, f.lateness.dues) : undefined,
    f.updatedSince ? gte(t.updatedAt, f.updatedSince) : undefined,
  ], page);
}

/** Monthly reports (period, first submission) of the enterprises over periods [fromPeriod, toPeriod]: one statement. */
export async function monthlyReportSubmissions(db: DbOrTx, enterpriseIds: readonly string[], fromPeriod: string, toPeriod: string) {
  return db.select({ enterpriseId: monthlyReportsTable.enterpriseId, period: monthlyReportsTable.period, submittedAt: monthlyReportsTable.submittedAt })
    .from(monthlyReportsTable)
    .where(and(inArray(monthlyReportsTable.enterpriseId, [...enterpriseIds]), gte(monthlyReportsTable.period, fromPeriod), lte(monthlyReportsTable.period, toPeriod)));
}

// ── annual reports (SPEC §15) ──────────────────────────────────────────────────────────────

/** Like upsertMonthlyReport, for a year: the first submission fixes submittedAt; a resubmission stamps revisedAt. */
export async function upsertAnnualReport(
  tx: DbOrTx, figures: MonthlyReportFigures, at: { enterpriseId: string; year: number; now: Date; source: Viewer['agency'] },
): Promise<AnnualReportRow> {
  const [row] = await tx.insert(annualReportsTable)
    .values({ ...figures, enterpriseId: at.enterpriseId, year: at.year, submittedAt: at.now, source: at.source })
    .onConflictDoUpdate({
      target: [annualReportsTable.enterpriseId, annualReportsTable.year],
      set: { ...Object.fromEntries(Object.keys(figures).map((k) => [k, sql.raw(`excluded.${k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`)])), revisedAt: at.now, updatedAt: at.now },
    })
    .returning();
  return row!;
}

// ── quarterly reports ─────────────────────────────────────────────────────────────────────

export type QuarterlyReportFigures = Pick<typeof quarterlyReportsTable.$inferInsert,
  'purchasedKg' | 'purchasedYuan' | 'soldKg' | 'soldYuan' | 'dividendYuan' | 'remarks'>;

/** Submit or resubmit the quarter of an enterprise or a cooperative (exactly one of them). */
export async function upsertQuarterlyReport(
  tx: DbOrTx, figures: QuarterlyReportFigures,
  at: { enterpriseId: string | null; cooperativeId: string | null; quarter: string; now: Date; source: Viewer['agency'] },
): Promise<QuarterlyReportRow> {
  const target = at.enterpriseId != null
    ? [quarterlyReportsTable.enterpriseId, quarterlyReportsTable.quarter]
    : [quarterlyReportsTable.cooperativeId, quarterlyReportsTable.quarter];
  const [row] = await tx.insert(quarterlyReportsTable)
    .values({ ...figures, enterpriseId: at.enterpriseId, cooperativeId: at.cooperativeId, quarter: at.quarter, submittedAt: at.now, source: at.source })
    .onConflictDoUpdate({
      target,
      set: {
        purchasedKg: sql`excluded.purchased_kg`, purchasedYuan: sql`excluded.purchased_yuan`, soldKg: sql`excluded.sold_kg`,
        soldYuan: sql`excluded.sold_yuan`, dividendYuan: sql`excluded.dividend_yuan`, remarks: sql`excluded.remarks`, revisedAt: at.now, updatedAt: at.now,
      },
    })
    .returning();
  return row!;
}

export interface QuarterlyReportQuery { enterpriseId?: string; cooperativeId?: string; quarter?: string; updatedSince?: Date }

/** A page of quarterly reports in the viewer's row scope. */
export function quarterlyReportsPage(db: DbOrTx, viewer: Viewer, f: QuarterlyReportQuery, page: PageArgs) {
  const t = quarterlyReportsTable;
  return paginate<QuarterlyReportRow>(db, t, [
    quarterlyRowScope(viewer, t.enterpriseId, t.cooperativeId),
    f.enterpriseId ? idEq(t.enterpriseId, f.enterpriseId) : undefined,
    f.cooperativeId ? idEq(t.cooperativeId, f.cooperativeId) : undefined,
    f.quarter ? eq(t.quarter, f.quarter) : undefined,
    f.updatedSince ? gte(t.updatedAt, f.updatedSince) : undefined,
  ], page);
}

// ── calendar ──────────────────────────────────────────────────────────────────────────────

/** Reference loader: inserts the days that are missing; never overwrites agency edits. */
export async function insertMissingCalendarDays(db: Db, days: readonly CalendarDayData[]): Promise<void> {
  if (days.length) await db.insert(calendarDaysTable).values([...days]).onConflictDoNothing({ target: calendarDaysTable.date });
}

/** setCalendarDays (COMMERCE): upsert by date; the last entry for a date in one call wins. */
export async function upsertCalendarDays(db: DbOrTx, days: readonly CalendarDayData[]): Promise<CalendarDayRow[]> {
  const byDate = new Map(days.map((x) => [x.date, x]));
  if (!byDate.size) return [];
  return db.insert(calendarDaysTable).values([...byDate.values()].map((x) => ({ ...x, updatedAt: new Date() })))
    .onConflictDoUpdate({ target: calendarDaysTable.date, set: { kind: sql`excluded.kind`, name: sql`excluded.name`, updatedAt: sql`excluded.updated_at` } })
    .returning();
}

/** The whole calendar (a few dozen rows a year): one statement, loaded once per request. */
export async function loadCalendarDays(db: DbOrTx): Promise<CalendarDayRow[]> {
  return db.select().from(calendarDaysTable).orderBy(asc(calendarDaysTable.date));
}

/**
 * The working-day calendar from the in-memory reference cache (db/reference-cache.ts): one small
 * statement (the calendar's version) per call; the days are read and the calendar built only after
 * a change, by any instance or path (setCalendarDays, the reference loader, SQL by hand).
 */
const calendarCache = referenceCache({
  table: 'calendar_days',
  rows: sql`select ${calendarDaysTable.date}::text as date, ${calendarDaysTable.kind}::text as kind from ${calendarDaysTable}`,
  build: (days: { date: string; kind: CalendarKind }[]) => calendarOf(days),
});
export const workCalendarOf = (db: DbOrTx): Promise<WorkCalendar> => calendarCache.get(db);

/** Calendar days in [from, to], in date order. */
export async function calendarDaysBetween(db: DbOrTx, from: string, to: string): Promise<CalendarDayRow[]> {
  return db.select().from(calendarDaysTable)
    .where(and(gte(calendarDaysTable.date, from), lte(calendarDaysTable.date, to)))
    .orderBy(asc(calendarDaysTable.date));
}

/** The calendar days a period's due date can fall on: the 10th of the next month and the 60 days after (reportDueDate's bound). */
export async function dueDateCalendarDays(db: DbOrTx, period: string) {
  const from = addDays(nextMonthStart(period), 9);
  return db.select({ date: calendarDaysTable.date, kind: calendarDaysTable.kind }).from(calendarDaysTable)
    .where(and(gte(calendarDaysTable.date, from), lte(calendarDaysTable.date, addDays(from, 60))));
}

// ── totals (SPEC §6, §7): the one implementation of the ledger sums ────────────────────────

/**
 * The select list of sums over alias `le` (FILTER per kind), camel-case column aliases read by
 * totalsOfRow; `only`: just those columns (the others are not computed).
 */
function sums(le: string, only?: ReadonlySet<TotalColumn>): SQL {
  const parts = LEDGER_TOTAL_KINDS.flatMap(([kind, name]) => [
    [`${name}Kg`, `coalesce(sum(${le}.quantity_kg) filter (where ${le}.kind = '${kind}'), 0)::numeric(16,3)::text as "${name}Kg"`],
    [`${name}Yuan`, `coalesce(sum(${le}.amount_yuan) filter (where ${le}.kind = '${kind}'), 0)::numeric(18,2)::text as "${name}Yuan"`],
  ] as const);
  const list = [...parts, ['entryCount', `count(${le}.id)::int as "entryCount"`] as const]
    .filter(([column]) => !only || only.has(column)).map(([, text]) => sql.raw(text));
  return sql.join(list, sql`, `);
}

/** A column of the ledger sums (totalsOfRow): `rawInKg` … `lossYuan`, `entryCount`. */
export type TotalColumn = keyof LedgerTotals;
export const TOTAL_COLUMN_NAMES: readonly TotalColumn[] = [...LEDGER_TOTAL_KINDS.flatMap(([, name]) => [`${name}Kg`, `${name}Yuan`] as TotalColumn[]), 'entryCount'];
/** The sums the summary statement's rates and flags are computed from: always read. */
const RATE_INPUTS: readonly TotalColumn[] = ['productOutputYuan', 'rawConsumedYuan', 'lossKg', 'rawInKg'];

/**
 * Ledger totals per enterprise over occurredOn in [from, to] (inclusive Beijing dates), as a
 * subquery for one statement: columns enterprise_id, last_update (max updated_at) and the sums
 * (read a row back with totalsOfRow). `enterpriseIds` narrows it; enterprises without entries are absent.
 */
export function ledgerTotalsByEnterpriseSql(from: string | Placeholder, to: string | Placeholder, enterpriseIds?: readonly string[] | null, only?: ReadonlySet<TotalColumn>): SQL {
  const ids = enterpriseIds ? sql`and le.enterprise_id in (${sql.join(enterpriseIds.map((id) => sql`${id}::uuid`), sql`, `)})` : sql``;
  return sql`select le.enterprise_id, max(le.updated_at) as last_update, ${sums('le', only)}
    from ${ledgerEntriesTable} le
    where le.occurred_on between ${from}::date and ${to}::date ${ids}
    group by le.enterprise_id`;
}

/** SQL condition: the enterprise (an SQL expression) has a ledger entry on or before `to`. */
export function hasLedgerEntrySql(enterpriseId: SQL, to: string): SQL {
  return sql`exists (select 1 from ${ledgerEntriesTable} le where le.enterprise_id = ${enterpriseId} and le.occurred_on <= ${to})`;
}

/** Subquery: (enterprise_id, submitted_at) of the monthly reports for the period. */
export function monthlyReportSubmissionsSql(period: string): SQL {
  return sql`select enterprise_id, submitted_at from ${monthlyReportsTable} where period = ${period}`;
}

export interface StatsKey { enterpriseId: string; from: string; to: string }

export interface KeyedTotals { totals: LedgerTotals; threshold: string | null; declaredLossRate: string | null }

/**
 * Totals for many (enterprise, from, to) keys in ONE statement: the keys are a VALUES list joined
 * to the ledger and grouped by key; the enterprise's declared loss rate and the value-add threshold
 * of the plan of the year of `to` come along. Unknown enterprises give null.
 */
export async function totalsFor(db: DbOrTx, keys: readonly StatsKey[]): Promise<(KeyedTotals | null)[]> {
  if (!keys.length) return [];
  const values = sql.join(keys.map((k, i) => sql`(${i}::int, ${k.enterpriseId}::uuid, ${k.from}::date, ${k.to}::date)`), sql`, `);
  const res = await rows<Record<string, unknown>>(db, sql`
    select k.i as "idx", e.declared_loss_rate::text as "declaredLossRate", p.value_add_threshold::text as "threshold", ${sums('le')}
    from (values ${values}) as k(i, eid, f, t)
    join ${enterprisesSql()} e on e.id = k.eid
    left join ${planThresholdsSql()} p on p.year = extract(year from k.t)::int
    left join ${ledgerEntriesTable} le on le.enterprise_id = k.eid and le.occurred_on between k.f and k.t
    group by k.i, e.declared_loss_rate, p.value_add_threshold`);
  const byIdx = new Map(res.map((r) => [Number(r.idx), r]));
  return keys.map((_k, i) => {
    const r = byIdx.get(i);
    if (!r) return null;
    return { totals: totalsOfRow(r), threshold: (r.threshold as string | null) ?? null, declaredLossRate: (r.declaredLossRate as string | null) ?? null };
  });
}

export interface SummaryRow {
  enterpriseId: string;
  totals: LedgerTotals;
  threshold: string | null;
  declaredLossRate: string | null;
  /** Printed as DateTimeScalar prints it (db/printed.ts), and its Beijing date. */
  reportSubmittedAt: string | null;
  reportSubmittedOn: string | null;
  /** The enterprise's name and USCC, read in the same statement (LedgerSummary.enterprise { id name uscc }). */
  enterpriseName: string;
  enterpriseUscc: string;
  /** The per-row figures of SPEC §7 computed in the statement (same rounding as rules.ts: half-up, 4 places). */
  valueAddRate: string | null;
  lossRate: string | null;
  meetsValueAddThreshold: boolean | null;
  lossAboveDeclared: boolean | null;
}

/**
 * The summary statement (ledgerSummaryRows) of one shape, with placeholders for its values: from,
 * to, period, year, calendarHeld, and `only` / `since` when the shape has them. An id list, when
 * given, is part of the text (its length varies).
 */
function summarySql(shape: SummaryShape): SQL {
  const p = sql.placeholder;
  const idList = shape.ids ? sql.join(shape.ids.map((id) => sql`${id}::uuid`), sql`, `) : null;
  const sent = shape.totals ?? TOTAL_COLUMN_NAMES;
  const computed = shape.totals ? new Set([...shape.totals, ...RATE_INPUTS]) : undefined;
  return sql`
    with tot as (${ledgerTotalsByEnterpriseSql(p('from'), p('to'), shape.ids, computed)})
    select x."enterpriseId", x."enterpriseName", x."enterpriseUscc", x."declaredLossRate", x."threshold",
      x."reportSubmittedAt", x."reportSubmittedOn", ${sql.raw(sent.map((c) => `x."${c}", `).join(''))}
      round((x.out_yuan - x.consumed_yuan) / nullif(x.consumed_yuan, 0), 4) >= coalesce(x.threshold_n, ${DEFAULT_VALUE_ADD_THRESHOLD}::numeric) as "meetsValueAddThreshold",
      round(x.loss_kg / nullif(x.in_kg, 0), 4) > x.declared_n as "lossAboveDeclared",
      round((x.out_yuan - x.consumed_yuan) / nullif(x.consumed_yuan, 0), 4)::text as "valueAddRate",
      round(x.loss_kg / nullif(x.in_kg, 0), 4)::text as "lossRate",
      ${calendarCache.columns('calendarHeld')}
    from (select e.id::text as "enterpriseId", e.name as "enterpriseName", e.uscc as "enterpriseUscc", e.declared_loss_rate::text as "declaredLossRate", p.value_add_threshold::text as "threshold",
      ${beijingIsoText(sql`mr.submitted_at`)} as "reportSubmittedAt", ((mr.submitted_at at time zone 'UTC') + interval '8 hours')::date::text as "reportSubmittedOn",
      e.declared_loss_rate as declared_n, p.value_add_threshold as threshold_n,
      coalesce(tot."productOutputYuan"::numeric, 0) as out_yuan, coalesce(tot."rawConsumedYuan"::numeric, 0) as consumed_yuan,
      coalesce(tot."lossKg"::numeric, 0) as loss_kg, coalesce(tot."rawInKg"::numeric, 0) as in_kg,
      e.filing_no as filing_no, e.id as id, tot.*
    from ${enterprisesSql()} e
    left join tot on tot.enterprise_id = e.id
    left join ${monthlyReportsTable} mr on mr.enterprise_id = e.id and mr.period = ${p('period')}
    left join ${planThresholdsSql()} p on p.year = ${p('year')}::int
    where ${idList ? sql`e.id in (${idList})` : sql`(tot.enterprise_id is not null or mr.id is not null or e.status in ('FILED', 'WARNED'))`}
      ${shape.only ? sql`and e.id = ${p('only')}::uuid` : sql``}
      ${shape.since ? sql`and (tot.last_update >= ${p('since')}::timestamptz or mr.updated_at >= ${p('since')}::timestamptz)` : sql``}
    ) x
    order by x.filing_no, x.id`;
}

/**
 * A shape of the summary statement. `totals`: the sums' columns sent (totalsOfRow reads them back),
 * null for all of them; the statement sends only what is read (not its working columns: numerics,
 * ids, a timestamp per row to decode), and computes only those sums and the rates' inputs.
 */
interface SummaryShape { ids: readonly string[] | null; only: boolean; since: boolean; totals: readonly TotalColumn[] | null }

/**
 * The shapes without an id list (the tax pull asks one of them), each built once. Bounded: the sums'
 * sets are the clients' choice (8,192 of them); past MAX_SUMMARY_SHAPES a shape is built per call.
 */
const summaryStatements = new Map<string, ReturnType<typeof builtOnce>>();
const MAX_SUMMARY_SHAPES = 256;

/**
 * The tax pull (SPEC §6 LedgerSummary): per enterprise the period's ledger totals, the plan's
 * threshold, the declared loss rate and the monthly report's first submission — ONE statement
 * whatever the number of enterprises. Without `enterpriseIds`: every enterprise with entries or a
 * report in the period, and every FILED or WARNED one (so a missing report shows). `updatedSince`
 * keeps enterprises whose period entries or report changed at or after that instant.
 * `onlyEnterpriseId` is the row scope of an ENTERPRISE viewer.
 * The same statement asks the working-day calendar's version (reference-cache.ts): `calendar` is
 * the calendar as of that statement, or null when no row came back (no due date to compute).
 */
export async function ledgerSummaryRows(
  db: DbOrTx,
  args: {
    period: string; from: string; to: string; enterpriseIds: readonly string[] | null; updatedSince: Date | null; onlyEnterpriseId: string | null;
    /** The sums asked (null: all); the rows then carry only those (totalsOfRow). */
    totals?: ReadonlySet<TotalColumn> | null;
  },
): Promise<{ rows: SummaryRow[]; calendar: WorkCalendar | null }> {
  const { period, from, to, enterpriseIds, updatedSince, onlyEnterpriseId } = args;
  if (enterpriseIds && enterpriseIds.length === 0) return { rows: [], calendar: null };
  // In the columns' own order: one statement per set, whatever order the fields were asked in.
  const totals = args.totals ? TOTAL_COLUMN_NAMES.filter((c) => args.totals!.has(c)) : null;
  const shape: SummaryShape = { ids: enterpriseIds, only: onlyEnterpriseId != null, since: updatedSince != null, totals };
  const key = `${shape.only}|${shape.since}|${totals?.join(',') ?? '*'}`;
  let statement = enterpriseIds ? undefined : summaryStatements.get(key);
  if (!statement) {
    statement = builtOnce(() => summarySql(shape));
    if (!enterpriseIds && summaryStatements.size < MAX_SUMMARY_SHAPES) summaryStatements.set(key, statement);
  }
  const calendar = calendarCache.probe(db);
  const res = await statement(db, {
    from, to, period, year: Number(period.slice(0, 4)), calendarHeld: calendar.held,
    ...(shape.only ? { only: onlyEnterpriseId } : {}), ...(shape.since ? { since: updatedSince!.toISOString() } : {}),
  });
  return {
    calendar: res.length ? await calendar.read(res[0] as unknown as ReferenceColumns) : null,
    rows: res.map((r) => ({
      enterpriseId: String(r.enterpriseId),
      enterpriseName: r.enterpriseName as string,
      enterpriseUscc: r.enterpriseUscc as string,
      totals: totalsOfRow(r, totals),
      threshold: (r.threshold as string | null) ?? null,
      declaredLossRate: (r.declaredLossRate as string | null) ?? null,
      reportSubmittedAt: (r.reportSubmittedAt as string | null) ?? null,
      reportSubmittedOn: (r.reportSubmittedOn as string | null) ?? null,
      valueAddRate: (r.valueAddRate as string | null) ?? null,
      lossRate: (r.lossRate as string | null) ?? null,
      meetsValueAddThreshold: (r.meetsValueAddThreshold as boolean | null) ?? null,
      lossAboveDeclared: (r.lossAboveDeclared as boolean | null) ?? null,
    })),
  };
}

// ── used by feed ──
/** Row scope of ledger entities for the change feed (SPEC §16), per ChangeEntity name. */
export function feedVisibleIds(v: Viewer): VisibleIds {
  return {
    LEDGER_ENTRY: idsWhere(ledgerEntriesTable, enterpriseRowScope(v, ledgerEntriesTable.enterpriseId)),
    MONTHLY_REPORT: idsWhere(monthlyReportsTable, enterpriseRowScope(v, monthlyReportsTable.enterpriseId)),
    QUARTERLY_REPORT: idsWhere(quarterlyReportsTable, quarterlyRowScope(v, quarterlyReportsTable.enterpriseId, quarterlyReportsTable.cooperativeId)),
  };
}

// ── bookings, stock and write-off (SPEC §13) ───────────────────────────────────────────────

/** kg already booked per declaration; call after the declarations were locked (customs.lockDeclarationsForBooking). */
export async function bookedKgOf(tx: DbOrTx, declarationIds: readonly string[]): Promise<Map<string, string>> {
  if (!declarationIds.length) return new Map();
  const found = await tx.select({ id: ledgerBookingsTable.declarationId, kg: sql<string>`sum(${ledgerBookingsTable.kg})::text` })
    .from(ledgerBookingsTable).where(inArray(ledgerBookingsTable.declarationId, [...declarationIds]))
    .groupBy(ledgerBookingsTable.declarationId);
  return new Map(found.map((r) => [r.id, r.kg]));
}

export async function insertBookings(tx: DbOrTx, ledgerEntryId: string, bookings: readonly { declarationId: string; seq: number; kg: string }[]): Promise<void> {
  if (!bookings.length) return;
  await tx.insert(ledgerBookingsTable).values(bookings.map((b) => ({ ...b, ledgerEntryId })));
}

/**
 * Subquery: (declaration_id, booked_kg) — kg booked on each declaration by RAW_IN entries
 * occurring on or before `asOf` (all when absent), narrowed to `declarationIds` when given. Read
 * from the rollup ledger_declaration_booked; only a declaration booked again after `asOf` has its
 * bookings summed up to that day.
 */
export function bookedByDeclarationSql(opts: { asOf?: string | null; declarationIds?: readonly string[] } = {}): SQL {
  const ids = opts.declarationIds
    ? (opts.declarationIds.length ? sql`where r.declaration_id in (${sql.join(opts.declarationIds.map((i) => sql`${i}::uuid`), sql`, `)})` : sql`where false`)
    : sql``;
  const booked = opts.asOf
    ? sql`case when r.last_booked_on <= ${opts.asOf}::date then r.booked_kg
        else (select coalesce(sum(b.kg), 0) from ${ledgerBookingsTable} b join ${ledgerEntriesTable} le on le.id = b.ledger_entry_id
               where b.declaration_id = r.declaration_id and le.occurred_on <= ${opts.asOf}::date) end`
    : sql`r.booked_kg`;
  return sql`select r.declaration_id, ${booked} as booked_kg from ${ledgerDeclarationBookedTable} r ${ids}`;
}

/**
 * Subquery: one row per enterprise and Beijing day with entries on or before `asOf`: enterprise_id,
 * day, raw_delta (RAW_IN − RAW_CONSUMED − RAW_SOLD − LOSS), raw_sold_kg, consumed_kg, consumed_yuan,
 * output_kg, output_yuan. The running sum of raw_delta is the raw stock at the end of each day.
 * Read from the rollup ledger_daily (kept by triggers, table.ts).
 */
export function ledgerDailySql(opts: { asOf: string; enterpriseIds?: readonly string[] }): SQL {
  const ids = opts.enterpriseIds
    ? (opts.enterpriseIds.length ? sql`and d.enterprise_id in (${sql.join(opts.enterpriseIds.map((i) => sql`${i}::uuid`), sql`, `)})` : sql`and false`)
    : sql``;
  return sql`select d.enterprise_id, d.day, d.raw_delta, d.raw_sold_kg, d.consumed_kg, d.consumed_yuan, d.output_kg, d.output_yuan
    from ${ledgerDailyTable} d where d.day <= ${opts.asOf}::date ${ids}`;
}

/** Subquery: monthly reports (id, enterprise_id, period, inventory_kg, submitted_at). */
export function monthlyReportsSql(): SQL {
  return sql`select id, enterprise_id, period, inventory_kg, submitted_at from ${monthlyReportsTable}`;
}

/** RAW_IN entries that booked the declarations: (declarationId, kg booked, the entry). One statement. */
export async function bookingsOfDeclarations(db: DbOrTx, viewer: Viewer, declarationIds: readonly string[]) {
  if (!declarationIds.length) return [];
  return db.select({ declarationId: ledgerBookingsTable.declarationId, kg: ledgerBookingsTable.kg, entry: ledgerEntriesTable })
    .from(ledgerBookingsTable)
    .innerJoin(ledgerEntriesTable, eq(ledgerEntriesTable.id, ledgerBookingsTable.ledgerEntryId))
    .where(and(inArray(ledgerBookingsTable.declarationId, [...declarationIds]), enterpriseRowScope(viewer, ledgerEntriesTable.enterpriseId)))
    .orderBy(asc(ledgerEntriesTable.occurredOn), asc(ledgerEntriesTable.id));
}

/** Signed raw kg of an entry (RAW_IN in; consumed, sold raw and lost out), over alias `le`. */
const RAW_DELTA = sql.raw(`case le.kind when 'RAW_IN' then le.quantity_kg when 'PRODUCT_OUTPUT' then 0 when 'PRODUCT_SOLD' then 0 else -le.quantity_kg end`);
const PRODUCT_DELTA = sql.raw(`case le.kind when 'PRODUCT_OUTPUT' then le.quantity_kg when 'PRODUCT_SOLD' then -le.quantity_kg else 0 end`);

/** Raw and product stock (kg) of enterprises at the end of `asOf`: one grouped statement. */
export async function stockOf(db: DbOrTx, enterpriseIds: readonly string[], asOf: string): Promise<Map<string, { rawKg: string; productKg: string }>> {
  if (!enterpriseIds.length) return new Map();
  const found = await rows<{ id: string; raw: string; product: string }>(db, sql`
    select le.enterprise_id::text as id, coalesce(sum(${RAW_DELTA}), 0)::numeric(16,3)::text as raw,
           coalesce(sum(${PRODUCT_DELTA}), 0)::numeric(16,3)::text as product
      from ${ledgerEntriesTable} le
     where le.enterprise_id in (${sql.join(enterpriseIds.map((i) => sql`${i}::uuid`), sql`, `)}) and le.occurred_on <= ${asOf}::date
     group by le.enterprise_id`);
  return new Map(found.map((r) => [r.id, { rawKg: r.raw, productKg: r.product }]));
}

export interface WriteOffRow {
  enterpriseId: string; openingRawKg: string; rawInKg: string; rawConsumedKg: string; rawSoldKg: string; lossKg: string;
  productOutputKg: string; closingRawKg: string; reportedInventoryKg: string | null;
}

/**
 * The write-off of a period (SPEC §13) for many (enterprise, period) keys in ONE statement: opening
 * raw stock (everything before the 1st), the period's flows by kind (FILTER sums), closing = opening
 * + flows, and the monthly report's inventory.
 */
export async function writeOffsFor(db: DbOrTx, keys: readonly { enterpriseId: string; period: string; from: string; to: string }[]): Promise<(WriteOffRow | null)[]> {
  if (!keys.length) return [];
  const values = sql.join(keys.map((k, i) => sql`(${i}::int, ${k.enterpriseId}::uuid, ${k.period}::text, ${k.from}::date, ${k.to}::date)`), sql`, `);
  const found = await rows<Record<string, string | null>>(db, sql`
    select k.i::text as "i", k.eid::text as "enterpriseId",
      coalesce(sum(${RAW_DELTA}) filter (where le.occurred_on < k.f), 0)::numeric(16,3)::text as "openingRawKg",
      coalesce(sum(le.quantity_kg) filter (where le.occurred_on >= k.f and le.kind = 'RAW_IN'), 0)::numeric(16,3)::text as "rawInKg",
      coalesce(sum(le.quantity_kg) filter (where le.occurred_on >= k.f and le.kind = 'RAW_CONSUMED'), 0)::numeric(16,3)::text as "rawConsumedKg",
      coalesce(sum(le.quantity_kg) filter (where le.occurred_on >= k.f and le.kind = 'RAW_SOLD'), 0)::numeric(16,3)::text as "rawSoldKg",
      coalesce(sum(le.quantity_kg) filter (where le.occurred_on >= k.f and le.kind = 'LOSS'), 0)::numeric(16,3)::text as "lossKg",
      coalesce(sum(le.quantity_kg) filter (where le.occurred_on >= k.f and le.kind = 'PRODUCT_OUTPUT'), 0)::numeric(16,3)::text as "productOutputKg",
      coalesce(sum(${RAW_DELTA}), 0)::numeric(16,3)::text as "closingRawKg",
      (select mr.inventory_kg::text from ${monthlyReportsTable} mr where mr.enterprise_id = k.eid and mr.period = k.p) as "reportedInventoryKg"
    from (values ${values}) as k(i, eid, p, f, t)
    left join ${ledgerEntriesTable} le on le.enterprise_id = k.eid and le.occurred_on <= k.t
    group by k.i, k.eid, k.p`);
  const byI = new Map(found.map((r) => [Number(r.i), r]));
  return keys.map((_k, i) => {
    const r = byI.get(i);
    return r ? (r as unknown as WriteOffRow) : null;
  });
}

/**
 * The write-off statement of a period (SPEC §13; 附件1 备注3 底账核销台账): every FILED or WARNED
 * enterprise (or only one), with the figures of writeOffsFor, in ONE statement, by filing number.
 */
export async function writeOffStatementRows(db: DbOrTx, period: string, to: string, onlyEnterpriseId: string | null) {
  const from = `${period}-01`;
  const found = await rows<Record<string, string | null>>(db, sql`
    select e.id::text as "enterpriseId", e.name, e.filing_no as "filingNo",
      coalesce(sum(${RAW_DELTA}) filter (where le.occurred_on < ${from}::date), 0)::numeric(16,3)::text as "openingRawKg",
      coalesce(sum(le.quantity_kg) filter (where le.occurred_on >= ${from}::date and le.kind = 'RAW_IN'), 0)::numeric(16,3)::text as "rawInKg",
      coalesce(sum(le.quantity_kg) filter (where le.occurred_on >= ${from}::date and le.kind = 'RAW_CONSUMED'), 0)::numeric(16,3)::text as "rawConsumedKg",
      coalesce(sum(le.quantity_kg) filter (where le.occurred_on >= ${from}::date and le.kind = 'RAW_SOLD'), 0)::numeric(16,3)::text as "rawSoldKg",
      coalesce(sum(le.quantity_kg) filter (where le.occurred_on >= ${from}::date and le.kind = 'LOSS'), 0)::numeric(16,3)::text as "lossKg",
      coalesce(sum(le.quantity_kg) filter (where le.occurred_on >= ${from}::date and le.kind = 'PRODUCT_OUTPUT'), 0)::numeric(16,3)::text as "productOutputKg",
      coalesce(sum(${RAW_DELTA}), 0)::numeric(16,3)::text as "closingRawKg",
      mr.inventory_kg::text as "reportedInventoryKg"
    from ${enterprisesSql()} e
    left join ${ledgerEntriesTable} le on le.enterprise_id = e.id and le.occurred_on <= ${to}::date
    left join ${monthlyReportsTable} mr on mr.enterprise_id = e.id and mr.period = ${period}
    where e.status in ('FILED', 'WARNED') ${onlyEnterpriseId ? sql`and e.id = ${onlyEnterpriseId}::uuid` : sql``}
    group by e.id, e.name, e.filing_no, mr.inventory_kg
    order by e.filing_no, e.id`);
  return found as unknown as (WriteOffRow & { name: string; filingNo: string })[];
}


// ── missing reports (SPEC §15 issue: commerce's view of overdue reports) ─────────────────────

/** Enterprises in the pilot during [from, to] (Beijing dates) without a monthly report for `period`: one statement. */
export async function enterprisesWithoutMonthlyReport(db: DbOrTx, period: string, from: string, to: string): Promise<string[]> {
  const inPilot = enterpriseWasInPilotSql(sql`e.id`, beijingDayStart(from), beijingDayStart(addDays(to, 1)));
  const r = await rows<{ id: string }>(db, sql`select e.id from ${enterpriseIdsSql()} e where ${inPilot}
    and not exists (select 1 from ${monthlyReportsTable} m where m.enterprise_id = e.id and m.period = ${period}) order by e.id`);
  return r.map((x) => x.id);
}

/** Enterprises and cooperatives in the pilot during the quarter without a quarterly report for it: one statement. */
export async function partiesWithoutQuarterlyReport(db: DbOrTx, quarter: string, from: string, to: string): Promise<{ enterpriseId: string | null; cooperativeId: string | null }[]> {
  const a = beijingDayStart(from);
  const b = beijingDayStart(addDays(to, 1));
  const r = await rows<{ e: string | null; c: string | null }>(db, sql`
    select e.id as e, null::uuid as c from ${enterpriseIdsSql()} e where ${enterpriseWasInPilotSql(sql`e.id`, a, b)}
      and not exists (select 1 from ${quarterlyReportsTable} q where q.enterprise_id = e.id and q.quarter = ${quarter})
    union all
    select null::uuid, c.id from ${cooperativeIdsSql()} c where ${cooperativeWasInPilotSql(sql`c.id`, a, b)}
      and not exists (select 1 from ${quarterlyReportsTable} q where q.cooperative_id = c.id and q.quarter = ${quarter})
    order by 1, 2`);
  return r.map((x) => ({ enterpriseId: x.e, cooperativeId: x.c }));
}

/** The years that have at least one calendar day (holiday or make-up working day). */
export async function calendarYears(db: DbOrTx): Promise<number[]> {
  const r = await db.selectDistinct({ y: sql<number>`extract(year from ${calendarDaysTable.date})::int` }).from(calendarDaysTable);
  return r.map((x) => Number(x.y));
}
