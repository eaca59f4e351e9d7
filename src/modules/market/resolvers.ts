import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { PageArgs } from '../../shared/pagination';
import { DateScalar } from '../../shared/scalars';
import { beijingDate, beijingToday } from '../../shared/time';
import { Cooperative, type CooperativeRow } from '../registry';
import { isDormant } from './rules';
import * as service from './service';
import type { DishonestListEntryRow, InspectionRow, SupervisionActionRow } from './store';
import {
  DishonestListEntry, DishonestListEntryConnection, DishonestListFilter, DishonestListInput, Inspection, InspectionConnection,
  InspectionFilter, InspectionInput, MarketSubject, NonComplianceInput, RectificationInput, Shop, ShopConnection, ShopFilter, ShopInput,
  SupervisionAction, SupervisionActionConnection, SupervisionActionFilter, SupervisionDecider,
} from './types';

/** The subject of a record, through the per-request loaders (one statement per type and level). */
async function loadSubject(ctx: Context, r: { subjectType: string; subjectId: string }) {
  if (r.subjectType === 'ENTERPRISE') return ctx.loaders.registry.enterpriseById.load(r.subjectId);
  if (r.subjectType === 'COOPERATIVE') return ctx.loaders.registry.cooperativeById.load(r.subjectId);
  return ctx.loaders.market.shopById.load(r.subjectId);
}

const SUBJECT = { nullable: true, description: '监管对象 / the subject: enterprise, cooperative or shop' } as const;

@Resolver(() => Shop)
export class ShopResolver {
  @Query(() => ShopConnection, { description: '二级市场商铺 / secondary-market shops, ordered by updatedAt, id' })
  shops(@Ctx() ctx: Context, @Args(() => PageArgs) page: PageArgs, @Arg('filter', () => ShopFilter, { nullable: true }) filter?: ShopFilter) {
    return service.listShops(ctx, page, filter);
  }

  @Mutation(() => Shop, { description: '商铺登记 / register a secondary-market shop' })
  registerShop(@Ctx() ctx: Context, @Arg('input', () => ShopInput) input: ShopInput) {
    return service.registerShop(ctx, input);
  }
}

@Resolver(() => Inspection)
export class InspectionResolver {
  @Query(() => InspectionConnection, { description: '核查记录 / inspections, ordered by updatedAt, id' })
  inspections(@Ctx() ctx: Context, @Args(() => PageArgs) page: PageArgs, @Arg('filter', () => InspectionFilter, { nullable: true }) filter?: InspectionFilter) {
    return service.listInspections(ctx, page, filter);
  }

  @FieldResolver(() => MarketSubject, SUBJECT)
  subject(@Root() r: InspectionRow, @Ctx() ctx: Context) {
    return loadSubject(ctx, r);
  }

  @Mutation(() => Inspection, { description: '记录核查 / record an inspection of an enterprise, cooperative or shop' })
  recordInspection(@Ctx() ctx: Context, @Arg('input', () => InspectionInput) input: InspectionInput) {
    return service.recordInspection(ctx, input);
  }
}

@Resolver(() => SupervisionAction)
export class SupervisionActionResolver {
  @Query(() => SupervisionActionConnection, { description: '监管措施 / supervision actions, ordered by updatedAt, id' })
  supervisionActions(
    @Ctx() ctx: Context,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => SupervisionActionFilter, { nullable: true }) filter?: SupervisionActionFilter,
  ) {
    return service.listSupervisionActions(ctx, page, filter);
  }

  @FieldResolver(() => MarketSubject, SUBJECT)
  subject(@Root() r: SupervisionActionRow, @Ctx() ctx: Context) {
    return loadSubject(ctx, r);
  }

  @FieldResolver(() => SupervisionDecider, { nullable: true, description: '决定人 / who decided: token sub and agency' })
  decidedBy(@Root() r: SupervisionActionRow): SupervisionDecider {
    return { sub: r.decidedBySub, agency: r.decidedByAgency };
  }

  @Mutation(() => SupervisionAction, {
    description: '记录违规 / record a non-compliance: the ladder of SPEC §7 decides the action, sets the subject\'s status and, on suspension or exit, ends its contracts from decidedOn',
  })
  recordNonCompliance(@Ctx() ctx: Context, @Arg('input', () => NonComplianceInput) input: NonComplianceInput) {
    return service.recordNonCompliance(ctx, input);
  }

  @Mutation(() => SupervisionAction, {
    description: '整改完成 / record a rectification (SPEC §14): a WARNED or SUSPENDED subject returns to FILED (action RECTIFIED); the count of ordinary non-compliance goes on, contracts ended by a suspension stay ended, and an exit is final (EXIT_FINAL)',
  })
  recordRectification(@Ctx() ctx: Context, @Arg('input', () => RectificationInput) input: RectificationInput) {
    return service.recordRectification(ctx, input);
  }
}

@Resolver(() => DishonestListEntry)
export class DishonestListResolver {
  @Query(() => DishonestListEntryConnection, { description: '失信名单 / the dishonest list, ordered by updatedAt, id' })
  dishonestList(
    @Ctx() ctx: Context,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => DishonestListFilter, { nullable: true }) filter?: DishonestListFilter,
  ) {
    return service.listDishonestList(ctx, page, filter);
  }

  @FieldResolver(() => MarketSubject, SUBJECT)
  subject(@Root() r: DishonestListEntryRow, @Ctx() ctx: Context) {
    return loadSubject(ctx, r);
  }

  @Mutation(() => DishonestListEntry, {
    description: '列入失信名单 / put a subject on the dishonest list, keyed by its credit code (SPEC §14): while listed it cannot be filed or approved, sign supply contracts or take part in landing-processing declarations (SUBJECT_DISHONEST), under any filing',
  })
  addToDishonestList(@Ctx() ctx: Context, @Arg('input', () => DishonestListInput) input: DishonestListInput) {
    return service.addToDishonestList(ctx, input);
  }

  @Mutation(() => DishonestListEntry, {
    description: '移出失信名单 / remove an entry from the dishonest list (SPEC §14): its effects are lifted at once; removedOn is not after today nor before the listing or its notice',
  })
  removeFromDishonestList(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String) reason: string,
    @Arg('removedOn', () => DateScalar) removedOn: string,
  ) {
    return service.removeFromDishonestList(ctx, id, reason, removedOn);
  }
}

/** Market fields of the registry's Cooperative (licence, dormancy). */
@Resolver(() => Cooperative)
export class CooperativeMarketResolver {
  @FieldResolver(() => Boolean, {
    description: '休眠 / dormant: neither approved (filed, while not approved) nor any customs declaration within the last 365 days (Beijing dates, today included): counted from the later of approval and last declaration — 附件4 四(二)',
  })
  async dormant(@Root() c: CooperativeRow, @Ctx() ctx: Context): Promise<boolean> {
    return isDormant(await ctx.loaders.market.lastDeclaredOnInWindow.load(c.id), beijingDate(c.filedAt ?? c.createdAt), beijingToday());
  }

  @Mutation(() => Cooperative, { description: '核发营业执照 / record a cooperative\'s business licence (a COOPERATIVE-kind cooperative needs one to sign contracts)' })
  issueBusinessLicense(
    @Ctx() ctx: Context,
    @Arg('cooperativeId', () => ID) cooperativeId: string,
    @Arg('licenseNo', () => String) licenseNo: string,
  ) {
    return service.issueBusinessLicense(ctx, cooperativeId, licenseNo);
  }
}

export const marketResolvers = [ShopResolver, InspectionResolver, SupervisionActionResolver, DishonestListResolver, CooperativeMarketResolver] as const;
