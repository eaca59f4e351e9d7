import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Float, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { BatchResult } from '../../shared/batch';
import { D } from '../../shared/decimal';
import { DomainError } from '../../shared/errors';
import { PageArgs } from '../../shared/pagination';
import { plainFieldNames, selectsOnly } from '../../shared/selection';
import { DateScalar, DateTimeScalar, PeriodScalar } from '../../shared/scalars';
import { beijingDate, beijingToday, checkYear } from '../../shared/time';
import { Cooperative, Enterprise, type EnterpriseRow } from '../registry';
import { annualReportDueDate, discrepancies, dueDateWarning, isReportLate, lossRate, periodRange, quarterlyReportDueDate, reportDueDate, valueAddRate } from './rules';
import * as service from './service';
import type { AnnualReportRow, LedgerEntryRow, MonthlyReportRow, QuarterlyReportRow } from './store';
import { statsOf, ZERO_TOTALS } from './totals';
import {
  AnnualReport, AnnualReportInput, AnnualSummary, CalendarDay, MissingReport, CalendarDayInput, LedgerEntry, LedgerEntryConnection, LedgerEntryFilter, LedgerEntryInput,
  LedgerSummary, MonthlyReport, MonthlyReportConnection, MonthlyReportFilter, MonthlyReportInput, ProcessingStats, QuarterlyReport,
  QuarterlyReportConnection, QuarterlyReportFilter, QuarterlyReportInput, ReportDiscrepancy, Stock, WriteOff,
} from './types';

async function enterpriseOf(ctx: Context, id: string): Promise<EnterpriseRow> {
  const e = await ctx.loaders.registry.enterpriseById.load(id);
  if (!e) throw new DomainError('INTERNAL_SERVER_ERROR', 'ledger row without enterprise');
  return e;
}



/** A due date, with a warning on its path when its year has no calendar data (issue 13). */
function warned(ctx: Context, info: GraphQLResolveInfo, due: string, cal: Parameters<typeof dueDateWarning>[1]): string {
  const message = dueDateWarning(due, cal);
  // At most 100 a response: a long list of reports in an uncovered year says it often enough.
  if (message && ctx.warnings.length < 100) ctx.warnings.push({ path: pathOf(info.path), message });
  return due;
}

function pathOf(p: GraphQLResolveInfo['path'] | undefined): (string | number)[] {
  const out: (string | number)[] = [];
  for (let x = p; x; x = x.prev) out.unshift(x.key);
  return out;
}

@Resolver(() => LedgerEntry)
export class LedgerEntryResolver {
  @Query(() => LedgerEntryConnection, { nullable: true, description: '台账 / ledger entries, ordered by updatedAt, id (ENTERPRISE: its own)' })
  ledgerEntries(
    @Ctx() ctx: Context,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => LedgerEntryFilter, { nullable: true }) filter?: LedgerEntryFilter,
  ) {
    return service.ledgerEntries(ctx, filter, page);
  }

  @FieldResolver(() => Enterprise, { description: '加工企业 / enterprise' })
  enterprise(@Root() r: LedgerEntryRow, @Ctx() ctx: Context) {
    return enterpriseOf(ctx, r.enterpriseId);
  }

  @Mutation(() => BatchResult, { description: '报送台账 / submit ledger entries (ENTERPRISE: its own; COMMERCE: on behalf, with enterpriseId); idempotent by externalRef' })
  submitLedgerEntries(@Ctx() ctx: Context, @Arg('input', () => [LedgerEntryInput]) input: LedgerEntryInput[]) {
    return service.submitLedgerEntries(ctx, input);
  }
}

@Resolver(() => Enterprise)
export class EnterpriseProcessingResolver {
  @FieldResolver(() => ProcessingStats, { nullable: true, description: '加工统计 / processing figures and rates from the ledger over [from, to] (SPEC §7)' })
  async processingStats(
    @Root() e: EnterpriseRow,
    @Ctx() ctx: Context,
    @Arg('from', () => DateScalar) from: string,
    @Arg('to', () => DateScalar) to: string,
  ): Promise<ProcessingStats> {
    service.checkLedgerRange(from, to);
    const x = await ctx.loaders.ledger.totalsByKey.load({ enterpriseId: e.id, from, to });
    return statsOf(e.id, from, to, x?.totals ?? ZERO_TOTALS, x?.threshold ?? null, x?.declaredLossRate ?? e.declaredLossRate);
  }

  @FieldResolver(() => AnnualSummary, { nullable: true, description: '年度汇总 / annual roll-up: the year\'s ledger figures and monthly-report punctuality' })
  async annualSummary(@Root() e: EnterpriseRow, @Ctx() ctx: Context, @Arg('year', () => Int) year: number): Promise<AnnualSummary> {
    checkYear(year);
    const from = `${year}-01-01`;
    const to = `${year}-12-31`;
    const [x, reports, cal] = await Promise.all([
      ctx.loaders.ledger.totalsByKey.load({ enterpriseId: e.id, from, to }),
      ctx.loaders.ledger.monthlyReportsByEnterpriseYear.load(`${e.id}|${year}`),
      ctx.loaders.ledger.workCalendar(),
    ]);
    const today = beijingToday();
    const submitted = new Map(reports.map((r) => [r.period, beijingDate(r.submittedAt)]));
    let late = 0;
    for (let m = 1; m <= 12; m++) {
      const period = `${year}-${String(m).padStart(2, '0')}`;
      // Months before the enterprise was filed are not owed.
      if (e.filedAt && period < beijingDate(e.filedAt).slice(0, 7)) continue;
      if (isReportLate(reportDueDate(period, cal), submitted.get(period) ?? null, today)) late++;
    }
    return {
      year, enterpriseId: e.id, monthlyReportsSubmitted: reports.length, monthlyReportsLate: late,
      processing: statsOf(e.id, from, to, x?.totals ?? ZERO_TOTALS, x?.threshold ?? null, x?.declaredLossRate ?? e.declaredLossRate),
    };
  }
}

@Resolver(() => Enterprise)
export class EnterpriseStockResolver {
  @FieldResolver(() => Stock, { nullable: true, description: '库存 / raw and product stock from the ledger at the end of asOf (SPEC §13)' })
  async stock(@Root() e: EnterpriseRow, @Ctx() ctx: Context, @Arg('asOf', () => DateScalar) asOf: string): Promise<Stock> {
    const s = await ctx.loaders.ledger.stockByKey.load(`${e.id}|${asOf}`);
    return { asOf, enterpriseId: e.id, rawKg: s?.rawKg ?? '0.000', productKg: s?.productKg ?? '0.000' };
  }

  @FieldResolver(() => WriteOff, { nullable: true, description: '底账核销 / the write-off of a month: opening, flows and closing raw stock against the monthly report (SPEC §13)' })
  async writeOff(@Root() e: EnterpriseRow, @Ctx() ctx: Context, @Arg('period', () => PeriodScalar) period: string): Promise<WriteOff> {
    return service.writeOffOf(await ctx.loaders.ledger.writeOffByKey.load(`${e.id}|${period}`), e.id, period);
  }
}

const REPORT_VS_LEDGER = [
  ['rawPurchasedKg', 'rawInKg'], ['rawPurchasedYuan', 'rawInYuan'],
  ['rawConsumedKg', 'rawConsumedKg'], ['rawConsumedYuan', 'rawConsumedYuan'],
  ['productOutputKg', 'productOutputKg'], ['productOutputYuan', 'productOutputYuan'],
  ['lossKg', 'lossKg'],
] as const;

@Resolver(() => MonthlyReport)
export class MonthlyReportResolver {
  @Query(() => MonthlyReportConnection, { nullable: true, description: '月度报表 / monthly reports, ordered by updatedAt, id (ENTERPRISE: its own)' })
  monthlyReports(
    @Ctx() ctx: Context,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => MonthlyReportFilter, { nullable: true }) filter?: MonthlyReportFilter,
  ) {
    return service.monthlyReports(ctx, filter, page);
  }

  @FieldResolver(() => Enterprise, { description: '加工企业 / enterprise' })
  enterprise(@Root() r: MonthlyReportRow, @Ctx() ctx: Context) {
    return enterpriseOf(ctx, r.enterpriseId);
  }

  @FieldResolver(() => DateScalar, { description: '截止日 / due date: the 10th of the next month, moved to the next working day (SPEC §7)' })
  async dueDate(@Root() r: MonthlyReportRow, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<string> {
    const cal = await ctx.loaders.ledger.workCalendar();
    return warned(ctx, info, reportDueDate(r.period, cal), cal);
  }

  @FieldResolver(() => Boolean, { description: '逾期 / first submitted (Beijing date) after the due date' })
  async isLate(@Root() r: MonthlyReportRow, @Ctx() ctx: Context): Promise<boolean> {
    return isReportLate(reportDueDate(r.period, await ctx.loaders.ledger.workCalendar()), beijingDate(r.submittedAt), beijingToday());
  }

  @FieldResolver(() => Float, { nullable: true, description: '加工增值率 / (productOutputYuan − rawConsumedYuan) ÷ rawConsumedYuan; null when rawConsumedYuan is 0' })
  valueAddRate(@Root() r: MonthlyReportRow): number | null {
    return valueAddRate(r.productOutputYuan, r.rawConsumedYuan);
  }

  @FieldResolver(() => Float, { nullable: true, description: '残损率 / lossKg ÷ rawPurchasedKg; null when rawPurchasedKg is 0' })
  lossRate(@Root() r: MonthlyReportRow): number | null {
    return lossRate(r.lossKg, r.rawPurchasedKg);
  }

  @FieldResolver(() => [ReportDiscrepancy], { description: '与台账差异 / figures differing from the period\'s ledger by more than 0.5% (sales = PRODUCT_SOLD + RAW_SOLD; inventory is not compared)' })
  async discrepancies(@Root() r: MonthlyReportRow, @Ctx() ctx: Context): Promise<ReportDiscrepancy[]> {
    const x = await ctx.loaders.ledger.totalsByKey.load({ enterpriseId: r.enterpriseId, ...periodRange(r.period) });
    const l = x?.totals ?? ZERO_TOTALS;
    const pairs: [string, string, string][] = REPORT_VS_LEDGER.map(([rf, lf]) => [rf, r[rf], l[lf]]);
    pairs.push(
      ['salesKg', r.salesKg, new D(l.productSoldKg).plus(l.rawSoldKg).toFixed(3)],
      ['salesYuan', r.salesYuan, new D(l.productSoldYuan).plus(l.rawSoldYuan).toFixed(2)],
    );
    return discrepancies(pairs).map((d) => ({ ...d, enterpriseId: r.enterpriseId }));
  }

  @Mutation(() => MonthlyReport, { description: '报送月报 / submit (or resubmit) a monthly report; resubmission replaces the figures and sets revisedAt, submittedAt stays' })
  submitMonthlyReport(@Ctx() ctx: Context, @Arg('input', () => MonthlyReportInput) input: MonthlyReportInput) {
    return service.submitMonthlyReport(ctx, input);
  }
}

@Resolver(() => QuarterlyReport)
export class QuarterlyReportResolver {
  @Query(() => QuarterlyReportConnection, { nullable: true, description: '季度报表 / quarterly reports (ENTERPRISE, COOPERATIVE: their own)' })
  quarterlyReports(
    @Ctx() ctx: Context,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => QuarterlyReportFilter, { nullable: true }) filter?: QuarterlyReportFilter,
  ) {
    return service.quarterlyReports(ctx, filter, page);
  }

  @FieldResolver(() => Enterprise, { nullable: true, description: '加工企业 / the reporting enterprise (null for a cooperative\'s report)' })
  enterprise(@Root() r: QuarterlyReportRow, @Ctx() ctx: Context) {
    return r.enterpriseId ? ctx.loaders.registry.enterpriseById.load(r.enterpriseId) : null;
  }

  @FieldResolver(() => Cooperative, { nullable: true, description: '合作社 / the reporting cooperative (null for an enterprise\'s report)' })
  cooperative(@Root() r: QuarterlyReportRow, @Ctx() ctx: Context) {
    return r.cooperativeId ? ctx.loaders.registry.cooperativeById.load(r.cooperativeId) : null;
  }

  @FieldResolver(() => DateScalar, { description: '截止日 / due date: the 10th of the month after the quarter, moved to the next working day (SPEC §15)' })
  async dueDate(@Root() r: QuarterlyReportRow, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<string> {
    const cal = await ctx.loaders.ledger.workCalendar();
    return warned(ctx, info, quarterlyReportDueDate(r.quarter, cal), cal);
  }

  @FieldResolver(() => Boolean, { description: '逾期 / first submitted (Beijing date) after the due date' })
  async isLate(@Root() r: QuarterlyReportRow, @Ctx() ctx: Context): Promise<boolean> {
    return isReportLate(quarterlyReportDueDate(r.quarter, await ctx.loaders.ledger.workCalendar()), beijingDate(r.submittedAt), beijingToday());
  }

  @Mutation(() => QuarterlyReport, { description: '报送季报 / submit (or resubmit) the calling cooperative\'s 购销报表 or enterprise\'s quarterly report' })
  submitQuarterlyReport(@Ctx() ctx: Context, @Arg('input', () => QuarterlyReportInput) input: QuarterlyReportInput) {
    return service.submitQuarterlyReport(ctx, input);
  }
}

@Resolver(() => AnnualReport)
export class AnnualReportResolver {
  @FieldResolver(() => Enterprise, { description: '加工企业 / enterprise' })
  enterprise(@Root() r: AnnualReportRow, @Ctx() ctx: Context) {
    return enterpriseOf(ctx, r.enterpriseId);
  }

  @FieldResolver(() => DateScalar, { description: '截止日 / due date: 10 January of the next year, moved to the next working day (SPEC §15)' })
  async dueDate(@Root() r: AnnualReportRow, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<string> {
    const cal = await ctx.loaders.ledger.workCalendar();
    return warned(ctx, info, annualReportDueDate(r.year, cal), cal);
  }

  @FieldResolver(() => Boolean, { description: '逾期 / first submitted (Beijing date) after the due date' })
  async isLate(@Root() r: AnnualReportRow, @Ctx() ctx: Context): Promise<boolean> {
    return isReportLate(annualReportDueDate(r.year, await ctx.loaders.ledger.workCalendar()), beijingDate(r.submittedAt), beijingToday());
  }

  @Mutation(() => AnnualReport, { description: '报送年报 / submit (or resubmit) an annual report; resubmission replaces the figures and sets revisedAt, submittedAt stays' })
  submitAnnualReport(@Ctx() ctx: Context, @Arg('input', () => AnnualReportInput) input: AnnualReportInput) {
    return service.submitAnnualReport(ctx, input);
  }
}

@Resolver(() => MissingReport)
export class MissingReportResolver {
  @Query(() => [MissingReport], { nullable: true, description: '逾期未报 / overdue monthly and quarterly reports of a month (commerce): subjects in the pilot during it (status history) without the report after its due date' })
  missingReports(@Ctx() ctx: Context, @Arg('period', () => PeriodScalar) period: string) {
    return service.missingReports(ctx, period);
  }

  @FieldResolver(() => Enterprise, { nullable: true, description: '加工企业 / the enterprise (null for a cooperative)' })
  enterprise(@Root() r: MissingReport, @Ctx() ctx: Context) {
    return r.enterpriseId ? ctx.loaders.registry.enterpriseById.load(r.enterpriseId) : null;
  }

  @FieldResolver(() => Cooperative, { nullable: true, description: '合作社 / the cooperative (null for an enterprise)' })
  cooperative(@Root() r: MissingReport, @Ctx() ctx: Context) {
    return r.cooperativeId ? ctx.loaders.registry.cooperativeById.load(r.cooperativeId) : null;
  }
}

@Resolver(() => CalendarDay)
export class CalendarResolver {
  @Query(() => [CalendarDay], { description: '节假日与调休 / holidays and make-up working days of a year (national and Xinjiang)' })
  holidays(@Ctx() ctx: Context, @Arg('year', () => Int) year: number) {
    return service.holidaysOfYear(ctx, year);
  }

  @Mutation(() => [CalendarDay], { description: '设置节假日 / add or change calendar days (e.g. Xinjiang festival days); returns the stored days' })
  setCalendarDays(@Ctx() ctx: Context, @Arg('input', () => [CalendarDayInput]) input: CalendarDayInput[]) {
    return service.setCalendarDays(ctx, input);
  }
}

const ENTERPRISE_HEAD: ReadonlySet<string> = new Set(['id', 'name', 'uscc']);

@Resolver(() => LedgerSummary)
export class LedgerSummaryResolver {
  @Query(() => [LedgerSummary], { nullable: true, description: '台账汇总 / per-enterprise ledger totals, rates and report status for a month (tax pull; ENTERPRISE: its own)' })
  ledgerSummaries(
    @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo,
    @Arg('period', () => PeriodScalar) period: string,
    @Arg('enterpriseIds', () => [ID], { nullable: true }) enterpriseIds?: string[] | null,
    @Arg('updatedSince', () => DateTimeScalar, { nullable: true }) updatedSince?: Date | null,
  ): Promise<LedgerSummary[]> {
    // Only the sums asked are computed and sent (the tax pull asks one of thirteen); a fragment: all.
    const asked = plainFieldNames(info);
    return service.ledgerSummaries(ctx, period, enterpriseIds, updatedSince, asked && service.summaryTotalsFor(asked));
  }

  @FieldResolver(() => Enterprise, { description: '加工企业 / enterprise' })
  enterprise(@Root() s: LedgerSummary, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    // The tax pull asks { id name uscc }: the summary's own statement read them (no second
    // statement, no enterprise row); any other selection goes through the enterprise loader.
    if (s.enterpriseHead && selectsOnly(info, ENTERPRISE_HEAD)) return s.enterpriseHead;
    return enterpriseOf(ctx, s.enterpriseId);
  }
}

export const ledgerResolvers = [
  LedgerEntryResolver, EnterpriseProcessingResolver, EnterpriseStockResolver, MonthlyReportResolver, QuarterlyReportResolver, AnnualReportResolver, MissingReportResolver, CalendarResolver, LedgerSummaryResolver,
] as const;
