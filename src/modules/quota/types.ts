import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { DateScalar, DateTimeScalar, DecimalScalar } from '../../shared/scalars';
import { Entity } from '../registry';

@ObjectType({ description: '年度计划 / annual plan of the pilot (SPEC §7)' })
export class AnnualPlan extends Entity {
  @Field(() => Int, { description: '年度 / year' }) year!: number;
  @Field(() => DecimalScalar, { description: '进口规模（元） / planned border-trade import value in yuan' }) importScaleYuan!: string;
  @Field(() => DecimalScalar, { description: '落地加工规模（元） / planned landing-processing value in yuan' }) landingProcessingScaleYuan!: string;
  @Field(() => Float, { description: '预警比例 / warning ratio (fraction, default 0.8)' }) warningRatio!: string;
  @Field(() => Float, { description: '加工增值率门槛 / value-add threshold (fraction, default 0.2)' }) valueAddThreshold!: string;
  @Field(() => Int, { nullable: true, description: '沿用年度 / the year whose plan this year carries over (方案 四(一) 如无修订自动延长); null for a year\'s own plan' }) inheritedFrom!: number | null;
}

@ObjectType({
  description: '配额消耗 / quota consumption of a year as of a Beijing date (SPEC §7). A year without its own plan uses the latest earlier plan (inheritedFrom); with no plan at all it reports null ratios and never warns.',
})
export class QuotaStatus {
  @Field(() => Int, { description: '年度 / year' }) year!: number;
  @Field(() => DateScalar, { description: '截至日期 / as of (Beijing date)' }) asOf!: string;
  @Field(() => AnnualPlan, { nullable: true, description: '年度计划 / the year\'s plan or the carried-over one, null when none precedes the year' }) plan!: AnnualPlan | null;
  @Field(() => Float, { description: '已过月数 / months elapsed: (month−1) + day ÷ days in month; 0 before the year, 12 after (4 places)' }) monthsElapsed!: number;
  @Field(() => DecimalScalar, { description: '落地加工已消耗（元） / landing-processing value declared on or before asOf (DECLARED, RELEASED, INSPECTING)' }) consumedYuan!: string;
  @Field(() => Float, { nullable: true, description: '落地加工消耗比例 / consumedYuan ÷ landingProcessingScaleYuan' }) consumptionRatio!: number | null;
  @Field(() => DecimalScalar, { description: '预计全年（元） / consumedYuan ÷ monthsElapsed × 12' }) projectedAnnualYuan!: string;
  @Field(() => DecimalScalar, { nullable: true, description: '剩余额度（元） / landingProcessingScaleYuan − consumedYuan (negative when overrun)' }) remainingYuan!: string | null;
  @Field(() => Boolean, { description: '预警 / consumptionRatio ≥ warningRatio and projectedAnnualYuan > landingProcessingScaleYuan (方案 二(六))' }) warning!: boolean;
  @Field(() => DecimalScalar, { description: '进口已消耗（元） / import value of all purposes declared on or before asOf' }) importConsumedYuan!: string;
  @Field(() => Float, { nullable: true, description: '进口消耗比例 / importConsumedYuan ÷ importScaleYuan' }) importConsumptionRatio!: number | null;
  @Field(() => DecimalScalar, { description: '进口预计全年（元） / importConsumedYuan ÷ monthsElapsed × 12' }) importProjectedAnnualYuan!: string;
  @Field(() => DecimalScalar, { nullable: true, description: '进口剩余额度（元） / importScaleYuan − importConsumedYuan' }) importRemainingYuan!: string | null;
  @Field(() => Boolean, { description: '进口预警 / the same warning rule on the import scale (informative; EarlyWarning follows landing processing)' }) importWarning!: boolean;
}

@ObjectType({ description: '预警 / early warning issued to the city government, at most one per calendar month in which the condition holds (方案 二(六), SPEC §15)' })
export class EarlyWarning extends Entity {
  @Field(() => Int, { description: '年度 / year' }) year!: number;
  @Field(() => DateTimeScalar, { description: '预警时间 / raised at' }) raisedAt!: Date;
  @Field(() => DateScalar, { description: '截至日期 / the batch\'s latest declared Beijing date of the year' }) asOf!: string;
  @Field(() => DecimalScalar, { description: '已消耗（元） / consumed landing-processing value then' }) consumedYuan!: string;
  @Field(() => Float, { description: '消耗比例 / consumption ratio then' }) consumptionRatio!: string;
  @Field(() => DecimalScalar, { description: '预计全年（元） / projected annual value then' }) projectedAnnualYuan!: string;
  @Field(() => String, { description: '发送对象 / issued to (default 阿拉山口市人民政府)' }) issuedTo!: string;
  @Field(() => DateTimeScalar, { description: '发送时间 / issued at' }) issuedAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: '确认时间 / acknowledged at, null until acknowledged' }) acknowledgedAt!: Date | null;
}

@InputType({ description: '年度计划 / annual plan' })
export class AnnualPlanInput {
  @Field(() => Int) year!: number;
  @Field(() => DecimalScalar) importScaleYuan!: string;
  @Field(() => DecimalScalar) landingProcessingScaleYuan!: string;
  @Field(() => Float, { nullable: true, description: 'default 0.8' }) warningRatio?: number;
  @Field(() => Float, { nullable: true, description: 'default 0.2' }) valueAddThreshold?: number;
}
