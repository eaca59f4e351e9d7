import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { DateScalar } from '../../shared/scalars';
import { beijingToday } from '../../shared/time';
import * as service from './service';
import { AnnualPlan, AnnualPlanInput, EarlyWarning, QuotaStatus } from './types';

/** City-level aggregates without personal data: every agency may read them (SPEC §9, brief). */
@Resolver()
export class QuotaResolver {
  @Query(() => AnnualPlan, { nullable: true, description: '年度计划 / the plan of a year; a year without its own plan carries the latest earlier one (inheritedFrom); null when none precedes it' })
  annualPlan(@Ctx() ctx: Context, @Arg('year', () => Int) year: number) {
    return service.annualPlan(ctx, year);
  }

  @Query(() => QuotaStatus, { nullable: true, description: '配额消耗 / quota consumption of a year as of a Beijing date (default today)' })
  quotaStatus(@Ctx() ctx: Context, @Arg('year', () => Int) year: number, @Arg('asOf', () => DateScalar, { nullable: true }) asOf?: string) {
    return service.quotaStatus(ctx, year, asOf ?? beijingToday());
  }

  @Query(() => [EarlyWarning], { nullable: true, description: '预警记录 / early warnings of a year (at most one per calendar month)' })
  earlyWarnings(@Ctx() ctx: Context, @Arg('year', () => Int) year: number) {
    return service.earlyWarnings(ctx, year);
  }

  @Mutation(() => AnnualPlan, { description: '设定年度计划 / set (or replace) the plan of a year' })
  setAnnualPlan(@Ctx() ctx: Context, @Arg('input', () => AnnualPlanInput) input: AnnualPlanInput) {
    return service.setAnnualPlan(ctx, input);
  }

  @Mutation(() => EarlyWarning, { description: '确认预警 / acknowledge receipt of an early warning (sets acknowledgedAt once)' })
  acknowledgeEarlyWarning(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return service.acknowledgeEarlyWarning(ctx, id);
  }
}

export const quotaResolvers = [QuotaResolver] as const;
