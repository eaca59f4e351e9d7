/**
 * The whole agency × field grid of SPEC §9, as data. graphql-shield rules and the masking
 * middleware are generated from it (authz/shield.ts); a test walks the printed schema and fails
 * on any field without a row here, and on any row that names no field.
 *
 * A row is either a list of who may read (full access) or `{ full, masked }`. `OWN` means: the
 * viewer is the ENTERPRISE or COOPERATIVE the object belongs to (see OWNERS), or, for a row that
 * gives its own `owner`, the viewer that function accepts (a field narrower than its type). Root fields never use
 * OWN: their row scope is applied inside the resolver (modules/<domain>/policy.ts).
 * `Type.*` covers every field of a structural type that carries no data class of its own.
 */
import { AGENCIES, ORG_AGENCIES, type Agency, type Viewer } from './agencies';

export type Who = Agency | 'OWN';
export type Owner = (parent: any, viewer: Viewer) => boolean;
export type Access = readonly Who[] | { readonly full: readonly Who[]; readonly masked: readonly Who[]; readonly owner?: Owner };

const ALL = AGENCIES;
/** Aggregates (§9): every agency but ENTERPRISE and COOPERATIVE, who get their own assessment row only. */
const AGGREGATES = AGENCIES.filter((a) => a !== 'ENTERPRISE' && a !== 'COOPERATIVE');
const COMMERCE_ONLY = ['COMMERCE'] as const;
/** contact: legal representative, cooperative head, phones (§9 "contact"). */
const CONTACT = ['COMMERCE', 'MARKET_REGULATION', 'OWN'] as const;
const CONTACT_NAME = ['COMMERCE', 'MARKET_REGULATION', 'OWN', 'CUSTOMS'] as const;
/**
 * Lookups and filters BY an ID number (resident(idNumber:), declarations(filter: {declarantIdNumber}))
 * are identity reads: the answer tells whether that person is known or trades. Only who reads
 * BorderResident.idNumber in full may use them — CUSTOMS, and a COOPERATIVE for its own members
 * (row scope: residentScope). Everyone else gets FORBIDDEN whatever the number, so "absent" and
 * "not yours" answer alike and a masked number (first 6 + last 4) cannot be completed by guessing.
 */
export const IDENTITY_LOOKUP = ['CUSTOMS', 'COOPERATIVE'] as const;
export const mayLookUpByIdNumber = (v: Viewer) => (IDENTITY_LOOKUP as readonly string[]).includes(v.agency);
/** resident name (§9). */
const RESIDENT_NAME = ['CUSTOMS', 'COMMERCE', 'MARKET_REGULATION', 'OWN'] as const;
/** declaration class (§9): TAX, PREFECTURE_COMMERCE and ANALYST get aggregates only. */
export const DECLARATION = ['CUSTOMS', 'COMMERCE', 'OPERATOR', 'OWN'] as const;
export const DECLARATION_ROOT = ['CUSTOMS', 'COMMERCE', 'OPERATOR', 'ENTERPRISE', 'COOPERATIVE'] as const;
/** ledger class (§9); MARKET_REGULATION reads it since §13 (the write-off, 附件3 三, 附件1 备注3). */
export const LEDGER = ['COMMERCE', 'TAX', 'PREFECTURE_COMMERCE', 'MARKET_REGULATION', 'OWN'] as const;
export const LEDGER_ROOT = ['COMMERCE', 'TAX', 'PREFECTURE_COMMERCE', 'MARKET_REGULATION', 'ENTERPRISE'] as const;
/**
 * Discrepancies (§13): COMMERCE, PREFECTURE_COMMERCE, MARKET_REGULATION all kinds, CUSTOMS the first
 * four, TAX the last five, an ENTERPRISE its own — the kind and row scope is applied in
 * modules/custody/policy.ts; ANALYST only the counts.
 */
export const DISCREPANCY_READERS = ['COMMERCE', 'PREFECTURE_COMMERCE', 'MARKET_REGULATION', 'CUSTOMS', 'TAX', 'ENTERPRISE'] as const;
/** traceability (§13): the readers of either side of the chain; each nested object keeps its own row. */
export const TRACE_ROOT = ['CUSTOMS', 'COMMERCE', 'OPERATOR', 'PREFECTURE_COMMERCE', 'MARKET_REGULATION', 'TAX', 'ENTERPRISE'] as const;
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
  'Query.resident': IDENTITY_LOOKUP,
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
  // §15: the status history is the status over time (registry class, open like status).
  'Enterprise.statusHistory': ALL,
  'StatusChange.*': ALL,
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
  'Cooperative.statusHistory': ALL,
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
  // Residence (SPEC §14, issue 12 item 6): personal data when joined to a name, so the resident
  // name class, and logged like the name (PERSONAL below).
  'BorderResident.township': RESIDENT_NAME,
  'BorderResident.county': RESIDENT_NAME,
  'BorderResident.residenceBasis': RESIDENT_NAME,
  'BorderResident.residencePresumed': RESIDENT_NAME,
  /**
   * Whether the resident may trade today is the pilot's admission fact, as open as the cooperative
   * a resident belongs to: it says neither where the person lives nor who they are. Who reaches a
   * resident without the name (OPERATOR, an ENTERPRISE through its inbound declarations) sees an
   * id and a yes/no; who sees the name sees the residence anyway.
   */
  'BorderResident.eligible': ALL,
  'BorderResident.cooperative': ALL,
  // Border-township list (SPEC §14): published reference data, kept by COMMERCE.
  'Query.borderTownships': ALL,
  'BorderTownship.*': ALL,
  'Mutation.setBorderTownships': COMMERCE_ONLY,
  // §14: membership dates are personal data when joined to a name: the resident-name class. A
  // COOPERATIVE reaches only its own memberships (registry membershipScope) and reads their dates as OWN.
  'BorderResident.memberships': RESIDENT_NAME,
  'Membership.cooperative': RESIDENT_NAME,
  'Membership.resident': RESIDENT_NAME,
  'Membership.joinedOn': RESIDENT_NAME,
  'Membership.leftOn': RESIDENT_NAME,

  'SupplyContract.*': ALL,

  'Mutation.fileEnterprise': COMMERCE_ONLY,
  'Mutation.approveEnterprise': COMMERCE_ONLY,
  'Mutation.fileCooperative': COMMERCE_ONLY,
  'Mutation.approveCooperative': COMMERCE_ONLY,
  'Mutation.signSupplyContract': COMMERCE_ONLY,
  'Mutation.addCooperativeMembers': COMMERCE_ONLY,
  'Mutation.removeCooperativeMember': COMMERCE_ONLY,

  // ── customs (SPEC §5) ────────────────────────────────────────────────────────────────────
  // Declaration class (§9): CUSTOMS, COMMERCE, OPERATOR full; own ENTERPRISE (inbound) and own
  // COOPERATIVE (its declarations), row-scoped in customs/policy.ts; TAX, PREFECTURE_COMMERCE,
  // ANALYST none (aggregates only).
  'Query.declaration': DECLARATION_ROOT,
  'Query.declarations': DECLARATION_ROOT,
  'Query.factoryEntries': DECLARATION_ROOT,
  'CustomsDeclarationConnection.*': DECLARATION_ROOT,
  'CustomsDeclarationEdge.*': DECLARATION_ROOT,
  'FactoryEntryConnection.*': DECLARATION_ROOT,
  'FactoryEntryEdge.*': DECLARATION_ROOT,
  'CustomsDeclaration.*': DECLARATION,
  /**
   * The agent's ID number is identity data (§9): customs and the own cooperative (its members) in
   * full, commerce masked; not the receiving enterprise, which owns the declaration otherwise.
   */
  'CustomsDeclaration.agentIdNumber': {
    full: ['CUSTOMS', 'OWN'], masked: ['COMMERCE'],
    owner: (d: { cooperativeId?: string | null }, v) => v.agency === 'COOPERATIVE' && d.cooperativeId != null && d.cooperativeId === v.org,
  },
  'CustomsDeclaration.agent': DECLARATION,
  'DeclarationLine.*': DECLARATION,
  'Facilitation.*': DECLARATION,
  'FactoryEntry.*': DECLARATION,
  'BatchResult.*': ALL,
  'BatchRow.*': ALL,
  /** Per-enterprise totals without personal data; other enterprises and cooperatives do not see a competitor's volume. */
  'Enterprise.inboundDeclarations': ['CUSTOMS', 'COMMERCE', 'OPERATOR', 'PREFECTURE_COMMERCE', 'TAX', 'ANALYST', 'OWN'],
  'InboundDeclarationTotals.*': ALL,
  'Mutation.submitDeclarations': ['CUSTOMS'],
  'Mutation.recordInspectionResult': ['CUSTOMS'],
  'Mutation.recordFactoryEntries': ['ENTERPRISE', 'COMMERCE'],

  // ── quota (SPEC §7) ──────────────────────────────────────────────────────────────────────
  // quotaStatus and earlyWarnings are §9 aggregates; the annual plan itself is the city's published
  // target, readable by everyone.
  'Query.annualPlan': ALL,
  'Query.quotaStatus': AGGREGATES,
  'Query.earlyWarnings': AGGREGATES,
  'AnnualPlan.*': ALL,
  'QuotaStatus.*': AGGREGATES,
  'EarlyWarning.*': AGGREGATES,
  'Mutation.setAnnualPlan': COMMERCE_ONLY,
  // §15: the city's acknowledgement of a warning is recorded by commerce, the plan's owner.
  'Mutation.acknowledgeEarlyWarning': COMMERCE_ONLY,
  // §15 commodity lists: published reference data (方案 二(二)); a new version is commerce's notice.
  'Query.commodityLists': ALL,
  'CommodityListEntry.*': ALL,
  'Mutation.setCommodityList': COMMERCE_ONLY,

  // ── ledger and reports of enterprises (SPEC §6) ──────────────────────────────────────────
  'Query.ledgerEntries': LEDGER_ROOT,
  'Query.monthlyReports': LEDGER_ROOT,
  'Query.quarterlyReports': [...LEDGER_ROOT, 'COOPERATIVE'],
  'Query.ledgerSummaries': [...LEDGER_ROOT, 'CUSTOMS'],
  'Query.holidays': ALL,
  'LedgerEntryConnection.*': ALL,
  'LedgerEntryEdge.*': ALL,
  'MonthlyReportConnection.*': ALL,
  'MonthlyReportEdge.*': ALL,
  'QuarterlyReportConnection.*': ALL,
  'QuarterlyReportEdge.*': ALL,
  'LedgerEntry.*': LEDGER,
  'MonthlyReport.*': LEDGER,
  'ReportDiscrepancy.*': LEDGER,
  'QuarterlyReport.*': LEDGER,
  // issue 13: overdue reports, commerce's follow-up list (city and prefecture).
  'Query.missingReports': ['COMMERCE', 'PREFECTURE_COMMERCE'],
  'MissingReport.*': ['COMMERCE', 'PREFECTURE_COMMERCE'],
  // §15 annual report: the monthly report's class and writers.
  'AnnualReport.*': LEDGER,
  'Enterprise.processingStats': LEDGER,
  'Enterprise.annualSummary': LEDGER,
  'ProcessingStats.*': LEDGER,
  'AnnualSummary.*': LEDGER,
  'Enterprise.stock': LEDGER,
  'Enterprise.writeOff': LEDGER,
  'Stock.*': LEDGER,
  'WriteOff.*': LEDGER,
  /** CUSTOMS reads summaries (not entries) for its processor checks (§9 ledger row). */
  'LedgerSummary.*': [...LEDGER, 'CUSTOMS'],
  'CalendarDay.*': ALL,
  'Mutation.submitLedgerEntries': ['ENTERPRISE', 'COMMERCE'],
  'Mutation.submitMonthlyReport': ['ENTERPRISE', 'COMMERCE'],
  'Mutation.submitQuarterlyReport': ['COOPERATIVE', 'ENTERPRISE'],
  'Mutation.submitAnnualReport': ['ENTERPRISE', 'COMMERCE'],
  'Mutation.setCalendarDays': COMMERCE_ONLY,

  // ── tax (SPEC §6) ────────────────────────────────────────────────────────────────────────
  'Query.taxRecords': ['TAX', 'COMMERCE'],
  'TaxRecordConnection.*': ALL,
  'TaxRecordEdge.*': ALL,
  'TaxRecord.period': ['TAX', 'COMMERCE'],
  'TaxRecord.vatPaidYuan': ['TAX', 'COMMERCE'],
  'TaxRecord.*': ['TAX'],
  'Mutation.submitTaxRecords': ['TAX'],

  // ── market regulation and supervision (SPEC §7, §8) ──────────────────────────────────────
  // Market class (§9): MARKET_REGULATION and COMMERCE see every field; every other agency the
  // record's identity, its subject and its result/action only. Lists are open to all agencies;
  // ENTERPRISE/COOPERATIVE get only the records about themselves (market/policy.ts).
  'Query.shops': ALL,
  'Query.inspections': ALL,
  'Query.supervisionActions': ALL,
  'Query.dishonestList': ALL,
  'ShopConnection.*': ALL,
  'ShopEdge.*': ALL,
  'InspectionConnection.*': ALL,
  'InspectionEdge.*': ALL,
  'SupervisionActionConnection.*': ALL,
  'SupervisionActionEdge.*': ALL,
  'DishonestListEntryConnection.*': ALL,
  'DishonestListEntryEdge.*': ALL,

  // A shop is itself a subject: others see which shop (name, stall) and its status (the result).
  'Shop.id': ALL,
  'Shop.createdAt': ALL,
  'Shop.updatedAt': ALL,
  'Shop.source': ALL,
  'Shop.name': ALL,
  'Shop.stallNo': ALL,
  'Shop.status': ALL,
  'Shop.operatorName': MARKET_FULL,
  'Shop.licenseNo': MARKET_FULL,

  'Inspection.id': ALL,
  'Inspection.createdAt': ALL,
  'Inspection.updatedAt': ALL,
  'Inspection.source': ALL,
  'Inspection.subjectType': ALL,
  'Inspection.subjectId': ALL,
  'Inspection.subject': ALL,
  'Inspection.result': ALL,
  'Inspection.inspectedOn': MARKET_FULL,
  'Inspection.agency': MARKET_FULL,
  'Inspection.findings': MARKET_FULL,

  'SupervisionAction.id': ALL,
  'SupervisionAction.createdAt': ALL,
  'SupervisionAction.updatedAt': ALL,
  'SupervisionAction.source': ALL,
  'SupervisionAction.subjectType': ALL,
  'SupervisionAction.subjectId': ALL,
  'SupervisionAction.subject': ALL,
  'SupervisionAction.action': ALL,
  'SupervisionAction.reason': MARKET_FULL,
  'SupervisionAction.decidedOn': MARKET_FULL,
  'SupervisionAction.decidedBy': MARKET_FULL,
  'SupervisionAction.statusAfter': MARKET_FULL,
  'SupervisionAction.note': MARKET_FULL,
  'SupervisionDecider.*': MARKET_FULL,

  'DishonestListEntry.id': ALL,
  'DishonestListEntry.createdAt': ALL,
  'DishonestListEntry.updatedAt': ALL,
  'DishonestListEntry.source': ALL,
  'DishonestListEntry.subjectType': ALL,
  'DishonestListEntry.subjectId': ALL,
  'DishonestListEntry.subject': ALL,
  'DishonestListEntry.listedOn': MARKET_FULL,
  'DishonestListEntry.reason': MARKET_FULL,
  // SPEC §14: the status is the entry's result (§9 market class: all agencies see subject and result);
  // the key, basis, dates and removal are details for the two agencies that keep the list.
  'DishonestListEntry.status': ALL,
  'DishonestListEntry.subjectKey': MARKET_FULL,
  'DishonestListEntry.keyKind': MARKET_FULL,
  'DishonestListEntry.basis': MARKET_FULL,
  'DishonestListEntry.noticeOn': MARKET_FULL,
  'DishonestListEntry.removedOn': MARKET_FULL,
  'DishonestListEntry.removalReason': MARKET_FULL,

  /** Registry class (§9): dormancy is a fact about the cooperative, like its status. */
  'Cooperative.dormant': ALL,

  'Mutation.registerShop': ['MARKET_REGULATION'],
  'Mutation.issueBusinessLicense': ['MARKET_REGULATION'],
  'Mutation.recordInspection': ['MARKET_REGULATION'],
  'Mutation.recordNonCompliance': ['COMMERCE', 'MARKET_REGULATION'],
  'Mutation.addToDishonestList': ['MARKET_REGULATION'],
  // SPEC §14: removal by MARKET_REGULATION and COMMERCE; a rectification is a supervision action (§9 writes).
  'Mutation.removeFromDishonestList': ['MARKET_REGULATION', 'COMMERCE'],
  'Mutation.recordRectification': ['COMMERCE', 'MARKET_REGULATION'],

  // ── reports and aggregates (SPEC §7, §12) ────────────────────────────────────────────────
  // Aggregates (§9): not for ENTERPRISE/COOPERATIVE, except their own assessment row (the resolver
  // cuts enterpriseAssessments to it; modules/reports/policy.ts). The monthly return carries each
  // enterprise's ledger figures, so it follows the ledger class. No row type reaches personal
  // data: `enterprise`/`cooperative` resolve to registry objects whose contact fields keep their rows.
  'Query.tradeStats': AGGREGATES,
  'Query.enterpriseAssessments': ALL,
  'Query.monthlyReturn': LEDGER_ROOT,
  'Mutation.setAssessmentTarget': COMMERCE_ONLY,
  'TradeStatRow.*': AGGREGATES,
  'EnterpriseAssessment.*': ALL,
  'MonthlyReturnRow.*': LEDGER,
  'AssessmentTarget.*': ALL,

  // ── chain of custody (SPEC §13) ──────────────────────────────────────────────────────────
  'CustomsDeclaration.custody': DECLARATION,
  'FactoryEntry.receivedKg': DECLARATION,
  'FactoryEntry.declaredKg': DECLARATION,
  /** Custody figures carry no personal data: the declaration class, plus the write-off agencies through traceability. */
  'Custody.*': [...DECLARATION, 'MARKET_REGULATION', 'PREFECTURE_COMMERCE'],
  'Query.traceability': TRACE_ROOT,
  'Traceability.*': TRACE_ROOT,
  /** Each side of the chain keeps its class: the declaration and the entries, the ledger bookings. */
  'Traceability.declaration': DECLARATION,
  'Traceability.factoryEntries': DECLARATION,
  'Traceability.custody': [...DECLARATION, 'MARKET_REGULATION', 'PREFECTURE_COMMERCE'],
  'Traceability.bookings': LEDGER,
  'Traceability.discrepancies': DISCREPANCY_READERS,
  'TraceBooking.*': LEDGER,
  'Query.discrepancies': DISCREPANCY_READERS,
  'DiscrepancyConnection.*': DISCREPANCY_READERS,
  'DiscrepancyEdge.*': DISCREPANCY_READERS,
  'Discrepancy.*': DISCREPANCY_READERS,
  'DiscrepancyResolution.*': DISCREPANCY_READERS,
  'Query.discrepancyCounts': [...DISCREPANCY_READERS, 'ANALYST'],
  'DiscrepancyCount.*': [...DISCREPANCY_READERS, 'ANALYST'],
  'Mutation.resolveDiscrepancy': ['COMMERCE', 'CUSTOMS', 'MARKET_REGULATION'],

  // ── audit (SPEC §10) ─────────────────────────────────────────────────────────────────────
  'Query.auditLog': ['AUDITOR'],
  'AccessLogConnection.*': ['AUDITOR'],
  'AccessLogEdge.*': ['AUDITOR'],
  'AccessLogEntry.*': ['AUDITOR'],

  // ── change feed and push (SPEC §16) ─────────────────────────────────────────────────────
  // Every agency may follow the feed; which entities (FORBIDDEN when asked for one it may not read)
  // and which rows is decided inside (feed/rules.ts mayFollow reads this matrix; rows: each
  // module's policy). Webhooks and their deliveries are the caller's own (sub + agency + org).
  'Query.changes': ALL,
  'ChangeConnection.*': ALL,
  'ChangeEdge.*': ALL,
  'Change.*': ALL,
  'Query.webhooks': ALL,
  'Query.webhookDeliveries': ALL,
  'Mutation.createWebhook': ALL,
  'Mutation.deleteWebhook': ALL,
  'Webhook.*': ALL,
  'WebhookDelivery.*': ALL,
};

/**
 * Which objects belong to which ENTERPRISE/COOPERATIVE, for rows that say OWN. Every type with
 * an OWN row needs an entry (tested). Parents are the values the resolvers return.
 */
function ownDeclaration(d: { destinationEnterpriseId?: string | null; cooperativeId?: string | null }, v: Viewer): boolean {
  return (v.agency === 'ENTERPRISE' && d.destinationEnterpriseId === v.org) || (v.agency === 'COOPERATIVE' && d.cooperativeId === v.org);
}

export const OWNERS: Record<string, (parent: any, viewer: Viewer) => boolean> = {
  MonthlyReturnRow: (r, v) => v.agency === 'ENTERPRISE' && r.enterpriseId === v.org,
  Enterprise: (e, v) => v.agency === 'ENTERPRISE' && e.id === v.org,
  LegalRepresentative: (l, v) => v.agency === 'ENTERPRISE' && l.enterpriseId === v.org,
  Cooperative: (c, v) => v.agency === 'COOPERATIVE' && c.id === v.org,
  CooperativeHead: (h, v) => v.agency === 'COOPERATIVE' && h.cooperativeId === v.org,
  // §14: a cooperative's current and past members (memberOf: every cooperative the resident has a membership of).
  BorderResident: (r, v) => v.agency === 'COOPERATIVE' && Array.isArray(r.memberOf) && r.memberOf.includes(v.org),
  Membership: (m, v) => v.agency === 'COOPERATIVE' && m.cooperativeId === v.org,
  // ── ledger (SPEC §9: own ENTERPRISE; a cooperative's own quarterly reports)
  LedgerEntry: (r, v) => v.agency === 'ENTERPRISE' && r.enterpriseId === v.org,
  MonthlyReport: (r, v) => v.agency === 'ENTERPRISE' && r.enterpriseId === v.org,
  AnnualReport: (r, v) => v.agency === 'ENTERPRISE' && r.enterpriseId === v.org,
  ReportDiscrepancy: (r, v) => v.agency === 'ENTERPRISE' && r.enterpriseId === v.org,
  Stock: (r, v) => v.agency === 'ENTERPRISE' && r.enterpriseId === v.org,
  WriteOff: (r, v) => v.agency === 'ENTERPRISE' && r.enterpriseId === v.org,
  TraceBooking: (r, v) => v.agency === 'ENTERPRISE' && r.enterpriseId === v.org,
  ProcessingStats: (r, v) => v.agency === 'ENTERPRISE' && r.enterpriseId === v.org,
  AnnualSummary: (r, v) => v.agency === 'ENTERPRISE' && r.enterpriseId === v.org,
  LedgerSummary: (r, v) => v.agency === 'ENTERPRISE' && r.enterpriseId === v.org,
  QuarterlyReport: (r, v) => (v.agency === 'ENTERPRISE' && r.enterpriseId != null && r.enterpriseId === v.org)
    || (v.agency === 'COOPERATIVE' && r.cooperativeId != null && r.cooperativeId === v.org),
  // customs: the receiving enterprise (inbound) and the declaring cooperative
  CustomsDeclaration: ownDeclaration,
  DeclarationLine: ownDeclaration,
  Facilitation: ownDeclaration,
  Custody: ownDeclaration,
  Traceability: ownDeclaration,
  FactoryEntry: (f, v) => (v.agency === 'ENTERPRISE' && f.enterpriseId === v.org)
    || (v.agency === 'COOPERATIVE' && Array.isArray(f.cooperativeIds) && f.cooperativeIds.includes(v.org)),
};

/** Masked renderings (§9 "masked" column). */
export const MASKS: Record<string, (value: any) => any> = {
  /** 652702********123X: first 6 and last 4 of a resident ID number. */
  'BorderResident.idNumber': (v: string | null) => (v == null ? v : `${v.slice(0, 6)}********${v.slice(-4)}`),
  'CustomsDeclaration.agentIdNumber': (v: string | null) => (v == null ? v : `${v.slice(0, 6)}********${v.slice(-4)}`),
};

/**
 * Fields of the §9 classes contact, identity and resident name: when one is returned, the id of
 * its record goes into the access log (SPEC §10). Value: the record id from the parent object.
 */
export const PERSONAL: Record<string, (parent: any) => string> = {
  'LegalRepresentative.name': (l) => l.enterpriseId,
  'LegalRepresentative.phone': (l) => l.enterpriseId,
  'LegalRepresentative.address': (l) => l.enterpriseId,
  'CooperativeHead.name': (h) => h.cooperativeId,
  'CooperativeHead.mobile': (h) => h.cooperativeId,
  'Cooperative.phone': (c) => c.id,
  'BorderResident.name': (r) => r.id,
  'BorderResident.idNumber': (r) => r.id,
  'BorderResident.county': (r) => r.id,
  'BorderResident.township': (r) => r.id,
  'BorderResident.residenceBasis': (r) => r.id,
  'BorderResident.residencePresumed': (r) => r.id,
  // §14: membership dates are tracked like the name (the resident's id).
  'Membership.joinedOn': (m) => m.residentId,
  'Membership.leftOn': (m) => m.residentId,
  'CustomsDeclaration.agentIdNumber': (d) => d.id,
};

export type Level = 'full' | 'masked' | 'none';

/** How a viewer may see a coordinate; `parent` is needed only for OWN rows. */
export function accessLevel(access: Access | undefined, viewer: Viewer, typeName: string, parent: unknown): Level {
  if (!access) return 'none';
  const full = 'full' in access ? access.full : access;
  const masked = 'full' in access ? access.masked : [];
  const owner = 'full' in access && access.owner ? access.owner : OWNERS[typeName];
  const own = () => owner?.(parent, viewer) ?? false;
  if (full.includes(viewer.agency) || (full.includes('OWN') && own())) return 'full';
  if (masked.includes(viewer.agency) || (masked.includes('OWN') && own())) return 'masked';
  return 'none';
}

/**
 * Whether an agency may see a coordinate on any row at all (listed, or OWN for an agency whose
 * tokens name an organisation): code that reads data ahead of the field's resolution uses it so
 * that a field the viewer can never see is not even fetched.
 */
export function mayEverRead(typeName: string, fieldName: string, agency: Agency): boolean {
  const access = accessOf(typeName, fieldName);
  if (!access) return false;
  const who = 'full' in access ? [...access.full, ...access.masked] : access;
  return who.includes(agency) || (who.includes('OWN') && ORG_AGENCIES.includes(agency));
}

/** The row of a coordinate: its own, else its type's wildcard. */
export const accessOf = (typeName: string, fieldName: string): Access | undefined =>
  READ[`${typeName}.${fieldName}`] ?? READ[`${typeName}.*`];
