import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { DomainError } from '../../shared/errors';
import { PageArgs } from '../../shared/pagination';
import * as service from './service';
import { residentEligible } from './rules';
import { DateScalar } from '../../shared/scalars';
import { asksOnlyAt, fieldArguments, fieldNodesAt, selectsPath } from '../../shared/selection';
import { beijingToday } from '../../shared/time';
import { CONTRACT_COOPERATIVE_COLUMNS, SLIM_CONTRACT_FIELDS, SLIM_COOPERATIVE_FIELDS, type ContractCooperativeColumn, SLIM_ENTERPRISE_FIELDS, SLIM_RESIDENT_FIELDS, type BorderResidentRow, type CooperativeRow, type EnterpriseRow, type MembershipRow, type PrintedSupplyContractRow, type SupplyContractRow } from './store';
import {
  BorderResident, BorderTownship, BorderTownshipInput, Cooperative, CooperativeConnection, CooperativeFilter, CooperativeHead, CooperativeInput, Enterprise,
  EnterpriseConnection, EnterpriseFilter, EnterpriseInput, LegalRepresentative, Membership, ResidentInput, StatusChange, SupplyContract,
  SupplyContractInput, Viewer,
} from './types';

@Resolver()
export class ViewerResolver {
  @Query(() => Viewer, { description: '当前调用方 / who the token says you are' })
  me(@Ctx() ctx: Context): Viewer {
    return { sub: ctx.viewer.sub, agency: ctx.viewer.agency, org: ctx.viewer.org };
  }
}

/** Relations of `enterprises { edges { node … } }` read in the page's statement (service.listEnterprises). */
const CONTRACTS = ['edges', 'node', 'contracts'] as const;
const COOPERATIVES = ['edges', 'node', 'cooperatives'] as const;
const NODE = ['edges', 'node'] as const;
const CONTRACT_COOPERATIVE = [...CONTRACTS, 'cooperative'] as const;
/** What a contract's cooperative read with the page answers: its slim columns and the relations keyed by its id (memberCount has its own statement). */
const READ_AHEAD_COOPERATIVE_FIELDS: ReadonlySet<string> = new Set([...SLIM_COOPERATIVE_FIELDS].filter((f) => f !== 'memberCount'));
/** The columns the contracts' cooperatives are asked, when they are asked nothing a read-ahead row cannot answer; else undefined (their loader). */
function contractCooperativeColumns(info: GraphQLResolveInfo): ContractCooperativeColumn[] | undefined {
  const nodes = fieldNodesAt(info, CONTRACT_COOPERATIVE);
  if (!nodes.length || !asksOnlyAt(info, CONTRACT_COOPERATIVE, READ_AHEAD_COOPERATIVE_FIELDS)) return undefined;
  const asked = new Set(nodes.flatMap((n) => n.selectionSet?.selections ?? []).map((s) => (s.kind === 'Field' ? s.name.value : '')));
  return CONTRACT_COOPERATIVE_COLUMNS.filter((c) => asked.has(c));
}
const enterpriseReads = (info: GraphQLResolveInfo): service.EnterpriseReads => {
  const fields: { readAhead: service.EnterpriseFieldReadAhead; args: unknown }[] = [];
  for (const readAhead of service.enterpriseFieldReadAheads()) {
    const args = fieldArguments(info, 'Enterprise', ['edges', 'node', readAhead.field]);
    if (args !== undefined) fields.push({ readAhead, args });
  }
  // Enterprise.cooperatives reads the contracts first (then their cooperatives through their loader).
  const contracts = selectsPath(info, CONTRACTS) || selectsPath(info, COOPERATIVES);
  // Read-ahead fields need only the id (service.EnterpriseFieldReadAhead), as the slim fields do.
  const slimFields = new Set([...SLIM_ENTERPRISE_FIELDS, ...[...service.enterpriseFieldReadAheads()].map((r) => r.field)]);
  // Enterprise.cooperatives reads only the contracts' cooperative ids: slim contracts serve it.
  return {
    contracts, slimContracts: asksOnlyAt(info, CONTRACTS, SLIM_CONTRACT_FIELDS), fields, slim: asksOnlyAt(info, NODE, slimFields),
    contractCooperative: contractCooperativeColumns(info),
  };
};

@Resolver(() => Enterprise)
export class EnterpriseResolver {
  @Query(() => Enterprise, { nullable: true, description: '加工企业 / one enterprise by id or USCC' })
  async enterprise(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('uscc', () => String, { nullable: true }) uscc?: string,
  ): Promise<EnterpriseRow | null> {
    return service.findEnterprise(ctx, id, uscc);
  }

  @Query(() => EnterpriseConnection, { description: '加工企业列表 / enterprises, ordered by updatedAt, id' })
  async enterprises(
    @Ctx() ctx: Context,
    @Args(() => PageArgs) page: PageArgs,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => EnterpriseFilter, { nullable: true }) filter?: EnterpriseFilter,
  ) {
    return service.listEnterprises(ctx, page, filter, enterpriseReads(info));
  }

  @FieldResolver(() => LegalRepresentative, { nullable: true, description: '法人代表 / legal representative (contact data)' })
  legalRepresentative(@Root() e: EnterpriseRow): LegalRepresentative {
    return { name: e.legalRepName, phone: e.legalRepPhone, address: e.legalRepAddress, enterpriseId: e.id };
  }

  @FieldResolver(() => [SupplyContract], { description: '购销协议 / supply contracts' })
  contracts(@Root() e: EnterpriseRow, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    const { contractsByEnterpriseId, slimContractsByEnterpriseId } = ctx.loaders.registry;
    // Read with the enterprises page (primed): answered without a promise.
    return (asksOnlyAt(info, [], SLIM_CONTRACT_FIELDS) ? slimContractsByEnterpriseId : contractsByEnterpriseId).loadNow(e.id);
  }

  @FieldResolver(() => [Cooperative], { description: '供货合作社 / cooperatives it has contracts with' })
  async cooperatives(@Root() e: EnterpriseRow, @Ctx() ctx: Context) {
    const contracts = await ctx.loaders.registry.slimContractsByEnterpriseId.load(e.id);
    const ids = [...new Set(contracts.map((c) => c.cooperativeId))];
    return (await ctx.loaders.registry.cooperativeById.loadMany(ids)).filter((c) => !!c && !(c instanceof Error));
  }

  @FieldResolver(() => [StatusChange], { description: '状态历史 / every status the enterprise has had, oldest first (SPEC §15)' })
  statusHistory(@Root() e: EnterpriseRow, @Ctx() ctx: Context) {
    return ctx.loaders.registry.statusHistoryByEnterpriseId.load(e.id);
  }

  @Mutation(() => Enterprise, { description: '企业备案 / file an enterprise (status PENDING, filing number assigned)' })
  fileEnterprise(@Ctx() ctx: Context, @Arg('input', () => EnterpriseInput) input: EnterpriseInput) {
    return service.fileEnterprise(ctx, input);
  }

  @Mutation(() => Enterprise, { description: '备案通过 / approve a filed enterprise (PENDING → FILED)' })
  approveEnterprise(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return service.approveEnterprise(ctx, id);
  }
}

@Resolver(() => Cooperative)
export class CooperativeResolver {
  @Query(() => Cooperative, { nullable: true, description: '合作社 / one cooperative by id or filing number' })
  async cooperative(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('filingNo', () => String, { nullable: true }) filingNo?: string,
  ): Promise<CooperativeRow | null> {
    return service.findCooperative(ctx, id, filingNo);
  }

  @Query(() => CooperativeConnection, { description: '合作社列表 / cooperatives, ordered by updatedAt, id' })
  cooperatives(
    @Ctx() ctx: Context,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => CooperativeFilter, { nullable: true }) filter?: CooperativeFilter,
  ) {
    return service.listCooperatives(ctx, page, filter);
  }

  @FieldResolver(() => CooperativeHead, { nullable: true, description: '负责人 / head (contact data)' })
  head(@Root() c: CooperativeRow): CooperativeHead {
    return { name: c.headName, mobile: c.headMobile, cooperativeId: c.id };
  }

  @FieldResolver(() => [StatusChange], { description: '状态历史 / every status the cooperative has had, oldest first (SPEC §15)' })
  statusHistory(@Root() c: CooperativeRow, @Ctx() ctx: Context) {
    return ctx.loaders.registry.statusHistoryByCooperativeId.load(c.id);
  }

  @FieldResolver(() => Int, { description: '成员人数 / number of members on the roster today (Beijing)' })
  memberCount(@Root() c: CooperativeRow, @Ctx() ctx: Context) {
    return ctx.loaders.registry.memberCountByCooperativeId.load(c.id);
  }

  @FieldResolver(() => [BorderResident], { nullable: true, description: '成员花名册 / members on a date (personal data; SPEC §14)' })
  members(
    @Root() c: CooperativeRow, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo,
    @Arg('asOf', () => DateScalar, { nullable: true, description: '日期 / members on this Beijing date; default today (Beijing)' }) asOf?: string,
  ) {
    return ctx.loaders.registry.membersByCooperativeId(asOf ?? beijingToday(), asksOnlyAt(info, [], SLIM_RESIDENT_FIELDS)).load(c.id);
  }

  @FieldResolver(() => [SupplyContract], { description: '购销协议 / supply contracts' })
  contracts(@Root() c: CooperativeRow, @Ctx() ctx: Context) {
    return ctx.loaders.registry.contractsByCooperativeId.load(c.id);
  }

  @Mutation(() => Cooperative, { description: '合作社备案 / file a cooperative with its roster (status PENDING)' })
  fileCooperative(@Ctx() ctx: Context, @Arg('input', () => CooperativeInput) input: CooperativeInput) {
    return service.fileCooperative(ctx, input);
  }

  @Mutation(() => Cooperative, { description: '备案通过 / approve a cooperative (PENDING → FILED)' })
  approveCooperative(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return service.approveCooperative(ctx, id);
  }
}

@Resolver(() => BorderResident)
export class BorderResidentResolver {
  @Query(() => BorderResident, { nullable: true, description: '边民 / a border resident by ID number' })
  async resident(@Ctx() ctx: Context, @Arg('idNumber', () => String) idNumber: string): Promise<BorderResidentRow | null> {
    return service.findResident(ctx, idNumber);
  }

  @FieldResolver(() => Cooperative, { nullable: true, description: '所属合作社 / the cooperative the resident is a member of today (Beijing); history: memberships' })
  async cooperative(@Root() r: BorderResidentRow, @Ctx() ctx: Context) {
    const current = await ctx.loaders.registry.currentCooperativeIdByResidentId.load(r.id);
    return current ? ctx.loaders.registry.residentCooperativeById.load(current) : null;
  }

  @FieldResolver(() => [Membership], { nullable: true, description: '成员资格 / memberships, oldest first (personal data like the name; a cooperative sees its own)' })
  memberships(@Root() r: BorderResidentRow, @Ctx() ctx: Context) {
    return ctx.loaders.registry.membershipsByResidentId.load(r.id);
  }

  @FieldResolver(() => Boolean, { description: '今日是否符合边民条件 / eligible today (Beijing date): residence in 阿拉山口市, or in a border township of 博乐市, 温泉县 or 双河市 on the list valid today (SPEC §14)' })
  async eligible(@Root() r: BorderResidentRow, @Ctx() ctx: Context): Promise<boolean> {
    return residentEligible(r, await ctx.loaders.registry.townships.load('list'), beijingToday());
  }
}

@Resolver(() => Membership)
export class MembershipResolver {
  @FieldResolver(() => Cooperative, { nullable: true, description: '合作社 / the cooperative' })
  cooperative(@Root() m: MembershipRow, @Ctx() ctx: Context) {
    return ctx.loaders.registry.cooperativeById.load(m.cooperativeId);
  }

  @FieldResolver(() => BorderResident, { nullable: true, description: '边民 / the member' })
  resident(@Root() m: MembershipRow, @Ctx() ctx: Context) {
    return ctx.loaders.registry.residentById.load(m.residentId);
  }

  @Mutation(() => Cooperative, { description: '增加合作社成员 / add members to a cooperative from joinedOn (Beijing date); all or nothing (SPEC §14)' })
  addCooperativeMembers(
    @Ctx() ctx: Context,
    @Arg('cooperativeId', () => ID) cooperativeId: string,
    @Arg('members', () => [ResidentInput]) members: ResidentInput[],
    @Arg('joinedOn', () => DateScalar) joinedOn: string,
  ) {
    return service.addCooperativeMembers(ctx, cooperativeId, members, joinedOn);
  }

  @Mutation(() => Cooperative, { description: '合作社成员退出 / end a membership: leftOn is the first day the resident is no longer a member (SPEC §14)' })
  removeCooperativeMember(
    @Ctx() ctx: Context,
    @Arg('cooperativeId', () => ID) cooperativeId: string,
    @Arg('idNumber', () => String) idNumber: string,
    @Arg('leftOn', () => DateScalar) leftOn: string,
  ) {
    return service.removeCooperativeMember(ctx, cooperativeId, idNumber, leftOn);
  }
}

@Resolver(() => BorderTownship)
export class BorderTownshipResolver {
  @Query(() => [BorderTownship], { description: '边境乡镇名单 / the border-township list, every period (SPEC §14); 阿拉山口市 qualifies as a whole' })
  borderTownships(@Ctx() ctx: Context) {
    return service.listBorderTownships(ctx);
  }

  @Mutation(() => [BorderTownship], { description: '设定边境乡镇名单 / replace the whole border-township list (COMMERCE); one bad entry changes nothing' })
  setBorderTownships(@Ctx() ctx: Context, @Arg('input', () => [BorderTownshipInput]) input: BorderTownshipInput[]) {
    return service.setBorderTownships(ctx, input);
  }
}

const MEMBER_COUNT = ['memberCount'] as const;

@Resolver(() => SupplyContract)
export class SupplyContractResolver {
  @FieldResolver(() => Enterprise, { description: '加工企业 / enterprise' })
  async enterprise(@Root() c: SupplyContractRow, @Ctx() ctx: Context) {
    const e = await ctx.loaders.registry.enterpriseById.load(c.enterpriseId);
    if (!e) throw new DomainError('INTERNAL_SERVER_ERROR', 'contract without enterprise');
    return e;
  }

  @FieldResolver(() => Cooperative, { description: '合作社 / cooperative' })
  cooperative(@Root() c: PrintedSupplyContractRow, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    // Read with the enterprises page (store.listEnterprisesWith): no loader, no promise.
    return c.cooperative ?? this.loadCooperative(c, ctx, info);
  }

  private async loadCooperative(c: PrintedSupplyContractRow, ctx: Context, info: GraphQLResolveInfo) {
    const { cooperativeById, cooperativeWithMemberCountById, slimCooperativeById, slimCooperativeWithMemberCountById } = ctx.loaders.registry;
    // A cooperative asked only plain columns and id-keyed relations is read with those columns only;
    // asked its memberCount, with the count in the same statement.
    const slim = asksOnlyAt(info, [], SLIM_COOPERATIVE_FIELDS);
    const counted = selectsPath(info, MEMBER_COUNT);
    const loader = (slim ? (counted ? slimCooperativeWithMemberCountById : slimCooperativeById)
      : counted ? cooperativeWithMemberCountById : cooperativeById) as typeof cooperativeById;
    const co = await loader.load(c.cooperativeId);
    if (!co) throw new DomainError('INTERNAL_SERVER_ERROR', 'contract without cooperative');
    return co;
  }

  @Mutation(() => SupplyContract, { description: '签订购销协议 / sign a supply contract' })
  signSupplyContract(@Ctx() ctx: Context, @Arg('input', () => SupplyContractInput) input: SupplyContractInput) {
    return service.signSupplyContract(ctx, input);
  }
}

export const registryResolvers = [ViewerResolver, EnterpriseResolver, CooperativeResolver, BorderResidentResolver, BorderTownshipResolver, MembershipResolver, SupplyContractResolver] as const;
