import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Entity } from '../registry';
import { connectionOf } from '../../shared/pagination';
import { DateScalar, DateTimeScalar, DecimalScalar, PeriodScalar } from '../../shared/scalars';

export enum LedgerKind {
  RAW_IN = 'RAW_IN', RAW_CONSUMED = 'RAW_CONSUMED', PRODUCT_OUTPUT = 'PRODUCT_OUTPUT',
  PRODUCT_SOLD = 'PRODUCT_SOLD', RAW_SOLD = 'RAW_SOLD', LOSS = 'LOSS',
}
registerEnumType(LedgerKind, {
  name: 'LedgerKind',
  description: '台账类别 / ledger entry kind: RAW_IN 原料入库, RAW_CONSUMED 原料投产, PRODUCT_OUTPUT 产成品, PRODUCT_SOLD 产品销售, RAW_SOLD 原料直接销售（禁止的通道贸易）, LOSS 残损',
});

export enum CalendarDayKind { HOLIDAY = 'HOLIDAY', MAKEUP_WORKDAY = 'MAKEUP_WORKDAY' }
registerEnumType(CalendarDayKind, { name: 'CalendarDayKind', description: '日历类别 / HOLIDAY (day off, even a weekday) or MAKEUP_WORKDAY (调休上班: a weekend working day)' });

// ── ledger entries ──────────────────────────────────────────────────────────────────────────

@ObjectType({ description: '台账 / processing ledger entry (SPEC §6)' })
export class LedgerEntry extends Entity {
  @Field(() => DateScalar, { description: '发生日期 / date (Beijing)' }) occurredOn!: string;
  @Field(() => LedgerKind, { description: '类别 / kind' }) kind!: LedgerKind;
  @Field(() => String, { nullable: true, description: '商品编码 / HS code' }) hsCode!: string | null;
  @Field(() => String, { nullable: true, description: '品名 / product or goods name' }) productName!: string | null;
  @Field(() => Float, { description: '数量（千克） / quantity in kg (3 decimals)' }) quantityKg!: string;
  @Field(() => DecimalScalar, { description: '金额（元） / amount in yuan: at cost for raw kinds, at value for product kinds' }) amountYuan!: string;
  @Field(() => String, { description: '企业流水号 / the enterprise\'s own reference (idempotency key per enterprise)' }) externalRef!: string;
  @Field(() => String, { nullable: true, description: '发票号 / invoice number (sales)' }) invoiceNo!: string | null;
  @Field(() => [String], { description: '申报单号 / customs declaration numbers the goods came with (RAW_IN)' }) declarationNos!: string[];
  enterpriseId!: string;
}

@InputType({ description: '台账 / one ledger entry' })
export class LedgerEntryInput {
  @Field(() => ID, { nullable: true, description: '企业 / enterprise: ENTERPRISE tokens may omit it (their own org); COMMERCE must pass it' }) enterpriseId?: string;
  @Field(() => DateScalar) occurredOn!: string;
  @Field(() => LedgerKind) kind!: LedgerKind;
  @Field(() => String, { nullable: true, description: 'HS code (2–10 digits); hsCode or productName is required' }) hsCode?: string;
  @Field(() => String, { nullable: true }) productName?: string;
  @Field(() => Float) quantityKg!: number;
  @Field(() => DecimalScalar) amountYuan!: string;
  @Field(() => String, { description: 'idempotency key, unique per enterprise' }) externalRef!: string;
  @Field(() => String, { nullable: true }) invoiceNo?: string;
  @Field(() => [String], { nullable: true, description: 'RAW_IN: customs declaration numbers (at least one)' }) declarationNos?: string[];
}

@InputType({ description: '台账筛选 / ledger entry filter' })
export class LedgerEntryFilter {
  @Field(() => ID, { nullable: true }) enterpriseId?: string;
  @Field(() => DateScalar, { nullable: true, description: 'occurredOn on or after' }) from?: string;
  @Field(() => DateScalar, { nullable: true, description: 'occurredOn on or before' }) to?: string;
  @Field(() => LedgerKind, { nullable: true }) kind?: LedgerKind;
  @Field(() => DateTimeScalar, { nullable: true, description: 'only rows updated at or after this instant' }) updatedSince?: Date;
}

export const LedgerEntryConnection = connectionOf(LedgerEntry, 'LedgerEntry', '台账');

// ── processing statistics (SPEC §7) ────────────────────────────────────────────────────────

@ObjectType({ description: '加工统计 / processing figures of an enterprise over a date range, from its ledger (SPEC §7)' })
export class ProcessingStats {
  @Field(() => DateScalar, { description: '起 / from (inclusive)' }) from!: string;
  @Field(() => DateScalar, { description: '止 / to (inclusive)' }) to!: string;
  @Field(() => Float, { description: '原料入库（千克） / RAW_IN kg' }) rawInKg!: number;
  @Field(() => DecimalScalar, { description: '原料入库（元） / RAW_IN yuan' }) rawInYuan!: string;
  @Field(() => Float, { description: '原料投产（千克） / RAW_CONSUMED kg' }) rawConsumedKg!: number;
  @Field(() => DecimalScalar, { description: '原料投产（元） / RAW_CONSUMED yuan' }) rawConsumedYuan!: string;
  @Field(() => Float, { description: '产成品（千克） / PRODUCT_OUTPUT kg' }) productOutputKg!: number;
  @Field(() => DecimalScalar, { description: '产成品（元） / PRODUCT_OUTPUT yuan' }) productOutputYuan!: string;
  @Field(() => Float, { description: '产品销售（千克） / PRODUCT_SOLD kg' }) productSoldKg!: number;
  @Field(() => DecimalScalar, { description: '产品销售（元） / PRODUCT_SOLD yuan' }) productSoldYuan!: string;
  @Field(() => Float, { description: '原料直接销售（千克） / RAW_SOLD kg' }) rawSoldKg!: number;
  @Field(() => DecimalScalar, { description: '原料直接销售（元） / RAW_SOLD yuan (channel trade, forbidden by the pilot)' }) rawSoldYuan!: string;
  @Field(() => Float, { description: '残损（千克） / LOSS kg' }) lossKg!: number;
  @Field(() => DecimalScalar, { description: '残损（元） / LOSS yuan' }) lossYuan!: string;
  @Field(() => Float, { nullable: true, description: '加工增值率 / value-add rate (output − consumed) ÷ consumed; null when nothing was consumed' }) valueAddRate!: number | null;
  @Field(() => Float, { nullable: true, description: '残损率 / loss rate LOSS kg ÷ RAW_IN kg; null when nothing came in' }) lossRate!: number | null;
  @Field(() => Float, { description: '增值率门槛 / the value-add threshold applied (the plan of the year of `to`; 0.2 without a plan)' }) valueAddThreshold!: number;
  @Field(() => Boolean, { nullable: true, description: '达到增值率门槛 / value-add rate ≥ threshold; null when the rate is null' }) meetsValueAddThreshold!: boolean | null;
  @Field(() => Boolean, { nullable: true, description: '残损率高于备案 / loss rate > the enterprise\'s declaredLossRate; null when either is unknown' }) lossAboveDeclared!: boolean | null;
  enterpriseId!: string;
}

@ObjectType({ description: '年度汇总 / an enterprise\'s annual roll-up: ledger figures of the year and its monthly reports' })
export class AnnualSummary {
  @Field(() => Int) year!: number;
  @Field(() => ProcessingStats, { description: '全年加工统计 / the year\'s processing figures' }) processing!: ProcessingStats;
  @Field(() => Int, { description: '已报月报数 / monthly reports submitted for the year' }) monthlyReportsSubmitted!: number;
  @Field(() => Int, { description: '逾期月报数 / monthly reports of the year that are late (submitted late, or missing and past due)' }) monthlyReportsLate!: number;
  enterpriseId!: string;
}

// ── monthly reports ────────────────────────────────────────────────────────────────────────

@ObjectType({ description: '报表差异 / a report figure that differs from the ledger by more than 0.5%' })
export class ReportDiscrepancy {
  @Field(() => String, { description: '字段 / MonthlyReport field name, e.g. rawPurchasedYuan' }) field!: string;
  @Field(() => String, { description: '报表数 / reported figure, exact decimal (yuan 2 places, kg 3 places)' }) reported!: string;
  @Field(() => String, { description: '台账数 / ledger figure for the period, exact decimal' }) ledger!: string;
  enterpriseId!: string;
}

/**
 * The figures of a monthly or annual report (附件5 三(二)): one definition for both, so the two
 * reports cannot drift apart. Abstract: only MonthlyReport and AnnualReport appear in the schema.
 */
@ObjectType('ReportFigures')
export abstract class ReportFigures extends Entity {
  @Field(() => Float, { description: '原料采购（千克） / raw goods purchased, kg' }) rawPurchasedKg!: string;
  @Field(() => DecimalScalar, { description: '原料采购（元） / raw goods purchased, yuan' }) rawPurchasedYuan!: string;
  @Field(() => Float, { description: '原料投产（千克） / raw goods consumed, kg' }) rawConsumedKg!: string;
  @Field(() => DecimalScalar, { description: '原料投产（元） / raw goods consumed, yuan' }) rawConsumedYuan!: string;
  @Field(() => Float, { description: '产成品（千克） / products output, kg' }) productOutputKg!: string;
  @Field(() => DecimalScalar, { description: '产成品（元） / products output, yuan' }) productOutputYuan!: string;
  @Field(() => Float, { description: '销售（千克） / sales, kg' }) salesKg!: string;
  @Field(() => DecimalScalar, { description: '销售（元） / sales, yuan' }) salesYuan!: string;
  @Field(() => Float, { description: '库存（千克） / inventory at the end of the period (month or year), kg' }) inventoryKg!: string;
  @Field(() => Float, { description: '残损（千克） / loss, kg' }) lossKg!: string;
  @Field(() => DateTimeScalar, { description: '首次报送时间 / first submitted at (decides lateness)' }) submittedAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: '最近修订时间 / last revised at' }) revisedAt!: Date | null;
  enterpriseId!: string;
}

@ObjectType({ description: '月度报表 / monthly report of a processing enterprise (附件5 三(二))' })
export class MonthlyReport extends ReportFigures {
  @Field(() => PeriodScalar, { description: '期间 / period' }) period!: string;
}

@ObjectType({ description: '年度报表 / annual report: the monthly report\'s figures for a calendar year (SPEC §15; 附件5 三(二) 每年年初报送)' })
export class AnnualReport extends ReportFigures {
  @Field(() => Int, { description: '年度 / year' }) year!: number;
}

/** The figures a monthly or annual report submits (one definition for both inputs). */
@InputType('ReportFiguresInput')
export abstract class ReportFiguresInput {
  @Field(() => ID, { nullable: true, description: 'ENTERPRISE tokens may omit it; COMMERCE must pass it' }) enterpriseId?: string;
  @Field(() => Float) rawPurchasedKg!: number;
  @Field(() => DecimalScalar) rawPurchasedYuan!: string;
  @Field(() => Float) rawConsumedKg!: number;
  @Field(() => DecimalScalar) rawConsumedYuan!: string;
  @Field(() => Float) productOutputKg!: number;
  @Field(() => DecimalScalar) productOutputYuan!: string;
  @Field(() => Float) salesKg!: number;
  @Field(() => DecimalScalar) salesYuan!: string;
  @Field(() => Float) inventoryKg!: number;
  @Field(() => Float) lossKg!: number;
}

@InputType({ description: '月度报表 / monthly report' })
export class MonthlyReportInput extends ReportFiguresInput {
  @Field(() => PeriodScalar) period!: string;
}

@InputType({ description: '年度报表 / annual report' })
export class AnnualReportInput extends ReportFiguresInput {
  @Field(() => Int) year!: number;
}

@InputType({ description: '月报筛选 / monthly report filter' })
export class MonthlyReportFilter {
  @Field(() => ID, { nullable: true }) enterpriseId?: string;
  @Field(() => PeriodScalar, { nullable: true }) period?: string;
  @Field(() => Boolean, { nullable: true, description: 'true: only late reports; false: only reports on time' }) late?: boolean;
  @Field(() => DateTimeScalar, { nullable: true }) updatedSince?: Date;
}

export const MonthlyReportConnection = connectionOf(MonthlyReport, 'MonthlyReport', '月度报表');

// ── quarterly reports ──────────────────────────────────────────────────────────────────────

@ObjectType({ description: '季度报表 / quarterly report: an enterprise\'s roll-up or a cooperative\'s 购销报表 (附件4 三)' })
export class QuarterlyReport extends Entity {
  @Field(() => String, { description: '季度 / quarter YYYY-Qn' }) quarter!: string;
  @Field(() => Float, { description: '采购（千克） / purchased, kg' }) purchasedKg!: string;
  @Field(() => DecimalScalar, { description: '采购（元） / purchased, yuan' }) purchasedYuan!: string;
  @Field(() => Float, { description: '销售（千克） / sold, kg' }) soldKg!: string;
  @Field(() => DecimalScalar, { description: '销售（元） / sold, yuan' }) soldYuan!: string;
  @Field(() => DecimalScalar, { nullable: true, description: '成员分红（元） / dividend paid to members (cooperatives)' }) dividendYuan!: string | null;
  @Field(() => String, { nullable: true, description: '备注 / remarks' }) remarks!: string | null;
  @Field(() => DateTimeScalar, { description: '首次报送时间 / first submitted at' }) submittedAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: '最近修订时间 / last revised at' }) revisedAt!: Date | null;
  enterpriseId!: string | null;
  cooperativeId!: string | null;
}

@InputType({ description: '季度报表 / quarterly report of the calling enterprise or cooperative' })
export class QuarterlyReportInput {
  @Field(() => String, { description: 'YYYY-Qn, e.g. 2025-Q2' }) quarter!: string;
  @Field(() => Float) purchasedKg!: number;
  @Field(() => DecimalScalar) purchasedYuan!: string;
  @Field(() => Float) soldKg!: number;
  @Field(() => DecimalScalar) soldYuan!: string;
  @Field(() => DecimalScalar, { nullable: true }) dividendYuan?: string;
  @Field(() => String, { nullable: true }) remarks?: string;
}

@InputType({ description: '季报筛选 / quarterly report filter' })
export class QuarterlyReportFilter {
  @Field(() => ID, { nullable: true }) enterpriseId?: string;
  @Field(() => ID, { nullable: true }) cooperativeId?: string;
  @Field(() => String, { nullable: true, description: 'YYYY-Qn' }) quarter?: string;
  @Field(() => DateTimeScalar, { nullable: true }) updatedSince?: Date;
}

export const QuarterlyReportConnection = connectionOf(QuarterlyReport, 'QuarterlyReport', '季度报表');

// ── calendar ───────────────────────────────────────────────────────────────────────────────

@ObjectType({ description: '节假日与调休 / a holiday or make-up working day of the working-day calendar' })
export class CalendarDay {
  @Field(() => DateScalar) date!: string;
  @Field(() => CalendarDayKind) kind!: CalendarDayKind;
  @Field(() => String, { description: '名称 / name, e.g. 春节, 古尔邦节 (Xinjiang)' }) name!: string;
}

@InputType({ description: '节假日数据 / one calendar day to add or change' })
export class CalendarDayInput {
  @Field(() => DateScalar) date!: string;
  @Field(() => CalendarDayKind) kind!: CalendarDayKind;
  @Field(() => String) name!: string;
}

// ── ledger summaries for tax systems ───────────────────────────────────────────────────────

@ObjectType({ description: '台账汇总 / one enterprise\'s ledger totals for a month, as tax systems pull them (SPEC §6)' })
export class LedgerSummary extends ProcessingStats {
  @Field(() => PeriodScalar, { description: '期间 / period' }) period!: string;
  @Field(() => ID, { description: '企业ID / enterprise id' }) enterpriseId!: string;
  @Field(() => Int, { description: '台账条数 / number of ledger entries in the period' }) entryCount!: number;
  @Field(() => DateScalar, { description: '月报截止日 / monthly report due date' }) reportDueDate!: string;
  @Field(() => Boolean, { description: '月报已报送 / monthly report submitted' }) reportSubmitted!: boolean;
  @Field(() => DateTimeScalar, { nullable: true, description: '月报报送时间 / monthly report first submitted at' }) reportSubmittedAt!: Date | null;
  @Field(() => Boolean, { description: '月报按时 / submitted on or before the due date' }) reportOnTime!: boolean;
  @Field(() => Boolean, { description: '月报逾期 / late: submitted after the due date, or missing and past it' }) reportLate!: boolean;
  /** The enterprise's id, name and USCC as the summary's statement read them (LedgerSummary.enterprise answers { id name uscc } from it). */
  enterpriseHead?: { id: string; name: string; uscc: string };
}

// ── stock and write-off (SPEC §13) ─────────────────────────────────────────────────────────

@ObjectType({ description: '库存 / an enterprise\'s stock from its ledger at the end of a Beijing date (all commodities together)' })
export class Stock {
  @Field(() => DateScalar, { description: '截至日期 / as of the end of this date' }) asOf!: string;
  @Field(() => Float, { description: '原料库存（千克） / Σ RAW_IN − Σ RAW_CONSUMED − Σ RAW_SOLD − Σ LOSS' }) rawKg!: string;
  @Field(() => Float, { description: '产成品库存（千克） / Σ PRODUCT_OUTPUT − Σ PRODUCT_SOLD' }) productKg!: string;
  enterpriseId!: string;
}

@ObjectType({ description: '底账核销 / the write-off of one month: opening raw stock, the month\'s flows, closing stock against the monthly report (附件1 备注3, 附件3 三)' })
export class WriteOff {
  @Field(() => PeriodScalar) period!: string;
  @Field(() => Float, { description: '期初原料库存（千克） / raw stock at the end of the previous month' }) openingRawKg!: string;
  @Field(() => Float, { description: '本期原料入库 / RAW_IN kg of the month' }) rawInKg!: string;
  @Field(() => Float, { description: '本期原料投产 / RAW_CONSUMED kg' }) rawConsumedKg!: string;
  @Field(() => Float, { description: '本期原料直接销售 / RAW_SOLD kg' }) rawSoldKg!: string;
  @Field(() => Float, { description: '本期残损 / LOSS kg' }) lossKg!: string;
  @Field(() => Float, { description: '期末原料库存 / opening + in − consumed − sold raw − loss' }) closingRawKg!: string;
  @Field(() => Float, { nullable: true, description: '月报库存 / the monthly report\'s inventoryKg; null when the report is missing' }) reportedInventoryKg!: string | null;
  @Field(() => Float, { nullable: true, description: '出成率 / Σ PRODUCT_OUTPUT kg ÷ Σ RAW_CONSUMED kg (4 decimals); null when nothing was consumed' }) yieldRate!: number | null;
  @Field(() => Boolean, { description: '账实相符 / the report\'s inventoryKg is within 0.5 % of closingRawKg (false when the report is missing)' }) balanced!: boolean;
  enterpriseId!: string;
}

export enum MissingReportKind { MONTHLY = 'MONTHLY', QUARTERLY = 'QUARTERLY' }
registerEnumType(MissingReportKind, { name: 'MissingReportKind', description: '报表种类 / report kind: 月报 or 季报 (购销报表)' });

@ObjectType({ description: '逾期未报 / a report that is overdue: the subject was in the pilot during the period and has not submitted it' })
export class MissingReport {
  @Field(() => MissingReportKind, { description: '种类 / kind' }) kind!: MissingReportKind;
  @Field(() => String, { description: '期间 / period YYYY-MM (monthly) or YYYY-Qn (quarterly)' }) period!: string;
  @Field(() => DateScalar, { description: '截止日 / due date' }) dueDate!: string;
  enterpriseId!: string | null;
  cooperativeId!: string | null;
}
