import { createUnionType, Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import type { Agency } from '../../authz/agencies';
import { DateScalar, DateTimeScalar } from '../../shared/scalars';
import { connectionOf } from '../../shared/pagination';
import { Agency_, Cooperative, Enterprise, Entity } from '../registry';

export enum MarketSubjectType { ENTERPRISE = 'ENTERPRISE', COOPERATIVE = 'COOPERATIVE', SHOP = 'SHOP' }
registerEnumType(MarketSubjectType, { name: 'MarketSubjectType', description: '监管对象类型 / kind of supervised subject: enterprise, cooperative or secondary-market shop' });

export enum ShopStatus { OPERATING = 'OPERATING', SUSPENDED = 'SUSPENDED', CLOSED = 'CLOSED' }
registerEnumType(ShopStatus, { name: 'ShopStatus', description: '商铺状态 / shop status' });

export enum InspectionResult { PASS = 'PASS', RECTIFY = 'RECTIFY', VIOLATION = 'VIOLATION' }
registerEnumType(InspectionResult, {
  name: 'InspectionResult',
  description: '核查结果 / inspection result',
  valuesConfig: {
    PASS: { description: '合格 / passed' },
    RECTIFY: { description: '责令整改 / rectification ordered' },
    VIOLATION: { description: '违规 / violation found' },
  },
});

export enum NonComplianceReason {
  DUTY_NOT_FULFILLED = 'DUTY_NOT_FULFILLED',
  CHANNEL_TRADE = 'CHANNEL_TRADE',
  IRREGULAR_ACCOUNTING_OR_TAX = 'IRREGULAR_ACCOUNTING_OR_TAX',
  OBSTRUCTING_SUPERVISION = 'OBSTRUCTING_SUPERVISION',
  TARGETS_MISSED = 'TARGETS_MISSED',
  POOR_CREDIT = 'POOR_CREDIT',
  DIVIDEND_NOT_ENSURED = 'DIVIDEND_NOT_ENSURED',
  REFUSED_RECTIFICATION = 'REFUSED_RECTIFICATION',
  NO_BUSINESS_FOR_A_YEAR = 'NO_BUSINESS_FOR_A_YEAR',
}
registerEnumType(NonComplianceReason, {
  name: 'NonComplianceReason',
  description: '违规事由 / non-compliance reason (附件3 for enterprises, 附件4 for cooperatives)',
  valuesConfig: {
    DUTY_NOT_FULFILLED: { description: '未按要求履职尽责（企业，逐级处理） / duty not fulfilled (enterprise; warning → suspension → exit)' },
    CHANNEL_TRADE: { description: '变相进行通道贸易（退出） / channel trade (enterprise or cooperative; exit)' },
    IRREGULAR_ACCOUNTING_OR_TAX: { description: '不规范核算和照章纳税（退出） / irregular accounting or tax (enterprise or cooperative; exit)' },
    OBSTRUCTING_SUPERVISION: { description: '不配合监管和核查（企业，退出） / obstructing supervision (enterprise; exit)' },
    TARGETS_MISSED: { description: '不能按计划完成目标任务（企业，退出） / targets missed (enterprise; exit)' },
    POOR_CREDIT: { description: '履约能力不强、诚信意识较差（企业，退出） / poor credit (enterprise; exit)' },
    DIVIDEND_NOT_ENSURED: { description: '不能确保边民利益分红（合作社，严重警告） / members\' dividend not ensured (cooperative; serious warning)' },
    REFUSED_RECTIFICATION: { description: '拒不整改（合作社，退出并纳入失信名单） / refused rectification (cooperative; exit and dishonest list)' },
    NO_BUSINESS_FOR_A_YEAR: { description: '一年内未申报业务（合作社，退出） / no declaration for a year (cooperative; exit)' },
  },
});

export enum SupervisionMeasure {
  WRITTEN_WARNING = 'WRITTEN_WARNING',
  SUSPENSION_AND_INTERVIEW = 'SUSPENSION_AND_INTERVIEW',
  EXIT = 'EXIT',
  SERIOUS_WARNING = 'SERIOUS_WARNING',
  RECTIFIED = 'RECTIFIED',
}
registerEnumType(SupervisionMeasure, {
  name: 'SupervisionMeasure',
  description: '监管措施 / supervision measure',
  valuesConfig: {
    WRITTEN_WARNING: { description: '书面警告 / written warning (status WARNED)' },
    SUSPENSION_AND_INTERVIEW: { description: '停业整改并约谈 / suspension and interview (status SUSPENDED)' },
    EXIT: { description: '退出 / exit from the pilot (status EXITED)' },
    SERIOUS_WARNING: { description: '严重警告并责令整改 / serious warning with rectification (status WARNED)' },
    RECTIFIED: { description: '整改完成 / rectified: a WARNED or SUSPENDED subject returns to FILED (recordRectification; no reason)' },
  },
});

export enum DishonestListStatus { LISTED = 'LISTED', REMOVED = 'REMOVED' }
registerEnumType(DishonestListStatus, {
  name: 'DishonestListStatus',
  description: '失信名单状态 / dishonest-list entry status',
  valuesConfig: {
    LISTED: { description: '在列 / listed: the subject cannot be filed or approved, sign supply contracts or take part in landing processing' },
    REMOVED: { description: '已移出 / removed (removeFromDishonestList): the effects are lifted' },
  },
});

export enum DishonestKeyKind { CREDIT_CODE = 'CREDIT_CODE', ID_NUMBER = 'ID_NUMBER', HUB_ID = 'HUB_ID' }
registerEnumType(DishonestKeyKind, {
  name: 'DishonestKeyKind',
  description: '失信名单主体标识 / what an entry is keyed by',
  valuesConfig: {
    CREDIT_CODE: { description: '统一社会信用代码 / the subject\'s credit code: an enterprise\'s USCC, a cooperative\'s or shop\'s licence number; follows the subject into any new filing' },
    ID_NUMBER: { description: '居民身份证号码 / a person\'s ID number (reserved: no subject type of the hub is a person yet)' },
    HUB_ID: { description: '平台编号 / the subject\'s hub id, for a subject without a credit code (a mutual-aid group or shop without a licence); replaced by the credit code when a licence is issued' },
  },
});

@ObjectType({ description: '二级市场商铺 / secondary-market shop' })
export class Shop extends Entity {
  @Field(() => String, { description: '商铺名称 / shop name' }) name!: string;
  @Field(() => String, { description: '摊位号 / stall number' }) stallNo!: string;
  @Field(() => String, { nullable: true, description: '经营者 / operator name' }) operatorName!: string;
  @Field(() => String, { nullable: true, description: '营业执照号 / business licence number' }) licenseNo!: string | null;
  @Field(() => ShopStatus, { description: '状态 / status' }) status!: ShopStatus;
}

export const MarketSubject = createUnionType({
  name: 'MarketSubject',
  description: '监管对象 / supervised subject: an enterprise, a cooperative or a shop',
  types: () => [Enterprise, Cooperative, Shop] as const,
  // Rows, not class instances, reach here: an enterprise row has a uscc, a cooperative row a kind.
  resolveType: (v: object) => ('uscc' in v ? Enterprise : 'kind' in v ? Cooperative : Shop),
});

@ObjectType({ description: '决定人 / who decided: the calling system and its agency' })
export class SupervisionDecider {
  @Field(() => String, { nullable: true, description: '调用系统 / calling system (token sub)' }) sub!: string;
  @Field(() => Agency_, { nullable: true, description: '机构 / agency' }) agency!: Agency;
}

@ObjectType({ description: '核查 / inspection' })
export class Inspection extends Entity {
  @Field(() => MarketSubjectType, { description: '对象类型 / subject type' }) subjectType!: MarketSubjectType;
  @Field(() => ID, { description: '对象 id / subject id' }) subjectId!: string;
  @Field(() => DateScalar, { nullable: true, description: '核查日期 / inspected on (Beijing date)' }) inspectedOn!: string;
  @Field(() => Agency_, { nullable: true, description: '核查机构 / inspecting agency' }) agency!: Agency;
  @Field(() => String, { nullable: true, description: '核查发现 / findings' }) findings!: string | null;
  @Field(() => InspectionResult, { description: '核查结果 / result' }) result!: InspectionResult;
}

@ObjectType({ description: '监管措施 / supervision action decided by the ladder of SPEC §7' })
export class SupervisionAction extends Entity {
  @Field(() => MarketSubjectType, { description: '对象类型 / subject type (ENTERPRISE or COOPERATIVE)' }) subjectType!: MarketSubjectType;
  @Field(() => ID, { description: '对象 id / subject id' }) subjectId!: string;
  @Field(() => NonComplianceReason, { nullable: true, description: '事由 / reason' }) reason!: NonComplianceReason;
  @Field(() => SupervisionMeasure, { description: '措施 / action the ladder decided' }) action!: SupervisionMeasure;
  @Field(() => DateScalar, { nullable: true, description: '决定日期 / decided on (Beijing date); contracts end from this day on suspension or exit' }) decidedOn!: string;
  @Field(() => String, { nullable: true, description: '处理后状态 / the subject\'s status after this action' }) statusAfter!: string;
  @Field(() => String, { nullable: true, description: '整改说明 / note of a rectification (RECTIFIED); null for other actions' }) note!: string | null;
}

@ObjectType({ description: '失信名单条目 / dishonest-list entry' })
export class DishonestListEntry extends Entity {
  @Field(() => MarketSubjectType, { description: '对象类型 / subject type' }) subjectType!: MarketSubjectType;
  @Field(() => ID, { description: '对象 id / subject id' }) subjectId!: string;
  @Field(() => DateScalar, { nullable: true, description: '列入日期 / listed on (Beijing date)' }) listedOn!: string;
  @Field(() => String, { nullable: true, description: '列入事由 / reason' }) reason!: string;
  @Field(() => String, { nullable: true, description: '主体标识 / the key the entry follows: the subject\'s credit code (USCC, licence number) or, without one, its hub id' }) subjectKey!: string;
  @Field(() => DishonestKeyKind, { nullable: true, description: '标识类型 / what subjectKey is' }) keyKind!: DishonestKeyKind;
  @Field(() => String, { nullable: true, description: '列入依据 / basis: the decision or clause the listing rests on' }) basis!: string;
  @Field(() => DateScalar, { nullable: true, description: '告知日期 / the day the subject was notified (Beijing date)' }) noticeOn!: string;
  @Field(() => DishonestListStatus, { description: '状态 / LISTED or REMOVED' }) status!: DishonestListStatus;
  @Field(() => DateScalar, { nullable: true, description: '移出日期 / removed on (Beijing date); null while listed' }) removedOn!: string | null;
  @Field(() => String, { nullable: true, description: '移出原因 / why the entry was removed; null while listed' }) removalReason!: string | null;
}

export const ShopConnection = connectionOf(Shop, 'Shop', '二级市场商铺');
export const InspectionConnection = connectionOf(Inspection, 'Inspection', '核查');
export const SupervisionActionConnection = connectionOf(SupervisionAction, 'SupervisionAction', '监管措施');
export const DishonestListEntryConnection = connectionOf(DishonestListEntry, 'DishonestListEntry', '失信名单');

// ── inputs ─────────────────────────────────────────────────────────────────────────────────

@InputType({ description: '商铺登记 / shop registration' })
export class ShopInput {
  @Field(() => String) name!: string;
  @Field(() => String, { description: '摊位号, unique in the market' }) stallNo!: string;
  @Field(() => String) operatorName!: string;
  @Field(() => String, { nullable: true }) licenseNo?: string;
  @Field(() => ShopStatus, { nullable: true, description: 'default OPERATING' }) status?: ShopStatus;
}

@InputType({ description: '核查记录 / inspection record' })
export class InspectionInput {
  @Field(() => MarketSubjectType) subjectType!: MarketSubjectType;
  @Field(() => ID) subjectId!: string;
  @Field(() => DateScalar, { description: 'not after today (Beijing)' }) inspectedOn!: string;
  @Field(() => Agency_, { nullable: true, description: 'inspecting agency; defaults to the caller\'s' }) agency?: Agency;
  @Field(() => String, { nullable: true }) findings?: string;
  @Field(() => InspectionResult) result!: InspectionResult;
}

@InputType({ description: '违规记录 / non-compliance: the ladder of SPEC §7 decides the action' })
export class NonComplianceInput {
  @Field(() => MarketSubjectType, { description: 'ENTERPRISE or COOPERATIVE' }) subjectType!: MarketSubjectType;
  @Field(() => ID) subjectId!: string;
  @Field(() => NonComplianceReason) reason!: NonComplianceReason;
  @Field(() => DateScalar, { description: 'not after today (Beijing), not before the subject\'s latest action' }) decidedOn!: string;
}

@InputType({ description: '列入失信名单 / dishonest-list entry: keyed by the subject\'s credit code (SPEC §14)' })
export class DishonestListInput {
  @Field(() => MarketSubjectType) subjectType!: MarketSubjectType;
  @Field(() => ID) subjectId!: string;
  @Field(() => DateScalar, { description: 'not after today (Beijing)' }) listedOn!: string;
  @Field(() => String) reason!: string;
  @Field(() => String, { nullable: true, description: '列入依据 / basis (decision number or clause); defaults to the reason' }) basis?: string;
  @Field(() => DateScalar, { nullable: true, description: '告知日期 / notified on; defaults to listedOn; not after today (Beijing)' }) noticeOn?: string;
}

@InputType({ description: '整改完成 / rectification: a WARNED or SUSPENDED subject returns to FILED (SPEC §14)' })
export class RectificationInput {
  @Field(() => MarketSubjectType, { description: 'ENTERPRISE or COOPERATIVE' }) subjectType!: MarketSubjectType;
  @Field(() => ID) subjectId!: string;
  @Field(() => DateScalar, { description: 'not after today (Beijing), not before the subject\'s latest action' }) decidedOn!: string;
  @Field(() => String, { description: '整改说明 / what was rectified (required)' }) note!: string;
}

@InputType({ description: '商铺筛选 / shop filter' })
export class ShopFilter {
  @Field(() => [ShopStatus], { nullable: true }) status?: ShopStatus[];
  @Field(() => String, { nullable: true }) stallNo?: string;
  @Field(() => String, { nullable: true }) nameContains?: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'only rows updated at or after this instant' }) updatedSince?: Date;
}

@InputType({ description: '核查筛选 / inspection filter (from/to: inspectedOn, inclusive)' })
export class InspectionFilter {
  @Field(() => MarketSubjectType, { nullable: true }) subjectType?: MarketSubjectType;
  @Field(() => ID, { nullable: true }) subjectId?: string;
  @Field(() => [InspectionResult], { nullable: true }) result?: InspectionResult[];
  @Field(() => DateScalar, { nullable: true }) from?: string;
  @Field(() => DateScalar, { nullable: true }) to?: string;
  @Field(() => DateTimeScalar, { nullable: true }) updatedSince?: Date;
}

@InputType({ description: '监管措施筛选 / supervision-action filter (from/to: decidedOn, inclusive)' })
export class SupervisionActionFilter {
  @Field(() => MarketSubjectType, { nullable: true }) subjectType?: MarketSubjectType;
  @Field(() => ID, { nullable: true }) subjectId?: string;
  @Field(() => [NonComplianceReason], { nullable: true }) reason?: NonComplianceReason[];
  @Field(() => [SupervisionMeasure], { nullable: true }) action?: SupervisionMeasure[];
  @Field(() => DateScalar, { nullable: true }) from?: string;
  @Field(() => DateScalar, { nullable: true }) to?: string;
  @Field(() => DateTimeScalar, { nullable: true }) updatedSince?: Date;
}

@InputType({ description: '失信名单筛选 / dishonest-list filter (from/to: listedOn, inclusive)' })
export class DishonestListFilter {
  @Field(() => MarketSubjectType, { nullable: true }) subjectType?: MarketSubjectType;
  @Field(() => ID, { nullable: true }) subjectId?: string;
  @Field(() => [DishonestListStatus], { nullable: true, description: 'LISTED, REMOVED or both (default both)' }) status?: DishonestListStatus[];
  @Field(() => DateScalar, { nullable: true }) from?: string;
  @Field(() => DateScalar, { nullable: true }) to?: string;
  @Field(() => DateTimeScalar, { nullable: true }) updatedSince?: Date;
}
