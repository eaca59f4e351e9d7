import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Agency_ } from '../registry';
import type { Agency } from '../../authz/agencies';
import { connectionOf } from '../../shared/pagination';
import { DateTimeScalar, DecimalScalar, PeriodScalar } from '../../shared/scalars';

/**
 * 税务记录 (SPEC §6). Every field but period and vatPaidYuan is TAX-only (§9: COMMERCE sees those
 * two), so they are nullable: a denial blanks the field, not the record.
 */
@ObjectType({ description: '税务记录 / tax record of an enterprise for a month, submitted by tax' })
export class TaxRecord {
  @Field(() => ID, { nullable: true }) id!: string;
  @Field(() => DateTimeScalar, { nullable: true, description: '创建时间 / created at' }) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: '更新时间 / updated at (incremental sync key)' }) updatedAt!: Date;
  @Field(() => Agency_, { nullable: true, description: '数据来源 / agency that supplied the record' }) source!: Agency;
  @Field(() => PeriodScalar, { description: '期间 / period' }) period!: string;
  @Field(() => DecimalScalar, { nullable: true, description: '开票销售额（元） / invoiced sales' }) salesInvoicedYuan!: string;
  @Field(() => DecimalScalar, { nullable: true, description: '销项税额（元） / output VAT' }) outputVatYuan!: string;
  @Field(() => DecimalScalar, { nullable: true, description: '进项税额（元） / input VAT' }) inputVatYuan!: string;
  @Field(() => DecimalScalar, { nullable: true, description: '农产品进项税额核定扣除（元） / agricultural input VAT deduction' }) agriculturalInputDeductionYuan!: string;
  @Field(() => DecimalScalar, { nullable: true, description: '实缴增值税（元） / VAT paid' }) vatPaidYuan!: string;
  @Field(() => DateTimeScalar, { nullable: true, description: '申报时间 / filed at' }) filedAt!: Date;
  enterpriseId!: string;
}

@InputType({ description: '税务记录 / tax record (key: enterprise + period)' })
export class TaxRecordInput {
  @Field(() => ID) enterpriseId!: string;
  @Field(() => PeriodScalar) period!: string;
  @Field(() => DecimalScalar) salesInvoicedYuan!: string;
  @Field(() => DecimalScalar) outputVatYuan!: string;
  @Field(() => DecimalScalar) inputVatYuan!: string;
  @Field(() => DecimalScalar) agriculturalInputDeductionYuan!: string;
  @Field(() => DecimalScalar) vatPaidYuan!: string;
  @Field(() => DateTimeScalar) filedAt!: Date;
}

@InputType({ description: '税务记录筛选 / tax record filter' })
export class TaxRecordFilter {
  @Field(() => ID, { nullable: true }) enterpriseId?: string;
  @Field(() => PeriodScalar, { nullable: true }) period?: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'only rows updated at or after this instant' }) updatedSince?: Date;
}

export const TaxRecordConnection = connectionOf(TaxRecord, 'TaxRecord', '税务记录');
