/**
 * Market-regulation reads and writes (SPEC §7, §8, §12): validation, then store calls. Each write is
 * one transaction; a rejected write stores nothing.
 */
import type { Context } from '../../context';
import type { DbOrTx } from '../../db/client';
import { isUniqueViolation, pgError } from '../../db/errors';
import { badInput } from '../../shared/errors';
import { isUuid } from '../../shared/ids';
import type { PageArgs } from '../../shared/pagination';
import { beijingToday } from '../../shared/time';
import * as registry from '../registry';
import type { CooperativeRow } from '../registry';
import { APPLICABLE_REASONS, decideAction, isReasonApplicable } from './rules';
import * as store from './store';
import type { DishonestListEntryRow, InspectionRow, ShopRow, SupervisionActionRow } from './store';
import type {
  DishonestListFilter, DishonestListInput, InspectionFilter, InspectionInput, MarketSubjectType, NonComplianceInput, ShopFilter,
  ShopInput, SupervisionActionFilter,
} from './types';

/** What a market service needs of the request context (CLIs, seeds and tests build one). */
type Ctx = Pick<Context, 'db' | 'viewer'>;

// ── reads ────────────────────────────────────────────────────────────────────────────────────

export const listShops = (ctx: Ctx, page: PageArgs, filter?: ShopFilter) => store.listShops(ctx.db, ctx.viewer, filter ?? {}, page);
export const listInspections = (ctx: Ctx, page: PageArgs, filter?: InspectionFilter) => store.listInspections(ctx.db, ctx.viewer, filter ?? {}, page);
export const listSupervisionActions = (ctx: Ctx, page: PageArgs, filter?: SupervisionActionFilter) =>
  store.listSupervisionActions(ctx.db, ctx.viewer, filter ?? {}, page);
export const listDishonestList = (ctx: Ctx, page: PageArgs, filter?: DishonestListFilter) => store.listDishonestList(ctx.db, ctx.viewer, filter ?? {}, page);

// ── writes ───────────────────────────────────────────────────────────────────────────────────

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

/** The subject must exist: the polymorphic subject has no foreign key. */
async function requireSubject(db: DbOrTx, subjectType: MarketSubjectType, subjectId: string) {
  if (!isUuid(subjectId)) throw badInput('subjectId', 'NOT_FOUND', `"${subjectId}" is not an id of this hub.`);
  const exists = subjectType === 'SHOP' ? await store.shopExists(db, subjectId) : await registry.partyExists(db, subjectType, subjectId);
  if (!exists) throw badInput('subjectId', 'NOT_FOUND', `No ${subjectType.toLowerCase()} ${subjectId}.`);
}

export async function registerShop(ctx: Ctx, input: ShopInput): Promise<ShopRow> {
  const values = {
    name: required('name', input.name),
    stallNo: required('stallNo', input.stallNo, 50),
    operatorName: required('operatorName', input.operatorName),
    licenseNo: input.licenseNo?.trim() || null,
    status: (input.status ?? 'OPERATING') as ShopRow['status'],
    source: ctx.viewer.agency,
  };
  try {
    return await store.insertShop(ctx.db, values);
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
export async function issueBusinessLicense(ctx: Pick<Context, 'db'>, cooperativeId: string, licenseNo: string): Promise<CooperativeRow> {
  const no = required('licenseNo', licenseNo, 64).toUpperCase();
  if (!/^[0-9A-Z-]+$/.test(no)) throw badInput('licenseNo', 'INVALID_VALUE', 'licenseNo is the licence number: digits, letters and hyphens (usually the 18-character credit code).');
  if (!isUuid(cooperativeId)) throw badInput('cooperativeId', 'NOT_FOUND', `"${cooperativeId}" is not an id of this hub.`);
  return ctx.db.transaction(async (tx) => {
    const other = await registry.cooperativeHoldingLicence(tx, no, cooperativeId);
    if (other) throw badInput('licenseNo', 'KEY_CONFLICT', `Licence ${no} is already issued to cooperative ${other.filingNo}.`);
    const row = await registry.setCooperativeLicence(tx, cooperativeId, no);
    if (!row) throw badInput('cooperativeId', 'NOT_FOUND', `No cooperative ${cooperativeId}.`);
    return row;
  });
}

export async function recordInspection(ctx: Ctx, input: InspectionInput): Promise<InspectionRow> {
  notAfterToday('inspectedOn', input.inspectedOn);
  await requireSubject(ctx.db, input.subjectType, input.subjectId);
  return store.insertInspection(ctx.db, {
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    inspectedOn: input.inspectedOn,
    agency: input.agency ?? ctx.viewer.agency,
    findings: input.findings?.trim() || null,
    result: input.result,
    source: ctx.viewer.agency,
  });
}

export async function addToDishonestList(ctx: Ctx, input: DishonestListInput): Promise<DishonestListEntryRow> {
  notAfterToday('listedOn', input.listedOn);
  const reason = required('reason', input.reason, 500);
  await requireSubject(ctx.db, input.subjectType, input.subjectId);
  try {
    return await store.insertDishonestListEntry(ctx.db, {
      subjectType: input.subjectType, subjectId: input.subjectId, listedOn: input.listedOn, reason, source: ctx.viewer.agency,
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw badInput('subjectId', 'DUPLICATE', 'This subject is already on the dishonest list.');
    throw e;
  }
}

const REFUSED_RECTIFICATION_LISTING = '拒不整改 / refused rectification after a serious warning (附件4 四)';

/**
 * 违规处理 (SPEC §7 supervision ladder). The subject row is locked FOR UPDATE for the whole
 * transaction, so two simultaneous decisions on one enterprise are counted one after the other
 * (warning, then suspension), never both as the first.
 */
export async function recordNonCompliance(ctx: Ctx, input: NonComplianceInput): Promise<SupervisionActionRow> {
  const { viewer } = ctx;
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

  return ctx.db.transaction(async (tx) => {
    const subject = await registry.lockPartyForUpdate(tx, subjectType, input.subjectId);
    if (!subject) throw badInput('subjectId', 'NOT_FOUND', `No ${subjectType.toLowerCase()} ${input.subjectId}.`);
    if (subject.status === 'EXITED') throw badInput('subjectId', 'INVALID_STATUS', `${subject.filingNo} has already exited the pilot; no further supervision action can be recorded.`);
    if (subject.status === 'PENDING') throw badInput('subjectId', 'INVALID_STATUS', `${subject.filingNo} is not filed yet (PENDING): the ladder applies to filed ${subjectType === 'ENTERPRISE' ? 'enterprises' : 'cooperatives'}.`);

    const prior = await store.priorActions(tx, subjectType, subject.id);
    if (prior?.lastDecidedOn && input.decidedOn < prior.lastDecidedOn) {
      throw badInput('decidedOn', 'INVALID_DATE_RANGE', `${subject.filingNo} already has an action decided on ${prior.lastDecidedOn}; a new decision cannot be dated earlier.`);
    }

    const decision = decideAction(subjectType, input.reason, prior?.dutyFailures ?? 0)!;
    const action = await store.insertSupervisionAction(tx, {
      subjectType,
      subjectId: subject.id,
      reason: input.reason,
      action: decision.action,
      decidedOn: input.decidedOn,
      decidedBySub: viewer.sub,
      decidedByAgency: viewer.agency,
      statusAfter: decision.status,
      source: viewer.agency,
    });

    const cause = `${decision.action} ${input.reason}`;
    if (subjectType === 'ENTERPRISE') await registry.setEnterpriseStatus(tx, subject.id, decision.status, cause);
    else await registry.setCooperativeStatus(tx, subject.id, decision.status as 'WARNED' | 'EXITED', cause);

    if (decision.endsContracts) await registry.endContracts(tx, subjectType, subject.id, input.decidedOn);
    // SPEC §14: an exit ends the cooperative's memberships on the exit date; its members may join another.
    if (subjectType === 'COOPERATIVE' && decision.status === 'EXITED') await registry.endMemberships(tx, subject.id, input.decidedOn);
    if (decision.dishonestList) {
      // Already listed (by hand, earlier): the existing entry stands.
      await store.insertDishonestListEntryIfAbsent(tx, {
        subjectType, subjectId: subject.id, listedOn: input.decidedOn, reason: REFUSED_RECTIFICATION_LISTING,
        supervisionActionId: action.id, source: viewer.agency,
      });
    }
    return action;
  });
}
