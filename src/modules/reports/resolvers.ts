import { Arg, Ctx, FieldResolver, Float, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { DeclarationPurpose } from '../customs';
import { Cooperative, Enterprise } from '../registry';
import { DateScalar, PeriodScalar } from '../../shared/scalars';
import * as service from './service';
import type { AssessmentTargetRow } from './store';
import { AssessmentTarget, AssessmentTargetInput, EnterpriseAssessment, MonthlyReturnRow, TradeDimension, TradeStatRow } from './types';

const enterpriseOf = (ctx: Context, id: string | null) => (id ? ctx.loaders.registry.enterpriseById.load(id) : null);

@Resolver(() => TradeStatRow)
export class TradeStatsResolver {
  @Query(() => [TradeStatRow], { nullable: true, description: '贸易统计 / trade statistics grouped by any dimensions, statuses DECLARED, RELEASED, INSPECTING (not for ENTERPRISE and COOPERATIVE tokens, SPEC §9)' })
  tradeStats(
    @Ctx() ctx: Context,
    @Arg('from', () => DateScalar, { description: '起始日期（含，北京时间） / first Beijing date, inclusive' }) from: string,
    @Arg('to', () => DateScalar, { description: '截止日期（含） / last Beijing date, inclusive' }) to: string,
    @Arg('groupBy', () => [TradeDimension], { description: '分组维度 / dimensions; [] gives one total row' }) groupBy: TradeDimension[],
    @Arg('purpose', () => DeclarationPurpose, { nullable: true, description: '仅统计该用途 / only this purpose' }) purpose?: DeclarationPurpose,
  ) {
    return service.tradeStats(ctx, { from, to, groupBy, purpose: purpose ?? null });
  }

  @FieldResolver(() => Enterprise, { nullable: true, description: '加工企业 / enterprise (registry fields)' })
  enterprise(@Root() r: { enterpriseId: string | null }, @Ctx() ctx: Context) { return enterpriseOf(ctx, r.enterpriseId); }

  @FieldResolver(() => Cooperative, { nullable: true, description: '合作社 / cooperative (registry fields)' })
  cooperative(@Root() r: { cooperativeId: string | null }, @Ctx() ctx: Context) {
    return r.cooperativeId ? ctx.loaders.registry.cooperativeById.load(r.cooperativeId) : null;
  }
}

@Resolver(() => EnterpriseAssessment)
export class AssessmentResolver {
  @Query(() => [EnterpriseAssessment], { description: '考核完成情况表 / enterprise assessments of a year (附件7); ENTERPRISE gets its own row, COOPERATIVE none' })
  enterpriseAssessments(@Ctx() ctx: Context, @Arg('year', () => Int) year: number) {
    return service.enterpriseAssessments(ctx, year);
  }

  @FieldResolver(() => Enterprise, { nullable: true, description: '加工企业 / enterprise (registry fields)' })
  enterprise(@Root() r: { enterpriseId: string }, @Ctx() ctx: Context) { return enterpriseOf(ctx, r.enterpriseId); }

  @Mutation(() => AssessmentTarget, { description: '设定考核目标 / set an enterprise\'s assessment target for a year (replaces an earlier one)' })
  setAssessmentTarget(@Ctx() ctx: Context, @Arg('input', () => AssessmentTargetInput) input: AssessmentTargetInput) {
    return service.setAssessmentTarget(ctx, input);
  }
}

@Resolver(() => AssessmentTarget)
export class AssessmentTargetResolver {
  @FieldResolver(() => Enterprise, { nullable: true, description: '加工企业 / enterprise (registry fields)' })
  enterprise(@Root() r: AssessmentTargetRow, @Ctx() ctx: Context) { return enterpriseOf(ctx, r.enterpriseId); }

  @FieldResolver(() => Float, { description: '加工产品增值率目标 / value-add rate target (fraction)' })
  valueAddRateTarget(@Root() r: AssessmentTargetRow) { return Number(r.valueAddRateTarget); }
}

@Resolver(() => MonthlyReturnRow)
export class MonthlyReturnResolver {
  @Query(() => [MonthlyReturnRow], { nullable: true, description: '月度报送 / the city\'s monthly return to the region (附件5 三(五)): landing-processing enterprises with the month\'s figures and report status' })
  monthlyReturn(@Ctx() ctx: Context, @Arg('period', () => PeriodScalar) period: string) {
    return service.monthlyReturn(ctx, period);
  }

  @FieldResolver(() => Enterprise, { nullable: true, description: '加工企业 / enterprise (registry fields)' })
  enterprise(@Root() r: { enterpriseId: string }, @Ctx() ctx: Context) { return enterpriseOf(ctx, r.enterpriseId); }
}

export const reportsResolvers = [TradeStatsResolver, AssessmentResolver, AssessmentTargetResolver, MonthlyReturnResolver] as const;
