/**
 * One function per report (SPEC §7, §12): GraphQL resolvers, the CLI (`npm run report`) and the
 * HTTP downloads all call these, so a figure is computed in exactly one place — in SQL.
 */
import { and, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { Viewer } from '../../authz/agencies';
import { rows, type DbOrTx } from '../../db/client';
import { D, kg, money } from '../../shared/decimal';
import { badInput, notFound } from '../../shared/errors';
import { isUuid } from '../../shared/ids';
import { addDays, beijingToday, checkYear, isValidDate } from '../../shared/time';
import { calendarOf, isReportLate, lossRate, nextMonthStart, PERIOD_RE, periodRange, reportDueDate, valueAddRate, type WorkCalendar } from '../ledger/rules';
import { COUNTED_STATUSES } from '../customs/rules';
import { calendarDaysTable } from '../ledger/table';
import { consumption, monthsElapsedFraction } from '../quota/rules';
import { annualPlansTable } from '../quota/table';
import { enterprisesTable } from '../registry/table';
import { declarationScope, enterpriseRowScope } from './policy';
import { assessmentCompleted, landingProcessingRatio } from './rules';
import { assessmentTargetsTable, type AssessmentTargetRow } from './table';
import { TradeDimension } from './types';

/** The statuses that count (SPEC §7), as an SQL list; one definition in customs' table. */
const COUNTED = sql.raw(`(${COUNTED_STATUSES.map((x) => `'${x}'`).join(', ')})`);
const str = (v: unknown): string => (v == null ? '0' : String(v));

// ── tradeStats ─────────────────────────────────────────────────────────────────────────────

export interface TradeStatsArgs { from: string; to: string; groupBy: readonly TradeDimension[]; purpose?: 'LANDING_PROCESSING' | 'MARKET_SALE' | null }

export interface TradeStatValue {
  month: string | null; hsCode: string | null; enterpriseId: string | null; cooperativeId: string | null;
  purpose: 'LANDING_PROCESSING' | 'MARKET_SALE' | null; tradePoint: string | null;
  declarationCount: number; valueYuan: string; quantityKg: number; landingProcessingRatio: number | null;
}

/**
 * The whitelist of GROUP BY expressions. `raw` reads customs_declarations d (+ declaration_lines l),
 * `rollup` reads trade_daily / trade_daily_commodity r; only whitelisted SQL is ever concatenated.
 */
const DIMENSIONS: Record<TradeDimension, { key: keyof TradeStatValue; raw: string; rollup?: string }> = {
  [TradeDimension.MONTH]: { key: 'month', raw: `to_char(d.declared_on, 'YYYY-MM')`, rollup: `to_char(r.declared_on, 'YYYY-MM')` },
  [TradeDimension.COMMODITY]: { key: 'hsCode', raw: 'l.hs_code', rollup: 'r.hs_code' },
  [TradeDimension.ENTERPRISE]: { key: 'enterpriseId', raw: 'd.destination_enterprise_id' },
  [TradeDimension.COOPERATIVE]: { key: 'cooperativeId', raw: 'd.cooperative_id' },
  [TradeDimension.PURPOSE]: { key: 'purpose', raw: 'd.purpose::text', rollup: 'r.purpose::text' },
  [TradeDimension.TRADE_POINT]: { key: 'tradePoint', raw: 'd.trade_point', rollup: 'r.trade_point' },
};
const ORDER: TradeDimension[] = [TradeDimension.MONTH, TradeDimension.COMMODITY, TradeDimension.PURPOSE, TradeDimension.TRADE_POINT, TradeDimension.ENTERPRISE, TradeDimension.COOPERATIVE];

export function checkRange(from: string, to: string) {
  if (!isValidDate(from)) throw badInput('from', 'INVALID_DATE_RANGE', `from "${from}" is not a date YYYY-MM-DD.`);
  if (!isValidDate(to)) throw badInput('to', 'INVALID_DATE_RANGE', `to "${to}" is not a date YYYY-MM-DD.`);
  if (from > to) throw badInput('to', 'INVALID_DATE_RANGE', `to (${to}) is before from (${from}); pass an inclusive range with from ≤ to.`);
}

/** Which source answers a request: the rollup when every dimension has one and no row scope applies. */
export function tradeStatsPlan(viewer: Viewer, groupBy: readonly TradeDimension[]) {
  const dims = ORDER.filter((d) => groupBy.includes(d));
  const lineLevel = dims.includes(TradeDimension.COMMODITY);
  const rollup = !declarationScope(viewer) && dims.every((d) => DIMENSIONS[d].rollup);
  return { dims, lineLevel, rollup };
}

export function tradeStatsQuery(viewer: Viewer, args: TradeStatsArgs): SQL {
  checkRange(args.from, args.to);
  const { dims, lineLevel, rollup } = tradeStatsPlan(viewer, args.groupBy);
  const keys = dims.map((d) => sql.raw(`${rollup ? DIMENSIONS[d].rollup : DIMENSIONS[d].raw} as "${DIMENSIONS[d].key}"`));
  const groupBy = dims.length ? sql` group by ${sql.raw(dims.map((_, i) => String(i + 1)).join(', '))} order by ${sql.raw(dims.map((_, i) => String(i + 1)).join(', '))}` : sql``;
  const a = rollup ? 'r' : lineLevel ? 'l' : 'd';
  const measures = sql.raw([
    rollup ? 'coalesce(sum(r.declaration_count), 0)::int as "declarationCount"' : lineLevel ? 'count(distinct d.id)::int as "declarationCount"' : 'count(*)::int as "declarationCount"',
    `coalesce(sum(${a}.value_yuan), 0)::text as "valueYuan"`,
    `coalesce(sum(${a}.quantity_kg), 0)::text as "quantityKg"`,
    `coalesce(sum(${a}.value_yuan) filter (where ${rollup ? 'r' : 'd'}.purpose = 'LANDING_PROCESSING'), 0)::text as "landingYuan"`,
  ].join(', '));
  const select = sql.join([...keys, measures], sql`, `);
  if (rollup) {
    const table = sql.raw(lineLevel ? 'trade_daily_commodity' : 'trade_daily');
    const where = sql.join([
      sql`r.declared_on between ${args.from} and ${args.to}`,
      args.purpose ? sql`r.purpose = ${args.purpose}` : undefined,
    ].filter((c): c is SQL => !!c), sql` and `);
    const having = dims.length ? sql` having sum(r.declaration_count) > 0` : sql``;
    // having must precede order by: rebuild the tail in that order.
    const tail = dims.length
      ? sql` group by ${sql.raw(dims.map((_, i) => String(i + 1)).join(', '))}${having} order by ${sql.raw(dims.map((_, i) => String(i + 1)).join(', '))}`
      : sql``;
    return sql`select ${select} from ${table} r where ${where}${tail}`;
  }
  const from = lineLevel ? sql`customs_declarations d join declaration_lines l on l.declaration_id = d.id` : sql`customs_declarations d`;
  const where = sql.join([
    sql`d.declared_on between ${args.from} and ${args.to}`,
    sql`d.status in ${COUNTED}`,
    args.purpose ? sql`d.purpose = ${args.purpose}` : undefined,
    declarationScope(viewer),
  ].filter((c): c is SQL => !!c), sql` and `);
  return sql`select ${select} from ${from} where ${where}${groupBy}`;
}

/** tradeStats (SPEC §12): grouped by SQL, one statement. */
export async function tradeStats(db: DbOrTx, viewer: Viewer, args: TradeStatsArgs): Promise<TradeStatValue[]> {
  const result = await rows<Record<string, unknown>>(db, tradeStatsQuery(viewer, args));
  // The ratio compares purposes, so it is meaningless when PURPOSE is grouped or filtered.
  const ratioWanted = !args.groupBy.includes(TradeDimension.PURPOSE) && !args.purpose;
  return result.map((r) => ({
    month: (r.month as string) ?? null,
    hsCode: (r.hsCode as string) ?? null,
    enterpriseId: (r.enterpriseId as string) ?? null,
    cooperativeId: (r.cooperativeId as string) ?? null,
    purpose: (r.purpose as TradeStatValue['purpose']) ?? null,
    tradePoint: (r.tradePoint as string) ?? null,
    declarationCount: Number(r.declarationCount),
    valueYuan: money(str(r.valueYuan)),
    quantityKg: kg(str(r.quantityKg)),
    landingProcessingRatio: ratioWanted ? landingProcessingRatio(str(r.landingYuan), str(r.valueYuan)) : null,
  }));
}

// ── assessment (附件7) ─────────────────────────────────────────────────────────────────────

export interface AssessmentValue {
  enterpriseId: string; enterpriseName: string; filingNo: string; year: number;
  importTradeTargetYuan: string | null; valueAddRateTarget: number | null;
  actualImportTradeYuan: string; actualValueAddRate: number | null; completed: boolean;
}


/**
 * Rows: every enterprise with a target for the year, or landing-processing declarations to it in
 * the year, or ledger rows in the year. Actual import = Σ counted landing-processing declarations
 * (SPEC §7); actual value-add rate = the ledger's rate over the year.
 */
export async function enterpriseAssessments(db: DbOrTx, viewer: Viewer, year: number): Promise<AssessmentValue[]> {
  checkYear(year);
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const result = await rows<Record<string, unknown>>(db, sql`
    with t as (select enterprise_id, import_trade_target_yuan, value_add_rate_target from assessment_targets where year = ${year}),
    imp as (select destination_enterprise_id as enterprise_id, sum(value_yuan) as v from customs_declarations
            where purpose = 'LANDING_PROCESSING' and status in ${COUNTED} and declared_on between ${from} and ${to}
            group by 1),
    led as (select enterprise_id,
                   coalesce(sum(amount_yuan) filter (where kind = 'PRODUCT_OUTPUT'), 0) as output,
                   coalesce(sum(amount_yuan) filter (where kind = 'RAW_CONSUMED'), 0) as consumed
            from ledger_entries where occurred_on between ${from} and ${to} group by 1),
    ids as (select enterprise_id from t union select enterprise_id from imp union select enterprise_id from led)
    select e.id, e.name, e.filing_no,
           t.import_trade_target_yuan::text as target_yuan, t.value_add_rate_target::text as target_rate,
           coalesce(imp.v, 0)::text as actual_yuan, coalesce(led.output, 0)::text as output, coalesce(led.consumed, 0)::text as consumed
    from ids join enterprises e on e.id = ids.enterprise_id
    left join t on t.enterprise_id = e.id left join imp on imp.enterprise_id = e.id left join led on led.enterprise_id = e.id
    where ${enterpriseRowScope(viewer)}
    order by e.filing_no, e.id`);
  return result.map((r) => {
    const target = (r.target_yuan as string | null) ?? null;
    const targetRate = (r.target_rate as string | null) ?? null;
    return {
      enterpriseId: r.id as string, enterpriseName: r.name as string, filingNo: r.filing_no as string, year,
      importTradeTargetYuan: target == null ? null : money(target),
      valueAddRateTarget: targetRate == null ? null : Number(targetRate),
      actualImportTradeYuan: money(str(r.actual_yuan)),
      actualValueAddRate: valueAddRate(str(r.output), str(r.consumed)),
      completed: assessmentCompleted({
        importTradeTargetYuan: target, valueAddRateTarget: targetRate, actualImportTradeYuan: str(r.actual_yuan),
        outputYuan: str(r.output), consumedYuan: str(r.consumed),
      }),
    };
  });
}

export interface AssessmentTargetArgs { enterpriseId: string; year: number; importTradeTargetYuan: string; valueAddRateTarget: number }

/** setAssessmentTarget: one target per enterprise and year; setting it again replaces it. */
export async function setAssessmentTarget(db: DbOrTx, viewer: Viewer, input: AssessmentTargetArgs): Promise<AssessmentTargetRow> {
  checkYear(input.year, 'year');
  if (new D(input.importTradeTargetYuan).isNegative()) throw badInput('importTradeTargetYuan', 'NEGATIVE_AMOUNT', 'importTradeTargetYuan may not be negative.');
  const rate = input.valueAddRateTarget;
  if (!Number.isFinite(rate) || rate < 0 || rate > 100) throw badInput('valueAddRateTarget', 'INVALID_VALUE', 'valueAddRateTarget is a fraction ≥ 0 (0.2 = 20%).');
  if (!isUuid(input.enterpriseId)) throw notFound(`Enterprise ${input.enterpriseId}`);
  const [e] = await db.select({ id: enterprisesTable.id }).from(enterprisesTable).where(eq(enterprisesTable.id, input.enterpriseId)).limit(1);
  if (!e) throw notFound(`Enterprise ${input.enterpriseId}`);
  const values = {
    enterpriseId: input.enterpriseId, year: input.year, importTradeTargetYuan: money(input.importTradeTargetYuan),
    valueAddRateTarget: new D(rate).toDecimalPlaces(4, D.ROUND_HALF_UP).toFixed(4), source: viewer.agency,
  };
  const [row] = await db.insert(assessmentTargetsTable).values(values)
    .onConflictDoUpdate({
      target: [assessmentTargetsTable.enterpriseId, assessmentTargetsTable.year],
      set: { importTradeTargetYuan: values.importTradeTargetYuan, valueAddRateTarget: values.valueAddRateTarget, source: viewer.agency, updatedAt: new Date() },
    }).returning();
  return row!;
}

// ── monthly return (附件5 三(五)) ──────────────────────────────────────────────────────────

export interface MonthlyReturnValue {
  enterpriseId: string; enterpriseName: string; filingNo: string; period: string;
  inboundDeclarationValueYuan: string; inboundDeclarationCount: number;
  rawInKg: number; rawInYuan: string; rawConsumedKg: number; rawConsumedYuan: string;
  productOutputKg: number; productOutputYuan: string; productSoldKg: number; productSoldYuan: string;
  rawSoldYuan: string; lossKg: number; valueAddRate: number | null; lossRate: number | null;
  submitted: boolean; submittedAt: Date | null; dueDate: string; late: boolean;
}

/** The calendar days a period's due date can fall on: the 10th of the next month and the 60 days after (ledger's reportDueDate bound). */
export async function loadDueDateCalendar(db: DbOrTx, period: string): Promise<WorkCalendar> {
  const from = addDays(nextMonthStart(period), 9);
  const days = await db.select({ date: calendarDaysTable.date, kind: calendarDaysTable.kind }).from(calendarDaysTable)
    .where(and(gte(calendarDaysTable.date, from), lte(calendarDaysTable.date, addDays(from, 60))));
  return calendarOf(days);
}

/**
 * The landing-processing enterprises of the return: FILED, WARNED or SUSPENDED, and active — a
 * counted landing-processing declaration to it or a ledger row on or before the month's end, or a
 * report for the month. A quiet month keeps an active enterprise on the list (its report is due).
 */
export async function monthlyReturn(db: DbOrTx, viewer: Viewer, period: string, now: Date = new Date()): Promise<MonthlyReturnValue[]> {
  if (!PERIOD_RE.test(period)) throw badInput('period', 'INVALID_VALUE', `period "${period}" is not YYYY-MM.`);
  const { from, to } = periodRange(period);
  const sumKg = (kind: string) => sql.raw(`coalesce(sum(quantity_kg) filter (where kind = '${kind}'), 0)::text`);
  const sumYuan = (kind: string) => sql.raw(`coalesce(sum(amount_yuan) filter (where kind = '${kind}'), 0)::text`);
  const result = await rows<Record<string, unknown>>(db, sql`
    with dec as (select destination_enterprise_id as eid, count(*)::int as n, sum(value_yuan) as v from customs_declarations
                 where purpose = 'LANDING_PROCESSING' and status in ${COUNTED} and declared_on between ${from} and ${to} group by 1),
    led as (select enterprise_id as eid,
                   ${sumKg('RAW_IN')} as raw_in_kg, ${sumYuan('RAW_IN')} as raw_in_yuan,
                   ${sumKg('RAW_CONSUMED')} as raw_consumed_kg, ${sumYuan('RAW_CONSUMED')} as raw_consumed_yuan,
                   ${sumKg('PRODUCT_OUTPUT')} as output_kg, ${sumYuan('PRODUCT_OUTPUT')} as output_yuan,
                   ${sumKg('PRODUCT_SOLD')} as sold_kg, ${sumYuan('PRODUCT_SOLD')} as sold_yuan,
                   ${sumYuan('RAW_SOLD')} as raw_sold_yuan, ${sumKg('LOSS')} as loss_kg
            from ledger_entries where occurred_on between ${from} and ${to} group by 1),
    rep as (select enterprise_id as eid, submitted_at from monthly_reports where period = ${period})
    select e.id, e.name, e.filing_no, coalesce(dec.n, 0) as n, coalesce(dec.v, 0)::text as v, led.*, rep.submitted_at
    from enterprises e
    left join dec on dec.eid = e.id left join led on led.eid = e.id left join rep on rep.eid = e.id
    where e.status in ('FILED', 'WARNED', 'SUSPENDED') and ${enterpriseRowScope(viewer)}
      and (dec.eid is not null or led.eid is not null or rep.eid is not null
           or exists (select 1 from customs_declarations d where d.destination_enterprise_id = e.id and d.declared_on <= ${to}
                      and d.purpose = 'LANDING_PROCESSING' and d.status in ${COUNTED})
           or exists (select 1 from ledger_entries le where le.enterprise_id = e.id and le.occurred_on <= ${to}))
    order by e.filing_no, e.id`);
  const dueDate = reportDueDate(period, await loadDueDateCalendar(db, period));
  const today = beijingToday(now);
  return result.map((r) => {
    const submittedAt = r.submitted_at == null ? null : new Date(r.submitted_at as string | Date);
    return {
      enterpriseId: r.id as string, enterpriseName: r.name as string, filingNo: r.filing_no as string, period,
      inboundDeclarationValueYuan: money(str(r.v)), inboundDeclarationCount: Number(r.n),
      rawInKg: kg(str(r.raw_in_kg)), rawInYuan: money(str(r.raw_in_yuan)),
      rawConsumedKg: kg(str(r.raw_consumed_kg)), rawConsumedYuan: money(str(r.raw_consumed_yuan)),
      productOutputKg: kg(str(r.output_kg)), productOutputYuan: money(str(r.output_yuan)),
      productSoldKg: kg(str(r.sold_kg)), productSoldYuan: money(str(r.sold_yuan)),
      rawSoldYuan: money(str(r.raw_sold_yuan)), lossKg: kg(str(r.loss_kg)),
      valueAddRate: valueAddRate(str(r.output_yuan), str(r.raw_consumed_yuan)),
      lossRate: lossRate(str(r.loss_kg), str(r.raw_in_kg)),
      submitted: submittedAt != null, submittedAt, dueDate,
      late: isReportLate(dueDate, submittedAt ? beijingToday(submittedAt) : null, today),
    };
  });
}

// ── report page data: quota against plan, monthly landing value by commodity ───────────────

export interface QuotaOverview {
  year: number; asOf: string; planned: boolean;
  landingProcessingScaleYuan: string; warningRatio: number; consumedYuan: string;
  consumptionRatio: number | null; projectedAnnualYuan: string; warning: boolean;
  /** Cumulative landing-processing value at each month's end (or asOf), Jan…Dec. */
  cumulativeByMonth: { month: string; cumulativeYuan: string }[];
}

/**
 * Quota consumption for the report page: the quota module's formulas (SPEC §7) over the
 * trade_daily rollup, which also gives the month-by-month curve.
 */
export async function quotaOverview(db: DbOrTx, year: number, asOf: string): Promise<QuotaOverview> {
  checkYear(year);
  const [plan] = await db.select().from(annualPlansTable).where(eq(annualPlansTable.year, year)).limit(1);
  const end = asOf < `${year}-12-31` ? asOf : `${year}-12-31`;
  const monthly = await rows<{ month: string; v: string }>(db, sql`
    select to_char(declared_on, 'YYYY-MM') as month, sum(value_yuan)::text as v from trade_daily
    where purpose = 'LANDING_PROCESSING' and declared_on between ${`${year}-01-01`} and ${end} group by 1 order by 1`);
  const byMonth = new Map(monthly.map((m) => [m.month, m.v]));
  let running = new D(0);
  const cumulativeByMonth: QuotaOverview['cumulativeByMonth'] = [];
  for (let m = 1; m <= 12; m++) {
    const month = `${year}-${String(m).padStart(2, '0')}`;
    if (month > end.slice(0, 7)) break;
    running = running.plus(byMonth.get(month) ?? 0);
    cumulativeByMonth.push({ month, cumulativeYuan: money(running) });
  }
  const warningRatio = plan?.warningRatio ?? '0.8';
  const c = consumption(running, monthsElapsedFraction(year, asOf), plan ? { scaleYuan: plan.landingProcessingScaleYuan, warningRatio } : null);
  return {
    year, asOf, planned: !!plan, landingProcessingScaleYuan: money(plan?.landingProcessingScaleYuan ?? '0'), warningRatio: Number(warningRatio),
    consumedYuan: money(c.consumedYuan), consumptionRatio: c.consumptionRatio, projectedAnnualYuan: money(c.projectedAnnualYuan), warning: c.warning,
    cumulativeByMonth,
  };
}
