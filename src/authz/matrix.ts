/**
 * The whole agency × field grid of SPEC §9, as data. graphql-shield rules and the masking
 * middleware are generated from it (authz/shield.ts); a test walks the printed schema and fails
 * on any field without a row here, and on any row that names no field.
 *
 * A row is either a list of who may read (full access) or `{ full, masked }`. `OWN` means: the
 * viewer is the ENTERPRISE or COOPERATIVE the object belongs to (see OWNERS). Root fields never use
 * OWN: their row scope is applied inside the resolver (modules/<domain>/policy.ts).
 * `Type.*` covers every field of a structural type that carries no data class of its own.
 */
import { AGENCIES, type Agency, type Viewer } from './agencies';

export type Who = Agency | 'OWN';
export type Access = readonly Who[] | { readonly full: readonly Who[]; readonly masked: readonly Who[] };

const ALL = AGENCIES;
/** Aggregates: every agency; ENTERPRISE/COOPERATIVE are cut to their own rows by the resolver. */
const AGGREGATES = ALL;
const COMMERCE_ONLY = ['COMMERCE'] as const;
/** contact: legal representative, cooperative head, phones (§9 "contact"). */
const CONTACT = ['COMMERCE', 'MARKET_REGULATION', 'OWN'] as const;
const CONTACT_NAME = ['COMMERCE', 'MARKET_REGULATION', 'OWN', 'CUSTOMS'] as const;
/** resident name (§9). */
const RESIDENT_NAME = ['CUSTOMS', 'COMMERCE', 'MARKET_REGULATION', 'OWN'] as const;
/** declaration class (§9): TAX, PREFECTURE_COMMERCE and ANALYST get aggregates only. */
export const DECLARATION = ['CUSTOMS', 'COMMERCE', 'OPERATOR', 'OWN'] as const;
export const DECLARATION_ROOT = ['CUSTOMS', 'COMMERCE', 'OPERATOR', 'ENTERPRISE', 'COOPERATIVE'] as const;
/** ledger class (§9). */
export const LEDGER = ['COMMERCE', 'TAX', 'PREFECTURE_COMMERCE', 'OWN'] as const;
export const LEDGER_ROOT = ['COMMERCE', 'TAX', 'PREFECTURE_COMMERCE', 'ENTERPRISE'] as const;
/** market class (§9): full for these two; everyone else sees subject and result/action only. */
export const MARKET_FULL = ['MARKET_REGULATION', 'COMMERCE'] as const;

export const READ: Record<string, Access> = {
  // ── structural ───────────────────────────────────────────────────────────────────────────
  'PageInfo.*': ALL,
  'Viewer.*': ALL,
  'Query.me': ALL,

  // ── registry (SPEC §4) ───────────────────────────────────────────────────────────────────
  'Query.enterprise': ALL,
  'Query.enterprises': ALL,
  'Query.cooperative': ALL,
  'Query.cooperatives': ALL,
  'Query.resident': ['CUSTOMS', 'COMMERCE', 'MARKET_REGULATION', 'COOPERATIVE'],
  'EnterpriseConnection.*': ALL,
  'EnterpriseEdge.*': ALL,
  'CooperativeConnection.*': ALL,
  'CooperativeEdge.*': ALL,

  'Enterprise.id': ALL,
  'Enterprise.createdAt': ALL,
  'Enterprise.updatedAt': ALL,
  'Enterprise.source': ALL,
  'Enterprise.filingNo': ALL,
  'Enterprise.name': ALL,
  'Enterprise.uscc': ALL,
  'Enterprise.legalRepresentative': CONTACT_NAME,
  'Enterprise.importScaleYuan': ALL,
  'Enterprise.capacityTonnesPerYear': ALL,
  'Enterprise.processingMethod': ALL,
  'Enterprise.rawMaterials': ALL,
  'Enterprise.declaredValueAddRate': ALL,
  'Enterprise.declaredLossRate': ALL,
  'Enterprise.county': ALL,
  'Enterprise.taxpayerType': ALL,
  'Enterprise.inBondedZone': ALL,
  'Enterprise.status': ALL,
  'Enterprise.filedAt': ALL,
  'Enterprise.contracts': ALL,
  'Enterprise.cooperatives': ALL,
  'LegalRepresentative.name': CONTACT_NAME,
  'LegalRepresentative.phone': CONTACT,
  'LegalRepresentative.address': CONTACT,

  'Cooperative.id': ALL,
  'Cooperative.createdAt': ALL,
  'Cooperative.updatedAt': ALL,
  'Cooperative.source': ALL,
  'Cooperative.filingNo': ALL,
  'Cooperative.name': ALL,
  'Cooperative.kind': ALL,
  'Cooperative.village': ALL,
  'Cooperative.township': ALL,
  'Cooperative.postalCode': ALL,
  'Cooperative.phone': CONTACT,
  'Cooperative.head': CONTACT_NAME,
  'Cooperative.memberCount': ALL,
  'Cooperative.totalCapitalYuan': ALL,
  'Cooperative.commodities': ALL,
  'Cooperative.licenseNo': ALL,
  'Cooperative.status': ALL,
  'Cooperative.filedAt': ALL,
  'Cooperative.members': RESIDENT_NAME,
  'Cooperative.contracts': ALL,
  'CooperativeHead.name': CONTACT_NAME,
  'CooperativeHead.mobile': CONTACT,

  'BorderResident.id': ALL,
  'BorderResident.createdAt': ALL,
  'BorderResident.updatedAt': ALL,
  'BorderResident.source': ALL,
  'BorderResident.name': RESIDENT_NAME,
  'BorderResident.idNumber': { full: ['CUSTOMS', 'OWN'], masked: ['COMMERCE', 'MARKET_REGULATION'] },
  'BorderResident.township': ALL,
  'BorderResident.county': ALL,
  'BorderResident.cooperative': ALL,

  'SupplyContract.*': ALL,

  'Mutation.fileEnterprise': COMMERCE_ONLY,
  'Mutation.approveEnterprise': COMMERCE_ONLY,
  'Mutation.fileCooperative': COMMERCE_ONLY,
  'Mutation.approveCooperative': COMMERCE_ONLY,
  'Mutation.signSupplyContract': COMMERCE_ONLY,

  // ── customs (SPEC §5) ────────────────────────────────────────────────────────────────────

  // ── quota (SPEC §7) ──────────────────────────────────────────────────────────────────────

  // ── ledger and reports of enterprises (SPEC §6) ──────────────────────────────────────────

  // ── tax (SPEC §6) ────────────────────────────────────────────────────────────────────────

  // ── market regulation and supervision (SPEC §7, §8) ──────────────────────────────────────

  // ── reports and aggregates (SPEC §7, §12) ────────────────────────────────────────────────
  // Aggregates for every agency; the resolvers cut ENTERPRISE/COOPERATIVE to their own rows
  // (modules/reports/policy.ts). No row type reaches personal data: `enterprise`/`cooperative`
  // resolve to registry objects whose contact fields keep their own rows above.
  'Query.tradeStats': AGGREGATES,
  'Query.enterpriseAssessments': AGGREGATES,
  'Query.monthlyReturn': AGGREGATES,
  'Mutation.setAssessmentTarget': COMMERCE_ONLY,
  'TradeStatRow.*': AGGREGATES,
  'EnterpriseAssessment.*': AGGREGATES,
  'MonthlyReturnRow.*': AGGREGATES,
  'AssessmentTarget.*': AGGREGATES,

  // ── audit (SPEC §10) ─────────────────────────────────────────────────────────────────────
};

/**
 * Which objects belong to which ENTERPRISE/COOPERATIVE, for rows that say OWN. Every type with
 * an OWN row needs an entry (tested). Parents are the values the resolvers return.
 */
export const OWNERS: Record<string, (parent: any, viewer: Viewer) => boolean> = {
  Enterprise: (e, v) => v.agency === 'ENTERPRISE' && e.id === v.org,
  LegalRepresentative: (l, v) => v.agency === 'ENTERPRISE' && l.enterpriseId === v.org,
  Cooperative: (c, v) => v.agency === 'COOPERATIVE' && c.id === v.org,
  CooperativeHead: (h, v) => v.agency === 'COOPERATIVE' && h.cooperativeId === v.org,
  BorderResident: (r, v) => v.agency === 'COOPERATIVE' && r.cooperativeId === v.org,
};

/** Masked renderings (§9 "masked" column). */
export const MASKS: Record<string, (value: any) => any> = {
  /** 652702********123X: first 6 and last 4 of a resident ID number. */
  'BorderResident.idNumber': (v: string | null) => (v == null ? v : `${v.slice(0, 6)}********${v.slice(-4)}`),
};

export type Level = 'full' | 'masked' | 'none';

/** How a viewer may see a coordinate; `parent` is needed only for OWN rows. */
export function accessLevel(access: Access | undefined, viewer: Viewer, typeName: string, parent: unknown): Level {
  if (!access) return 'none';
  const full = 'full' in access ? access.full : access;
  const masked = 'full' in access ? access.masked : [];
  const own = () => OWNERS[typeName]?.(parent, viewer) ?? false;
  if (full.includes(viewer.agency) || (full.includes('OWN') && own())) return 'full';
  if (masked.includes(viewer.agency) || (masked.includes('OWN') && own())) return 'masked';
  return 'none';
}

/** The row of a coordinate: its own, else its type's wildcard. */
export const accessOf = (typeName: string, fieldName: string): Access | undefined =>
  READ[`${typeName}.${fieldName}`] ?? READ[`${typeName}.*`];
