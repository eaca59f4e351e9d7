/**
 * Registry reads and writes (SPEC §4, §9, §12): validation, then store calls. Each write is one
 * transaction; a rejected write stores nothing.
 */
import type { Agency } from '../../authz/agencies';
import type { Context } from '../../context';
import type { Tx } from '../../db/client';
import { isUniqueViolation, pgError } from '../../db/errors';
import { checkBatchSize } from '../../shared/batch';
import { beijingDate, beijingToday } from '../../shared/time';
import { mayLookUpByIdNumber } from '../../authz/matrix';
import { badInput, forbidden, notFound } from '../../shared/errors';
import { isUuid } from '../../shared/ids';
import type { PageArgs } from '../../shared/pagination';
import {
  countyOfIdNumber, isBorderCounty, isValidCountyCode, isValidHsCode, isValidIdNumber, isValidMobile,
  isValidPhone, isValidPostalCode, isValidUscc, normalizeIdNumber, normalizeMobile, normalizePhone, normalizeUscc,
} from './rules';
import * as store from './store';
import type { BorderResidentRow, CooperativeRow, EnterpriseRow, RosterMember, SupplyContractRow } from './store';
import type { CooperativeFilter, CooperativeInput, EnterpriseFilter, EnterpriseInput, ResidentInput, SupplyContractInput } from './types';

/** What a registry service needs of the request context (CLIs and tests build one). */
type Ctx = Pick<Context, 'db' | 'viewer'>;

// ── reads ────────────────────────────────────────────────────────────────────────────────────

export async function findEnterprise(ctx: Ctx, id?: string, uscc?: string): Promise<EnterpriseRow | null> {
  if (!id && !uscc) throw badInput('id', 'MISSING_FIELD', 'Pass id or uscc.');
  if (id && !isUuid(id)) return null;
  return store.findEnterprise(ctx.db, ctx.viewer, id ? { id } : { uscc: normalizeUscc(uscc!) });
}

export function listEnterprises(ctx: Ctx, page: PageArgs, filter?: EnterpriseFilter) {
  const f = filter ?? {};
  if (f.hsCode != null && !isValidHsCode(f.hsCode)) throw badInput('filter.hsCode', 'INVALID_HS_CODE', 'hsCode is 2–10 digits.');
  return store.listEnterprises(ctx.db, ctx.viewer, f, page);
}

export async function findCooperative(ctx: Ctx, id?: string, filingNo?: string): Promise<CooperativeRow | null> {
  if (!id && !filingNo) throw badInput('id', 'MISSING_FIELD', 'Pass id or filingNo.');
  if (id && !isUuid(id)) return null;
  return store.findCooperative(ctx.db, ctx.viewer, id ? { id } : { filingNo: filingNo!.trim() });
}

/**
 * The `dormant` filter (SPEC §7) is market's rule over customs declarations: it comes through the
 * request's market loaders, so the registry depends on neither module (both depend on it).
 */
export function listCooperatives(ctx: Pick<Context, 'db' | 'viewer' | 'loaders'>, page: PageArgs, filter?: CooperativeFilter) {
  return store.listCooperatives(ctx.db, ctx.viewer, filter ?? {}, page, ctx.loaders.market.declaredInDormancyWindow);
}

/**
 * A lookup BY ID number is an identity read (SPEC §9, authz/matrix.ts IDENTITY_LOOKUP): only
 * CUSTOMS and a COOPERATIVE (its own members, row scope) may make one; anyone else is FORBIDDEN
 * whatever the number, so an absent resident and someone else's answer alike. A resident found
 * this way is a personal record the request touched: its id goes into the access log (§10) even
 * when no identity field is selected, since the answer itself says that the person is known.
 */
export async function findResident(ctx: Ctx & { personalRecords?: Set<string> }, idNumber: string): Promise<BorderResidentRow | null> {
  if (!mayLookUpByIdNumber(ctx.viewer)) throw forbidden('按身份证号查询仅限海关及本合作社（成员） / Lookups by ID number are for agencies that read ID numbers in full (CUSTOMS; a COOPERATIVE for its own members), SPEC §9.');
  const row = await store.findResident(ctx.db, ctx.viewer, normalizeIdNumber(idNumber));
  if (row) ctx.personalRecords?.add(row.id);
  return row;
}

// ── writes ───────────────────────────────────────────────────────────────────────────────────


function checkHsCodes(field: string, codes: readonly string[] | undefined, required = false) {
  if (required && (!codes || codes.length === 0)) throw badInput(field, 'INVALID_HS_CODE', `${field} needs at least one HS code prefix (2–10 digits).`);
  codes?.forEach((c, i) => {
    if (!isValidHsCode(c)) throw badInput(`${field}[${i}]`, 'INVALID_HS_CODE', `"${c}" is not an HS code prefix of 2–10 digits.`);
  });
}

function checkRate(field: string, v: number | undefined, max: number) {
  if (v == null) return;
  if (!Number.isFinite(v) || v < 0 || v > max) throw badInput(field, 'INVALID_VALUE', `${field} is a fraction between 0 and ${max} (0.2 = 20%).`);
}

function checkNonNegative(field: string, v: string | number | undefined) {
  if (v != null && Number(v) < 0) throw badInput(field, 'NEGATIVE_AMOUNT', `${field} may not be negative.`);
}

export function validateEnterprise(input: EnterpriseInput) {
  if (!input.name.trim()) throw badInput('name', 'MISSING_FIELD', 'name is required.');
  if (!isValidUscc(input.uscc)) throw badInput('uscc', 'INVALID_USCC', `"${input.uscc}" is not a valid unified social credit code (GB 32100-2015: 18 characters, check character last).`);
  if (!input.legalRepresentative.name.trim()) throw badInput('legalRepresentative.name', 'MISSING_FIELD', 'legalRepresentative.name is required.');
  const phone = input.legalRepresentative.phone;
  if (phone != null && !isValidPhone(phone)) throw badInput('legalRepresentative.phone', 'INVALID_PHONE', `"${phone}" is neither a mobile number (1[3-9] + 9 digits) nor a Bortala landline (0909-xxxxxxx).`);
  if (!isValidCountyCode(input.county)) throw badInput('county', 'INVALID_COUNTY', `"${input.county}" is not a six-digit admin division code (e.g. 652702).`);
  checkNonNegative('importScaleYuan', input.importScaleYuan);
  checkNonNegative('capacityTonnesPerYear', input.capacityTonnesPerYear);
  // numeric(14,3): a larger figure would fail in the database as an internal error.
  if (input.capacityTonnesPerYear != null && !(input.capacityTonnesPerYear < 1e11)) throw badInput('capacityTonnesPerYear', 'INVALID_VALUE', 'capacityTonnesPerYear must be below 100,000,000,000 tonnes per year.');
  checkRate('declaredValueAddRate', input.declaredValueAddRate, 100);
  checkRate('declaredLossRate', input.declaredLossRate, 1);
  checkHsCodes('rawMaterials', input.rawMaterials);
}

export async function fileEnterprise(ctx: Ctx, input: EnterpriseInput): Promise<EnterpriseRow> {
  validateEnterprise(input);
  const uscc = normalizeUscc(input.uscc);
  try {
    return await ctx.db.transaction(async (tx) => {
      const now = new Date();
      return store.insertEnterprise(tx, {
        filingNo: await store.nextFilingNo(tx, 'E', now),
        name: input.name.trim(),
        uscc,
        legalRepName: input.legalRepresentative.name.trim(),
        legalRepPhone: input.legalRepresentative.phone == null ? null : normalizePhone(input.legalRepresentative.phone),
        legalRepAddress: input.legalRepresentative.address ?? null,
        importScaleYuan: input.importScaleYuan ?? '0',
        capacityTonnesPerYear: String(input.capacityTonnesPerYear ?? 0),
        processingMethod: input.processingMethod ?? null,
        rawMaterials: input.rawMaterials ?? [],
        declaredValueAddRate: input.declaredValueAddRate == null ? null : String(input.declaredValueAddRate),
        declaredLossRate: input.declaredLossRate == null ? null : String(input.declaredLossRate),
        county: input.county,
        taxpayerType: input.taxpayerType,
        inBondedZone: input.inBondedZone ?? false,
        status: 'PENDING',
        source: ctx.viewer.agency,
      });
    });
  } catch (e) {
    if (isUniqueViolation(e) && pgError(e)?.constraint === 'enterprises_uscc_key') {
      throw badInput('uscc', 'KEY_CONFLICT', `An enterprise with USCC ${uscc} is already filed.`);
    }
    throw e;
  }
}

export async function approveEnterprise(ctx: Pick<Context, 'db'>, id: string): Promise<EnterpriseRow> {
  if (!isUuid(id)) throw notFound(`Enterprise ${id}`);
  const row = await store.approvePendingEnterprise(ctx.db, id);
  if (row) return row;
  const status = await store.enterpriseStatusOf(ctx.db, id);
  if (!status) throw notFound(`Enterprise ${id}`);
  throw badInput('id', 'INVALID_STATUS', `Only a PENDING enterprise can be approved; this one is ${status}.`);
}

/** Validates one roster member; returns the normalised row. */
export function validateResident(field: string, m: ResidentInput): RosterMember {
  if (!m.name.trim()) throw badInput(`${field}.name`, 'MISSING_FIELD', 'A member needs a name.');
  if (!isValidIdNumber(m.idNumber)) throw badInput(`${field}.idNumber`, 'INVALID_ID_NUMBER', `"${m.idNumber}" is not a valid resident ID number (GB 11643-1999: 18 characters, real birth date, check character last).`);
  const idNumber = normalizeIdNumber(m.idNumber);
  const county = m.county ?? countyOfIdNumber(idNumber);
  if (!isBorderCounty(county) || !isBorderCounty(countyOfIdNumber(idNumber))) {
    throw badInput(m.county && !isBorderCounty(m.county) ? `${field}.county` : `${field}.idNumber`, 'NOT_BORDER_RESIDENT',
      'Only residents of the border counties 652702, 652701, 652723 and 659007 may join (SPEC §4).');
  }
  return { name: m.name.trim(), idNumber, township: m.township?.trim() || null, county };
}

export function validateCooperative(input: CooperativeInput) {
  if (!input.name.trim()) throw badInput('name', 'MISSING_FIELD', 'name is required.');
  if (!input.township?.trim()) throw badInput('township', 'MISSING_FIELD', '乡镇（街道）必填 / township (乡镇街道) is required.');
  if (input.postalCode != null && !isValidPostalCode(input.postalCode)) throw badInput('postalCode', 'INVALID_POSTAL_CODE', `"${input.postalCode}" is not a six-digit postal code (e.g. 833418).`);
  if (input.phone != null && !isValidPhone(input.phone)) throw badInput('phone', 'INVALID_PHONE', `"${input.phone}" is neither a mobile number nor a Bortala landline (0909-xxxxxxx).`);
  if (!input.head.name.trim()) throw badInput('head.name', 'MISSING_FIELD', 'head.name is required.');
  if (input.head.mobile != null && !isValidMobile(input.head.mobile)) throw badInput('head.mobile', 'INVALID_MOBILE', `"${input.head.mobile}" is not a mobile number (1[3-9] + 9 digits).`);
  checkNonNegative('totalCapitalYuan', input.totalCapitalYuan);
  checkHsCodes('commodities', input.commodities);
  if (input.members.length === 0) throw badInput('members', 'MISSING_FIELD', 'A cooperative is filed with its roster: at least one member.');
  return validateRoster(input.members);
}

/** Validates a roster (filing or addition): every member, and no ID number twice. */
export function validateRoster(input: readonly ResidentInput[]): RosterMember[] {
  const members = input.map((m, i) => validateResident(`members[${i}]`, m));
  const seen = new Map<string, number>();
  members.forEach((m, i) => {
    if (seen.has(m.idNumber)) throw badInput(`members[${i}].idNumber`, 'DUPLICATE', `ID number ${m.idNumber.slice(0, 6)}… appears twice in the roster.`);
    seen.set(m.idNumber, i);
  });
  return members;
}

export async function fileCooperative(ctx: Ctx, input: CooperativeInput): Promise<CooperativeRow> {
  const members = validateCooperative(input);
  return ctx.db.transaction(async (tx) => {
    const now = new Date();
    const coop = await store.insertCooperative(tx, {
      filingNo: await store.nextFilingNo(tx, 'C', now),
      name: input.name.trim(),
      kind: input.kind,
      village: input.village?.trim() || null,
      township: input.township.trim(),
      postalCode: input.postalCode?.trim() ?? null,
      phone: input.phone == null ? null : normalizePhone(input.phone),
      headName: input.head.name.trim(),
      headMobile: input.head.mobile == null ? null : normalizeMobile(input.head.mobile),
      totalCapitalYuan: input.totalCapitalYuan ?? '0',
      commodities: input.commodities ?? [],
      status: 'PENDING',
      source: ctx.viewer.agency,
    });
    // The filed roster's members join on the filing date (Beijing).
    await joinMembers(tx, ctx.viewer.agency, coop.id, members, beijingToday(now));
    return coop;
  });
}

/**
 * Makes the roster's residents members of a cooperative from `joinedOn`, open-ended, in the caller's
 * transaction. A resident who is a member of any cooperative on a day from joinedOn on is refused
 * with ALREADY_A_MEMBER (one cooperative per resident per date, SPEC §14): the upsert has locked the
 * residents' rows, so the check below sees every committed roster change of these people, and the
 * exclusion constraint backs it (a violation it raises anyway is reported the same way).
 */
async function joinMembers(tx: Tx, source: Agency, cooperativeId: string, members: readonly RosterMember[], joinedOn: string): Promise<void> {
  const residents = await store.upsertRosterResidents(tx, source, members);
  const byId = new Map(residents.map((r) => [r.id, r.idNumber]));
  const taken = await store.overlappingMemberships(tx, residents.map((r) => r.id), joinedOn, null);
  if (taken.length) {
    const first = taken.map((t) => ({ ...t, i: members.findIndex((x) => x.idNumber === byId.get(t.residentId)) })).sort((a, b) => a.i - b.i)[0]!;
    throw alreadyAMember(`members[${first.i}].idNumber`, first);
  }
  try {
    await store.insertMemberships(tx, source, cooperativeId, residents.map((r) => r.id), joinedOn);
  } catch (e) {
    if (pgError(e)?.code === '23P01') throw alreadyAMember('members', null);
    throw e;
  }
}

function alreadyAMember(field: string, other: { filingNo: string; cooperativeId: string; joinedOn: string; leftOn: string | null } | null) {
  if (!other) return badInput(field, 'ALREADY_A_MEMBER', '该边民在此期间已是其他合作社成员 / A resident of this roster is a member of another cooperative during these dates; a resident belongs to one cooperative per date (SPEC §14).');
  const until = other.leftOn ? `，至 ${other.leftOn}（不含） / until ${other.leftOn} (exclusive)` : ' / open-ended';
  return badInput(field, 'ALREADY_A_MEMBER',
    `该边民自 ${other.joinedOn} 起已是合作社 ${other.filingNo} 的成员${until}; a resident is a member of one cooperative per date (SPEC §14): end that membership first (removeCooperativeMember).`);
}

/** Locks the cooperative for the roster change; refuses one that is missing or has exited. */
async function rosterCooperative(tx: Tx, cooperativeId: string): Promise<CooperativeRow> {
  const c = isUuid(cooperativeId) ? await store.lockCooperativeForShare(tx, cooperativeId) : undefined;
  if (!c) throw notFound(`Cooperative ${cooperativeId}`);
  if (c.status === 'EXITED') throw badInput('cooperativeId', 'COOPERATIVE_EXITED', `合作社 ${c.filingNo} 已退出试点，成员名单不能再变更 / Cooperative ${c.filingNo} has exited the pilot; its roster is closed.`);
  return c;
}

/**
 * addCooperativeMembers (SPEC §14, COMMERCE): the residents join from `joinedOn` (a Beijing date, not
 * before the cooperative was filed). All or nothing: one bad row (format, eligibility, duplicate,
 * ALREADY_A_MEMBER) stores nothing.
 */
export async function addCooperativeMembers(ctx: Ctx, cooperativeId: string, input: readonly ResidentInput[], joinedOn: string): Promise<CooperativeRow> {
  if (input.length === 0) throw badInput('members', 'MISSING_FIELD', '请至少填写一名成员 / Name at least one member to add.');
  checkBatchSize(input);
  const members = validateRoster(input);
  return ctx.db.transaction(async (tx) => {
    const c = await rosterCooperative(tx, cooperativeId);
    const filedOn = beijingDate(c.createdAt);
    if (joinedOn < filedOn) throw badInput('joinedOn', 'INVALID_DATE_RANGE', `入社日期早于合作社备案日 ${filedOn} / joinedOn ${joinedOn} is before cooperative ${c.filingNo} was filed (${filedOn}).`);
    await joinMembers(tx, ctx.viewer.agency, c.id, members, joinedOn);
    return (await store.touchCooperative(tx, c.id))!;
  });
}

/**
 * removeCooperativeMember (SPEC §14, COMMERCE): the membership running on `leftOn` ends there
 * (leftOn is the first day the resident is no longer a member; it must be after joinedOn). A removal
 * dated in the past does not undo declarations customs has already accepted.
 */
export async function removeCooperativeMember(ctx: Ctx, cooperativeId: string, idNumberRaw: string, leftOn: string): Promise<CooperativeRow> {
  if (!isValidIdNumber(idNumberRaw)) throw badInput('idNumber', 'INVALID_ID_NUMBER', `"${idNumberRaw}" is not a valid resident ID number (GB 11643-1999).`);
  const idNumber = normalizeIdNumber(idNumberRaw);
  return ctx.db.transaction(async (tx) => {
    const c = await rosterCooperative(tx, cooperativeId);
    const residentId = await store.residentIdByIdNumber(tx, idNumber);
    const running = residentId ? await store.membershipRunningOn(tx, c.id, residentId, leftOn) : undefined;
    if (!running) {
      const later = residentId ? await store.openMembershipFrom(tx, c.id, residentId, leftOn) : undefined;
      if (later) throw badInput('leftOn', 'INVALID_DATE_RANGE', `退社日期须晚于入社日期 ${later.joinedOn} / leftOn must be after the membership began (${later.joinedOn}); leftOn is the first day not a member.`);
      throw badInput('idNumber', 'NOT_A_MEMBER', `该边民在 ${leftOn} 前后不是合作社 ${c.filingNo} 的成员 / This resident has no membership of cooperative ${c.filingNo} running on ${leftOn}.`);
    }
    await store.setMembershipLeftOn(tx, running.id, leftOn);
    await store.touchResidents(tx, [running.residentId]);
    return (await store.touchCooperative(tx, c.id))!;
  });
}

export async function approveCooperative(ctx: Pick<Context, 'db'>, id: string): Promise<CooperativeRow> {
  if (!isUuid(id)) throw notFound(`Cooperative ${id}`);
  const row = await store.approvePendingCooperative(ctx.db, id);
  if (row) return row;
  const status = await store.cooperativeStatusOf(ctx.db, id);
  if (!status) throw notFound(`Cooperative ${id}`);
  throw badInput('id', 'INVALID_STATUS', `Only a PENDING cooperative can be approved; this one is ${status}.`);
}

export async function signSupplyContract(ctx: Ctx, input: SupplyContractInput): Promise<SupplyContractRow> {
  checkHsCodes('hsCodes', input.hsCodes, true);
  if (input.validTo < input.validFrom) throw badInput('validTo', 'INVALID_DATE_RANGE', 'validTo must be on or after validFrom (both inclusive).');
  return ctx.db.transaction(async (tx) => {
    // Lock both parties so a concurrent status change (exit, suspension) cannot slip between
    // the check and the insert.
    const e = isUuid(input.enterpriseId) ? await store.lockEnterpriseForShare(tx, input.enterpriseId) : undefined;
    if (!e) throw badInput('enterpriseId', 'NOT_FOUND', `No enterprise ${input.enterpriseId}.`);
    if (e.status !== 'FILED' && e.status !== 'WARNED') throw badInput('enterpriseId', 'ENTERPRISE_NOT_FILED', `Enterprise ${e.filingNo} is ${e.status}; only FILED or WARNED enterprises may sign supply contracts.`);
    const c = isUuid(input.cooperativeId) ? await store.lockCooperativeForShare(tx, input.cooperativeId) : undefined;
    if (!c) throw badInput('cooperativeId', 'NOT_FOUND', `No cooperative ${input.cooperativeId}.`);
    if (c.status === 'EXITED') throw badInput('cooperativeId', 'COOPERATIVE_EXITED', `Cooperative ${c.filingNo} has exited the pilot.`);
    // A contract is the channel declarations are accepted along (SPEC §4): an unapproved filing
    // (PENDING) must not open one, just as for enterprises.
    if (c.status === 'PENDING') throw badInput('cooperativeId', 'INVALID_STATUS', `Cooperative ${c.filingNo} is still PENDING; approve it (approveCooperative) before it signs supply contracts.`);
    if (c.kind === 'COOPERATIVE' && !c.licenseNo) throw badInput('cooperativeId', 'LICENSE_REQUIRED', `Cooperative ${c.filingNo} has no business licence yet: market regulation issues it (issueBusinessLicense) before it can sign.`);
    return store.insertSupplyContract(tx, {
      enterpriseId: e.id, cooperativeId: c.id, hsCodes: input.hsCodes, validFrom: input.validFrom, validTo: input.validTo, source: ctx.viewer.agency,
    });
  });
}

