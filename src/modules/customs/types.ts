import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { connectionOf } from '../../shared/pagination';
import { DateScalar, DateTimeScalar, DecimalScalar } from '../../shared/scalars';
import { Entity, ResidenceInput } from '../registry';

export enum DeclarationPurpose { LANDING_PROCESSING = 'LANDING_PROCESSING', MARKET_SALE = 'MARKET_SALE' }
registerEnumType(DeclarationPurpose, { name: 'DeclarationPurpose', description: '申报用途 / purpose: landing processing (落地加工) or market sale' });

export enum DeclarationStatus {
  DECLARED = 'DECLARED', RELEASED = 'RELEASED', INSPECTING = 'INSPECTING', RETURNED = 'RETURNED',
  DESTROYED = 'DESTROYED', REFERRED_TO_ANTI_SMUGGLING = 'REFERRED_TO_ANTI_SMUGGLING',
}
registerEnumType(DeclarationStatus, {
  name: 'DeclarationStatus',
  description: '申报单状态 / declaration status; RETURNED, DESTROYED and REFERRED_TO_ANTI_SMUGGLING stop the goods (no quota, no allowance)',
});

@ObjectType({ description: '申报商品 / one line of a declaration' })
export class DeclarationLine {
  @Field(() => Int, { description: '项号 / line number (1–20)' }) lineNo!: number;
  @Field(() => String, { description: '商品编码 / HS tariff code' }) hsCode!: string;
  @Field(() => String, { description: '商品名称 / commodity name' }) commodityName!: string;
  @Field(() => Float, { description: '数量（千克） / quantity in kg' }) quantityKg!: string;
  @Field(() => DecimalScalar, { description: '价值（元） / value in yuan' }) valueYuan!: string;
  /** For row ownership (OWNERS): the declaration's destination and cooperative. */
  destinationEnterpriseId!: string | null;
  cooperativeId!: string | null;
}

@ObjectType({ description: '便利化措施 / facilitation measures (landing processing only)' })
export class Facilitation {
  @Field(() => Boolean, { description: '委托申报 / delegated declaration' }) delegatedDeclaration!: boolean;
  @Field(() => Boolean, { description: '直通运输 / direct transport to the factory' }) directTransport!: boolean;
  @Field(() => Boolean, { description: '免到场查验 / inspection without presence waived' }) inspectionWaived!: boolean;
  destinationEnterpriseId!: string | null;
  cooperativeId!: string | null;
}

@ObjectType({ description: '边民互市申报单 / border-trade declaration' })
export class CustomsDeclaration extends Entity {
  @Field(() => String, { description: '申报单号 / declaration number (idempotency key)' }) declarationNo!: string;
  @Field(() => DateTimeScalar, { description: '申报时间 / declared at' }) declaredAt!: Date;
  @Field(() => DateScalar, { description: '申报日期（北京时间） / Beijing calendar date of declaredAt' }) declaredOn!: string;
  @Field(() => String, { description: '互市点 / trade point' }) tradePoint!: string;
  @Field(() => String, { nullable: true, description: '委托申报人身份证号 / ID number of the agent who declared on the declarant\'s behalf (personal data)' }) agentIdNumber!: string | null;
  @Field(() => String, { nullable: true, description: '委托证明编号 / entrustment proof number' }) entrustmentProofNo!: string | null;
  @Field(() => DeclarationPurpose, { description: '用途 / purpose' }) purpose!: DeclarationPurpose;
  @Field(() => DecimalScalar, { description: '货值（元） / value in yuan: the sum of the lines' }) valueYuan!: string;
  @Field(() => Float, { description: '数量（千克） / quantity in kg: the sum of the lines' }) quantityKg!: string;
  @Field(() => DeclarationStatus, { description: '状态 / status' }) status!: DeclarationStatus;
  @Field(() => DateTimeScalar, { nullable: true, description: '放行时间 / released at' }) releasedAt!: Date | null;
  @Field(() => String, { nullable: true, description: '查验备注 / note of the latest inspection result' }) inspectionNote!: string | null;
  declarantId!: string;
  cooperativeId!: string | null;
  destinationEnterpriseId!: string | null;
  delegatedDeclaration!: boolean;
  directTransport!: boolean;
  inspectionWaived!: boolean;
}

@ObjectType({ description: '入厂登记 / factory entry of received goods (附件6)' })
export class FactoryEntry extends Entity {
  @Field(() => String, { nullable: true, description: '企业登记编号 / the enterprise\'s own reference (idempotency key)' }) externalRef!: string | null;
  @Field(() => String, { description: '商品名称 / commodity name' }) commodityName!: string;
  @Field(() => String, { nullable: true, description: '车辆牌号 / vehicle plate' }) vehiclePlate!: string | null;
  @Field(() => DateTimeScalar, { description: '到厂时间 / arrived at the factory' }) arrivedAt!: Date;
  @Field(() => String, { nullable: true, description: '解封人员 / who broke the customs seal' }) unsealedBy!: string | null;
  @Field(() => String, { nullable: true, description: '施封锁号 / seal number' }) sealNo!: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '解封时间 / unsealed at' }) unsealedAt!: Date | null;
  @Field(() => Boolean, { description: '施封是否完好 / seal intact on arrival (false is flagged to customs and commerce)' }) sealIntact!: boolean;
  @Field(() => Float, { nullable: true, description: '入厂过磅重量（千克） / kg weighed at the gate (SPEC §13); null for entries recorded before it was required' }) receivedKg!: string | null;
  @Field(() => String, { nullable: true, description: '仓库管理员 / warehouse keeper' }) warehouseKeeper!: string | null;
  @Field(() => String, { nullable: true, description: '备注 / remarks' }) remarks!: string | null;
  enterpriseId!: string;
  /** Cooperatives whose declarations the entry carries (row ownership for COOPERATIVE). */
  cooperativeIds?: string[];
}

@ObjectType({ description: '入境申报合计 / inbound landing-processing declarations of an enterprise over a date range' })
export class InboundDeclarationTotals {
  @Field(() => Int, { description: '申报单数 / number of declarations' }) count!: number;
  @Field(() => DecimalScalar, { description: '货值（元） / value in yuan' }) valueYuan!: string;
  @Field(() => Float, { description: '数量（千克） / quantity in kg' }) quantityKg!: number;
}

export const CustomsDeclarationConnection = connectionOf(CustomsDeclaration, 'CustomsDeclaration', '申报单');
export const FactoryEntryConnection = connectionOf(FactoryEntry, 'FactoryEntry', '入厂登记');

// ── inputs ─────────────────────────────────────────────────────────────────────────────────

@InputType({ description: '申报商品 / declaration line' })
export class DeclarationLineInput {
  @Field(() => String, { description: 'HS tariff code, 6–10 digits (8 digits where the list distinguishes, e.g. seeds for sowing)' }) hsCode!: string;
  @Field(() => String) commodityName!: string;
  @Field(() => Float, { description: 'kg, at most 3 decimals' }) quantityKg!: number | string;
  @Field(() => DecimalScalar) valueYuan!: string;
}

@InputType({ description: '便利化措施 / facilitation (landing processing only)' })
export class FacilitationInput {
  @Field(() => Boolean, { nullable: true }) delegatedDeclaration?: boolean;
  @Field(() => Boolean, { nullable: true }) directTransport?: boolean;
  @Field(() => Boolean, { nullable: true }) inspectionWaived?: boolean;
}

@InputType({ description: '边民互市申报单 / border-trade declaration (SPEC §12)' })
export class DeclarationInput {
  @Field(() => String, { description: 'unique; resending the same content is a DUPLICATE' }) declarationNo!: string;
  @Field(() => DateTimeScalar) declaredAt!: Date;
  @Field(() => String, { nullable: true, description: 'default ALASHANKOU' }) tradePoint?: string | null;
  @Field(() => String) declarantIdNumber!: string;
  @Field(() => String, { nullable: true, description: 'required when the declarant is not yet in the registry' }) declarantName?: string | null;
  @Field(() => ResidenceInput, { nullable: true, description: '申报人居住地 / residence of a declarant not yet in the registry (eligibility follows residence, SPEC §14); without it only an ID number beginning 652702 is presumed to live in 阿拉山口市. Ignored for a registered declarant, whose stored residence decides' }) declarantResidence?: ResidenceInput | null;
  @Field(() => String, { nullable: true, description: 'who declared, when not the declarant (委托申报)' }) agentIdNumber?: string | null;
  @Field(() => String, { nullable: true, description: 'required when agentIdNumber differs from declarantIdNumber' }) entrustmentProofNo?: string | null;
  @Field(() => ID, { nullable: true, description: 'required for LANDING_PROCESSING' }) cooperativeId?: string | null;
  @Field(() => DeclarationPurpose) purpose!: DeclarationPurpose;
  @Field(() => ID, { nullable: true, description: 'required for LANDING_PROCESSING; a FILED or WARNED enterprise under contract' }) destinationEnterpriseId?: string | null;
  @Field(() => [DeclarationLineInput], { description: '1–20 lines' }) lines!: DeclarationLineInput[];
  @Field(() => FacilitationInput, { nullable: true }) facilitation?: FacilitationInput | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'with releasedAt the declaration is stored as RELEASED' }) releasedAt?: Date | null;
}

@InputType({ description: '入厂登记 / factory entry (附件6)' })
export class FactoryEntryInput {
  @Field(() => ID, { nullable: true, description: 'COMMERCE acting for an enterprise passes it; an ENTERPRISE token may only name itself' }) enterpriseId?: string | null;
  @Field(() => String, { nullable: true, description: 'the enterprise\'s reference for the entry (idempotency key); derived from arrivedAt, vehicle and seal when absent' }) externalRef?: string | null;
  @Field(() => [String], { description: 'declaration numbers of the goods received (landing processing, destined to this enterprise)' }) declarations!: string[];
  @Field(() => String) commodityName!: string;
  @Field(() => String, { nullable: true }) vehiclePlate?: string | null;
  @Field(() => DateTimeScalar) arrivedAt!: Date;
  @Field(() => String, { nullable: true }) unsealedBy?: string | null;
  @Field(() => String, { nullable: true }) sealNo?: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) unsealedAt?: Date | null;
  @Field(() => Boolean) sealIntact!: boolean;
  @Field(() => Float, { nullable: true, description: '入厂过磅重量（千克，3位小数） / kg weighed at the gate, 3 decimals; required for new entries' }) receivedKg?: number | null;
  @Field(() => String, { nullable: true }) warehouseKeeper?: string | null;
  @Field(() => String, { nullable: true }) remarks?: string | null;
}

@InputType({ description: '申报单筛选 / declaration filter (dates are Beijing dates of declaredAt, inclusive)' })
export class DeclarationFilter {
  @Field(() => DateScalar, { nullable: true }) from?: string;
  @Field(() => DateScalar, { nullable: true }) to?: string;
  @Field(() => DeclarationPurpose, { nullable: true }) purpose?: DeclarationPurpose;
  @Field(() => [DeclarationStatus], { nullable: true }) status?: DeclarationStatus[];
  @Field(() => ID, { nullable: true, description: 'destination enterprise' }) enterpriseId?: string;
  @Field(() => ID, { nullable: true }) cooperativeId?: string;
  @Field(() => String, { nullable: true }) declarantIdNumber?: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'only rows updated at or after this instant' }) updatedSince?: Date;
}

@InputType({ description: '入厂登记筛选 / factory-entry filter (dates are Beijing dates of arrivedAt, inclusive)' })
export class FactoryEntryFilter {
  @Field(() => ID, { nullable: true }) enterpriseId?: string;
  @Field(() => DateScalar, { nullable: true }) from?: string;
  @Field(() => DateScalar, { nullable: true }) to?: string;
  @Field(() => Boolean, { nullable: true }) sealIntact?: boolean;
  @Field(() => DateTimeScalar, { nullable: true }) updatedSince?: Date;
}

export enum CommodityListName { PILOT = 'PILOT', NEGATIVE = 'NEGATIVE' }
registerEnumType(CommodityListName, { name: 'CommodityListName', description: '商品清单 / commodity list: PILOT (加工试点商品) or NEGATIVE (负面清单)' });

@ObjectType({ description: '商品清单条目 / one entry of a commodity list version (SPEC §15)' })
export class CommodityListEntry {
  @Field(() => CommodityListName, { description: '清单 / list' }) list!: CommodityListName;
  @Field(() => String, { description: '商品编码前缀 / tariff code prefix (2–10 digits)' }) hsPrefix!: string;
  @Field(() => String, { description: '名称 / name' }) name!: string;
  @Field(() => String, { nullable: true, description: '类别 / category' }) category!: string | null;
  @Field(() => String, { description: '版本 / version (the notice that published it)' }) version!: string;
  @Field(() => DateScalar, { description: '生效日期 / in force from (Beijing date)' }) effectiveFrom!: string;
  @Field(() => DateScalar, { nullable: true, description: '失效日期 / in force to, inclusive (null: open)' }) effectiveTo!: string | null;
}

@InputType({ description: '清单条目 / a list entry' })
export class CommodityListEntryInput {
  @Field(() => String, { description: '商品编码前缀 / tariff code prefix (2–10 digits)' }) hsPrefix!: string;
  @Field(() => String, { description: '名称 / name' }) name!: string;
  @Field(() => String, { nullable: true, description: '类别 / category' }) category?: string | null;
}

@InputType({ description: '发布清单新版本 / publish a new version of a commodity list: the whole list as it applies from effectiveFrom' })
export class CommodityListInput {
  @Field(() => CommodityListName) list!: CommodityListName;
  @Field(() => String, { description: '版本 / version, e.g. 2026-02' }) version!: string;
  @Field(() => DateScalar, { description: '生效日期 / in force from (after the latest version\'s date)' }) effectiveFrom!: string;
  @Field(() => [CommodityListEntryInput]) entries!: CommodityListEntryInput[];
}
