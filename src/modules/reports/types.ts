import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DeclarationPurpose } from '../customs';
import { Cooperative, Enterprise, Entity } from '../registry';
import { DateScalar, DateTimeScalar, DecimalScalar, PeriodScalar } from '../../shared/scalars';

export enum TradeDimension {
  MONTH = 'MONTH', COMMODITY = 'COMMODITY', ENTERPRISE = 'ENTERPRISE', COOPERATIVE = 'COOPERATIVE',
  PURPOSE = 'PURPOSE', TRADE_POINT = 'TRADE_POINT',
}
registerEnumType(TradeDimension, {
  name: 'TradeDimension',
  description: '统计维度 / grouping dimension of tradeStats',
  valuesConfig: {
    MONTH: { description: '月份（北京时间） / Beijing month of declaredAt' },
    COMMODITY: { description: '商品编码 / HS code of a declaration line (figures then come from lines)' },
    ENTERPRISE: { description: '落地加工企业 / destination enterprise' },
    COOPERATIVE: { description: '申报合作社 / declaring cooperative' },
    PURPOSE: { description: '申报用途 / purpose' },
    TRADE_POINT: { description: '互市点 / trade point' },
  },
});

@ObjectType({ description: '贸易统计行 / one group of trade statistics (statuses DECLARED, RELEASED, INSPECTING)' })
export class TradeStatRow {
  @Field(() => PeriodScalar, { nullable: true, description: '月份 / month (null when MONTH is not grouped)' }) month!: string | null;
  @Field(() => String, { nullable: true, description: '商品编码 / HS code (null when COMMODITY is not grouped)' }) hsCode!: string | null;
  @Field(() => Enterprise, { nullable: true, description: '加工企业 / destination enterprise (null when ENTERPRISE is not grouped or the declarations have none)' }) enterprise!: unknown;
  @Field(() => Cooperative, { nullable: true, description: '合作社 / declaring cooperative (null when COOPERATIVE is not grouped or the declarations have none)' }) cooperative!: unknown;
  @Field(() => DeclarationPurpose, { nullable: true, description: '申报用途 / purpose (null when PURPOSE is not grouped)' }) purpose!: DeclarationPurpose | null;
  @Field(() => String, { nullable: true, description: '互市点 / trade point (null when TRADE_POINT is not grouped)' }) tradePoint!: string | null;
  @Field(() => Int, { description: '申报单数 / number of declarations (distinct, also when grouped by commodity)' }) declarationCount!: number;
  @Field(() => DecimalScalar, { description: '货值（元） / value in yuan' }) valueYuan!: string;
  @Field(() => Float, { description: '数量（千克） / quantity in kg' }) quantityKg!: number;
  @Field(() => Float, { nullable: true, description: '落地加工比率 / landing-processing value ÷ value of all purposes in the group (SPEC §7); null when PURPOSE is grouped or filtered, or the group has no value' }) landingProcessingRatio!: number | null;
  enterpriseId!: string | null;
  cooperativeId!: string | null;
}

@ObjectType({ description: '考核目标 / assessment target of an enterprise for a year (附件7)' })
export class AssessmentTarget extends Entity {
  @Field(() => Enterprise, { nullable: true, description: '加工企业 / enterprise' }) enterprise!: unknown;
  @Field(() => Int, { description: '年度 / year' }) year!: number;
  @Field(() => DecimalScalar, { description: '进口贸易额目标（元） / import trade target in yuan' }) importTradeTargetYuan!: string;
  @Field(() => Float, { description: '加工产品增值率目标 / value-add rate target (fraction)' }) valueAddRateTarget!: number;
  enterpriseId!: string;
}

@ObjectType({ description: '考核完成情况 / enterprise assessment for a year (附件7 考核完成情况表)' })
export class EnterpriseAssessment {
  @Field(() => Enterprise, { nullable: true, description: '加工企业 / enterprise' }) enterprise!: unknown;
  @Field(() => Int, { description: '年度 / year' }) year!: number;
  @Field(() => DecimalScalar, { nullable: true, description: '考核标准：进口贸易额（元） / import trade target in yuan (null when no target is set)' }) importTradeTargetYuan!: string | null;
  @Field(() => Float, { nullable: true, description: '考核标准：加工产品增值率 / value-add rate target (null when no target is set)' }) valueAddRateTarget!: number | null;
  @Field(() => DecimalScalar, { description: '完成情况：进口贸易额（元） / actual: Σ landing-processing declarations to the enterprise in the year (counted statuses)' }) actualImportTradeYuan!: string;
  @Field(() => Float, { nullable: true, description: '完成情况：加工产品增值率 / actual value-add rate of the year from the ledger; null without raw consumption' }) actualValueAddRate!: number | null;
  @Field(() => Boolean, { description: '是否完成 / both targets met (a missing target or rate is not met)' }) completed!: boolean;
  enterpriseId!: string;
}

@ObjectType({ description: '月度报送行 / one enterprise in the city\'s monthly return to the region (附件5 三(五))' })
export class MonthlyReturnRow {
  @Field(() => Enterprise, { nullable: true, description: '加工企业 / enterprise' }) enterprise!: unknown;
  @Field(() => PeriodScalar, { description: '期间 / period' }) period!: string;
  @Field(() => DecimalScalar, { description: '入境申报货值（元） / value of landing-processing declarations to it in the month (counted statuses)' }) inboundDeclarationValueYuan!: string;
  @Field(() => Int, { description: '入境申报单数 / number of those declarations' }) inboundDeclarationCount!: number;
  @Field(() => Float, { description: '原料入库（千克） / RAW_IN kg' }) rawInKg!: number;
  @Field(() => DecimalScalar, { description: '原料入库（元） / RAW_IN yuan' }) rawInYuan!: string;
  @Field(() => Float, { description: '原料投入（千克） / RAW_CONSUMED kg' }) rawConsumedKg!: number;
  @Field(() => DecimalScalar, { description: '原料投入（元） / RAW_CONSUMED yuan' }) rawConsumedYuan!: string;
  @Field(() => Float, { description: '产成品（千克） / PRODUCT_OUTPUT kg' }) productOutputKg!: number;
  @Field(() => DecimalScalar, { description: '产成品产值（元） / PRODUCT_OUTPUT yuan' }) productOutputYuan!: string;
  @Field(() => Float, { description: '产品销售（千克） / PRODUCT_SOLD kg' }) productSoldKg!: number;
  @Field(() => DecimalScalar, { description: '产品销售（元） / PRODUCT_SOLD yuan' }) productSoldYuan!: string;
  @Field(() => DecimalScalar, { description: '原料直接销售（元） / RAW_SOLD yuan (channel trade the pilot forbids)' }) rawSoldYuan!: string;
  @Field(() => Float, { description: '损耗（千克） / LOSS kg' }) lossKg!: number;
  @Field(() => Float, { nullable: true, description: '加工增值率 / value-add rate of the month from the ledger' }) valueAddRate!: number | null;
  @Field(() => Float, { nullable: true, description: '残损率 / loss rate of the month (LOSS kg ÷ RAW_IN kg)' }) lossRate!: number | null;
  @Field(() => Boolean, { description: '月报已报送 / monthly report submitted' }) submitted!: boolean;
  @Field(() => DateTimeScalar, { nullable: true, description: '报送时间 / first submission' }) submittedAt!: Date | null;
  @Field(() => DateScalar, { description: '截止日期 / due date (10th of the next month, moved past non-working days)' }) dueDate!: string;
  @Field(() => Boolean, { description: '逾期 / late: submitted after the due date, or not submitted and the due date has passed' }) late!: boolean;
  enterpriseId!: string;
}

@InputType({ description: '考核目标 / assessment target (附件7)' })
export class AssessmentTargetInput {
  @Field(() => ID) enterpriseId!: string;
  @Field(() => Int) year!: number;
  @Field(() => DecimalScalar, { description: '进口贸易额目标（元） / import trade target in yuan' }) importTradeTargetYuan!: string;
  @Field(() => Float, { description: '加工产品增值率目标 / value-add rate target, a fraction (0.2 = 20%)' }) valueAddRateTarget!: number;
}
