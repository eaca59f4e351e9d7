/**
 * Customs services (SPEC §5, §12): validation and orchestration; every SQL statement is in
 * store.ts (registry's rows through registry's index). A declaration batch preloads what every row needs (residents,
 * cooperatives, enterprises, contracts, commodity lists, already-stored keys) in a handful of
 * statements, checks every row against that in memory, then decides and stores the whole batch
 * in one transaction (storeSet):
 *   new residents → row locks on every declarant, sorted → stored keys + allowance used, one query
 *   each → decisions in input order → declarations, lines: one statement each.
 * The locks make the daily allowance hold under concurrent submissions (two batches for one
 * resident queue on them; the second sees the first's committed sum). After a batch that accepted
 * rows, the listeners of onDeclarationsAccepted run (quota's early warning, src/modules/wiring.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Viewer } from '../../authz/agencies';
import type { Context } from '../../context';
import type { Tx } from '../../db/client';
import { isSerializationFailure, isUniqueViolation, pgError } from '../../db/errors';
import { createLogger, type Logger } from '../../observability/logger';
import { BatchRowStatus, checkBatchSize, runBatch, type BatchResult, type BatchRow } from '../../shared/batch';
import { D, kgInput, parseKg, parseYuan, sumOf, type Dec } from '../../shared/decimal';
import { contentHash } from '../../shared/hash';
import { DomainError, badInput, notFound } from '../../shared/errors';
import { isUuid } from '../../shared/ids';
import type { ConnectionValue } from '../../shared/pagination';
import { addDays, beijingDate, beijingDayStart } from '../../shared/time';
import {
  borderTownshipList, checkResidenceInput, contractCovers, contractValidOn, contractsBetween, cooperativeStatuses, deleteResidents,
  enterpriseStatuses, insertResidentsIfMissing, isValidIdNumber, findResident, listedByKeys, listingOf, lockResidents, memberOn,
  membershipsByIdNumbers, normalizeIdNumber, notEligibleMessage, partyKeys, presumedResidence, renameResident, residentEligible,
  residencesByIdNumbers, subjectDishonest, subjectNamed, type BorderTownshipEntry, type DishonestListing, type MembershipSpan,
  type ResidenceBasisName, type SupplyContractRow,
} from '../registry';
import { declarationsAccepted } from './events';
import {
  MAX_LINES, PILOT_START, allowanceKey, isPilotCommodity, isValidLineHsCode, negativeListHit, transition, withinAllowance,
  type CommodityList, type DeclarationStatusName,
} from './rules';
import * as store from './store';
import type { CustomsDeclarationRow, FactoryEntryRow } from './store';

/** What a customs service function uses of the request context (a CLI builds one). */
export type CustomsContext = Pick<Context, 'db' | 'viewer' | 'config'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The mutation's DeclarationInput, loosely typed so the CSV/JSON import can pass raw values. */
export interface DeclarationRowInput {
  declarationNo: string;
  declaredAt: Date | string;
  tradePoint?: string | null;
  declarantIdNumber: string;
  declarantName?: string | null;
  /** Residence of a declarant not yet registered (SPEC §14); ignored for a registered one. */
  declarantResidence?: { county?: string | null; township?: string | null; basis?: string | null } | null;
  agentIdNumber?: string | null;
  entrustmentProofNo?: string | null;
  cooperativeId?: string | null;
  purpose: string;
  destinationEnterpriseId?: string | null;
  lines: { hsCode: string; commodityName: string; quantityKg: number | string; valueYuan: number | string }[];
  facilitation?: { delegatedDeclaration?: boolean | null; directTransport?: boolean | null; inspectionWaived?: boolean | null } | null;
  releasedAt?: Date | string | null;
}

interface NormalLine { lineNo: number; hsCode: string; commodityName: string; quantityKg: string; valueYuan: string }

/** A row after format checks: exact decimals, normalised codes, its Beijing day and content hash. */
interface Normal {
  declarationNo: string;
  declaredAt: Date;
  declaredOn: string;
  tradePoint: string;
  idNumber: string;
  declarantName: string | null;
  agentIdNumber: string | null;
  entrustmentProofNo: string | null;
  cooperativeId: string | null;
  purpose: 'LANDING_PROCESSING' | 'MARKET_SALE';
  destinationEnterpriseId: string | null;
  lines: NormalLine[];
  valueYuan: Dec;
  quantityKg: Dec;
  facilitation: { delegatedDeclaration: boolean; directTransport: boolean; inspectionWaived: boolean };
  releasedAt: Date | null;
  hash: string;
  /**
   * The residence of the declarant should it be unregistered: stated (declarantResidence) or
   * presumed from an Alashankou ID number; null when neither. Not part of the content hash: it is
   * registry data, not the declaration's.
   */
  residence: DeclarantResidence | null;
}

interface DeclarantResidence { county: string; township: string | null; basis: ResidenceBasisName; presumed: boolean }

const toDate = (v: Date | string | null | undefined): Date | null => (v == null || v === '' ? null : v instanceof Date ? v : new Date(v));
const trimOrNull = (s: string | null | undefined) => (s == null || s.trim() === '' ? null : s.trim());

/** Format checks that need no data (each failure names the field and the reason). */
function normalizeDeclaration(input: DeclarationRowInput): Normal {
  const declarationNo = trimOrNull(input.declarationNo);
  if (!declarationNo) throw badInput('declarationNo', 'MISSING_FIELD', 'declarationNo is required: it is the idempotency key of the declaration.');
  if (declarationNo.length > 64) throw badInput('declarationNo', 'INVALID_VALUE', 'declarationNo is at most 64 characters.');
  const declaredAt = toDate(input.declaredAt);
  if (!declaredAt || Number.isNaN(declaredAt.getTime())) throw badInput('declaredAt', 'INVALID_VALUE', 'declaredAt is an ISO-8601 date-time with offset, e.g. 2025-03-01T09:30:00+08:00.');
  if (beijingDate(declaredAt) < PILOT_START) {
    throw badInput('declaredAt', 'INVALID_VALUE', `申报日期早于试点开始日 ${PILOT_START} / declaredAt ${beijingDate(declaredAt)} is before the pilot began (${PILOT_START}, Beijing time); the hub takes declarations of the pilot only — check the year.`);
  }
  if (input.purpose !== 'LANDING_PROCESSING' && input.purpose !== 'MARKET_SALE') throw badInput('purpose', 'INVALID_VALUE', 'purpose is LANDING_PROCESSING or MARKET_SALE.');
  const idNumber = normalizeIdNumber(input.declarantIdNumber ?? '');
  if (!isValidIdNumber(idNumber)) throw badInput('declarantIdNumber', 'INVALID_ID_NUMBER', `"${input.declarantIdNumber}" is not a valid resident ID number (GB 11643-1999: 18 characters, real birth date, check character last).`);
  const stated = checkResidenceInput(input.declarantResidence ?? {},
    { county: 'declarantResidence.county', township: 'declarantResidence.township', basis: 'declarantResidence.basis' });
  const presumed = presumedResidence(idNumber);
  const residence: DeclarantResidence | null = stated ? { ...stated, presumed: false }
    : presumed ? { county: presumed.county!, township: null, basis: 'HUKOU', presumed: true } : null;
  const agentRaw = trimOrNull(input.agentIdNumber);
  const agentIdNumber = agentRaw == null ? null : normalizeIdNumber(agentRaw);
  if (agentIdNumber != null && !isValidIdNumber(agentIdNumber)) throw badInput('agentIdNumber', 'INVALID_ID_NUMBER', `"${agentRaw}" is not a valid resident ID number (GB 11643-1999).`);
  const entrustmentProofNo = trimOrNull(input.entrustmentProofNo);
  if (agentIdNumber != null && agentIdNumber !== idNumber && !entrustmentProofNo) {
    throw badInput('entrustmentProofNo', 'ENTRUSTMENT_PROOF_REQUIRED', 'An agent declaring for another resident must give the entrustment proof number (委托证明).');
  }

  const lines = input.lines ?? [];
  if (lines.length < 1 || lines.length > MAX_LINES) throw badInput('lines', 'INVALID_LINE_COUNT', `A declaration has 1 to ${MAX_LINES} lines; this one has ${lines.length}. Split larger consignments.`);
  const normal: NormalLine[] = lines.map((l, i) => {
    const f = `lines[${i}]`;
    const hsCode = (l.hsCode ?? '').trim();
    if (!isValidLineHsCode(hsCode)) throw badInput(`${f}.hsCode`, 'INVALID_HS_CODE', `"${l.hsCode}" is not a tariff code of 6–10 digits.`);
    const commodityName = (l.commodityName ?? '').trim();
    if (!commodityName) throw badInput(`${f}.commodityName`, 'MISSING_FIELD', 'Each line needs a commodity name.');
    const qty = parseKg(l.quantityKg);
    if (!qty) throw badInput(`${f}.quantityKg`, 'INVALID_VALUE', `"${l.quantityKg}" is not a quantity in kg with at most 3 decimals.`);
    const value = parseYuan(l.valueYuan);
    if (!value) throw badInput(`${f}.valueYuan`, 'INVALID_VALUE', `"${l.valueYuan}" is not a yuan amount with at most 2 decimals.`);
    if (qty.isNegative()) throw badInput(`${f}.quantityKg`, 'NEGATIVE_AMOUNT', 'quantityKg may not be negative.');
    if (value.isNegative()) throw badInput(`${f}.valueYuan`, 'NEGATIVE_AMOUNT', 'valueYuan may not be negative.');
    return { lineNo: i + 1, hsCode, commodityName, quantityKg: qty.toFixed(3), valueYuan: value.toFixed(2) };
  });
  const fac = {
    delegatedDeclaration: !!input.facilitation?.delegatedDeclaration,
    directTransport: !!input.facilitation?.directTransport,
    inspectionWaived: !!input.facilitation?.inspectionWaived,
  };
  const releasedAt = toDate(input.releasedAt);
  if (releasedAt && Number.isNaN(releasedAt.getTime())) throw badInput('releasedAt', 'INVALID_VALUE', 'releasedAt is an ISO-8601 date-time with offset.');
  if (releasedAt && releasedAt < declaredAt) throw badInput('releasedAt', 'INVALID_DATE_RANGE', 'releasedAt cannot be before declaredAt.');
  const n = {
    declarationNo, declaredAt, declaredOn: beijingDate(declaredAt),
    tradePoint: (trimOrNull(input.tradePoint) ?? 'ALASHANKOU').toUpperCase(),
    idNumber, declarantName: trimOrNull(input.declarantName), agentIdNumber, entrustmentProofNo,
    cooperativeId: trimOrNull(input.cooperativeId), purpose: input.purpose,
    destinationEnterpriseId: trimOrNull(input.destinationEnterpriseId),
    lines: normal, facilitation: fac, releasedAt,
  } as const;
  const valueYuan = sumOf(normal.map((l) => new D(l.valueYuan)));
  const quantityKg = sumOf(normal.map((l) => new D(l.quantityKg)));
  // The declaration's totals are stored as numeric(18,2) and numeric(16,3).
  if (valueYuan.gte('1e16')) throw badInput('lines', 'INVALID_VALUE', 'The lines add up to more than 9,999,999,999,999,999.99 yuan; check the amounts.');
  if (quantityKg.gte('1e13')) throw badInput('lines', 'INVALID_VALUE', 'The lines add up to more than 9,999,999,999,999.999 kg; check the quantities (kilograms, not grams).');
  const hash = contentHash({ ...n, declaredAt: n.declaredAt.toISOString(), releasedAt: n.releasedAt?.toISOString() ?? null });
  return { ...n, valueYuan, quantityKg, hash, residence };
}

interface Party { id: string; status: string; filingNo: string; uscc?: string; licenseNo?: string | null }

interface PreloadedResident {
  id: string;
  county: string; township: string | null; residenceBasis: ResidenceBasisName; residencePresumed: boolean;
}

/** Everything a batch's rows are checked against, read once per batch. */
interface Preloaded {
  residents: Map<string, PreloadedResident>;
  /** The border-township list (SPEC §14), read once per batch (cached by registry). */
  townships: readonly BorderTownshipEntry[];
  /** Memberships of the batch's declarants and agents, by ID number (SPEC §14: checked on the declaration's date). */
  memberships: Map<string, MembershipSpan[]>;
  cooperatives: Map<string, Party>;
  enterprises: Map<string, Party>;
  contracts: Map<string, SupplyContractRow[]>;
  negative: CommodityList[];
  pilot: CommodityList[];
  stored: Map<string, string>;
  /** SPEC §14: LISTED dishonest-list entries of the batch's cooperatives and enterprises, by key. */
  listed: ReadonlyMap<string, DishonestListing>;
}

async function preload(db: Context['db'], rowsIn: Normal[]): Promise<Preloaded> {
  // Agents too (SPEC §14): an agent must be a registered, eligible resident.
  const idNumbers = [...new Set(rowsIn.flatMap((r) => (r.agentIdNumber ? [r.idNumber, r.agentIdNumber] : [r.idNumber])))];
  const coopIds = [...new Set(rowsIn.map((r) => r.cooperativeId).filter((x): x is string => !!x && UUID.test(x)))];
  const entIds = [...new Set(rowsIn.map((r) => r.destinationEnterpriseId).filter((x): x is string => !!x && UUID.test(x)))];
  const nos = [...new Set(rowsIn.map((r) => r.declarationNo))];
  const none = Promise.resolve([] as never[]);
  const [residents, memberships, coops, ents, contracts, lists, stored, townships] = await Promise.all([
    idNumbers.length ? residencesByIdNumbers(db, idNumbers) : none,
    idNumbers.length ? membershipsByIdNumbers(db, idNumbers) : none,
    coopIds.length ? cooperativeStatuses(db, coopIds) : none,
    entIds.length ? enterpriseStatuses(db, entIds) : none,
    coopIds.length && entIds.length ? contractsBetween(db, coopIds, entIds) : none,
    store.commodityListEntries(db),
    nos.length ? store.storedHashes(db, nos) : none,
    borderTownshipList(db),
  ]);
  // SPEC §14: one lookup per batch, after the parties (their credit codes are the keys), for the
  // parties of landing-processing rows only (a market sale is not refused to a listed cooperative).
  const landingCoops = new Set(rowsIn.filter((r) => r.purpose === 'LANDING_PROCESSING').map((r) => r.cooperativeId));
  const listed = await listedByKeys(db, [...coops.filter((c) => landingCoops.has(c.id)).flatMap(partyKeys), ...ents.flatMap(partyKeys)]);
  const contractMap = new Map<string, SupplyContractRow[]>();
  for (const c of contracts as SupplyContractRow[]) {
    const k = `${c.enterpriseId}|${c.cooperativeId}`;
    (contractMap.get(k) ?? contractMap.set(k, []).get(k)!).push(c);
  }
  return {
    residents: new Map(residents.map((r) => [r.idNumber, {
      id: r.id, county: r.county, township: r.township, residenceBasis: r.residenceBasis, residencePresumed: r.residencePresumed,
    }])),
    townships,
    memberships: membershipsById(memberships),
    cooperatives: new Map(coops.map((c) => [c.id, c])),
    enterprises: new Map(ents.map((e) => [e.id, e])),
    contracts: contractMap,
    negative: lists.filter((l) => l.list === 'NEGATIVE'),
    pilot: lists.filter((l) => l.list === 'PILOT'),
    stored: new Map(stored.map((s) => [s.no, s.hash])),
    listed,
  };
}

function duplicateOrConflict(n: Normal, storedHash: string): 'DUPLICATE' {
  if (storedHash === n.hash) return 'DUPLICATE';
  throw badInput('declarationNo', 'KEY_CONFLICT', `Declaration ${n.declarationNo} is already stored with different content; a stored declaration is not changed by resubmission (use recordInspectionResult for status).`);
}

/**
 * Eligibility by residence (SPEC §14, 方案 二(三)) on the declaration's date: a registered
 * declarant's stored residence decides; an unregistered one's stated declarantResidence, or one
 * presumed from an Alashankou ID number; without either the row needs declarantResidence.
 */
function checkDeclarantResidence(n: Normal, pre: Preloaded) {
  const known = pre.residents.get(n.idNumber);
  if (known) {
    if (!residentEligible(known, pre.townships, n.declaredOn)) {
      throw badInput('declarantIdNumber', 'NOT_BORDER_RESIDENT', notEligibleMessage({ ...known, basis: known.residenceBasis, presumed: known.residencePresumed }, pre.townships, n.declaredOn));
    }
    return;
  }
  if (!n.residence) {
    throw badInput('declarantResidence', 'MISSING_FIELD', `请填写申报人居住地 / The declarant is not registered and the ID number (${n.idNumber.slice(0, 6)}…) does not give an Alashankou residence; eligibility follows residence, not the ID number: send declarantResidence { county township basis } (SPEC §14).`);
  }
  if (!residentEligible(n.residence, pre.townships, n.declaredOn)) {
    throw badInput(n.residence.presumed ? 'declarantIdNumber' : 'declarantResidence', 'NOT_BORDER_RESIDENT', notEligibleMessage(n.residence, pre.townships, n.declaredOn));
  }
}

/** The rules of SPEC §5 that need registry data (everything but the allowance, checked under the lock). */
function checkAgainstRegistry(n: Normal, pre: Preloaded) {
  checkDeclarantResidence(n, pre);
  n.lines.forEach((l, i) => {
    const hit = negativeListHit(l.hsCode, pre.negative, n.declaredOn);
    if (hit) {
      throw badInput(`lines[${i}].hsCode`, 'NEGATIVE_LIST', l.hsCode.length < hit.hsPrefix.length && hit.hsPrefix.startsWith(l.hsCode)
        ? `${l.hsCode} may cover goods excluded from duty-free border trade (${hit.hsPrefix}); declare the full tariff code.`
        : `${l.hsCode} is on the negative list of border-trade imports (${hit.hsPrefix}) and cannot be declared.`);
    }
  });
  const coop = n.cooperativeId ? pre.cooperatives.get(n.cooperativeId) : undefined;
  if (n.cooperativeId && !coop) throw badInput('cooperativeId', 'NOT_FOUND', `No cooperative ${n.cooperativeId}.`);
  const agent = n.agentIdNumber != null && n.agentIdNumber !== n.idNumber ? pre.residents.get(n.agentIdNumber) : undefined;
  if (n.agentIdNumber != null && n.agentIdNumber !== n.idNumber) {
    // 委托申报 (附件5 二; SPEC §14): the agent is a registered, eligible border resident.
    if (!agent) throw badInput('agentIdNumber', 'AGENT_NOT_ELIGIBLE', '委托申报人未在边民登记中 / The agent is not a registered border resident; only a registered, eligible resident may declare on another\'s behalf.');
    if (!residentEligible(agent, pre.townships, n.declaredOn)) throw badInput('agentIdNumber', 'AGENT_NOT_ELIGIBLE', '委托申报人不具备边民资格 / The agent is not an eligible border resident (SPEC §14).');
  }
  if (coop?.status === 'EXITED') throw badInput('cooperativeId', 'COOPERATIVE_EXITED', `Cooperative ${coop.filingNo} has exited the pilot and cannot declare.`);

  if (n.purpose === 'MARKET_SALE') {
    if (n.destinationEnterpriseId) throw badInput('destinationEnterpriseId', 'INVALID_VALUE', 'A MARKET_SALE declaration has no destination enterprise; use LANDING_PROCESSING for goods going to a processor.');
    if (n.facilitation.delegatedDeclaration || n.facilitation.directTransport || n.facilitation.inspectionWaived) {
      throw badInput('facilitation', 'FACILITATION_NOT_ALLOWED', 'Facilitation measures (委托申报/直通运输/免到场查验) apply to landing processing only.');
    }
    return;
  }
  n.lines.forEach((l, i) => {
    if (!isPilotCommodity(l.hsCode, pre.pilot, n.declaredOn)) {
      throw badInput(`lines[${i}].hsCode`, 'NOT_PILOT_COMMODITY', `${l.hsCode} is not a pilot commodity for landing processing (oilseeds and dried fruit, reference/commodities.md); declare it as MARKET_SALE.`);
    }
  });
  if (!coop) throw badInput('cooperativeId', 'MISSING_FIELD', 'A LANDING_PROCESSING declaration names the declaring cooperative (cooperativeId).');
  const coopListed = listingOf(pre.listed, coop);
  if (coopListed) throw subjectDishonest('cooperativeId', subjectNamed.cooperative(coop.filingNo), coopListed, { zh: '不能申报落地加工', en: 'cannot declare landing processing' });
  checkMembership(n, coop, pre.memberships);
  if (!n.destinationEnterpriseId) throw badInput('destinationEnterpriseId', 'MISSING_FIELD', 'A LANDING_PROCESSING declaration names the receiving enterprise (destinationEnterpriseId).');
  const ent = pre.enterprises.get(n.destinationEnterpriseId);
  if (!ent) throw badInput('destinationEnterpriseId', 'NOT_FOUND', `No enterprise ${n.destinationEnterpriseId}.`);
  if (ent.status !== 'FILED' && ent.status !== 'WARNED') {
    throw badInput('destinationEnterpriseId', 'ENTERPRISE_NOT_FILED', `Enterprise ${ent.filingNo} is ${ent.status}; only FILED or WARNED enterprises receive landing-processing goods.`);
  }
  const entListed = listingOf(pre.listed, ent);
  if (entListed) throw subjectDishonest('destinationEnterpriseId', subjectNamed.enterprise(ent.filingNo), entListed, { zh: '不能接收落地加工商品', en: 'cannot receive landing-processing goods' });
  const contracts = pre.contracts.get(`${ent.id}|${coop.id}`) ?? [];
  // A contract ends early on a suspension or exit (market module sets terminatedOn).
  const ok = contracts.some((c) => contractValidOn(c, n.declaredOn) && n.lines.every((l) => contractCovers(c.hsCodes, l.hsCode)));
  if (!ok) {
    throw badInput('destinationEnterpriseId', 'NOT_CONTRACTED', `No supply contract between enterprise ${ent.filingNo} and cooperative ${coop.filingNo} is valid on ${n.declaredOn} for every line's HS code.`);
  }
}

/** The agent of a row, when it names one other than the declarant (委托申报). */
const agentOf = (n: Normal): string | null => (n.agentIdNumber != null && n.agentIdNumber !== n.idNumber ? n.agentIdNumber : null);

/**
 * Membership on the declaration's date, not today (SPEC §14), of a landing-processing row's
 * declarant and agent (an agent's registration and eligibility are checked before). Checked on the
 * preloaded memberships and again in storeSet on memberships read after the declarants' lock.
 */
function checkMembership(n: Normal, coop: Pick<Party, 'id' | 'filingNo'>, memberships: ReadonlyMap<string, readonly MembershipSpan[]>) {
  if (!memberOn(memberships.get(n.idNumber) ?? [], coop.id, n.declaredOn)) {
    throw badInput('declarantIdNumber', 'NOT_A_MEMBER', `申报人在 ${n.declaredOn} 不是合作社 ${coop.filingNo} 的成员 / The declarant is not a member of cooperative ${coop.filingNo} on ${n.declaredOn}; for landing processing the declarant must be on its roster on the declaration's date.`);
  }
  const agent = agentOf(n);
  if (agent && !memberOn(memberships.get(agent) ?? [], coop.id, n.declaredOn)) {
    throw badInput('agentIdNumber', 'AGENT_NOT_ELIGIBLE', `委托申报人在 ${n.declaredOn} 不是合作社 ${coop.filingNo} 的成员 / For landing processing the agent must be a member of cooperative ${coop.filingNo} on ${n.declaredOn}.`);
  }
}

/** Memberships by ID number, as checkMembership reads them. */
function membershipsById(rows: readonly { idNumber: string; cooperativeId: string; joinedOn: string; leftOn: string | null }[]): Map<string, MembershipSpan[]> {
  const m = new Map<string, MembershipSpan[]>();
  for (const x of rows) (m.get(x.idNumber) ?? m.set(x.idNumber, []).get(x.idNumber)!).push(x);
  return m;
}

/** A row of a batch as the store sees it: its input index, the normalised row, and its registry verdict. */
interface Candidate { index: number; n: Normal; registryError: DomainError | null }

type Outcome = { status: 'ACCEPTED' | 'DUPLICATE' } | { status: 'REJECTED'; error: DomainError };

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Decides and stores a set of rows in the caller's transaction, in a fixed number of statements:
 *   1. residents the set may register (a row with a name that could pass on its own), inserted
 *      in ID-number order (on conflict nothing: registered meanwhile by another batch);
 *   2. the resident rows of every declarant of the set, locked FOR NO KEY UPDATE in ID-number
 *      order. This lock serialises one declarant's submissions (the daily allowance), as an
 *      advisory lock per declarant-day did; row locks live in the tuples, whereas 1,000 advisory
 *      locks a batch exhaust the server's shared lock table (max_locks_per_transaction ×
 *      max_connections) under a few concurrent batches. It does not block the foreign-key
 *      checks (FOR KEY SHARE) of other writers. Sorted locking: concurrent batches queue, never
 *      deadlock (a batch waiting in step 1 holds no row lock yet);
 *   3. the stored content hashes of the set's keys and the allowance already used per
 *      allowance key (rules.allowanceKey: declarant and Beijing day; committed rows, read after
 *      the locks), and the memberships of the landing-processing rows' declarants and agents
 *      (read after the locks too: a removal that committed after the preload counts; SPEC §14);
 *   4. in memory, in input order: key (stored or accepted earlier in this set → DUPLICATE or
 *      KEY_CONFLICT), registry rules, membership on the declaration's date (again, on the
 *      memberships of step 3), allowance, resident name;
 *   5. residents registered in step 1 that ended up with no accepted row are removed again (a
 *      rejected row registers nobody), then all accepted declarations and all their lines: one
 *      statement each, so the rollup triggers (trade_daily, then trade_daily_commodity) fire
 *      once per statement and upsert their rows in sorted order. Declarations go in sorted by
 *      declarationNo, so concurrent sets that share new keys also meet in one order.
 * Each row is stored entirely (declaration + lines) or not at all; if a statement fails, the
 * caller's transaction stores nothing.
 */
async function storeSet(tx: Tx, set: readonly Candidate[], viewer: Viewer, pre: Preloaded, allowance: string): Promise<{ outcomes: Map<number, Outcome>; residentIds: Map<string, string> }> {
  const out = new Map<number, Outcome>();
  // A key stored before the batch started stays stored: such rows need no lock and no reread.
  const live = set.filter((c) => !pre.stored.has(c.n.declarationNo) && !c.registryError);

  // 1. residents this set may register
  const register = new Map<string, Normal>();
  for (const { n } of live) {
    if (!pre.residents.has(n.idNumber) && n.declarantName && n.residence && !register.has(n.idNumber) && withinAllowance('0', n.valueYuan, allowance)) register.set(n.idNumber, n);
  }
  const ours = new Map<string, { id: string; name: string }>();
  if (register.size) {
    // Registered with the residence of the first row naming them (every live row passed the residence check).
    const fresh = [...register].sort(([a], [b]) => byText(a, b)).map(([id_number, n]) => ({
      id_number, name: n.declarantName!, county: n.residence!.county, township: n.residence!.township,
      residence_basis: n.residence!.basis, residence_presumed: n.residence!.presumed,
    }));
    const inserted = await insertResidentsIfMissing(tx, viewer.agency, fresh);
    for (const r of inserted) ours.set(r.id_number, { id: r.id, name: r.name });
  }

  // 2. lock every declarant of the set; 3. stored keys and used allowance
  const idNumbers = [...new Set(live.map((c) => c.n.idNumber))].sort(byText);
  const locked = idNumbers.length ? await lockResidents(tx, idNumbers) : [];
  const residentIds = new Map(locked.map((r) => [r.idNumber, r.id]));
  const nos = [...new Set(live.map((c) => c.n.declarationNo))];
  const keys = [...new Map(live.filter((c) => residentIds.has(c.n.idNumber))
    .map((c) => [allowanceKey(c.n), { key: allowanceKey(c.n), declarantId: residentIds.get(c.n.idNumber)!, declaredOn: c.n.declaredOn }])).values()];
  // Memberships of the landing rows' declarants and agents, read again now that the declarants are
  // locked: a roster change (removeCooperativeMember, an exit) updates the resident's row, so one
  // committed after the preload is seen here, one still running waits for this batch (SPEC §14).
  // Agents are not locked (a representative declaring for many members would serialise every
  // batch of the cooperative): a removal of the agent committed by now is seen, one committing
  // later comes after this batch, as if it had waited.
  const landing = live.filter((c) => c.n.purpose === 'LANDING_PROCESSING' && residentIds.has(c.n.idNumber));
  const members = [...new Set(landing.flatMap((c) => [c.n.idNumber, ...(agentOf(c.n) ? [agentOf(c.n)!] : [])]))];
  const [stored, usedByKey, memberRows] = await Promise.all([
    nos.length ? store.storedHashes(tx, nos) : Promise.resolve([]),
    store.usedAllowance(tx, keys),
    members.length ? membershipsByIdNumbers(tx, members) : Promise.resolve([]),
  ]);
  const memberships = membershipsById(memberRows);
  const hashes = new Map([...pre.stored, ...stored.map((s) => [s.no, s.hash] as const)]);
  const used = new Map([...usedByKey].map(([k, v]) => [k, new D(v)]));

  // 4. decisions in input order
  const registered = new Map<string, string>(); // ID number → name of its first accepted row (new residents)
  const accepted: Normal[] = [];
  for (const c of set) {
    const { n } = c;
    try {
      const known = hashes.get(n.declarationNo);
      if (known) { out.set(c.index, { status: duplicateOrConflict(n, known) }); continue; }
      if (c.registryError) throw c.registryError;
      if (n.purpose === 'LANDING_PROCESSING') checkMembership(n, pre.cooperatives.get(n.cooperativeId!)!, memberships);
      const key = allowanceKey(n);
      const already = used.get(key) ?? new D(0);
      if (!withinAllowance(already, n.valueYuan, allowance)) {
        throw badInput('lines', 'DAILY_LIMIT_EXCEEDED', `The declarant has declared ${already.toFixed(2)} yuan on ${n.declaredOn} (Beijing time); with this ${n.valueYuan.toFixed(2)} yuan the daily duty-free allowance of ${new D(allowance).toFixed(2)} yuan would be exceeded.`);
      }
      if (!pre.residents.has(n.idNumber) && !registered.has(n.idNumber)) {
        if (!n.declarantName) throw badInput('declarantName', 'MISSING_FIELD', 'The declarant is not in the registry yet: give declarantName so the resident can be registered.');
        registered.set(n.idNumber, n.declarantName);
      }
      // Every row that reaches here had its declarant registered (step 1) and locked (step 2).
      if (!residentIds.has(n.idNumber)) throw new Error(`declarant ${n.idNumber} was not locked`);
      used.set(key, already.plus(n.valueYuan));
      hashes.set(n.declarationNo, n.hash);
      accepted.push(n);
      out.set(c.index, { status: 'ACCEPTED' });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      out.set(c.index, { status: 'REJECTED', error: e });
    }
  }

  // 5. undo unneeded registrations, keep the name of the first accepted row, then store
  const unused = [...ours].filter(([idNumber]) => !registered.has(idNumber)).map(([, r]) => r.id);
  if (unused.length) await deleteResidents(tx, unused);
  for (const [idNumber, r] of ours) {
    const name = registered.get(idNumber);
    if (name && name !== r.name) await renameResident(tx, r.id, name);
  }
  if (!accepted.length) return { outcomes: out, residentIds };

  accepted.sort((a, b) => byText(a.declarationNo, b.declarationNo));
  const ids = accepted.map(() => randomUUID());
  await store.insertDeclarations(tx, viewer.agency, accepted.map((n, k) => ({
    id: ids[k]!, declarationNo: n.declarationNo, declaredAt: n.declaredAt, declaredOn: n.declaredOn, tradePoint: n.tradePoint,
    declarantId: residentIds.get(n.idNumber)!, agentIdNumber: n.agentIdNumber, entrustmentProofNo: n.entrustmentProofNo,
    cooperativeId: n.cooperativeId, purpose: n.purpose, destinationEnterpriseId: n.destinationEnterpriseId,
    valueYuan: n.valueYuan.toFixed(2), quantityKg: n.quantityKg.toFixed(3),
    delegatedDeclaration: n.facilitation.delegatedDeclaration, directTransport: n.facilitation.directTransport, inspectionWaived: n.facilitation.inspectionWaived,
    status: n.releasedAt ? 'RELEASED' : 'DECLARED', releasedAt: n.releasedAt, contentHash: n.hash,
  })));
  await store.insertDeclarationLines(tx, accepted.flatMap((n, k) => n.lines.map((l) => ({
    declarationId: ids[k]!, lineNo: l.lineNo, hsCode: l.hsCode, commodityName: l.commodityName, quantityKg: l.quantityKg, valueYuan: l.valueYuan,
  }))));
  return { outcomes: out, residentIds };
}

/** Attempts of the set-based store that lost a race on a key or a lock (then it rereads and decides again). */
const SET_RETRIES = 3;

/**
 * submitDeclarations (SPEC §12): per-row results; afterwards the onDeclarationsAccepted
 * listeners (the quota early warning, §7).
 * Rows are checked in memory against the preloaded registry data, then decided and stored in ONE
 * transaction (storeSet). A concurrent writer of one of the batch's keys (unique violation) or a
 * deadlock makes the whole set run again, rereading what is stored. Any other database error
 * falls back to one transaction per row (the same decisions, one row at a time), so one row the
 * database refuses cannot sink the others.
 */
export async function submitDeclarations(ctx: CustomsContext, inputs: readonly DeclarationRowInput[]): Promise<BatchResult> {
  const { db, viewer, config } = ctx;
  checkBatchSize(inputs);
  const normal: (Normal | DomainError)[] = inputs.map((i) => {
    try { return normalizeDeclaration(i); } catch (e) { if (e instanceof DomainError) return e; throw e; }
  });
  const valid = normal.filter((n): n is Normal => !(n instanceof DomainError));
  const pre = await preload(db, valid);
  const set: Candidate[] = [];
  normal.forEach((n, index) => {
    if (n instanceof DomainError) return;
    let registryError: DomainError | null = null;
    try { checkAgainstRegistry(n, pre); } catch (e) { if (e instanceof DomainError) registryError = e; else throw e; }
    set.push({ index, n, registryError });
  });

  let outcomes: Map<number, Outcome> | null = null;
  let fallback: BatchResult | null = null;
  for (let attempt = 0; set.length && !outcomes && !fallback; attempt++) {
    try {
      outcomes = (await db.transaction((tx) => storeSet(tx, set, viewer, pre, config.dailyAllowanceYuan))).outcomes;
    } catch (e) {
      if ((isUniqueViolation(e) || isSerializationFailure(e)) && attempt < SET_RETRIES) continue;
      // Code and message only: the parameters of a failed statement may carry ID numbers.
      const err = e as Error;
      loggerFor(config.logLevel).warn({ error: err?.name, sqlstate: pgError(e)?.code, message: err?.message }, 'declaration batch: set-based store failed, storing row by row');
      fallback = await runBatch(db, set, {
        keyOf: (c) => c.n.declarationNo,
        async row(tx, c) {
          const r = await storeSet(tx, [c], viewer, pre, config.dailyAllowanceYuan);
          const o = r.outcomes.get(c.index)!;
          if (o.status === 'REJECTED') throw o.error;
          // Later rows of the batch see this row's new resident as registered (as in one transaction).
          if (o.status === 'ACCEPTED' && !pre.residents.has(c.n.idNumber) && c.n.residence) {
            const res = c.n.residence;
            pre.residents.set(c.n.idNumber, {
              id: r.residentIds.get(c.n.idNumber)!,
              county: res.county, township: res.township, residenceBasis: res.basis, residencePresumed: res.presumed,
            });
          }
          return o.status;
        },
      });
    }
  }

  const fromFallback = new Map(fallback?.rows.map((r) => [set[r.index]!.index, r]) ?? []);
  const rowsOut: BatchRow[] = normal.map((n, index) => {
    const key = n instanceof DomainError ? (inputs[index]?.declarationNo ?? null) : n.declarationNo;
    const base = { index, key, code: null, reason: null, field: null, message: null };
    if (n instanceof DomainError) return { ...base, status: BatchRowStatus.REJECTED, ...explain(n) };
    const f = fromFallback.get(index);
    if (f) return { ...f, index };
    const o = outcomes!.get(index)!;
    if (o.status === 'REJECTED') return { ...base, status: BatchRowStatus.REJECTED, ...explain(o.error) };
    return { ...base, status: o.status === 'ACCEPTED' ? BatchRowStatus.ACCEPTED : BatchRowStatus.DUPLICATE };
  });

  const accepted = rowsOut.filter((r) => r.status === BatchRowStatus.ACCEPTED).map((r) => r.index);
  if (accepted.length) {
    const years = new Map<number, string>();
    for (const i of accepted) {
      const n = normal[i] as Normal;
      const y = Number(n.declaredOn.slice(0, 4));
      if (!years.has(y) || years.get(y)! < n.declaredOn) years.set(y, n.declaredOn);
    }
    await declarationsAccepted({ db, years });
  }
  return {
    accepted: accepted.length,
    duplicates: rowsOut.filter((r) => r.status === BatchRowStatus.DUPLICATE).length,
    rejected: rowsOut.filter((r) => r.status === BatchRowStatus.REJECTED).length,
    rows: rowsOut,
  };
}

function explain(e: DomainError): Pick<BatchRow, 'code' | 'reason' | 'field' | 'message'> {
  const x = e.extensions as { code?: string; reason?: string; field?: string };
  return { code: x.code ?? 'BAD_USER_INPUT', reason: x.reason ?? null, field: x.field ?? null, message: e.message };
}

/** recordInspectionResult (SPEC §5): moves status along rules.TRANSITIONS. */
export async function recordInspectionResult(ctx: Pick<Context, 'db'>, declarationNo: string, result: DeclarationStatusName, note: string | null | undefined): Promise<CustomsDeclarationRow> {
  return ctx.db.transaction(async (tx) => {
    const d = await store.declarationByNoForUpdate(tx, declarationNo.trim());
    if (!d) throw notFound(`Declaration ${declarationNo}`);
    const t = transition(d.status, result);
    if (t === 'same') return d;
    if (t === 'invalid') {
      throw badInput('result', 'INVALID_STATUS', `A ${d.status} declaration cannot become ${result}: DECLARED → INSPECTING/RELEASED/RETURNED/DESTROYED/REFERRED_TO_ANTI_SMUGGLING, INSPECTING → a decision, RELEASED → REFERRED_TO_ANTI_SMUGGLING; stops are final.`);
    }
    return store.updateDeclarationStatus(tx, d.id, {
      status: result,
      inspectionNote: note ?? d.inspectionNote,
      releasedAt: result === 'RELEASED' ? (d.releasedAt ?? new Date()) : d.releasedAt,
      updatedAt: new Date(),
    });
  });
}

// ── factory entries (附件6) ─────────────────────────────────────────────────────────────────

export interface FactoryEntryRowInput {
  enterpriseId?: string | null;
  externalRef?: string | null;
  declarations: string[];
  commodityName: string;
  vehiclePlate?: string | null;
  arrivedAt: Date;
  unsealedBy?: string | null;
  sealNo?: string | null;
  unsealedAt?: Date | null;
  sealIntact: boolean;
  /** kg weighed at the gate (SPEC §13): required for new entries. */
  receivedKg?: number | null;
  warehouseKeeper?: string | null;
  remarks?: string | null;
}

function enterpriseOf(viewer: Viewer, input: FactoryEntryRowInput): string {
  if (viewer.agency === 'ENTERPRISE') {
    if (input.enterpriseId && input.enterpriseId !== viewer.org) throw new DomainError('FORBIDDEN', 'An enterprise records factory entries for itself only; leave enterpriseId out or give your own.');
    return viewer.org!;
  }
  if (!input.enterpriseId) throw badInput('enterpriseId', 'MISSING_FIELD', 'Acting for an enterprise, pass its enterpriseId.');
  if (!UUID.test(input.enterpriseId)) throw badInput('enterpriseId', 'NOT_FOUND', `No enterprise ${input.enterpriseId}.`);
  return input.enterpriseId;
}

/** The idempotency key of an entry: the enterprise's reference, else arrival time, vehicle and seal. */
const factoryEntryKey = (i: FactoryEntryRowInput) =>
  trimOrNull(i.externalRef) ?? `${i.arrivedAt instanceof Date ? i.arrivedAt.toISOString() : String(i.arrivedAt)}/${i.vehiclePlate?.trim() ?? ''}/${i.sealNo?.trim() ?? ''}`;

export async function recordFactoryEntries(ctx: Pick<Context, 'db' | 'viewer'>, inputs: readonly FactoryEntryRowInput[]): Promise<BatchResult> {
  const { db, viewer } = ctx;
  const nos = [...new Set(inputs.flatMap((i) => i.declarations ?? []).map((s) => s.trim()))];
  const decls = nos.length ? await store.declarationRefsByNos(db, nos, viewer) : [];
  const byNo = new Map(decls.map((d) => [d.no, d]));
  return runBatch(db, inputs, {
    keyOf: (i) => factoryEntryKey(i),
    async row(tx, input) {
      const enterpriseId = enterpriseOf(viewer, input);
      if (!input.commodityName?.trim()) throw badInput('commodityName', 'MISSING_FIELD', 'commodityName is required.');
      if (!input.declarations?.length) throw badInput('declarations', 'MISSING_FIELD', 'Name the declaration numbers of the goods received.');
      if (input.receivedKg == null) throw badInput('receivedKg', 'MISSING_FIELD', '请填写入厂过磅重量 / receivedKg (kg weighed at the factory gate) is required.');
      const receivedKg = kgInput('receivedKg', input.receivedKg);
      if (input.unsealedAt && input.unsealedAt < input.arrivedAt) throw badInput('unsealedAt', 'INVALID_DATE_RANGE', 'unsealedAt cannot be before arrivedAt.');
      const ids = [...new Set(input.declarations.map((s) => s.trim()))].sort().map((no, k) => {
        const d = byNo.get(no);
        if (!d) throw badInput(`declarations[${k}]`, 'NOT_FOUND', `No declaration ${no}.`);
        if (d.purpose !== 'LANDING_PROCESSING' || d.destinationEnterpriseId !== enterpriseId) {
          throw badInput(`declarations[${k}]`, 'DECLARATION_NOT_INBOUND', `Declaration ${no} is not a landing-processing declaration destined to this enterprise.`);
        }
        return d.id;
      });
      const key = factoryEntryKey(input);
      const values = {
        enterpriseId, externalRef: key, commodityName: input.commodityName.trim(), vehiclePlate: trimOrNull(input.vehiclePlate),
        arrivedAt: input.arrivedAt, unsealedBy: trimOrNull(input.unsealedBy), sealNo: trimOrNull(input.sealNo),
        unsealedAt: input.unsealedAt ?? null, sealIntact: input.sealIntact, receivedKg, warehouseKeeper: trimOrNull(input.warehouseKeeper),
        remarks: trimOrNull(input.remarks),
      };
      const hash = contentHash({ ...values, arrivedAt: values.arrivedAt.toISOString(), unsealedAt: values.unsealedAt?.toISOString() ?? null, declarations: ids });
      const existing = await store.factoryEntryHash(tx, enterpriseId, key);
      if (existing != null) {
        if (existing === hash) return 'DUPLICATE';
        throw badInput('externalRef', 'KEY_CONFLICT', `Factory entry ${key} is already stored with different content.`);
      }
      await store.insertFactoryEntries(tx, [{ entry: { ...values, contentHash: hash, source: viewer.agency }, declarationIds: ids }]);
      // A broken seal changes what customs sees on the declaration (sealBroken): touch it so
      // incremental sync by updatedSince picks the flag up.
      if (!input.sealIntact) await store.touchDeclarations(tx, ids);
      return 'ACCEPTED';
    },
  });
}

// ── reads for the API (row scope applied in the store) ─────────────────────────────────────

const NO_ROW = '00000000-0000-0000-0000-000000000000';
const uuidOrNone = (s: string) => (isUuid(s) ? s : NO_ROW);

function checkRange(from?: string, to?: string) {
  if (from && to && to < from) throw badInput('filter.to', 'INVALID_DATE_RANGE', 'to must be on or after from (both inclusive).');
}

type Page = { first?: number | null; after?: string | null };

export function findDeclaration(ctx: Pick<Context, 'db' | 'viewer'>, declarationNo: string): Promise<CustomsDeclarationRow | null> {
  return store.declarationByNo(ctx.db, ctx.viewer, declarationNo.trim());
}

export interface DeclarationsFilterInput {
  from?: string; to?: string; purpose?: 'LANDING_PROCESSING' | 'MARKET_SALE'; status?: DeclarationStatusName[];
  enterpriseId?: string; cooperativeId?: string; declarantIdNumber?: string; updatedSince?: Date;
}

/**
 * The declarations of one declarant, by ID number, only for who may look residents up by ID
 * number (registry findResident: CUSTOMS, a COOPERATIVE for its own members); others are
 * FORBIDDEN whatever the number. The declarant found goes into the access log's personal records.
 */
async function declarantFilter(ctx: Pick<Context, 'db' | 'viewer'> & { personalRecords?: Set<string> }, idNumber: string | undefined): Promise<string | undefined> {
  if (!idNumber) return undefined;
  const r = await findResident(ctx, idNumber);
  return r?.id ?? NO_ROW;
}

export async function listDeclarations(ctx: Pick<Context, 'db' | 'viewer'> & { personalRecords?: Set<string> }, filter: DeclarationsFilterInput | undefined, page: Page): Promise<ConnectionValue<CustomsDeclarationRow>> {
  const f = filter ?? {};
  checkRange(f.from, f.to);
  const declarantId = await declarantFilter(ctx, f.declarantIdNumber);
  return store.declarationsPage(ctx.db, ctx.viewer, {
    from: f.from, to: f.to, purpose: f.purpose, status: f.status, updatedSince: f.updatedSince,
    enterpriseId: f.enterpriseId ? uuidOrNone(f.enterpriseId) : undefined,
    cooperativeId: f.cooperativeId ? uuidOrNone(f.cooperativeId) : undefined,
    declarantId,
  }, page);
}

export interface FactoryEntriesFilterInput { enterpriseId?: string; from?: string; to?: string; sealIntact?: boolean; updatedSince?: Date }

export async function listFactoryEntries(ctx: Pick<Context, 'db' | 'viewer'>, filter: FactoryEntriesFilterInput | undefined, page: Page): Promise<ConnectionValue<FactoryEntryRow & { cooperativeIds?: string[] }>> {
  const f = filter ?? {};
  checkRange(f.from, f.to);
  const conn: ConnectionValue<FactoryEntryRow & { cooperativeIds?: string[] }> = await store.factoryEntriesPage(ctx.db, ctx.viewer, {
    enterpriseId: f.enterpriseId ? uuidOrNone(f.enterpriseId) : undefined,
    arrivedFrom: f.from ? beijingDayStart(f.from) : undefined,
    arrivedBefore: f.to ? beijingDayStart(addDays(f.to, 1)) : undefined,
    sealIntact: f.sealIntact ?? undefined,
    updatedSince: f.updatedSince,
  }, page);
  // Rows a COOPERATIVE gets were scoped to those carrying its declarations (policy.ts).
  if (ctx.viewer.agency === 'COOPERATIVE') for (const e of conn.edges) e.node.cooperativeIds = [ctx.viewer.org!];
  return conn;
}

const loggers = new Map<string, Logger>();
/** The hub's logger at the configured level (created on first use: the fallback path is rare). */
const loggerFor = (level: CustomsContext['config']['logLevel']): Logger => {
  let l = loggers.get(level);
  if (!l) loggers.set(level, (l = createLogger(level)));
  return l;
};
