import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { connectionOf } from '../../shared/pagination';
import { DateScalar, DateTimeScalar, PeriodScalar } from '../../shared/scalars';

export enum CustodyStage { DECLARED = 'DECLARED', RELEASED = 'RELEASED', ENTERED = 'ENTERED', BOOKED = 'BOOKED', STOPPED = 'STOPPED' }
registerEnumType(CustodyStage, {
  name: 'CustodyStage',
  description: '监管环节 / where a lot is: DECLARED 已申报, RELEASED 已放行, ENTERED 已入厂, BOOKED 已入账 (≥ 99.5 % of the kg received, or declared without entry), STOPPED 已截停 (returned, destroyed, referred)',
});

export enum DiscrepancyKind {
  RELEASED_NOT_ENTERED = 'RELEASED_NOT_ENTERED', RECEIVED_MISMATCH = 'RECEIVED_MISMATCH', SEAL_BROKEN = 'SEAL_BROKEN',
  ENTERED_NOT_BOOKED = 'ENTERED_NOT_BOOKED', NEGATIVE_STOCK = 'NEGATIVE_STOCK', INVENTORY_MISMATCH = 'INVENTORY_MISMATCH',
  RAW_SOLD = 'RAW_SOLD', REPORT_MISSING = 'REPORT_MISSING', VALUE_ADD_BELOW_THRESHOLD = 'VALUE_ADD_BELOW_THRESHOLD',
}
registerEnumType(DiscrepancyKind, {
  name: 'DiscrepancyKind',
  description: '差异类别 / kinds of discrepancy computed by the hub (SPEC §13): 放行未入厂, 过磅不符, 施封破损, 入厂未入账, 负库存, 月报库存不符, 原料直接销售, 月报未报, 增值率未达标',
});

@ObjectType({ description: '货物监管链 / chain of custody of a landing-processing declaration (SPEC §13)' })
export class Custody {
  @Field(() => Float, { description: '申报重量（千克） / Σ kg of the declaration\'s lines' }) declaredKg!: string;
  @Field(() => DateTimeScalar, { nullable: true, description: '放行时间 / released at' }) releasedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '入厂时间 / first factory entry carrying it' }) enteredAt!: Date | null;
  @Field(() => Float, { nullable: true, description: '入厂过磅重量 / kg weighed at the gate (an entry carrying several declarations shares its weight in proportion to their declared kg)' }) receivedKg!: string | null;
  @Field(() => Float, { description: '已入账（千克） / kg booked by RAW_IN entries' }) bookedKg!: string;
  @Field(() => Float, { description: '未入账（千克） / declared kg not yet booked (never negative)' }) unbookedKg!: string;
  @Field(() => Boolean, { nullable: true, description: '施封完好 / false when a factory entry reported a broken seal; null before entry' }) sealIntact!: boolean | null;
  @Field(() => CustodyStage, { description: '环节 / stage' }) stage!: CustodyStage;
  declarationId!: string;
  destinationEnterpriseId!: string | null;
  cooperativeId!: string | null;
}

@ObjectType({ description: '差异处理 / how a discrepancy was resolved' })
export class DiscrepancyResolution {
  @Field(() => String, { description: '说明 / explanation' }) note!: string;
  @Field(() => String, { description: '处理机关 / agency that resolved it' }) resolvedBy!: string;
  @Field(() => DateTimeScalar, { description: '处理时间 / resolved at' }) resolvedAt!: Date;
}

@ObjectType({ description: '差异 / a discrepancy in the chain of custody, computed by the hub as of a date (SPEC §13)' })
export class Discrepancy {
  @Field(() => ID, { description: '稳定标识 / stable: same kind + subject + period → same id' }) id!: string;
  @Field(() => DiscrepancyKind) kind!: DiscrepancyKind;
  @Field(() => String, { description: '对象类型 / DECLARATION, FACTORY_ENTRY or ENTERPRISE' }) subjectType!: string;
  @Field(() => String, { description: '对象 / declaration number, factory entry id or enterprise id' }) subject!: string;
  @Field(() => String, { nullable: true, description: '申报单号 / the declaration concerned (declaration-side kinds)' }) declarationNo!: string | null;
  @Field(() => ID, { nullable: true, description: '加工企业 / the enterprise concerned' }) enterpriseId!: string | null;
  @Field(() => PeriodScalar, { nullable: true, description: '期间 / month (of release, arrival, or the reported month)' }) period!: string | null;
  @Field(() => String, { nullable: true, description: '应为 / expected figure (kg 3 decimals, rate 4 decimals, or the due date)' }) expected!: string | null;
  @Field(() => String, { nullable: true, description: '实为 / actual figure' }) actual!: string | null;
  @Field(() => DateScalar, { description: '发现日期 / first Beijing date on which the rule holds' }) detectedOn!: string;
  @Field(() => DiscrepancyResolution, { nullable: true, description: '处理 / resolution; null while open' }) resolution!: DiscrepancyResolution | null;
}

export const DiscrepancyConnection = connectionOf(Discrepancy, 'Discrepancy', '差异');

@InputType({ description: '差异筛选 / discrepancy filter; from/to bound detectedOn (Beijing dates, inclusive)' })
export class DiscrepancyFilter {
  @Field(() => ID, { nullable: true }) enterpriseId?: string | null;
  @Field(() => ID, { nullable: true, description: 'declarations of this cooperative, and the enterprises that received them' }) cooperativeId?: string | null;
  @Field(() => [DiscrepancyKind], { nullable: true }) kind?: DiscrepancyKind[] | null;
  @Field(() => DateScalar, { nullable: true }) from?: string | null;
  @Field(() => DateScalar, { nullable: true }) to?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'true: unresolved only; false: resolved only' }) open?: boolean | null;
  @Field(() => DateScalar, { nullable: true, description: 'as of the end of this Beijing date (default today)' }) asOf?: string | null;
}

@ObjectType({ description: '差异统计 / count of discrepancies of one kind in one month (no subjects)' })
export class DiscrepancyCount {
  @Field(() => DiscrepancyKind) kind!: DiscrepancyKind;
  @Field(() => PeriodScalar) period!: string;
  @Field(() => Int, { description: '数量 / discrepancies' }) count!: number;
  @Field(() => Int, { description: '未处理 / of which unresolved' }) open!: number;
}

@ObjectType({ description: '入账记录 / kg of the declaration booked by one RAW_IN entry' })
export class TraceBooking {
  @Field(() => Float, { description: '入账重量 / kg booked against the declaration' }) bookedKg!: string;
  ledgerEntryId!: string;
  enterpriseId!: string;
}

@ObjectType({ description: '追溯 / one declaration followed from the border to the ledger (SPEC §13)' })
export class Traceability {
  @Field(() => String, { description: '申报单号 / declaration number' }) declarationNo!: string;
  @Field(() => Custody, { nullable: true, description: '监管链 / custody of the lot' }) custody!: Custody | null;
  @Field(() => [Discrepancy], { nullable: true, description: '相关差异 / discrepancies concerning it (the kinds the viewer may read)' }) discrepancies!: Discrepancy[];
  declarationId!: string;
  destinationEnterpriseId!: string | null;
  cooperativeId!: string | null;
  bookingRows!: TraceBooking[];
}
