/** Market-regulation writes (SPEC §7, §8, §12): each one transaction; a rejected write stores nothing. */
import { and, eq, gte, isNull, max, sql } from 'drizzle-orm';
import type { Viewer } from '../../authz/agencies';
import type { Db, DbOrTx, Tx } from '../../db/client';
import { isUniqueViolation, pgError } from '../../db/errors';
import { badInput } from '../../shared/errors';
import { isUuid } from '../../shared/ids';
import { beijingToday } from '../../shared/time';
import { cooperativesTable, enterprisesTable, supplyContractsTable, type CooperativeRow } from '../registry/table';
import { APPLICABLE_REASONS, decideAction, isReasonApplicable } from './rules';
import {
  dishonestListEntriesTable, inspectionsTable, shopsTable, supervisionActionsTable,
  type DishonestListEntryRow, type InspectionRow, type ShopRow, type SupervisionActionRow,
} from './table';
import type { DishonestListInput, InspectionInput, MarketSubjectType, NonComplianceInput, ShopInput } from './types';


function required(field: string, v: string | undefined | null, maxLength = 200): string {
  const s = v?.trim() ?? '';
  if (!s) throw badInput(field, 'MISSING_FIELD', `${field} is required.`);
  if (s.length > maxLength) throw badInput(field, 'INVALID_VALUE', `${field} is at most ${maxLength} characters.`);
  return s;
}

/** Records of what happened: dated today at the latest (Beijing). */
function notAfterToday(field: string, date: string) {
  const today = beijingToday();
  if (date > today) throw badInput(field, 'INVALID_DATE_RANGE', `${field} ${date} is after today (${today}, Beijing): record decisions and findings once they are made.`);
}

const SUBJECT_TABLES = { ENTERPRISE: enterprisesTable, COOPERATIVE: cooperativesTable, SHOP: shopsTable } as const;

/** The subject must exist: the polymorphic subject has no foreign key. */
async function requireSubject(db: DbOrTx, subjectType: MarketSubjectType, subjectId: string) {
  if (!isUuid(subjectId)) throw badInput('subjectId', 'NOT_FOUND', `"${subjectId}" is not an id of this hub.`);
  const t = SUBJECT_TABLES[subjectType];
  const [row] = await db.select({ id: t.id }).from(t).where(eq(t.id, subjectId)).limit(1);
  if (!row) throw badInput('subjectId', 'NOT_FOUND', `No ${subjectType.toLowerCase()} ${subjectId}.`);
}

export async function registerShop(db: Db, viewer: Viewer, input: ShopInput): Promise<ShopRow> {
  const values = {
    name: required('name', input.name),
    stallNo: required('stallNo', input.stallNo, 50),
    operatorName: required('operatorName', input.operatorName),
    licenseNo: input.licenseNo?.trim() || null,
    status: (input.status ?? 'OPERATING') as ShopRow['status'],
    source: viewer.agency,
  };
  try {
    const [row] = await db.insert(shopsTable).values(values).returning();
    return row!;
  } catch (e) {
    if (isUniqueViolation(e) && pgError(e)?.constraint === 'shops_stall_no_key') {
      throw badInput('stallNo', 'KEY_CONFLICT', `Stall ${values.stallNo} already has a registered shop.`);
    }
    throw e;
  }
}

/**
 * 营业执照 of a cooperative (SPEC §4: set by market regulation; a COOPERATIVE-kind cooperative
 * needs one before it can sign supply contracts). Re-issuing replaces the number (renewal).
 */
export async function issueBusinessLicense(db: Db, cooperativeId: string, licenseNo: string): Promise<CooperativeRow> {
  const no = required('licenseNo', licenseNo, 64).toUpperCase();
  if (!/^[0-9A-Z-]+$/.test(no)) throw badInput('licenseNo', 'INVALID_VALUE', 'licenseNo is the licence number: digits, letters and hyphens (usually the 18-character credit code).');
  if (!isUuid(cooperativeId)) throw badInput('cooperativeId', 'NOT_FOUND', `"${cooperativeId}" is not an id of this hub.`);
  return db.transaction(async (tx) => {
    const [other] = await tx.select({ id: cooperativesTable.id, filingNo: cooperativesTable.filingNo }).from(cooperativesTable)
      .where(and(eq(cooperativesTable.licenseNo, no), sql`${cooperativesTable.id} <> ${cooperativeId}`)).limit(1);
    if (other) throw badInput('licenseNo', 'KEY_CONFLICT', `Licence ${no} is already issued to cooperative ${other.filingNo}.`);
    const [row] = await tx.update(cooperativesTable).set({ licenseNo: no }).where(eq(cooperativesTable.id, cooperativeId)).returning();
    if (!row) throw badInput('cooperativeId', 'NOT_FOUND', `No cooperative ${cooperativeId}.`);
    return row;
  });
}

export async function recordInspection(db: Db, viewer: Viewer, input: InspectionInput): Promise<InspectionRow> {
  notAfterToday('inspectedOn', input.inspectedOn);
  await requireSubject(db, input.subjectType, input.subjectId);
  const [row] = await db.insert(inspectionsTable).values({
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    inspectedOn: input.inspectedOn,
    agency: input.agency ?? viewer.agency,
    findings: input.findings?.trim() || null,
    result: input.result,
    source: viewer.agency,
  }).returning();
  return row!;
}

export async function addToDishonestList(db: Db, viewer: Viewer, input: DishonestListInput): Promise<DishonestListEntryRow> {
  notAfterToday('listedOn', input.listedOn);
  const reason = required('reason', input.reason, 500);
  await requireSubject(db, input.subjectType, input.subjectId);
  try {
    const [row] = await db.insert(dishonestListEntriesTable).values({
      subjectType: input.subjectType, subjectId: input.subjectId, listedOn: input.listedOn, reason, source: viewer.agency,
    }).returning();
    return row!;
  } catch (e) {
    if (isUniqueViolation(e)) throw badInput('subjectId', 'DUPLICATE', 'This subject is already on the dishonest list.');
    throw e;
  }
}

/**
 * Ends the subject's contracts from `decidedOn` (SPEC §7 consequences): a contract still valid on
 * or after that day gets validTo = min(validTo, decidedOn − 1) and terminatedOn = decidedOn, so the
 * customs check validFrom ≤ date ≤ validTo fails for any later date. A contract that had not
 * started (validFrom ≥ decidedOn) cannot be cut below its validFrom (check constraint): it keeps
 * its dates and is ended by terminatedOn and by its party's status.
 */
async function terminateContracts(tx: Tx, subjectType: 'ENTERPRISE' | 'COOPERATIVE', subjectId: string, decidedOn: string) {
  const party = subjectType === 'ENTERPRISE' ? supplyContractsTable.enterpriseId : supplyContractsTable.cooperativeId;
  const lastDay = sql`(${decidedOn}::date - 1)`;
  await tx.update(supplyContractsTable).set({
    validTo: sql`case when ${supplyContractsTable.validFrom} <= ${lastDay} then least(${supplyContractsTable.validTo}, ${lastDay}) else ${supplyContractsTable.validTo} end`,
    terminatedOn: decidedOn,
  }).where(and(eq(party, subjectId), gte(supplyContractsTable.validTo, decidedOn), isNull(supplyContractsTable.terminatedOn)));
}

const REFUSED_RECTIFICATION_LISTING = '拒不整改 / refused rectification after a serious warning (附件4 四)';

/**
 * 违规处理 (SPEC §7 supervision ladder). The subject row is locked FOR UPDATE for the whole
 * transaction, so two simultaneous decisions on one enterprise are counted one after the other
 * (warning, then suspension), never both as the first.
 */
export async function recordNonCompliance(db: Db, viewer: Viewer, input: NonComplianceInput): Promise<SupervisionActionRow> {
  const subjectType = input.subjectType;
  if (subjectType === 'SHOP') {
    throw badInput('subjectType', 'REASON_NOT_APPLICABLE', 'The supervision ladder applies to enterprises and cooperatives; record a shop\'s findings with recordInspection.');
  }
  if (!isReasonApplicable(subjectType, input.reason)) {
    throw badInput('reason', 'REASON_NOT_APPLICABLE',
      `${input.reason} does not apply to ${subjectType === 'ENTERPRISE' ? 'an enterprise (附件3)' : 'a cooperative (附件4)'}; use one of ${APPLICABLE_REASONS[subjectType].join(', ')}.`);
  }
  notAfterToday('decidedOn', input.decidedOn);
  if (!isUuid(input.subjectId)) throw badInput('subjectId', 'NOT_FOUND', `"${input.subjectId}" is not an id of this hub.`);

  return db.transaction(async (tx) => {
    const t = subjectType === 'ENTERPRISE' ? enterprisesTable : cooperativesTable;
    const [subject] = await tx.select({ id: t.id, status: t.status, filingNo: t.filingNo }).from(t).where(eq(t.id, input.subjectId)).for('update');
    if (!subject) throw badInput('subjectId', 'NOT_FOUND', `No ${subjectType.toLowerCase()} ${input.subjectId}.`);
    if (subject.status === 'EXITED') throw badInput('subjectId', 'INVALID_STATUS', `${subject.filingNo} has already exited the pilot; no further supervision action can be recorded.`);
    if (subject.status === 'PENDING') throw badInput('subjectId', 'INVALID_STATUS', `${subject.filingNo} is not filed yet (PENDING): the ladder applies to filed ${subjectType === 'ENTERPRISE' ? 'enterprises' : 'cooperatives'}.`);

    const of = and(eq(supervisionActionsTable.subjectType, subjectType), eq(supervisionActionsTable.subjectId, subject.id));
    const [prior] = await tx.select({
      dutyFailures: sql<number>`count(*) filter (where ${supervisionActionsTable.reason} = 'DUTY_NOT_FULFILLED')`.mapWith(Number),
      lastDecidedOn: max(supervisionActionsTable.decidedOn),
    }).from(supervisionActionsTable).where(of);
    if (prior?.lastDecidedOn && input.decidedOn < prior.lastDecidedOn) {
      throw badInput('decidedOn', 'INVALID_DATE_RANGE', `${subject.filingNo} already has an action decided on ${prior.lastDecidedOn}; a new decision cannot be dated earlier.`);
    }

    const decision = decideAction(subjectType, input.reason, prior?.dutyFailures ?? 0)!;
    const [action] = await tx.insert(supervisionActionsTable).values({
      subjectType,
      subjectId: subject.id,
      reason: input.reason,
      action: decision.action,
      decidedOn: input.decidedOn,
      decidedBySub: viewer.sub,
      decidedByAgency: viewer.agency,
      statusAfter: decision.status,
      source: viewer.agency,
    }).returning();

    if (subjectType === 'ENTERPRISE') await tx.update(enterprisesTable).set({ status: decision.status }).where(eq(enterprisesTable.id, subject.id));
    else await tx.update(cooperativesTable).set({ status: decision.status as 'WARNED' | 'EXITED' }).where(eq(cooperativesTable.id, subject.id));

    if (decision.endsContracts) await terminateContracts(tx, subjectType, subject.id, input.decidedOn);
    if (decision.dishonestList) {
      // Already listed (by hand, earlier): the existing entry stands.
      await tx.insert(dishonestListEntriesTable).values({
        subjectType, subjectId: subject.id, listedOn: input.decidedOn, reason: REFUSED_RECTIFICATION_LISTING,
        supervisionActionId: action!.id, source: viewer.agency,
      }).onConflictDoNothing();
    }
    return action!;
  });
}
