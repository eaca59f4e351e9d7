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
import { APPLICABLE_REASONS, decideAction, isInLadderOrder, isReasonApplicable, rectificationFrom, type SupervisionMeasure } from './rules';
import * as store from './store';
import type { DishonestListEntryRow, InspectionRow, ShopRow, SupervisionActionRow } from './store';
import type {
  DishonestListFilter, DishonestListInput, InspectionFilter, InspectionInput, MarketSubjectType, NonComplianceInput, RectificationInput,
  ShopFilter, ShopInput, SupervisionActionFilter,
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
    // A listing made while it had no licence now follows its credit code (SPEC §14).
    await store.rekeyHubIdEntries(tx, 'COOPERATIVE', cooperativeId, no);
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

/**
 * The key a subject is listed under (SPEC §14): its credit code (an enterprise's USCC, a
 * cooperative's or shop's licence number), else its hub id; undefined when there is no such subject.
 */
async function subjectKeyOf(db: DbOrTx, subjectType: MarketSubjectType, subjectId: string): Promise<{ subjectKey: string; keyKind: 'CREDIT_CODE' | 'HUB_ID' } | undefined> {
  if (!isUuid(subjectId)) return undefined;
  let creditCode: string | null;
  if (subjectType === 'SHOP') {
    const [shop] = await store.shopsByIds(db, [subjectId]);
    if (!shop) return undefined;
    creditCode = shop.licenseNo;
  } else {
    const party = await registry.partyCreditCode(db, subjectType, subjectId);
    if (!party) return undefined;
    creditCode = party.creditCode;
  }
  return creditCode ? { subjectKey: creditCode, keyKind: 'CREDIT_CODE' } : { subjectKey: subjectId, keyKind: 'HUB_ID' };
}

export async function addToDishonestList(ctx: Ctx, input: DishonestListInput): Promise<DishonestListEntryRow> {
  notAfterToday('listedOn', input.listedOn);
  const reason = required('reason', input.reason, 500);
  const basis = input.basis == null ? reason : required('basis', input.basis, 500);
  const noticeOn = input.noticeOn ?? input.listedOn;
  notAfterToday('noticeOn', noticeOn);
  if (!isUuid(input.subjectId)) throw badInput('subjectId', 'NOT_FOUND', `"${input.subjectId}" is not an id of this hub.`);
  return ctx.db.transaction(async (tx) => {
    // The subject's row lock orders the listing with a concurrent approval or contract (they lock it too).
    if (input.subjectType !== 'SHOP') await registry.lockPartyForUpdate(tx, input.subjectType, input.subjectId);
    const key = await subjectKeyOf(tx, input.subjectType, input.subjectId);
    if (!key) throw badInput('subjectId', 'NOT_FOUND', `No ${input.subjectType.toLowerCase()} ${input.subjectId}.`);
    try {
      return await store.insertDishonestListEntry(tx, {
        subjectType: input.subjectType, subjectId: input.subjectId, ...key, listedOn: input.listedOn, reason, basis, noticeOn, source: ctx.viewer.agency,
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw badInput('subjectId', 'DUPLICATE', `该主体（${key.subjectKey}）已在失信名单上 / This subject (${key.subjectKey}) is already on the dishonest list.`);
      throw e;
    }
  });
}

/**
 * 移出失信名单 (SPEC §14): LISTED → REMOVED, which lifts the effects at once. The removal is dated
 * (not after today, not before the listing or its notice) and explained.
 */
export async function removeFromDishonestList(ctx: Ctx, id: string, reason: string, removedOn: string): Promise<DishonestListEntryRow> {
  const why = required('reason', reason, 500);
  notAfterToday('removedOn', removedOn);
  const entry = isUuid(id) ? await store.dishonestListEntryById(ctx.db, id) : undefined;
  if (!entry) throw badInput('id', 'NOT_FOUND', `没有失信名单条目 ${id} / No dishonest-list entry ${id}.`);
  if (entry.status === 'REMOVED') {
    throw badInput('id', 'ALREADY_REMOVED', `该条目已于 ${entry.removedOn} 移出失信名单 / This entry was already removed on ${entry.removedOn}; list the subject again (addToDishonestList) if it is to be listed anew.`);
  }
  const earliest = entry.noticeOn > entry.listedOn ? entry.noticeOn : entry.listedOn;
  if (removedOn < earliest) {
    throw badInput('removedOn', 'INVALID_DATE_RANGE', `移出日期 ${removedOn} 早于列入日期 ${entry.listedOn} 或告知日期 ${entry.noticeOn} / removedOn ${removedOn} is before the entry was listed (${entry.listedOn}) or notified (${entry.noticeOn}).`);
  }
  const row = await store.removeDishonestListEntry(ctx.db, entry.id, removedOn, why);
  // Removed meanwhile by another request.
  if (!row) throw badInput('id', 'ALREADY_REMOVED', '该条目已移出失信名单 / This entry has just been removed by another request.');
  return row;
}

const REFUSED_RECTIFICATION_LISTING = '拒不整改 / refused rectification after a serious warning (附件4 四)';
const REFUSED_RECTIFICATION_BASIS = '附件4 四：拒不整改，纳入失信企业名单 / annex 4 §4: refused rectification';

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
    if (prior.lastDecidedOn && input.decidedOn < prior.lastDecidedOn) {
      throw badInput('decidedOn', 'INVALID_DATE_RANGE', `${subject.filingNo} already has an action decided on ${prior.lastDecidedOn}; a new decision cannot be dated earlier.`);
    }
    if (!isInLadderOrder(input.reason, prior.lastWarningOrRectification as SupervisionMeasure | null)) {
      throw badInput('reason', 'LADDER_ORDER', `拒不整改须以尚未整改的严重警告为前提（附件4 四） / REFUSED_RECTIFICATION needs an earlier SERIOUS_WARNING of ${subject.filingNo} that has not been rectified since (annex 4 §4); record DIVIDEND_NOT_ENSURED first.`);
    }

    const decision = decideAction(subjectType, input.reason, prior.dutyFailures)!;
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
      const key = (await subjectKeyOf(tx, subjectType, subject.id))!;
      await store.insertDishonestListEntryIfAbsent(tx, {
        subjectType, subjectId: subject.id, ...key, listedOn: input.decidedOn, reason: REFUSED_RECTIFICATION_LISTING,
        basis: REFUSED_RECTIFICATION_BASIS, noticeOn: input.decidedOn, supervisionActionId: action.id, source: viewer.agency,
      });
    }
    return action;
  });
}

/**
 * 整改完成 (SPEC §14): a WARNED or SUSPENDED subject returns to FILED, recorded as a RECTIFIED action
 * (the status history's trigger records the change, cause RECTIFIED). The ladder's count of
 * DUTY_NOT_FULFILLED goes on (the next one after a suspension still exits); contracts a suspension
 * ended stay ended (new ones are signed again); an exit is final.
 */
export async function recordRectification(ctx: Ctx, input: RectificationInput): Promise<SupervisionActionRow> {
  const { viewer } = ctx;
  const subjectType = input.subjectType;
  if (subjectType === 'SHOP') throw badInput('subjectType', 'REASON_NOT_APPLICABLE', 'Rectification ends a supervision measure of an enterprise or a cooperative; shops have none.');
  const note = required('note', input.note, 2000);
  notAfterToday('decidedOn', input.decidedOn);
  if (!isUuid(input.subjectId)) throw badInput('subjectId', 'NOT_FOUND', `"${input.subjectId}" is not an id of this hub.`);

  return ctx.db.transaction(async (tx) => {
    const subject = await registry.lockPartyForUpdate(tx, subjectType, input.subjectId);
    if (!subject) throw badInput('subjectId', 'NOT_FOUND', `No ${subjectType.toLowerCase()} ${input.subjectId}.`);
    const from = rectificationFrom(subject.status);
    if (from === 'EXIT_FINAL') {
      throw badInput('subjectId', 'EXIT_FINAL', `${subject.filingNo} 已退出试点，退出不可通过整改恢复，须重新备案 / ${subject.filingNo} has exited the pilot: an exit is final and no rectification returns it; it must file again.`);
    }
    if (from === 'NOTHING_TO_RECTIFY') {
      throw badInput('subjectId', 'INVALID_STATUS', `${subject.filingNo} 当前状态为 ${subject.status}，无需整改 / ${subject.filingNo} is ${subject.status}: only a WARNED or SUSPENDED subject can be recorded as rectified.`);
    }
    const prior = await store.priorActions(tx, subjectType, subject.id);
    if (prior.lastDecidedOn && input.decidedOn < prior.lastDecidedOn) {
      throw badInput('decidedOn', 'INVALID_DATE_RANGE', `${subject.filingNo} already has an action decided on ${prior.lastDecidedOn}; a rectification cannot be dated earlier.`);
    }
    const action = await store.insertSupervisionAction(tx, {
      subjectType, subjectId: subject.id, reason: null, action: 'RECTIFIED', decidedOn: input.decidedOn, note,
      decidedBySub: viewer.sub, decidedByAgency: viewer.agency, statusAfter: 'FILED', source: viewer.agency,
    });
    if (subjectType === 'ENTERPRISE') await registry.setEnterpriseStatus(tx, subject.id, 'FILED', 'RECTIFIED');
    else await registry.setCooperativeStatus(tx, subject.id, 'FILED', 'RECTIFIED');
    return action;
  });
}
