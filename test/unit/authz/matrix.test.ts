/**
 * The §9 grid, written out again from SPEC §9 (data classes, writes) and §12 (who calls which
 * mutation), and checked against authz/matrix.ts coordinate by coordinate, for every agency. The
 * expected rows below are read off the spec table, not copied from READ: a row that drifts from
 * the spec fails here without a database (the schema-wide checks are in test/integration/authz).
 */
import { describe, expect, it } from 'vitest';
import { AGENCIES, type Agency, type Viewer } from '../../../src/authz/agencies';
import { MASKS, OWNERS, PERSONAL, READ, accessLevel, accessOf, type Level } from '../../../src/authz/matrix';

const ENT = '0f8fad5b-d9cb-469f-a165-70867728950e';
const COOP = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const OTHER = '1f8fad5b-d9cb-469f-a165-70867728950e';
const THIRD = '2f8fad5b-d9cb-469f-a165-70867728950e';
const v = (agency: Agency, org: string | null = null): Viewer => ({ sub: 't', agency, org });

type Who = Agency | 'OWN';
/** `ownKinds`: which of the object's owners OWN means for this row (default: every owner of the type). */
interface Row { full: readonly Who[]; masked?: readonly Who[]; ownKinds?: readonly Agency[] }

// ── §9 data classes, as the spec table states them ──────────────────────────────────────────
const EVERYONE: Row = { full: AGENCIES };
const AGGREGATE: Row = { full: AGENCIES.filter((a) => a !== 'ENTERPRISE' && a !== 'COOPERATIVE') };
/** contact: COMMERCE, MARKET_REGULATION, own ENTERPRISE/COOPERATIVE; CUSTOMS the name only. */
const CONTACT: Row = { full: ['COMMERCE', 'MARKET_REGULATION', 'OWN'] };
const CONTACT_NAME: Row = { full: ['COMMERCE', 'MARKET_REGULATION', 'OWN', 'CUSTOMS'] };
/** identity: CUSTOMS and the own cooperative in full; COMMERCE and MARKET_REGULATION masked. */
const IDENTITY: Row = { full: ['CUSTOMS', 'OWN'], masked: ['COMMERCE', 'MARKET_REGULATION'] };
const RESIDENT_NAME: Row = { full: ['CUSTOMS', 'COMMERCE', 'MARKET_REGULATION', 'OWN'] };
/** declaration: CUSTOMS, COMMERCE, OPERATOR, own ENTERPRISE (inbound), own COOPERATIVE. */
const DECLARATION: Row = { full: ['CUSTOMS', 'COMMERCE', 'OPERATOR', 'OWN'] };
/**
 * ledger: COMMERCE, TAX, PREFECTURE_COMMERCE, own ENTERPRISE; CUSTOMS: LedgerSummary only. §13
 * changes §9: MARKET_REGULATION gains read access to the ledger class (the write-off).
 */
const LEDGER: Row = { full: ['COMMERCE', 'TAX', 'PREFECTURE_COMMERCE', 'MARKET_REGULATION', 'OWN'] };
const LEDGER_SUMMARY: Row = { full: ['COMMERCE', 'TAX', 'PREFECTURE_COMMERCE', 'MARKET_REGULATION', 'OWN', 'CUSTOMS'] };
const LEDGER_ROOTS = ['COMMERCE', 'TAX', 'PREFECTURE_COMMERCE', 'MARKET_REGULATION', 'ENTERPRISE'] as const;
/** §13 discrepancies: COMMERCE, PREFECTURE_COMMERCE, MARKET_REGULATION all kinds, CUSTOMS and TAX their kinds, ENTERPRISE its own. */
const DISCREPANCY_READERS = ['COMMERCE', 'PREFECTURE_COMMERCE', 'MARKET_REGULATION', 'CUSTOMS', 'TAX', 'ENTERPRISE'] as const;
/** tax: TAX; COMMERCE vatPaidYuan and period only. */
const TAX_ONLY: Row = { full: ['TAX'] };
const TAX_AND_COMMERCE: Row = { full: ['TAX', 'COMMERCE'] };
/** market: MARKET_REGULATION, COMMERCE everything; everyone else subject and result/action only. */
const MARKET_FULL: Row = { full: ['MARKET_REGULATION', 'COMMERCE'] };
const AUDIT: Row = { full: ['AUDITOR'] };

/** Root fields never say OWN: they name ENTERPRISE/COOPERATIVE, and the resolver scopes the rows. */
const roots = (...who: Agency[]): Row => ({ full: who });

const GRID: [coordinate: string, row: Row][] = [
  // registry: all agencies
  ...['name', 'uscc', 'filingNo', 'status', 'county', 'contracts', 'capacityTonnesPerYear', 'declaredValueAddRate', 'declaredLossRate']
    .map((f): [string, Row] => [`Enterprise.${f}`, EVERYONE]),
  ...['name', 'filingNo', 'status', 'commodities', 'contracts', 'dormant'].map((f): [string, Row] => [`Cooperative.${f}`, EVERYONE]),
  ['SupplyContract.hsCodes', EVERYONE],
  ['Query.enterprise', EVERYONE], ['Query.enterprises', EVERYONE], ['Query.cooperative', EVERYONE], ['Query.cooperatives', EVERYONE],
  // contact
  ['Enterprise.legalRepresentative', CONTACT_NAME],
  ['LegalRepresentative.name', CONTACT_NAME],
  ['LegalRepresentative.phone', CONTACT],
  ['LegalRepresentative.address', CONTACT],
  ['Cooperative.head', CONTACT_NAME],
  ['CooperativeHead.name', CONTACT_NAME],
  ['CooperativeHead.mobile', CONTACT],
  ['Cooperative.phone', CONTACT],
  // identity and resident name
  ['BorderResident.idNumber', IDENTITY],
  ['BorderResident.name', RESIDENT_NAME],
  ['Cooperative.members', RESIDENT_NAME],
  // a lookup BY ID number is an identity read: full identity rights only (own COOPERATIVE: row-scoped to its members)
  ['Query.resident', roots('CUSTOMS', 'COOPERATIVE')],
  // §14 (issue 12 item 6): residence and membership dates are personal data when joined to a name:
  // the resident-name class; the ID number rules stay as they are.
  ...['county', 'township', 'residenceBasis', 'residencePresumed', 'memberships']
    .map((f): [string, Row] => [`BorderResident.${f}`, RESIDENT_NAME]),
  ...['cooperative', 'resident', 'joinedOn', 'leftOn'].map((f): [string, Row] => [`Membership.${f}`, RESIDENT_NAME]),
  // whether a resident may trade says neither who nor where (matrix.ts); the township list is published reference data
  ['BorderResident.eligible', EVERYONE],
  ['Query.borderTownships', EVERYONE], ['BorderTownship.township', EVERYONE], ['BorderTownship.validTo', EVERYONE],
  // §14 credit: the entry's subject and result for everyone, the rest market class
  ['DishonestListEntry.subject', EVERYONE], ['DishonestListEntry.status', EVERYONE],
  ...['basis', 'noticeOn', 'removedOn', 'removalReason', 'reason', 'listedOn']
    .map((f): [string, Row] => [`DishonestListEntry.${f}`, MARKET_FULL]),
  // declaration
  ['CustomsDeclaration.declarationNo', DECLARATION],
  ['CustomsDeclaration.valueYuan', DECLARATION],
  ['CustomsDeclaration.agent', DECLARATION],
  ['DeclarationLine.hsCode', DECLARATION],
  ['Facilitation.directTransport', DECLARATION],
  ['FactoryEntry.sealNo', DECLARATION],
  /** An ID number is identity data: the declaration readers that also read identities (§9). */
  ['CustomsDeclaration.agentIdNumber', { full: ['CUSTOMS', 'OWN'], masked: ['COMMERCE'], ownKinds: ['COOPERATIVE'] }],
  ['Query.declaration', roots('CUSTOMS', 'COMMERCE', 'OPERATOR', 'ENTERPRISE', 'COOPERATIVE')],
  ['Query.declarations', roots('CUSTOMS', 'COMMERCE', 'OPERATOR', 'ENTERPRISE', 'COOPERATIVE')],
  ['Query.factoryEntries', roots('CUSTOMS', 'COMMERCE', 'OPERATOR', 'ENTERPRISE', 'COOPERATIVE')],
  // ledger
  ['LedgerEntry.amountYuan', LEDGER],
  ['MonthlyReport.lossKg', LEDGER],
  ['QuarterlyReport.period', LEDGER],
  ['ReportDiscrepancy.field', LEDGER],
  ['Enterprise.processingStats', LEDGER],
  ['ProcessingStats.valueAddRate', LEDGER],
  ['Enterprise.annualSummary', LEDGER],
  ['MonthlyReturnRow.valueAddRate', LEDGER],
  ['LedgerSummary.valueAddRate', LEDGER_SUMMARY],
  ['Query.ledgerEntries', roots(...LEDGER_ROOTS)],
  ['Query.monthlyReports', roots(...LEDGER_ROOTS)],
  ['Query.monthlyReturn', roots(...LEDGER_ROOTS)],
  ['Query.quarterlyReports', roots(...LEDGER_ROOTS, 'COOPERATIVE')],
  ['Query.ledgerSummaries', roots(...LEDGER_ROOTS, 'CUSTOMS')],
  // chain of custody (§13)
  ['Enterprise.stock', LEDGER], ['Stock.rawKg', LEDGER],
  ['Enterprise.writeOff', LEDGER], ['WriteOff.balanced', LEDGER],
  ['TraceBooking.bookedKg', LEDGER],
  ['CustomsDeclaration.custody', DECLARATION],
  ['FactoryEntry.receivedKg', DECLARATION], ['FactoryEntry.declaredKg', DECLARATION],
  ['Custody.stage', { full: ['CUSTOMS', 'COMMERCE', 'OPERATOR', 'MARKET_REGULATION', 'PREFECTURE_COMMERCE', 'OWN'] }],
  ['Query.traceability', roots('CUSTOMS', 'COMMERCE', 'OPERATOR', 'PREFECTURE_COMMERCE', 'MARKET_REGULATION', 'TAX', 'ENTERPRISE')],
  ['Traceability.declaration', DECLARATION],
  ['Traceability.bookings', LEDGER],
  ['Query.discrepancies', roots(...DISCREPANCY_READERS)],
  ['Discrepancy.kind', roots(...DISCREPANCY_READERS)],
  ['Discrepancy.subject', roots(...DISCREPANCY_READERS)],
  ['Query.discrepancyCounts', roots(...DISCREPANCY_READERS, 'ANALYST')],
  ['DiscrepancyCount.count', roots(...DISCREPANCY_READERS, 'ANALYST')],
  ['Mutation.resolveDiscrepancy', roots('COMMERCE', 'CUSTOMS', 'MARKET_REGULATION')],
  // tax
  ['TaxRecord.period', TAX_AND_COMMERCE],
  ['TaxRecord.vatPaidYuan', TAX_AND_COMMERCE],
  ['TaxRecord.outputVatYuan', TAX_ONLY],
  ['TaxRecord.inputVatYuan', TAX_ONLY],
  ['TaxRecord.salesInvoicedYuan', TAX_ONLY],
  ['TaxRecord.agriculturalInputDeductionYuan', TAX_ONLY],
  ['Query.taxRecords', TAX_AND_COMMERCE],
  // market
  ['Shop.name', EVERYONE], ['Shop.stallNo', EVERYONE], ['Shop.status', EVERYONE],
  ['Shop.operatorName', MARKET_FULL], ['Shop.licenseNo', MARKET_FULL],
  ['Inspection.subject', EVERYONE], ['Inspection.subjectType', EVERYONE], ['Inspection.result', EVERYONE],
  ['Inspection.findings', MARKET_FULL], ['Inspection.inspectedOn', MARKET_FULL], ['Inspection.agency', MARKET_FULL],
  ['SupervisionAction.subject', EVERYONE], ['SupervisionAction.action', EVERYONE],
  ['SupervisionAction.reason', MARKET_FULL], ['SupervisionAction.decidedOn', MARKET_FULL], ['SupervisionAction.decidedBy', MARKET_FULL],
  ['SupervisionAction.statusAfter', MARKET_FULL],
  ['DishonestListEntry.subject', EVERYONE], ['DishonestListEntry.listedOn', MARKET_FULL], ['DishonestListEntry.reason', MARKET_FULL],
  ['Query.shops', EVERYONE], ['Query.inspections', EVERYONE], ['Query.supervisionActions', EVERYONE], ['Query.dishonestList', EVERYONE],
  // aggregates (enterpriseAssessments: everyone, the resolver cuts ENTERPRISE/COOPERATIVE to their own row)
  ['Query.quotaStatus', AGGREGATE], ['QuotaStatus.consumedYuan', AGGREGATE],
  ['Query.earlyWarnings', AGGREGATE], ['EarlyWarning.consumptionRatio', AGGREGATE],
  ['Query.tradeStats', AGGREGATE], ['TradeStatRow.valueYuan', AGGREGATE],
  ['Query.enterpriseAssessments', EVERYONE], ['EnterpriseAssessment.completed', EVERYONE],
  // audit
  ['Query.auditLog', AUDIT], ['AccessLogConnection.edges', AUDIT], ['AccessLogEdge.node', AUDIT], ['AccessLogEntry.variables', AUDIT],
  // writes (§9 "Writes", §12 mutations; COMMERCE may act for any enterprise)
  ...['fileEnterprise', 'approveEnterprise', 'fileCooperative', 'approveCooperative', 'signSupplyContract', 'setAnnualPlan',
    'setAssessmentTarget', 'setCalendarDays', 'setBorderTownships', 'addCooperativeMembers', 'removeCooperativeMember']
    .map((m): [string, Row] => [`Mutation.${m}`, roots('COMMERCE')]),
  // §14: removal from the dishonest list by MARKET_REGULATION and COMMERCE; a rectification is a supervision action (§9 writes)
  ['Mutation.removeFromDishonestList', roots('MARKET_REGULATION', 'COMMERCE')],
  ['Mutation.recordRectification', roots('COMMERCE', 'MARKET_REGULATION')],
  ['Mutation.recordNonCompliance', roots('COMMERCE', 'MARKET_REGULATION')],
  ['Mutation.submitDeclarations', roots('CUSTOMS')],
  ['Mutation.recordInspectionResult', roots('CUSTOMS')],
  ['Mutation.recordFactoryEntries', roots('ENTERPRISE', 'COMMERCE')],
  ['Mutation.submitLedgerEntries', roots('ENTERPRISE', 'COMMERCE')],
  ['Mutation.submitMonthlyReport', roots('ENTERPRISE', 'COMMERCE')],
  /** Cooperatives' 购销报表 and enterprises' quarterly reports (§6, §15). */
  ['Mutation.submitQuarterlyReport', roots('COOPERATIVE', 'ENTERPRISE')],
  ['Mutation.submitTaxRecords', roots('TAX')],
  ...['registerShop', 'issueBusinessLicense', 'recordInspection', 'addToDishonestList'].map((m): [string, Row] => [`Mutation.${m}`, roots('MARKET_REGULATION')]),
];

/**
 * A parent object of each type that belongs to the ENTERPRISE viewer (org ENT) and/or the
 * COOPERATIVE viewer (org COOP), and which of the two own it. Unlisted types: an enterprise's rows.
 */
const OWNED: Record<string, [parent: Record<string, unknown>, ownedBy: readonly Agency[]]> = {
  Cooperative: [{ id: COOP }, ['COOPERATIVE']],
  CooperativeHead: [{ cooperativeId: COOP }, ['COOPERATIVE']],
  BorderResident: [{ id: 'r1', memberOf: [COOP] }, ['COOPERATIVE']],
  Membership: [{ residentId: 'r1', cooperativeId: COOP }, ['COOPERATIVE']],
  Enterprise: [{ id: ENT }, ['ENTERPRISE']],
  CustomsDeclaration: [{ id: 'd1', destinationEnterpriseId: ENT, cooperativeId: COOP }, ['ENTERPRISE', 'COOPERATIVE']],
  DeclarationLine: [{ destinationEnterpriseId: ENT, cooperativeId: COOP }, ['ENTERPRISE', 'COOPERATIVE']],
  Facilitation: [{ destinationEnterpriseId: ENT, cooperativeId: COOP }, ['ENTERPRISE', 'COOPERATIVE']],
  FactoryEntry: [{ enterpriseId: ENT, cooperativeIds: [COOP] }, ['ENTERPRISE', 'COOPERATIVE']],
  Custody: [{ destinationEnterpriseId: ENT, cooperativeId: COOP }, ['ENTERPRISE', 'COOPERATIVE']],
  Traceability: [{ destinationEnterpriseId: ENT, cooperativeId: COOP }, ['ENTERPRISE', 'COOPERATIVE']],
  QuarterlyReport: [{ enterpriseId: ENT, cooperativeId: COOP }, ['ENTERPRISE', 'COOPERATIVE']],
};
const owned = (type: string) => OWNED[type] ?? [{ enterpriseId: ENT }, ['ENTERPRISE']];
/** The same object, owned by none of the test viewers (orgs ENT, COOP, OTHER). */
const foreignParent = (type: string) => JSON.parse(JSON.stringify(owned(type)[0]).replaceAll(ENT, THIRD).replaceAll(COOP, THIRD));

function expected(row: Row, viewer: Viewer, owns: boolean): Level {
  const has = (list: readonly Who[] | undefined) => !!list && (list.includes(viewer.agency) || (list.includes('OWN') && owns));
  return has(row.full) ? 'full' : has(row.masked) ? 'masked' : 'none';
}

const level = (coordinate: string, viewer: Viewer, parent: unknown) => {
  const [type, field] = coordinate.split('.') as [string, string];
  return accessLevel(accessOf(type, field), viewer, type, parent);
};

describe('the §9 grid, coordinate by coordinate and agency by agency', () => {
  const viewers: [string, Viewer][] = [
    ...AGENCIES.filter((a) => a !== 'ENTERPRISE' && a !== 'COOPERATIVE').map((a): [string, Viewer] => [a, v(a)]),
    ['own ENTERPRISE', v('ENTERPRISE', ENT)],
    ['own COOPERATIVE', v('COOPERATIVE', COOP)],
  ];
  it.each(GRID)('%s', (coordinate, row) => {
    const type = coordinate.split('.')[0]!;
    const got: Record<string, Level> = {};
    const want: Record<string, Level> = {};
    for (const [name, viewer] of viewers) {
      const [parent, ownedBy] = owned(type);
      got[name] = level(coordinate, viewer, parent);
      want[name] = expected(row, viewer, ownedBy.includes(viewer.agency) && (row.ownKinds ?? ownedBy).includes(viewer.agency));
      // Someone else's object, seen with another org: OWN does not apply.
      got[`other ${viewer.agency}`] ??= level(coordinate, v(viewer.agency, OTHER), foreignParent(type));
      want[`other ${viewer.agency}`] ??= expected(row, v(viewer.agency, OTHER), false);
    }
    expect(got).toEqual(want);
  });

  it('denies a coordinate without a row, and reads a field row before its type wildcard', () => {
    expect(accessOf('Enterprise', 'noSuchField')).toBeUndefined();
    expect(level('Nothing.here', v('COMMERCE'), {})).toBe('none');
    expect(level('TaxRecord.period', v('COMMERCE'), {})).toBe('full');
    expect(level('TaxRecord.outputVatYuan', v('COMMERCE'), {})).toBe('none');
  });
});

describe('per-enterprise inbound totals (Enterprise.inboundDeclarations)', () => {
  // Totals without personal data, read like an aggregate; an enterprise sees its own, and neither
  // other enterprises nor cooperatives see a competitor's volume. (MARKET_REGULATION and AUDITOR
  // are left out of this check: §9 does not name this field.)
  it.each([
    ...(['CUSTOMS', 'COMMERCE', 'OPERATOR', 'PREFECTURE_COMMERCE', 'TAX', 'ANALYST'] as const).map((a) => [a, null, 'full'] as const),
    ['ENTERPRISE', ENT, 'full'], ['ENTERPRISE', OTHER, 'none'], ['COOPERATIVE', COOP, 'none'],
  ] as const)('%s (org %s): %s', (agency, org, want) => {
    expect(level('Enterprise.inboundDeclarations', v(agency, org), { id: ENT })).toBe(want);
  });
});

describe('accessLevel on rows with OWN', () => {
  const ent = v('ENTERPRISE', ENT);
  it('gives the masked level to an owner listed under masked', () => {
    const row = { full: ['CUSTOMS'], masked: ['OWN'] } as const;
    expect(accessLevel(row, ent, 'Enterprise', { id: ENT })).toBe('masked');
    expect(accessLevel(row, ent, 'Enterprise', { id: OTHER })).toBe('none');
    expect(accessLevel(row, v('COMMERCE'), 'Enterprise', { id: ENT })).toBe('none');
  });

  it('denies OWN on a type that has no owner function (deny by default)', () => {
    expect(accessLevel(['OWN'], ent, 'NoSuchType', { id: ENT })).toBe('none');
    expect(accessLevel({ full: ['OWN'], masked: ['OWN'] }, ent, 'NoSuchType', { id: ENT })).toBe('none');
  });
});

describe('masks (§9 identity: first 6 and last 4)', () => {
  it.each(['BorderResident.idNumber', 'CustomsDeclaration.agentIdNumber'])('%s', (coordinate) => {
    const mask = MASKS[coordinate]!;
    expect(mask('652702198001011234')).toBe('652702********1234');
    expect(mask('65270219800101123X')).toBe('652702********123X');
    expect(mask(null)).toBeNull();
  });
});

describe('owners: who OWN is, per type', () => {
  const ent = v('ENTERPRISE', ENT);
  const coop = v('COOPERATIVE', COOP);
  /** [type, parent owned by `ent` or `coop`, which viewer owns it] */
  const single: [string, Record<string, unknown>, Viewer][] = [
    ['MonthlyReturnRow', { enterpriseId: ENT }, ent],
    ['Enterprise', { id: ENT }, ent],
    ['LegalRepresentative', { enterpriseId: ENT }, ent],
    ['LedgerEntry', { enterpriseId: ENT }, ent],
    ['MonthlyReport', { enterpriseId: ENT }, ent],
    ['ReportDiscrepancy', { enterpriseId: ENT }, ent],
    ['Stock', { enterpriseId: ENT }, ent],
    ['WriteOff', { enterpriseId: ENT }, ent],
    ['TraceBooking', { enterpriseId: ENT }, ent],
    ['ProcessingStats', { enterpriseId: ENT }, ent],
    ['AnnualSummary', { enterpriseId: ENT }, ent],
    ['LedgerSummary', { enterpriseId: ENT }, ent],
    ['Cooperative', { id: COOP }, coop],
    ['CooperativeHead', { cooperativeId: COOP }, coop],
    // §14: a cooperative owns its current and past members (memberOf) and its own memberships.
    ['BorderResident', { memberOf: [THIRD, COOP] }, coop],
    ['Membership', { cooperativeId: COOP }, coop],
  ];
  it.each(single)('%s belongs to its own org of the right kind only', (type, parent, owner) => {
    const owns = OWNERS[type]!;
    const otherKind = owner.agency === 'ENTERPRISE' ? 'COOPERATIVE' : 'ENTERPRISE';
    expect(owns(parent, owner)).toBe(true);
    expect(owns(parent, v(owner.agency, OTHER))).toBe(false);
    // The same id in a token of the other kind (or of an agency) owns nothing.
    expect(owns(parent, v(otherKind, owner.org))).toBe(false);
    expect(owns(parent, v('COMMERCE', owner.org))).toBe(false);
  });

  it.each(['CustomsDeclaration', 'DeclarationLine', 'Facilitation'])('%s belongs to its receiving enterprise and its declaring cooperative', (type) => {
    const owns = OWNERS[type]!;
    const d = { destinationEnterpriseId: ENT, cooperativeId: COOP };
    expect([owns(d, ent), owns(d, coop)]).toEqual([true, true]);
    expect([owns(d, v('ENTERPRISE', OTHER)), owns(d, v('COOPERATIVE', OTHER))]).toEqual([false, false]);
    // Ids are compared within their kind: the enterprise's id in a cooperative token, and back.
    expect([owns(d, v('COOPERATIVE', ENT)), owns(d, v('ENTERPRISE', COOP))]).toEqual([false, false]);
    expect(owns({ destinationEnterpriseId: null, cooperativeId: COOP }, ent)).toBe(false);
  });

  it('a factory entry belongs to its enterprise and to each cooperative of its declarations', () => {
    const owns = OWNERS.FactoryEntry!;
    const f = { enterpriseId: ENT, cooperativeIds: [OTHER, COOP] };
    expect([owns(f, ent), owns(f, coop)]).toEqual([true, true]);
    expect([owns(f, v('ENTERPRISE', OTHER)), owns({ ...f, cooperativeIds: [OTHER] }, coop)]).toEqual([false, false]);
    expect([owns(f, v('COOPERATIVE', ENT)), owns(f, v('ENTERPRISE', COOP))]).toEqual([false, false]);
    expect(owns({ enterpriseId: ENT }, coop)).toBe(false);
  });

  it('a quarterly report belongs to the enterprise or the cooperative that filed it; a missing id matches no one', () => {
    const owns = OWNERS.QuarterlyReport!;
    expect(owns({ enterpriseId: ENT, cooperativeId: null }, ent)).toBe(true);
    expect(owns({ enterpriseId: null, cooperativeId: COOP }, coop)).toBe(true);
    expect(owns({ enterpriseId: ENT, cooperativeId: null }, v('ENTERPRISE', OTHER))).toBe(false);
    expect(owns({ enterpriseId: null, cooperativeId: COOP }, v('COOPERATIVE', OTHER))).toBe(false);
    expect(owns({ enterpriseId: ENT, cooperativeId: null }, v('COOPERATIVE', ENT))).toBe(false);
    expect(owns({ enterpriseId: null, cooperativeId: COOP }, v('ENTERPRISE', COOP))).toBe(false);
    // A token without an org never owns a report whose other side is empty.
    expect(owns({ enterpriseId: null, cooperativeId: null }, v('ENTERPRISE', null))).toBe(false);
    expect(owns({ enterpriseId: null, cooperativeId: null }, v('COOPERATIVE', null))).toBe(false);
  });

  it('the agent ID number belongs to the declaring cooperative, not to the receiving enterprise', () => {
    const row = READ['CustomsDeclaration.agentIdNumber']!;
    const d = { destinationEnterpriseId: ENT, cooperativeId: COOP };
    expect(accessLevel(row, coop, 'CustomsDeclaration', d)).toBe('full');
    expect(accessLevel(row, ent, 'CustomsDeclaration', d)).toBe('none');
    expect(accessLevel(row, v('COOPERATIVE', OTHER), 'CustomsDeclaration', d)).toBe('none');
    expect(accessLevel(row, v('COOPERATIVE', null), 'CustomsDeclaration', { destinationEnterpriseId: ENT, cooperativeId: null })).toBe('none');
    expect(accessLevel(row, v('ENTERPRISE', COOP), 'CustomsDeclaration', d)).toBe('none');
  });
});

describe('personal fields go to the access log with their record id (§10)', () => {
  const parent = { id: 'self', enterpriseId: 'the-enterprise', cooperativeId: 'the-cooperative', residentId: 'the-resident' };
  it.each([
    ['LegalRepresentative.name', 'the-enterprise'],
    ['LegalRepresentative.phone', 'the-enterprise'],
    ['LegalRepresentative.address', 'the-enterprise'],
    ['CooperativeHead.name', 'the-cooperative'],
    ['CooperativeHead.mobile', 'the-cooperative'],
    ['Cooperative.phone', 'self'],
    ['BorderResident.idNumber', 'self'],
    ['BorderResident.name', 'self'],
    // §14: residence and membership dates, like the name (the resident's id)
    ['BorderResident.county', 'self'],
    ['BorderResident.township', 'self'],
    ['BorderResident.residenceBasis', 'self'],
    ['BorderResident.residencePresumed', 'self'],
    ['Membership.joinedOn', 'the-resident'],
    ['Membership.leftOn', 'the-resident'],
    ['CustomsDeclaration.agentIdNumber', 'self'],
  ])('%s logs %s', (coordinate, id) => {
    expect(PERSONAL[coordinate]?.(parent)).toBe(id);
  });
});
