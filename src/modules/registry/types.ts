import { Field, Float, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { AGENCIES, type Agency } from '../../authz/agencies';
import { DateScalar, DateTimeScalar, DecimalScalar } from '../../shared/scalars';
import { connectionOf } from '../../shared/pagination';

export const Agency_ = Object.fromEntries(AGENCIES.map((a) => [a, a])) as { [K in Agency]: K };
registerEnumType(Agency_, { name: 'Agency', description: '机构 / agency code of SPEC §1' });

export enum EnterpriseStatus { PENDING = 'PENDING', FILED = 'FILED', WARNED = 'WARNED', SUSPENDED = 'SUSPENDED', EXITED = 'EXITED' }
registerEnumType(EnterpriseStatus, { name: 'EnterpriseStatus', description: '企业状态 / enterprise status: PENDING → FILED → WARNED → SUSPENDED → EXITED' });
export enum CooperativeStatus { PENDING = 'PENDING', FILED = 'FILED', WARNED = 'WARNED', EXITED = 'EXITED' }
registerEnumType(CooperativeStatus, { name: 'CooperativeStatus', description: '合作社状态 / cooperative status' });
export enum CooperativeKind { MUTUAL_AID_GROUP = 'MUTUAL_AID_GROUP', COOPERATIVE = 'COOPERATIVE' }
registerEnumType(CooperativeKind, { name: 'CooperativeKind', description: '组织形式 / mutual-aid group (互助组) or cooperative (合作社)' });
export enum ResidenceBasis { HUKOU = 'HUKOU', HABITUAL = 'HABITUAL' }
registerEnumType(ResidenceBasis, { name: 'ResidenceBasis', description: '居住依据 / basis of a residence: HUKOU 户籍 (registered household) or HABITUAL 常住 (habitual residence); either admits (方案 二(三))' });
export enum TaxpayerType { GENERAL = 'GENERAL', SMALL_SCALE = 'SMALL_SCALE' }
registerEnumType(TaxpayerType, { name: 'TaxpayerType', description: '纳税人类型 / general or small-scale VAT taxpayer' });

@ObjectType({ description: '调用方 / the caller, from its verified token' })
export class Viewer {
  @Field(() => String, { description: '调用系统 / calling system (token sub)' }) sub!: string;
  @Field(() => Agency_, { description: '机构 / agency' }) agency!: Agency;
  @Field(() => ID, { nullable: true, description: '所属企业或合作社 / enterprise or cooperative id for ENTERPRISE and COOPERATIVE tokens' }) org!: string | null;
}

/** Fields every shared entity has (SPEC §3). Not in the schema itself: no field returns it. */
@ObjectType({ description: '状态变更 / one status an enterprise or cooperative had, over [from, to) (SPEC §15)' })
export class StatusChange {
  @Field(() => String, { description: '状态 / status (PENDING, FILED, WARNED, SUSPENDED, EXITED)' }) status!: string;
  @Field(() => DateTimeScalar, { description: '起 / in this status from' }) from!: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: '止 / until (exclusive); null while current' }) to!: Date | null;
  @Field(() => String, { description: '原因 / cause: REGISTERED, APPROVED, or the supervision action and reason (e.g. SUSPENSION FAILED_TO_REPORT)' }) cause!: string;
}

@ObjectType('Entity')
export abstract class Entity {
  @Field(() => ID) id!: string;
  @Field(() => DateTimeScalar, { description: '创建时间 / created at' }) createdAt!: Date;
  @Field(() => DateTimeScalar, { description: '更新时间 / updated at (incremental sync key)' }) updatedAt!: Date;
  @Field(() => Agency_, { description: '数据来源 / agency that supplied the record' }) source!: Agency;
}

@ObjectType({ description: '法人代表 / legal representative (contact data)' })
export class LegalRepresentative {
  @Field(() => String, { nullable: true, description: '姓名 / name' }) name!: string;
  @Field(() => String, { nullable: true, description: '联系电话 / phone' }) phone!: string | null;
  @Field(() => String, { nullable: true, description: '住址 / address' }) address!: string | null;
  enterpriseId!: string;
}

@ObjectType({ description: '加工企业 / processing enterprise (附件1 filing form)' })
export class Enterprise extends Entity {
  @Field(() => String, { description: '备案登记表编号 / filing number ALSK-E-YYYY-NNNN' }) filingNo!: string;
  @Field(() => String, { description: '加工企业名称 / enterprise name' }) name!: string;
  @Field(() => String, { description: '统一社会信用代码 / unified social credit code (GB 32100)' }) uscc!: string;
  @Field(() => DecimalScalar, { description: '进口规模（元） / planned import scale in yuan' }) importScaleYuan!: string;
  @Field(() => Float, { description: '加工产能（吨/年） / processing capacity, tonnes per year' }) capacityTonnesPerYear!: string;
  @Field(() => String, { nullable: true, description: '加工方式 / processing method' }) processingMethod!: string | null;
  @Field(() => [String], { description: '加工原料 / raw materials (HS code prefixes)' }) rawMaterials!: string[];
  @Field(() => Float, { nullable: true, description: '备案加工增值率 / declared value-add rate (fraction)' }) declaredValueAddRate!: string | null;
  @Field(() => Float, { nullable: true, description: '加工原料残损率 / declared raw-material loss rate (fraction)' }) declaredLossRate!: string | null;
  @Field(() => String, { description: '所在县市 / county (admin division code, e.g. 652702)' }) county!: string;
  @Field(() => TaxpayerType, { description: '纳税人类型 / taxpayer type' }) taxpayerType!: TaxpayerType;
  @Field(() => Boolean, { description: '是否在综合保税区内 / located in the comprehensive bonded zone' }) inBondedZone!: boolean;
  @Field(() => EnterpriseStatus, { description: '状态 / status' }) status!: EnterpriseStatus;
  @Field(() => DateTimeScalar, { nullable: true, description: '备案时间 / filed (approved) at' }) filedAt!: Date | null;
}

@ObjectType({ description: '负责人 / cooperative head (contact data)' })
export class CooperativeHead {
  @Field(() => String, { nullable: true, description: '姓名 / name' }) name!: string;
  @Field(() => String, { nullable: true, description: '手机 / mobile' }) mobile!: string | null;
  cooperativeId!: string;
}

@ObjectType({ description: '边民互助组/合作社 / border-resident mutual-aid group or cooperative (附件2)' })
export class Cooperative extends Entity {
  @Field(() => String, { description: '备案编号 / filing number ALSK-C-YYYY-NNNN' }) filingNo!: string;
  @Field(() => String, { description: '名称 / name' }) name!: string;
  @Field(() => CooperativeKind, { description: '组织形式 / kind' }) kind!: CooperativeKind;
  @Field(() => String, { nullable: true, description: '村委会/社区 / village or community' }) village!: string | null;
  @Field(() => String, { description: '乡镇街道 / township' }) township!: string;
  @Field(() => String, { nullable: true, description: '邮政编码 / postal code' }) postalCode!: string | null;
  @Field(() => String, { nullable: true, description: '联系电话 / phone (contact data)' }) phone!: string | null;
  @Field(() => DecimalScalar, { description: '成员出资总额（元） / members\' total capital in yuan' }) totalCapitalYuan!: string;
  @Field(() => [String], { description: '负责采购的商品种类 / commodities purchased (HS code prefixes)' }) commodities!: string[];
  @Field(() => String, { nullable: true, description: '营业执照号 / business licence number (set by market regulation)' }) licenseNo!: string | null;
  @Field(() => CooperativeStatus, { description: '状态 / status' }) status!: CooperativeStatus;
  @Field(() => DateTimeScalar, { nullable: true, description: '备案时间 / filed (approved) at' }) filedAt!: Date | null;
}

@ObjectType({ description: '边民 / border resident' })
export class BorderResident extends Entity {
  @Field(() => String, { nullable: true, description: '姓名 / name (personal data)' }) name!: string;
  @Field(() => String, { nullable: true, description: '居民身份证号码 / resident ID number (personal data; masked for some agencies)' }) idNumber!: string;
  @Field(() => String, { nullable: true, description: '居住地乡镇 / township of residence (户籍 or 常住; personal data). Not derived from the ID number (SPEC §14)' }) township!: string | null;
  @Field(() => String, { nullable: true, description: '居住地县市 / county code of residence (personal data), e.g. 652702. Not the ID number\'s first six digits, which record where it was first issued' }) county!: string;
  @Field(() => ResidenceBasis, { nullable: true, description: '居住依据 / basis of the residence: 户籍 HUKOU or 常住 HABITUAL (personal data)' }) residenceBasis!: ResidenceBasis;
  @Field(() => Boolean, { nullable: true, description: '居住地系推定 / true when the hub presumed the residence (an Alashankou-issued ID number, or a resident registered before residences were recorded) instead of being told it' }) residencePresumed!: boolean;
  /** Cooperatives the resident has a membership of (any dates): the OWN rule of the matrix. */
  memberOf!: string[];
}

@ObjectType({ description: '成员资格 / membership of a resident in a cooperative over [joinedOn, leftOn), Beijing dates (SPEC §14); dates are personal data like the resident\'s name' })
export class Membership {
  @Field(() => Cooperative, { nullable: true, description: '合作社 / the cooperative' }) cooperative!: Cooperative | null;
  @Field(() => BorderResident, { nullable: true, description: '边民 / the member' }) resident!: BorderResident | null;
  @Field(() => DateScalar, { nullable: true, description: '入社日期 / first day as a member (inclusive)' }) joinedOn!: string;
  @Field(() => DateScalar, { nullable: true, description: '退社日期 / first day no longer a member (exclusive); null while open' }) leftOn!: string | null;
  cooperativeId!: string;
  residentId!: string;
}

@ObjectType({ description: '边境乡镇 / a border township of 博乐市, 温泉县 or 双河市 whose residents are eligible (方案 二(三)), over validFrom … validTo' })
export class BorderTownship {
  @Field(() => String, { description: '县市代码 / county code: 652701 博乐市, 652723 温泉县 or 659007 双河市' }) county!: string;
  @Field(() => String, { description: '乡镇（街道、团场） / township' }) township!: string;
  @Field(() => DateScalar, { description: '起 / valid from (inclusive, Beijing date)' }) validFrom!: string;
  @Field(() => DateScalar, { nullable: true, description: '止 / valid to (inclusive); null while in force' }) validTo!: string | null;
}

@ObjectType({ description: '购销协议 / supply contract between an enterprise and a cooperative' })
export class SupplyContract extends Entity {
  @Field(() => [String], { description: '商品编码前缀 / HS code prefixes covered' }) hsCodes!: string[];
  @Field(() => DateScalar, { description: '生效日期 / valid from (inclusive, Beijing date)' }) validFrom!: string;
  @Field(() => DateScalar, { description: '截止日期 / valid to (inclusive, Beijing date)' }) validTo!: string;
  @Field(() => DateScalar, { nullable: true, description: '终止日期 / terminated on: a supervision action (suspension or exit) ended the contract from this date; it is valid only before it' }) terminatedOn!: string | null;
  enterpriseId!: string;
  cooperativeId!: string;
}

export const EnterpriseConnection = connectionOf(Enterprise, 'Enterprise', '加工企业');
export const CooperativeConnection = connectionOf(Cooperative, 'Cooperative', '合作社');

// ── inputs ─────────────────────────────────────────────────────────────────────────────────

@InputType({ description: '法人代表 / legal representative' })
export class LegalRepresentativeInput {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true, description: 'mobile 1[3-9]xxxxxxxxx or landline 0909-xxxxxxx' }) phone?: string;
  @Field(() => String, { nullable: true }) address?: string;
}

@InputType({ description: '加工企业备案 / enterprise filing (附件1)' })
export class EnterpriseInput {
  @Field(() => String) name!: string;
  @Field(() => String) uscc!: string;
  @Field(() => LegalRepresentativeInput) legalRepresentative!: LegalRepresentativeInput;
  @Field(() => DecimalScalar, { nullable: true }) importScaleYuan?: string;
  @Field(() => Float, { nullable: true }) capacityTonnesPerYear?: number;
  @Field(() => String, { nullable: true }) processingMethod?: string;
  @Field(() => [String], { nullable: true }) rawMaterials?: string[];
  @Field(() => Float, { nullable: true }) declaredValueAddRate?: number;
  @Field(() => Float, { nullable: true }) declaredLossRate?: number;
  @Field(() => String) county!: string;
  @Field(() => TaxpayerType) taxpayerType!: TaxpayerType;
  @Field(() => Boolean, { nullable: true }) inBondedZone?: boolean;
}

@InputType({ description: '负责人 / cooperative head' })
export class CooperativeHeadInput {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) mobile?: string;
}

@InputType({ description: '边民 / border resident (roster member). Residence (county, township, residenceBasis) decides eligibility (SPEC §14); left out, a registered resident keeps the stored one and a new one is presumed to live in 阿拉山口市 only when the ID number begins 652702' })
export class ResidentInput {
  @Field(() => String) name!: string;
  @Field(() => String) idNumber!: string;
  @Field(() => String, { nullable: true, description: '居住地乡镇 / township of residence; required in 652701, 652723 and 659007' }) township?: string;
  @Field(() => String, { nullable: true, description: '居住地县市 / county code of residence (not the ID number\'s prefix)' }) county?: string;
  @Field(() => ResidenceBasis, { nullable: true, description: '居住依据 / HUKOU 户籍 or HABITUAL 常住; required with county' }) residenceBasis?: ResidenceBasis;
}

@InputType({ description: '居住地 / a residence: county, township (required in 652701, 652723, 659007) and basis' })
export class ResidenceInput {
  @Field(() => String, { description: '县市代码 / county code, e.g. 652702' }) county!: string;
  @Field(() => String, { nullable: true, description: '乡镇（街道、团场） / township' }) township?: string | null;
  @Field(() => ResidenceBasis, { description: '居住依据 / HUKOU 户籍 or HABITUAL 常住' }) basis!: ResidenceBasis;
}

@InputType({ description: '边境乡镇 / one entry of the border-township list' })
export class BorderTownshipInput {
  @Field(() => String, { description: '652701, 652723 or 659007' }) county!: string;
  @Field(() => String) township!: string;
  @Field(() => DateScalar, { description: 'valid from (inclusive)' }) validFrom!: string;
  @Field(() => DateScalar, { nullable: true, description: 'valid to (inclusive); null: open' }) validTo?: string | null;
}

@InputType({ description: '合作社备案 / cooperative filing (附件2) with its roster' })
export class CooperativeInput {
  @Field(() => String) name!: string;
  @Field(() => CooperativeKind) kind!: CooperativeKind;
  @Field(() => String, { nullable: true }) village?: string;
  @Field(() => String) township!: string;
  @Field(() => String, { nullable: true }) postalCode?: string;
  @Field(() => String, { nullable: true }) phone?: string;
  @Field(() => CooperativeHeadInput) head!: CooperativeHeadInput;
  @Field(() => DecimalScalar, { nullable: true }) totalCapitalYuan?: string;
  @Field(() => [String], { nullable: true }) commodities?: string[];
  @Field(() => [ResidentInput]) members!: ResidentInput[];
}

@InputType({ description: '购销协议 / supply contract' })
export class SupplyContractInput {
  @Field(() => ID) enterpriseId!: string;
  @Field(() => ID) cooperativeId!: string;
  @Field(() => [String]) hsCodes!: string[];
  @Field(() => DateScalar) validFrom!: string;
  @Field(() => DateScalar) validTo!: string;
}

@InputType({ description: '企业筛选 / enterprise filter' })
export class EnterpriseFilter {
  @Field(() => [EnterpriseStatus], { nullable: true }) status?: EnterpriseStatus[];
  @Field(() => String, { nullable: true }) county?: string;
  @Field(() => String, { nullable: true, description: 'HS code: enterprises whose raw materials or contracts cover it' }) hsCode?: string;
  @Field(() => String, { nullable: true }) nameContains?: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'only rows updated at or after this instant' }) updatedSince?: Date;
}

@InputType({ description: '合作社筛选 / cooperative filter' })
export class CooperativeFilter {
  @Field(() => [CooperativeStatus], { nullable: true }) status?: CooperativeStatus[];
  @Field(() => String, { nullable: true }) township?: string;
  @Field(() => String, { nullable: true }) nameContains?: string;
  @Field(() => Boolean, { nullable: true, description: 'true: only cooperatives without a declaration in the last 365 days (Beijing dates); false: only active ones' }) dormant?: boolean;
  @Field(() => DateTimeScalar, { nullable: true }) updatedSince?: Date;
}
