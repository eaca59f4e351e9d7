/**
 * Registry reads and writes (SPEC §4, §9, §12): validation, then store calls. Each write is one
 * transaction; a rejected write stores nothing.
 */
import type { Agency } from '../../authz/agencies';
import { mayEverRead } from '../../authz/matrix';
import type { Context } from '../../context';
import type { Tx } from '../../db/client';
import { isUniqueViolation, pgError } from '../../db/errors';
import { checkBatchSize } from '../../shared/batch';
import { beijingDate, beijingToday } from '../../shared/time';
import { mayLookUpByIdNumber } from '../../authz/matrix';
import { badInput, forbidden, notFound } from '../../shared/errors';
import { isUuid } from '../../shared/ids';
import type { PageArgs } from '../../shared/pagination';
import { isValidDate } from '../../shared/time';
import type { Db } from '../../db/client';
import {
  isTownshipCounty, isValidCountyCode, isValidHsCode, isValidIdNumber, isValidMobile, isValidPhone, isValidPostalCode, isValidUscc,
  normalizeIdNumber, normalizeMobile, normalizePhone, normalizeUscc, notEligibleMessage, presumedResidence, residenceEligible, residentEligible,
  TOWNSHIP_COUNTIES, type ResidenceBasisName,
} from './rules';
import { assertNotListed, listedByKeys, listingOf, partyKeys, subjectDishonest, subjectNamed } from './credit';
import * as store from './store';
import type { BorderResidentRow, BorderTownshipRow, CooperativeRow, EnterpriseRow, RosterMember, SupplyContractRow } from './store';
import type {
  BorderTownshipInput, CooperativeFilter, CooperativeInput, EnterpriseFilter, EnterpriseInput, ResidentInput, SupplyContractInput,
} from './types';

/** What a registry service needs of the request context (CLIs and tests build one). */
type Ctx = Pick<Context, 'db' | 'viewer'>;

// ── reads ────────────────────────────────────────────────────────────────────────────────────

export async function findEnterprise(ctx: Ctx, id?: string, uscc?: string): Promise<EnterpriseRow | null> {
  if (!id && !uscc) throw badInput('id', 'MISSING_FIELD', 'Pass id or uscc.');
  if (id && !isUuid(id)) return null;
  return store.findEnterprise(ctx.db, ctx.viewer, id ? { id } : { uscc: normalizeUscc(uscc!) });
}

/**
 * A field of Enterprise that another module serves (customs: inboundDeclarations), read in the
 * enterprises page's statement when the query asks it under `edges.node`: registered by the
 * composition root (src/modules/wiring.ts), since the registry depends on no module that extends it.
 */
export interface EnterpriseFieldReadAhead<A = any> {
  /** The field's name on Enterprise. */
  readonly field: string;
  /**
   * The select-list expression of the field's value for one enterprise, built once per statement
   * shape: from the enterprise's id and the placeholders `value(name)` of `values` only (the
   * arguments' values go in `values`); undefined: not read ahead with these arguments.
   */
  column(args: A): Omit<store.PageColumn, 'key'> | undefined;
  /**
   * Hands the value read for one enterprise to the owning module's loader, as that loader would
   * have answered. The field's resolver reads nothing of the enterprise but its id (so a page asked
   * only such fields reads only the columns it needs: store.SLIM_ENTERPRISE_FIELDS).
   */
  prime(ctx: Pick<Context, 'loaders'>, args: A, enterpriseId: string, value: unknown): void;
}

const fieldReadAheads = new Map<string, EnterpriseFieldReadAhead>();

/** Registers a field read ahead with the enterprises page (one per field); returns its removal. */
export function useEnterpriseFieldReadAhead(r: EnterpriseFieldReadAhead): () => void {
  fieldReadAheads.set(r.field, r);
  return () => { if (fieldReadAheads.get(r.field) === r) fieldReadAheads.delete(r.field); };
}

/** The registered fields (resolvers.ts looks for them under `edges.node`). */
export const enterpriseFieldReadAheads = (): Iterable<EnterpriseFieldReadAhead> => fieldReadAheads.values();

/** What the selection under a page of enterprises asks of their relations (resolvers.ts reads it off the query). */
export interface EnterpriseReads {
  contracts: boolean;
  /** The contracts are asked only store.SLIM_CONTRACT_FIELDS: read only their columns. */
  slimContracts?: boolean;
  /** Nothing of the rows is asked but store.SLIM_ENTERPRISE_FIELDS and read-ahead fields: read only their columns. */
  slim?: boolean;
  /** The contracts' cooperatives are asked only these columns (and relations keyed by their id): read them with the contracts. */
  contractCooperative?: readonly store.ContractCooperativeColumn[];
  /** Other modules' fields asked, each with its (one) set of arguments. */
  fields: readonly { readAhead: EnterpriseFieldReadAhead; args: unknown }[];
}

/**
 * A page of enterprises. When the selection asks their contracts, they come in the page's
 * statement and prime the request's contractsByEnterpriseId loader with exactly the rows it would
 * read: the field resolvers, their guards and every other path to that loader answer as before,
 * without the round trip. Other modules' fields registered above likewise.
 */
export async function listEnterprises(ctx: Ctx & Pick<Context, 'loaders'>, page: PageArgs, filter?: EnterpriseFilter, reads?: EnterpriseReads) {
  const f = filter ?? {};
  if (f.hsCode != null && !isValidHsCode(f.hsCode)) throw badInput('filter.hsCode', 'INVALID_HS_CODE', 'hsCode is 2–10 digits.');
  const fields = (reads?.fields ?? []).flatMap((r) => {
    // A field this agency can never see is left to its resolver (FORBIDDEN), not fetched with the page.
    if (!mayEverRead('Enterprise', r.readAhead.field, ctx.viewer.agency)) return [];
    const column = r.readAhead.column(r.args);
    return column ? [{ ...r, column }] : [];
  });
  if (!reads?.contracts && !reads?.slim && !fields.length) return store.listEnterprises(ctx.db, ctx.viewer, f, page);
  const { connection, extras } = await store.listEnterprisesWith(ctx.db, ctx.viewer, f, page,
    { contracts: reads?.contracts ?? false, slimContracts: reads?.slimContracts ?? false, slim: reads?.slim ?? false,
      contractCooperative: reads?.contractCooperative, more: fields.map((r) => ({ key: r.readAhead.field, ...r.column })) });
  const loaders = ctx.loaders.registry;
  for (let i = 0; i < extras.length; i++) {
    const id = connection.edges[i]!.node.id;
    const x = extras[i]!;
    if (x.contracts) (reads?.slimContracts ? loaders.slimContractsByEnterpriseId : loaders.contractsByEnterpriseId).prime(id, x.contracts);
    fields.forEach((r, k) => r.readAhead.prime(ctx, r.args, id, x.more![k]));
  }
  return connection;
}

export async function findCooperative(ctx: Ctx, id?: string, filingNo?: string): Promise<CooperativeRow | null> {
  if (!id && !filingNo) throw badInput('id', 'MISSING_FIELD', 'Pass id or filingNo.');
  if (id && !isUuid(id)) return null;
  return store.findCooperative(ctx.db, ctx.viewer, id ? { id } : { filingNo: filingNo!.trim() });
}

/**
 * The `dormant` filter (SPEC §7, §14) is market's rule over customs declarations: it comes through the
 * request's market loaders, so the registry depends on neither module (both depend on it).
 */
export function listCooperatives(ctx: Pick<Context, 'db' | 'viewer' | 'loaders'>, page: PageArgs, filter?: CooperativeFilter) {
  return store.listCooperatives(ctx.db, ctx.viewer, filter ?? {}, page, ctx.loaders.market.activeInDormancyWindow);
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
  // SPEC §14: the listing follows the credit code, whatever filing it was made on.
  const listed = (await listedByKeys(ctx.db, [uscc])).get(uscc);
  if (listed) throw subjectDishonest('uscc', subjectNamed.uscc(uscc), listed, { zh: '不能备案', en: 'cannot be filed' });
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
  // The row lock orders the approval with a concurrent listing (market locks the subject too, SPEC §14).
  return ctx.db.transaction(async (tx) => {
    await store.lockPartyForUpdate(tx, 'ENTERPRISE', id);
    const [e] = await store.enterprisesByIds(tx, [id]);
    if (!e) throw notFound(`Enterprise ${id}`);
    if (e.status !== 'PENDING') throw badInput('id', 'INVALID_STATUS', `Only a PENDING enterprise can be approved; this one is ${e.status}.`);
    await assertNotListed(tx, 'id', subjectNamed.enterprise(`${e.filingNo} (${e.uscc})`), e, { zh: '不能审定备案', en: 'cannot be approved' });
    return (await store.approvePendingEnterprise(tx, id))!;
  });
}

/** A residence as stated by the caller (roster ResidentInput, declaration ResidenceInput), format-checked. */
export interface StatedResidence { county: string; township: string | null; basis: ResidenceBasisName }

/**
 * Format of a stated residence (SPEC §14): no county → null (not stated: the caller presumes or
 * refuses); otherwise a six-digit county code, a basis (户籍 HUKOU / 常住 HABITUAL), and a township where the
 * county admits border townships only (博乐市, 温泉县, 双河市). `names` are the input's field paths.
 */
export function checkResidenceInput(
  r: { county?: string | null; township?: string | null; basis?: string | null },
  names: { county: string; township: string; basis: string },
): StatedResidence | null {
  const county = r.county?.trim() || null;
  const township = r.township?.trim() || null;
  if (!county) return null;
  if (!isValidCountyCode(county)) throw badInput(names.county, 'INVALID_COUNTY', `"${county}" is not a six-digit admin division code (e.g. 652702).`);
  if (r.basis !== 'HUKOU' && r.basis !== 'HABITUAL') throw badInput(names.basis, 'MISSING_FIELD', '请填写居住依据（户籍或常住） / A residence states its basis: HUKOU (户籍) or HABITUAL (常住).');
  if (isTownshipCounty(county) && !township) {
    throw badInput(names.township, 'MISSING_FIELD', `请填写乡镇 / In ${county} only residents of a border township qualify: give the township (乡镇、街道或团场).`);
  }
  return { county, township, basis: r.basis };
}

/** A roster member after the format checks: its residence stated, or null (decided by resolveRoster). */
export interface RosterCandidate {
  name: string; idNumber: string; stated: StatedResidence | null;
  /** Township and basis sent without a county: kept on a residence presumed from an Alashankou ID number. */
  hint: { township: string | null; basis: ResidenceBasisName | null };
}

/** Validates one roster member's format; the residence is decided against stored data by resolveRoster. */
export function validateResident(field: string, m: ResidentInput): RosterCandidate {
  if (!m.name.trim()) throw badInput(`${field}.name`, 'MISSING_FIELD', 'A member needs a name.');
  if (!isValidIdNumber(m.idNumber)) throw badInput(`${field}.idNumber`, 'INVALID_ID_NUMBER', `"${m.idNumber}" is not a valid resident ID number (GB 11643-1999: 18 characters, real birth date, check character last).`);
  const stated = checkResidenceInput({ county: m.county, township: m.township, basis: m.residenceBasis },
    { county: `${field}.county`, township: `${field}.township`, basis: `${field}.residenceBasis` });
  const basis = m.residenceBasis === 'HUKOU' || m.residenceBasis === 'HABITUAL' ? m.residenceBasis : null;
  return { name: m.name.trim(), idNumber: normalizeIdNumber(m.idNumber), stated, hint: { township: m.township?.trim() || null, basis } };
}

/**
 * Decides each roster member's residence as for declarants (SPEC §14) and refuses an ineligible one
 * on `onDate`: a stated residence decides (and replaces the stored one); without one, a registered
 * resident's stored residence; else one presumed from an Alashankou ID number (flagged presumed);
 * else MISSING_FIELD. `prefix(i)` is the field path of member i (e.g. members[2]).
 */
export async function resolveRoster(db: Db, candidates: readonly RosterCandidate[], onDate: string, prefix: (i: number) => string): Promise<RosterMember[]> {
  const unstated = candidates.filter((c) => !c.stated).map((c) => c.idNumber);
  const [stored, townships] = await Promise.all([
    unstated.length ? store.residentsByIdNumbers(db, unstated) : Promise.resolve([] as BorderResidentRow[]),
    borderTownshipList(db),
  ]);
  const byId = new Map(stored.map((r) => [r.idNumber, r]));
  return candidates.map((c, i) => {
    const field = prefix(i);
    const m = rosterResidence(c, byId.get(c.idNumber));
    if (!m) {
      throw badInput(`${field}.county`, 'MISSING_FIELD', `请填写居住地 / This resident is not registered and the ID number (${c.idNumber.slice(0, 6)}…) does not give an Alashankou residence: state county, township and residenceBasis (SPEC §14).`);
    }
    if (!residenceEligible(m, townships, onDate)) {
      throw badInput(c.stated ? `${field}.county` : `${field}.idNumber`, 'NOT_BORDER_RESIDENT',
        notEligibleMessage({ ...m, basis: m.residenceBasis, presumed: !c.stated && m.residencePresumed }, townships, onDate));
    }
    return m;
  });
}

/**
 * The residence a roster row carries: stated; else the registered resident's (residencePresumed
 * as stored — true on a roster row also means "keep what is stored", store.joinCooperative);
 * else presumed from an Alashankou ID number; else none.
 */
function rosterResidence(c: RosterCandidate, known: BorderResidentRow | undefined): RosterMember | null {
  const who = { name: c.name, idNumber: c.idNumber };
  if (c.stated) return { ...who, county: c.stated.county, township: c.stated.township, residenceBasis: c.stated.basis, residencePresumed: false };
  if (known) return { ...who, county: known.county, township: known.township, residenceBasis: known.residenceBasis, residencePresumed: known.residencePresumed };
  const presumed = presumedResidence(c.idNumber);
  if (presumed) return { ...who, county: presumed.county!, township: c.hint.township, residenceBasis: c.hint.basis ?? 'HUKOU', residencePresumed: true };
  return null;
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
export function validateRoster(input: readonly ResidentInput[]): RosterCandidate[] {
  const members = input.map((m, i) => validateResident(`members[${i}]`, m));
  const seen = new Map<string, number>();
  members.forEach((m, i) => {
    if (seen.has(m.idNumber)) throw badInput(`members[${i}].idNumber`, 'DUPLICATE', `ID number ${m.idNumber.slice(0, 6)}… appears twice in the roster.`);
    seen.set(m.idNumber, i);
  });
  return members;
}

export async function fileCooperative(ctx: Ctx, input: CooperativeInput): Promise<CooperativeRow> {
  const candidates = validateCooperative(input);
  // Eligibility on the filing day (Beijing), as customs decides it on the declaration day.
  const members = await resolveRoster(ctx.db, candidates, beijingToday(), (i) => `members[${i}]`);
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
  // Eligibility on the day they join (SPEC §14), as a filing's roster on the filing day.
  const members = await resolveRoster(ctx.db, validateRoster(input), joinedOn, (i) => `members[${i}]`);
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
  // The row lock orders the approval with a concurrent listing or licence (market locks the subject too, SPEC §14).
  return ctx.db.transaction(async (tx) => {
    await store.lockPartyForUpdate(tx, 'COOPERATIVE', id);
    const [c] = await store.cooperativesByIds(tx, [id]);
    if (!c) throw notFound(`Cooperative ${id}`);
    if (c.status !== 'PENDING') throw badInput('id', 'INVALID_STATUS', `Only a PENDING cooperative can be approved; this one is ${c.status}.`);
    await assertNotListed(tx, 'id', subjectNamed.cooperative(c.licenseNo ? `${c.filingNo} (${c.licenseNo})` : c.filingNo), c, { zh: '不能审定备案', en: 'cannot be approved' });
    return (await store.approvePendingCooperative(tx, id))!;
  });
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
    // SPEC §14: neither party may be on the dishonest list (one lookup for both).
    const listed = await listedByKeys(tx, [...partyKeys(e), ...partyKeys(c)]);
    const eListed = listingOf(listed, e);
    if (eListed) throw subjectDishonest('enterpriseId', subjectNamed.enterprise(`${e.filingNo} (${e.uscc})`), eListed, { zh: '不能签订购销协议', en: 'cannot sign a supply contract' });
    const cListed = listingOf(listed, c);
    if (cListed) throw subjectDishonest('cooperativeId', subjectNamed.cooperative(c.filingNo), cListed, { zh: '不能签订购销协议', en: 'cannot sign a supply contract' });
    return store.insertSupplyContract(tx, {
      enterpriseId: e.id, cooperativeId: c.id, hsCodes: input.hsCodes, validFrom: input.validFrom, validTo: input.validTo, source: ctx.viewer.agency,
    });
  });
}


// ── border townships (SPEC §14) ─────────────────────────────────────────────────────────────

/**
 * The border-township list is reference data read by every declaration batch, roster and
 * `BorderResident.eligible`: it comes through the reference cache (one version check per call; the
 * rows re-read only after setBorderTownships, on any instance, or a change by hand).
 */
export const borderTownshipList = (db: Db): Promise<readonly BorderTownshipRow[]> => store.cachedBorderTownships(db);

/** borderTownships: the whole list, every period. */
export const listBorderTownships = (ctx: Pick<Context, 'db'>) => borderTownshipList(ctx.db);


/**
 * setBorderTownships (COMMERCE): replaces the whole list. Every entry is checked first (county of
 * 博乐市 652701, 温泉县 652723 or 双河市 659007 — 阿拉山口市 qualifies whole and takes no entries —,
 * a township, real dates, validTo ≥ validFrom, no two overlapping periods of one township); one bad
 * entry changes nothing.
 */
export async function setBorderTownships(ctx: Ctx, input: readonly BorderTownshipInput[]): Promise<BorderTownshipRow[]> {
  const entries = input.map((t, i): BorderTownshipRow => {
    const f = `input[${i}]`;
    const county = t.county.trim();
    if (!isTownshipCounty(county)) {
      throw badInput(`${f}.county`, 'INVALID_COUNTY', `边境乡镇名单只收博乐市、温泉县、双河市的乡镇 / "${t.county}" is not one of ${TOWNSHIP_COUNTIES.join(', ')}; 阿拉山口市 (652702) qualifies as a whole and needs no entry.`);
    }
    const township = t.township.trim();
    if (!township) throw badInput(`${f}.township`, 'MISSING_FIELD', '请填写乡镇名称 / township is required.');
    if (!isValidDate(t.validFrom)) throw badInput(`${f}.validFrom`, 'INVALID_VALUE', `"${t.validFrom}" is not a date (YYYY-MM-DD).`);
    if (t.validTo != null && !isValidDate(t.validTo)) throw badInput(`${f}.validTo`, 'INVALID_VALUE', `"${t.validTo}" is not a date (YYYY-MM-DD).`);
    if (t.validTo != null && t.validTo < t.validFrom) throw badInput(`${f}.validTo`, 'INVALID_DATE_RANGE', `validTo ${t.validTo} is before validFrom ${t.validFrom} (both inclusive).`);
    return { county, township, validFrom: t.validFrom, validTo: t.validTo ?? null };
  });
  const byTownship = new Map<string, { i: number; e: BorderTownshipRow }[]>();
  entries.forEach((e, i) => {
    const k = `${e.county}|${e.township}`;
    for (const o of byTownship.get(k) ?? []) {
      const overlaps = e.validFrom <= (o.e.validTo ?? '9999-12-31') && o.e.validFrom <= (e.validTo ?? '9999-12-31');
      if (overlaps) throw badInput(`input[${i}].validFrom`, 'INVALID_DATE_RANGE', `${e.county} ${e.township} is listed twice for overlapping periods (entries ${o.i} and ${i}); give each period once.`);
    }
    (byTownship.get(k) ?? byTownship.set(k, []).get(k)!).push({ i, e });
  });
  return ctx.db.transaction((tx) => store.replaceBorderTownships(tx, entries));
}
