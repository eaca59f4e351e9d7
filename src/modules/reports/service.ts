/**
 * One function per report (SPEC §7, §12): GraphQL resolvers, the CLI (`npm run report`) and the
 * HTTP downloads all call these, so a figure is computed in exactly one place. The statements are
 * in store.ts and in the owners' stores (customs: declarations and rollups; ledger: totals; quota:
 * consumption), reached through their index.ts.
 */
import type { Viewer } from '../../authz/agencies';
import type { Context } from '../../context';
import { D, kg, money } from '../../shared/decimal';
import { badInput, notFound } from '../../shared/errors';
import { isUuid } from '../../shared/ids';
import { beijingToday, checkYear, isValidDate } from '../../shared/time';
import { landingValueByMonth, latestDeclaredOn, tradeStatsRows, tradeStatsSql, type TradeStatsDimension, type TradeStatsSpec } from '../customs';
import { isReportLate, loadDueDateCalendar, PERIOD_RE, periodRange, reportDueDate, statsOf, valueAddRate } from '../ledger';
import { latestPlanYear, quotaStatus } from '../quota';
import { existingEnterpriseIds } from '../registry';
import { declarationScope } from './policy';
import { assessmentCompleted, landingProcessingRatio } from './rules';
import { assessmentRows, monthlyReturnRows, upsertAssessmentTarget, type AssessmentTargetRow } from './store';
import { TradeDimension } from './types';

/** What a reports service call needs of the request (a CLI builds it from a database and a viewer). */
export type ReportsContext = Pick<Context, 'db' | 'viewer'>;

// ── tradeStats ─────────────────────────────────────────────────────────────────────────────

export interface TradeStatsArgs { from: string; to: string; groupBy: readonly TradeDimension[]; purpose?: 'LANDING_PROCESSING' | 'MARKET_SALE' | null }

export interface TradeStatValue {
  month: string | null; hsCode: string | null; enterpriseId: string | null; cooperativeId: string | null;
  purpose: 'LANDING_PROCESSING' | 'MARKET_SALE' | null; tradePoint: string | null;
  declarationCount: number; valueYuan: string; quantityKg: number; landingProcessingRatio: number | null;
}

const ORDER: TradeDimension[] = [TradeDimension.MONTH, TradeDimension.COMMODITY, TradeDimension.PURPOSE, TradeDimension.TRADE_POINT, TradeDimension.ENTERPRISE, TradeDimension.COOPERATIVE];
const str = (v: unknown): string => (v == null ? '0' : String(v));

export function checkRange(from: string, to: string) {
  if (!isValidDate(from)) throw badInput('from', 'INVALID_DATE_RANGE', `from "${from}" is not a date YYYY-MM-DD.`);
  if (!isValidDate(to)) throw badInput('to', 'INVALID_DATE_RANGE', `to "${to}" is not a date YYYY-MM-DD.`);
  if (from > to) throw badInput('to', 'INVALID_DATE_RANGE', `to (${to}) is before from (${from}); pass an inclusive range with from ≤ to.`);
}

/** What customs is asked for: the dimensions in output order and the viewer's row scope. */
function tradeStatsSpec(viewer: Viewer, args: TradeStatsArgs): TradeStatsSpec {
  checkRange(args.from, args.to);
  const dims = ORDER.filter((d) => args.groupBy.includes(d)).map((d) => d as `${TradeDimension}` as TradeStatsDimension);
  return { from: args.from, to: args.to, dims, purpose: args.purpose ?? null, scope: declarationScope(viewer) ?? null };
}

/** The statement tradeStats runs for the viewer (EXPLAIN in the benchmark). */
export const tradeStatsQuery = (viewer: Viewer, args: TradeStatsArgs) => tradeStatsSql(tradeStatsSpec(viewer, args));

/** tradeStats (SPEC §12): grouped by SQL, one statement. */
export async function tradeStats({ db, viewer }: ReportsContext, args: TradeStatsArgs): Promise<TradeStatValue[]> {
  const result = await tradeStatsRows(db, tradeStatsSpec(viewer, args));
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
export async function enterpriseAssessments({ db, viewer }: ReportsContext, year: number): Promise<AssessmentValue[]> {
  checkYear(year);
  const result = await assessmentRows(db, viewer, year);
  return result.map((r) => {
    const output = r.ledger.productOutputYuan;
    const consumed = r.ledger.rawConsumedYuan;
    return {
      enterpriseId: r.enterpriseId, enterpriseName: r.enterpriseName, filingNo: r.filingNo, year,
      importTradeTargetYuan: r.targetYuan == null ? null : money(r.targetYuan),
      valueAddRateTarget: r.targetRate == null ? null : Number(r.targetRate),
      actualImportTradeYuan: money(r.actualImportYuan),
      actualValueAddRate: valueAddRate(output, consumed),
      completed: assessmentCompleted({
        importTradeTargetYuan: r.targetYuan, valueAddRateTarget: r.targetRate, actualImportTradeYuan: r.actualImportYuan,
        outputYuan: output, consumedYuan: consumed,
      }),
    };
  });
}

export interface AssessmentTargetArgs { enterpriseId: string; year: number; importTradeTargetYuan: string; valueAddRateTarget: number }

/** setAssessmentTarget: one target per enterprise and year; setting it again replaces it. */
export async function setAssessmentTarget({ db, viewer }: ReportsContext, input: AssessmentTargetArgs): Promise<AssessmentTargetRow> {
  checkYear(input.year, 'year');
  if (new D(input.importTradeTargetYuan).isNegative()) throw badInput('importTradeTargetYuan', 'NEGATIVE_AMOUNT', 'importTradeTargetYuan may not be negative.');
  const rate = input.valueAddRateTarget;
  if (!Number.isFinite(rate) || rate < 0 || rate > 100) throw badInput('valueAddRateTarget', 'INVALID_VALUE', 'valueAddRateTarget is a fraction ≥ 0 (0.2 = 20%).');
  if (!isUuid(input.enterpriseId)) throw notFound(`Enterprise ${input.enterpriseId}`);
  const [e] = await existingEnterpriseIds(db, [input.enterpriseId]);
  if (!e) throw notFound(`Enterprise ${input.enterpriseId}`);
  return upsertAssessmentTarget(db, {
    enterpriseId: input.enterpriseId, year: input.year, importTradeTargetYuan: money(input.importTradeTargetYuan),
    valueAddRateTarget: new D(rate).toDecimalPlaces(4, D.ROUND_HALF_UP).toFixed(4), source: viewer.agency,
  });
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

/**
 * The landing-processing enterprises of the return: FILED, WARNED or SUSPENDED, and active — a
 * counted landing-processing declaration to it or a ledger row on or before the month's end, or a
 * report for the month. A quiet month keeps an active enterprise on the list (its report is due).
 * The month's figures are the ledger's processing statistics (SPEC §7).
 */
export async function monthlyReturn({ db, viewer }: ReportsContext, period: string, now: Date = new Date()): Promise<MonthlyReturnValue[]> {
  if (!PERIOD_RE.test(period)) throw badInput('period', 'INVALID_VALUE', `period "${period}" is not YYYY-MM.`);
  const { from, to } = periodRange(period);
  const result = await monthlyReturnRows(db, viewer, period, from, to);
  const dueDate = reportDueDate(period, await loadDueDateCalendar(db, period));
  const today = beijingToday(now);
  return result.map((r) => {
    const s = statsOf(r.enterpriseId, from, to, r.ledger, null, null);
    const submittedAt = r.reportSubmittedAt;
    return {
      enterpriseId: r.enterpriseId, enterpriseName: r.enterpriseName, filingNo: r.filingNo, period,
      inboundDeclarationValueYuan: money(r.inboundDeclarationValueYuan), inboundDeclarationCount: r.inboundDeclarationCount,
      rawInKg: s.rawInKg, rawInYuan: money(s.rawInYuan),
      rawConsumedKg: s.rawConsumedKg, rawConsumedYuan: money(s.rawConsumedYuan),
      productOutputKg: s.productOutputKg, productOutputYuan: money(s.productOutputYuan),
      productSoldKg: s.productSoldKg, productSoldYuan: money(s.productSoldYuan),
      rawSoldYuan: money(s.rawSoldYuan), lossKg: s.lossKg,
      valueAddRate: s.valueAddRate, lossRate: s.lossRate,
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
 * Quota consumption for the report page: the quota module's quotaStatus (SPEC §7), plus the
 * month-by-month curve from customs' trade_daily rollup.
 */
export async function quotaOverview({ db }: Pick<ReportsContext, 'db'>, year: number, asOf: string): Promise<QuotaOverview> {
  checkYear(year);
  const end = asOf < `${year}-12-31` ? asOf : `${year}-12-31`;
  const [status, monthly] = await Promise.all([quotaStatus({ db }, year, asOf), landingValueByMonth(db, `${year}-01-01`, end)]);
  const byMonth = new Map(monthly.map((m) => [m.month, m.v]));
  let running = new D(0);
  const cumulativeByMonth: QuotaOverview['cumulativeByMonth'] = [];
  for (let m = 1; m <= 12; m++) {
    const month = `${year}-${String(m).padStart(2, '0')}`;
    if (month > end.slice(0, 7)) break;
    running = running.plus(byMonth.get(month) ?? 0);
    cumulativeByMonth.push({ month, cumulativeYuan: money(running) });
  }
  const plan = status.plan;
  return {
    year, asOf, planned: !!plan, landingProcessingScaleYuan: money(plan?.landingProcessingScaleYuan ?? '0'), warningRatio: Number(plan?.warningRatio ?? '0.8'),
    consumedYuan: money(status.consumedYuan), consumptionRatio: status.consumptionRatio, projectedAnnualYuan: money(status.projectedAnnualYuan), warning: status.warning,
    cumulativeByMonth,
  };
}

/**
 * The year the report page opens on: the latest year up to this one with a plan or a counted
 * declaration the viewer may aggregate (its own for ENTERPRISE and COOPERATIVE); this year when
 * there is none. (The current year often has neither yet: a page opening on it showed nothing.)
 */
export async function latestYearWithData({ db, viewer }: ReportsContext, today: string = beijingToday()): Promise<number> {
  const thisYear = Number(today.slice(0, 4));
  const [plan, declared] = await Promise.all([latestPlanYear(db, thisYear), latestDeclaredOn(db, declarationScope(viewer), today)]);
  const years = [plan, declared == null ? null : Number(declared.slice(0, 4))].filter((y): y is number => y != null);
  return years.length ? Math.max(...years) : thisYear;
}
