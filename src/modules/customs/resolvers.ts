import { Arg, Args, Ctx, FieldResolver, Float, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { BatchResult } from '../../shared/batch';
import { DomainError, badInput } from '../../shared/errors';
import { PageArgs } from '../../shared/pagination';
import { DateScalar } from '../../shared/scalars';
import { BorderResident, Cooperative, Enterprise, type EnterpriseRow } from '../registry';
import * as lists from './lists';
import * as service from './service';
import type { CustomsDeclarationRow, FactoryEntryRow } from './store';
import {
  CommodityListEntry, CommodityListInput, CustomsDeclaration, CustomsDeclarationConnection, DeclarationFilter, DeclarationInput, DeclarationLine, DeclarationStatus,
  Facilitation, FactoryEntry, FactoryEntryConnection, FactoryEntryFilter, FactoryEntryInput, InboundDeclarationTotals,
} from './types';

@Resolver(() => CustomsDeclaration)
export class CustomsDeclarationResolver {
  @Query(() => CustomsDeclaration, { nullable: true, description: '申报单 / one declaration by its number' })
  declaration(@Ctx() ctx: Context, @Arg('declarationNo', () => String) declarationNo: string): Promise<CustomsDeclarationRow | null> {
    return service.findDeclaration(ctx, declarationNo);
  }

  @Query(() => CustomsDeclarationConnection, { nullable: true, description: '申报单列表 / declarations, ordered by updatedAt, id (incremental sync with updatedSince)' })
  declarations(
    @Ctx() ctx: Context,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => DeclarationFilter, { nullable: true }) filter?: DeclarationFilter,
  ) {
    return service.listDeclarations(ctx, filter, page);
  }

  @FieldResolver(() => BorderResident, { nullable: true, description: '申报人 / declarant (name and ID number follow the registry\'s rules)' })
  declarant(@Root() d: CustomsDeclarationRow, @Ctx() ctx: Context) {
    return ctx.loaders.customs.residentById.load(d.declarantId);
  }

  @FieldResolver(() => BorderResident, { nullable: true, description: '委托申报人 / agent who declared on the declarant\'s behalf (SPEC §5), when known to the registry; null when the declarant declared in person' })
  agent(@Root() d: CustomsDeclarationRow, @Ctx() ctx: Context) {
    return d.agentIdNumber && d.agentIdNumber !== '' ? ctx.loaders.customs.residentByIdNumber.load(d.agentIdNumber) : null;
  }

  @FieldResolver(() => Cooperative, { nullable: true, description: '申报合作社 / declaring cooperative' })
  cooperative(@Root() d: CustomsDeclarationRow, @Ctx() ctx: Context) {
    return d.cooperativeId ? ctx.loaders.registry.cooperativeById.load(d.cooperativeId) : null;
  }

  @FieldResolver(() => Enterprise, { nullable: true, description: '落地加工企业 / receiving processing enterprise (landing processing)' })
  destinationEnterprise(@Root() d: CustomsDeclarationRow, @Ctx() ctx: Context) {
    return d.destinationEnterpriseId ? ctx.loaders.registry.enterpriseById.load(d.destinationEnterpriseId) : null;
  }

  @FieldResolver(() => [DeclarationLine], { nullable: true, description: '申报商品 / lines (1–20)' })
  async lines(@Root() d: CustomsDeclarationRow, @Ctx() ctx: Context): Promise<DeclarationLine[]> {
    const lines = await ctx.loaders.customs.linesByDeclarationId.load(d.id);
    return lines.map((l) => ({ ...l, destinationEnterpriseId: d.destinationEnterpriseId, cooperativeId: d.cooperativeId }));
  }

  @FieldResolver(() => Facilitation, { nullable: true, description: '便利化措施 / facilitation; null for market sale' })
  facilitation(@Root() d: CustomsDeclarationRow): Facilitation | null {
    if (d.purpose !== 'LANDING_PROCESSING') return null;
    return {
      delegatedDeclaration: d.delegatedDeclaration, directTransport: d.directTransport, inspectionWaived: d.inspectionWaived,
      destinationEnterpriseId: d.destinationEnterpriseId, cooperativeId: d.cooperativeId,
    };
  }

  @FieldResolver(() => Boolean, { nullable: true, description: '施封破损 / a factory entry of these goods reported a broken seal' })
  sealBroken(@Root() d: CustomsDeclarationRow, @Ctx() ctx: Context) {
    return ctx.loaders.customs.sealBrokenByDeclarationId.load(d.id);
  }

  @Mutation(() => BatchResult, { description: '提交申报单 / submit declarations (≤ 1,000 per batch; per-row results; idempotent by declarationNo)' })
  submitDeclarations(@Ctx() ctx: Context, @Arg('input', () => [DeclarationInput]) input: DeclarationInput[]) {
    return service.submitDeclarations(ctx, input);
  }

  @Mutation(() => CustomsDeclaration, { description: '查验结果 / record an inspection result (moves status; stops leave quota and allowance)' })
  recordInspectionResult(
    @Ctx() ctx: Context,
    @Arg('declarationNo', () => String) declarationNo: string,
    @Arg('result', () => DeclarationStatus) result: DeclarationStatus,
    @Arg('note', () => String, { nullable: true }) note?: string,
  ) {
    return service.recordInspectionResult(ctx, declarationNo, result, note);
  }
}

@Resolver(() => FactoryEntry)
export class FactoryEntryResolver {
  @Query(() => FactoryEntryConnection, { nullable: true, description: '入厂登记列表 / factory entries, ordered by updatedAt, id' })
  factoryEntries(
    @Ctx() ctx: Context,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => FactoryEntryFilter, { nullable: true }) filter?: FactoryEntryFilter,
  ) {
    return service.listFactoryEntries(ctx, filter, page);
  }

  @FieldResolver(() => Enterprise, { nullable: true, description: '加工企业 / receiving enterprise' })
  enterprise(@Root() e: FactoryEntryRow, @Ctx() ctx: Context) {
    return ctx.loaders.registry.enterpriseById.load(e.enterpriseId);
  }

  @FieldResolver(() => [CustomsDeclaration], { nullable: true, description: '申报单 / declarations received with this entry' })
  declarations(@Root() e: FactoryEntryRow, @Ctx() ctx: Context) {
    return ctx.loaders.customs.declarationsByFactoryEntryId.load(e.id);
  }

  @FieldResolver(() => Float, { nullable: true, description: '申报重量（千克） / Σ kg of the declarations received with this entry (SPEC §13)' })
  declaredKg(@Root() e: FactoryEntryRow, @Ctx() ctx: Context) {
    // Stored with the entry; a row read without the column asks the loader.
    return e.declaredKg ?? ctx.loaders.customs.declaredKgByFactoryEntryId.load(e.id);
  }

  @FieldResolver(() => [String], { nullable: true, description: '申报单号 / numbers of the declarations received' })
  async declarationNos(@Root() e: FactoryEntryRow, @Ctx() ctx: Context) {
    return (await ctx.loaders.customs.declarationsByFactoryEntryId.load(e.id)).map((d) => d.declarationNo);
  }

  @Mutation(() => BatchResult, { description: '入厂登记 / record factory entries (the receiving enterprise; COMMERCE on its behalf with enterpriseId)' })
  recordFactoryEntries(@Ctx() ctx: Context, @Arg('input', () => [FactoryEntryInput]) input: FactoryEntryInput[]) {
    if (ctx.viewer.agency === 'ENTERPRISE' && !ctx.viewer.org) throw new DomainError('FORBIDDEN', 'An ENTERPRISE token must name its enterprise (org).');
    return service.recordFactoryEntries(ctx, input);
  }
}

/** Customs' processor query (SPEC §11): inbound totals per enterprise, one GROUP BY per request. */
@Resolver(() => Enterprise)
export class EnterpriseInboundResolver {
  @FieldResolver(() => InboundDeclarationTotals, { nullable: true, description: '入境落地加工申报合计 / landing-processing declarations destined to it, declared from–to (Beijing dates, inclusive; statuses DECLARED, RELEASED, INSPECTING)' })
  inboundDeclarations(
    @Root() e: EnterpriseRow,
    @Ctx() ctx: Context,
    @Arg('from', () => DateScalar) from: string,
    @Arg('to', () => DateScalar) to: string,
  ) {
    if (to < from) throw badInput('to', 'INVALID_DATE_RANGE', 'to must be on or after from (both inclusive).');
    // Read with the enterprises page (primed, inboundReadAhead): answered without a promise.
    return ctx.loaders.customs.inboundTotals(from, to).loadNow(e.id);
  }
}

/** Commodity lists (SPEC §15): public reference data; new versions by COMMERCE. */
@Resolver(() => CommodityListEntry)
export class CommodityListResolver {
  @Query(() => [CommodityListEntry], { description: '商品清单 / entries of both commodity lists in force on a Beijing date (default today)' })
  commodityLists(@Ctx() ctx: Context, @Arg('asOf', () => DateScalar, { nullable: true }) asOf?: string) {
    return lists.commodityLists(ctx, asOf);
  }

  @Mutation(() => [CommodityListEntry], { description: '发布清单新版本 / publish a new version of a list from an effective date (the previous version ends the day before)' })
  setCommodityList(@Ctx() ctx: Context, @Arg('input', () => CommodityListInput) input: CommodityListInput) {
    return lists.setCommodityList(ctx, input);
  }
}

export const customsResolvers = [CustomsDeclarationResolver, FactoryEntryResolver, EnterpriseInboundResolver, CommodityListResolver] as const;
