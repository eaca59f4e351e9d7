/**
 * Customs writes (SPEC §5, §12). A declaration batch preloads what every row needs (residents,
 * cooperatives, enterprises, contracts, commodity lists, already-stored keys) in a handful of
 * statements, checks every row against that in memory, then decides and stores the whole batch
 * in one transaction (storeSet):
 *   new residents → row locks on every declarant, sorted → stored keys + allowance used, one query
 *   each → decisions in input order → declarations, lines: one statement each.
 * The locks make the daily allowance hold under concurrent submissions (two batches for one
 * resident queue on them; the second sees the first's committed sum).
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Viewer } from '../../authz/agencies';
import type { Config } from '../../config';
import type { Db, Tx } from '../../db/client';
import { rows } from '../../db/client';
import { BatchRowStatus, checkBatchSize, runBatch, type BatchResult, type BatchRow } from '../../shared/batch';
import { isSerializationFailure, isUniqueViolation } from '../../db/errors';
import { D, parseKg, parseYuan, sumOf, type Dec } from '../../shared/decimal';
import { contentHash } from '../../shared/hash';
import { DomainError, badInput, notFound } from '../../shared/errors';
import { beijingDate } from '../../shared/time';
import { evaluateEarlyWarnings } from '../quota/service';
import { countyOfIdNumber, isBorderCounty, isValidIdNumber, normalizeIdNumber } from '../registry/rules';
import {
  borderResidentsTable, cooperativesTable, enterprisesTable, supplyContractsTable, type SupplyContractRow,
} from '../registry/table';
import {
  isPilotCommodity, isValidLineHsCode, negativeListHit, transition,
  type CommodityList, type DeclarationStatusName,
} from './rules';
import {
  commodityListEntriesTable, customsDeclarationsTable, factoryEntriesTable, factoryEntryDeclarationsTable,
  type CustomsDeclarationRow, type FactoryEntryRow,
} from './table';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MAX_LINES = 20;

/** The mutation's DeclarationInput, loosely typed so the CSV/JSON import can pass raw values. */
export interface DeclarationRowInput {
  declarationNo: string;
  declaredAt: Date | string;
  tradePoint?: string | null;
  declarantIdNumber: string;
  declarantName?: string | null;
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
}

const toDate = (v: Date | string | null | undefined): Date | null => (v == null || v === '' ? null : v instanceof Date ? v : new Date(v));
const trimOrNull = (s: string | null | undefined) => (s == null || s.trim() === '' ? null : s.trim());

/** Format checks that need no data (each failure names the field and the reason). */
export function normalizeDeclaration(input: DeclarationRowInput): Normal {
  const declarationNo = trimOrNull(input.declarationNo);
  if (!declarationNo) throw badInput('declarationNo', 'MISSING_FIELD', 'declarationNo is required: it is the idempotency key of the declaration.');
  if (declarationNo.length > 64) throw badInput('declarationNo', 'INVALID_VALUE', 'declarationNo is at most 64 characters.');
  const declaredAt = toDate(input.declaredAt);
  if (!declaredAt || Number.isNaN(declaredAt.getTime())) throw badInput('declaredAt', 'INVALID_VALUE', 'declaredAt is an ISO-8601 date-time with offset, e.g. 2025-03-01T09:30:00+08:00.');
  if (input.purpose !== 'LANDING_PROCESSING' && input.purpose !== 'MARKET_SALE') throw badInput('purpose', 'INVALID_VALUE', 'purpose is LANDING_PROCESSING or MARKET_SALE.');
  const idNumber = normalizeIdNumber(input.declarantIdNumber ?? '');
  if (!isValidIdNumber(idNumber)) throw badInput('declarantIdNumber', 'INVALID_ID_NUMBER', `"${input.declarantIdNumber}" is not a valid resident ID number (GB 11643-1999: 18 characters, real birth date, check character last).`);
  if (!isBorderCounty(countyOfIdNumber(idNumber))) {
    throw badInput('declarantIdNumber', 'NOT_BORDER_RESIDENT', `Only residents of the border counties 652702, 652701, 652723 and 659007 may declare border trade; this ID number is registered in ${countyOfIdNumber(idNumber)}.`);
  }
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
  return { ...n, valueYuan, quantityKg, hash };
}

interface Party { id: string; status: string; filingNo: string }

/** Everything a batch's rows are checked against, read once per batch. */
export interface Preloaded {
  residents: Map<string, { id: string; cooperativeId: string | null }>;
  cooperatives: Map<string, Party>;
  enterprises: Map<string, Party>;
  contracts: Map<string, SupplyContractRow[]>;
  negative: CommodityList[];
  pilot: CommodityList[];
  stored: Map<string, string>;
}

export async function preload(db: Db, rowsIn: Normal[]): Promise<Preloaded> {
  const idNumbers = [...new Set(rowsIn.map((r) => r.idNumber))];
  const coopIds = [...new Set(rowsIn.map((r) => r.cooperativeId).filter((x): x is string => !!x && UUID.test(x)))];
  const entIds = [...new Set(rowsIn.map((r) => r.destinationEnterpriseId).filter((x): x is string => !!x && UUID.test(x)))];
  const nos = [...new Set(rowsIn.map((r) => r.declarationNo))];
  const none = Promise.resolve([] as never[]);
  const [residents, coops, ents, contracts, lists, stored] = await Promise.all([
    idNumbers.length ? db.select({ id: borderResidentsTable.id, idNumber: borderResidentsTable.idNumber, cooperativeId: borderResidentsTable.cooperativeId })
      .from(borderResidentsTable).where(inArray(borderResidentsTable.idNumber, idNumbers)) : none,
    coopIds.length ? db.select({ id: cooperativesTable.id, status: cooperativesTable.status, filingNo: cooperativesTable.filingNo })
      .from(cooperativesTable).where(inArray(cooperativesTable.id, coopIds)) : none,
    entIds.length ? db.select({ id: enterprisesTable.id, status: enterprisesTable.status, filingNo: enterprisesTable.filingNo })
      .from(enterprisesTable).where(inArray(enterprisesTable.id, entIds)) : none,
    coopIds.length && entIds.length ? db.select().from(supplyContractsTable)
      .where(and(inArray(supplyContractsTable.cooperativeId, coopIds), inArray(supplyContractsTable.enterpriseId, entIds))) : none,
    db.select({ list: commodityListEntriesTable.list, hsPrefix: commodityListEntriesTable.hsPrefix, effectiveFrom: commodityListEntriesTable.effectiveFrom, effectiveTo: commodityListEntriesTable.effectiveTo })
      .from(commodityListEntriesTable),
    nos.length ? db.select({ no: customsDeclarationsTable.declarationNo, hash: customsDeclarationsTable.contentHash })
      .from(customsDeclarationsTable).where(inArray(customsDeclarationsTable.declarationNo, nos)) : none,
  ]);
  const contractMap = new Map<string, SupplyContractRow[]>();
  for (const c of contracts as SupplyContractRow[]) {
    const k = `${c.enterpriseId}|${c.cooperativeId}`;
    (contractMap.get(k) ?? contractMap.set(k, []).get(k)!).push(c);
  }
  return {
    residents: new Map(residents.map((r) => [r.idNumber, { id: r.id, cooperativeId: r.cooperativeId }])),
    cooperatives: new Map(coops.map((c) => [c.id, c])),
    enterprises: new Map(ents.map((e) => [e.id, e])),
    contracts: contractMap,
    negative: lists.filter((l) => l.list === 'NEGATIVE'),
    pilot: lists.filter((l) => l.list === 'PILOT'),
    stored: new Map(stored.map((s) => [s.no, s.hash])),
  };
}

function duplicateOrConflict(n: Normal, storedHash: string): 'DUPLICATE' {
  if (storedHash === n.hash) return 'DUPLICATE';
  throw badInput('declarationNo', 'KEY_CONFLICT', `Declaration ${n.declarationNo} is already stored with different content; a stored declaration is not changed by resubmission (use recordInspectionResult for status).`);
}

/** The rules of SPEC §5 that need registry data (everything but the allowance, checked under the lock). */
export function checkAgainstRegistry(n: Normal, pre: Preloaded) {
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
  const resident = pre.residents.get(n.idNumber);
  if (resident?.cooperativeId !== coop.id) {
    throw badInput('declarantIdNumber', 'NOT_A_MEMBER', `The declarant is not a member of cooperative ${coop.filingNo}; for landing processing the declarant must be on its roster.`);
  }
  if (!n.destinationEnterpriseId) throw badInput('destinationEnterpriseId', 'MISSING_FIELD', 'A LANDING_PROCESSING declaration names the receiving enterprise (destinationEnterpriseId).');
  const ent = pre.enterprises.get(n.destinationEnterpriseId);
  if (!ent) throw badInput('destinationEnterpriseId', 'NOT_FOUND', `No enterprise ${n.destinationEnterpriseId}.`);
  if (ent.status !== 'FILED' && ent.status !== 'WARNED') {
    throw badInput('destinationEnterpriseId', 'ENTERPRISE_NOT_FILED', `Enterprise ${ent.filingNo} is ${ent.status}; only FILED or WARNED enterprises receive landing-processing goods.`);
  }
  const contracts = pre.contracts.get(`${ent.id}|${coop.id}`) ?? [];
  // A contract ends early on a suspension or exit (market module sets terminatedOn).
  const ok = contracts.some((c) => c.validFrom <= n.declaredOn && n.declaredOn <= c.validTo
    && (c.terminatedOn == null || n.declaredOn < c.terminatedOn)
    && n.lines.every((l) => c.hsCodes.some((p) => l.hsCode.startsWith(p))));
  if (!ok) {
    throw badInput('destinationEnterpriseId', 'NOT_CONTRACTED', `No supply contract between enterprise ${ent.filingNo} and cooperative ${coop.filingNo} is valid on ${n.declaredOn} for every line's HS code.`);
  }
}

/** A row of a batch as the store sees it: its input index, the normalised row, and its registry verdict. */
interface Candidate { index: number; n: Normal; registryError: DomainError | null }

type Outcome = { status: 'ACCEPTED' | 'DUPLICATE' } | { status: 'REJECTED'; error: DomainError };

const COUNTED_SQL = sql.raw(`('DECLARED', 'RELEASED', 'INSPECTING')`);

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
 *   3. the stored content hashes of the set's keys and the allowance already used on each
 *      declarant-day (committed rows, read after the locks);
 *   4. in memory, in input order: key (stored or accepted earlier in this set → DUPLICATE or
 *      KEY_CONFLICT), registry rules, allowance, resident name;
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
  const register = new Map<string, string>();
  for (const { n } of live) {
    if (!pre.residents.has(n.idNumber) && n.declarantName && !register.has(n.idNumber) && n.valueYuan.lte(allowance)) register.set(n.idNumber, n.declarantName);
  }
  const ours = new Map<string, { id: string; name: string }>();
  if (register.size) {
    const fresh = [...register].sort(([a], [b]) => byText(a, b)).map(([id_number, name]) => ({ id_number, name, county: countyOfIdNumber(id_number) }));
    const inserted = await rows<{ id: string; id_number: string; name: string }>(tx, sql`
      insert into border_residents (name, id_number, county, source)
      select x.name, x.id_number, x.county, ${viewer.agency}::agency
        from jsonb_to_recordset(${JSON.stringify(fresh)}::jsonb) as x(name text, id_number text, county text)
       order by x.id_number
      on conflict (id_number) do nothing
      returning id, id_number, name`);
    for (const r of inserted) ours.set(r.id_number, { id: r.id, name: r.name });
  }

  // 2. lock every declarant of the set; 3. stored keys and used allowance
  const idNumbers = [...new Set(live.map((c) => c.n.idNumber))].sort(byText);
  const locked = idNumbers.length
    ? await tx.select({ id: borderResidentsTable.id, idNumber: borderResidentsTable.idNumber }).from(borderResidentsTable)
      .where(inArray(borderResidentsTable.idNumber, idNumbers)).orderBy(borderResidentsTable.idNumber).for('no key update')
    : [];
  const residentIds = new Map(locked.map((r) => [r.idNumber, r.id]));
  const nos = [...new Set(live.map((c) => c.n.declarationNo))];
  const days = [...new Map(live.filter((c) => residentIds.has(c.n.idNumber))
    .map((c) => [`${c.n.idNumber}|${c.n.declaredOn}`, { id: residentIds.get(c.n.idNumber)!, id_number: c.n.idNumber, day: c.n.declaredOn }])).values()];
  const [stored, usedRows] = await Promise.all([
    nos.length ? tx.select({ no: customsDeclarationsTable.declarationNo, hash: customsDeclarationsTable.contentHash })
      .from(customsDeclarationsTable).where(inArray(customsDeclarationsTable.declarationNo, nos)) : Promise.resolve([]),
    // One index probe per declarant-day (a correlated subquery keeps the plan independent of statistics).
    days.length ? rows<{ id_number: string; day: string; used: string }>(tx, sql`
      select k.id_number, k.day, (
        select coalesce(sum(d.value_yuan), 0) from customs_declarations d
         where d.declarant_id = k.id and d.declared_on = k.day::date and d.status in ${COUNTED_SQL})::text as used
        from jsonb_to_recordset(${JSON.stringify(days)}::jsonb) as k(id uuid, id_number text, day text)`) : Promise.resolve([]),
  ]);
  const hashes = new Map([...pre.stored, ...stored.map((s) => [s.no, s.hash] as const)]);
  const used = new Map(usedRows.map((u) => [`${u.id_number}|${u.day}`, new D(u.used)]));

  // 4. decisions in input order
  const registered = new Map<string, string>(); // ID number → name of its first accepted row (new residents)
  const accepted: Normal[] = [];
  for (const c of set) {
    const { n } = c;
    try {
      const known = hashes.get(n.declarationNo);
      if (known) { out.set(c.index, { status: duplicateOrConflict(n, known) }); continue; }
      if (c.registryError) throw c.registryError;
      const dayKey = `${n.idNumber}|${n.declaredOn}`;
      const already = used.get(dayKey) ?? new D(0);
      if (already.plus(n.valueYuan).gt(allowance)) {
        throw badInput('lines', 'DAILY_LIMIT_EXCEEDED', `The declarant has declared ${already.toFixed(2)} yuan on ${n.declaredOn} (Beijing time); with this ${n.valueYuan.toFixed(2)} yuan the daily duty-free allowance of ${new D(allowance).toFixed(2)} yuan would be exceeded.`);
      }
      if (!pre.residents.has(n.idNumber) && !registered.has(n.idNumber)) {
        if (!n.declarantName) throw badInput('declarantName', 'MISSING_FIELD', 'The declarant is not in the registry yet: give declarantName so the resident can be registered.');
        registered.set(n.idNumber, n.declarantName);
      }
      // Every row that reaches here had its declarant registered (step 1) and locked (step 2).
      if (!residentIds.has(n.idNumber)) throw new Error(`declarant ${n.idNumber} was not locked`);
      used.set(dayKey, already.plus(n.valueYuan));
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
  if (unused.length) await tx.delete(borderResidentsTable).where(inArray(borderResidentsTable.id, unused));
  for (const [idNumber, r] of ours) {
    const name = registered.get(idNumber);
    if (name && name !== r.name) await tx.update(borderResidentsTable).set({ name }).where(eq(borderResidentsTable.id, r.id));
  }
  if (!accepted.length) return { outcomes: out, residentIds };

  accepted.sort((a, b) => byText(a.declarationNo, b.declarationNo));
  const ids = accepted.map(() => randomUUID());
  const decls = accepted.map((n, k) => ({
    id: ids[k], no: n.declarationNo, at: n.declaredAt.toISOString(), day: n.declaredOn, tp: n.tradePoint,
    declarant: residentIds.get(n.idNumber)!, agent: n.agentIdNumber, proof: n.entrustmentProofNo, coop: n.cooperativeId,
    purpose: n.purpose, dest: n.destinationEnterpriseId, value: n.valueYuan.toFixed(2), qty: n.quantityKg.toFixed(3),
    dd: n.facilitation.delegatedDeclaration, dt: n.facilitation.directTransport, iw: n.facilitation.inspectionWaived,
    status: n.releasedAt ? 'RELEASED' : 'DECLARED', released: n.releasedAt?.toISOString() ?? null, hash: n.hash,
  }));
  await tx.execute(sql`
    insert into customs_declarations (
      id, source, declaration_no, declared_at, declared_on, trade_point, declarant_id, agent_id_number, entrustment_proof_no,
      cooperative_id, purpose, destination_enterprise_id, value_yuan, quantity_kg,
      delegated_declaration, direct_transport, inspection_waived, status, released_at, content_hash)
    select x.id, ${viewer.agency}::agency, x.no, x.at, x.day, x.tp, x.declarant, x.agent, x.proof,
           x.coop, x.purpose::declaration_purpose, x.dest, x.value, x.qty,
           x.dd, x.dt, x.iw, x.status::declaration_status, x.released, x.hash
      from jsonb_to_recordset(${JSON.stringify(decls)}::jsonb) as x(
        id uuid, no text, at timestamptz, day date, tp text, declarant uuid, agent text, proof text, coop uuid, purpose text, dest uuid,
        value numeric, qty numeric, dd boolean, dt boolean, iw boolean, status text, released timestamptz, hash text)`);
  const lines = accepted.flatMap((n, k) => n.lines.map((l) => ({
    d: ids[k], line_no: l.lineNo, hs_code: l.hsCode, commodity_name: l.commodityName, quantity_kg: l.quantityKg, value_yuan: l.valueYuan,
  })));
  await tx.execute(sql`
    insert into declaration_lines (declaration_id, line_no, hs_code, commodity_name, quantity_kg, value_yuan)
    select l.d, l.line_no, l.hs_code, l.commodity_name, l.quantity_kg, l.value_yuan
      from jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) as l(d uuid, line_no int, hs_code text, commodity_name text, quantity_kg numeric, value_yuan numeric)`);
  return { outcomes: out, residentIds };
}

/** Attempts of the set-based store that lost a race on a key or a lock (then it rereads and decides again). */
const SET_RETRIES = 3;

/**
 * submitDeclarations (SPEC §12): per-row results; afterwards the quota early warning (§7).
 * Rows are checked in memory against the preloaded registry data, then decided and stored in ONE
 * transaction (storeSet). A concurrent writer of one of the batch's keys (unique violation) or a
 * deadlock makes the whole set run again, rereading what is stored. Any other database error
 * falls back to one transaction per row (the same decisions, one row at a time), so one row the
 * database refuses cannot sink the others.
 */
export async function submitDeclarations(db: Db, viewer: Viewer, config: Config, inputs: readonly DeclarationRowInput[]): Promise<BatchResult> {
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
      console.error('declaration batch: set-based store failed, storing row by row', e);
      fallback = await runBatch(db, set, {
        keyOf: (c) => c.n.declarationNo,
        async row(tx, c) {
          const r = await storeSet(tx, [c], viewer, pre, config.dailyAllowanceYuan);
          const o = r.outcomes.get(c.index)!;
          if (o.status === 'REJECTED') throw o.error;
          // Later rows of the batch see this row's new resident as registered (as in one transaction).
          if (o.status === 'ACCEPTED' && !pre.residents.has(c.n.idNumber)) pre.residents.set(c.n.idNumber, { id: r.residentIds.get(c.n.idNumber)!, cooperativeId: null });
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
    await evaluateEarlyWarnings(db, years);
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
export async function recordInspectionResult(db: Db, declarationNo: string, result: DeclarationStatusName, note: string | null | undefined): Promise<CustomsDeclarationRow> {
  return db.transaction(async (tx) => {
    const [d] = await tx.select().from(customsDeclarationsTable).where(eq(customsDeclarationsTable.declarationNo, declarationNo.trim())).for('update');
    if (!d) throw notFound(`Declaration ${declarationNo}`);
    const t = transition(d.status, result);
    if (t === 'same') return d;
    if (t === 'invalid') {
      throw badInput('result', 'INVALID_STATUS', `A ${d.status} declaration cannot become ${result}: DECLARED → INSPECTING/RELEASED/RETURNED/DESTROYED/REFERRED_TO_ANTI_SMUGGLING, INSPECTING → a decision, RELEASED → REFERRED_TO_ANTI_SMUGGLING; stops are final.`);
    }
    const [row] = await tx.update(customsDeclarationsTable).set({
      status: result,
      inspectionNote: note ?? d.inspectionNote,
      releasedAt: result === 'RELEASED' ? (d.releasedAt ?? new Date()) : d.releasedAt,
      updatedAt: new Date(),
    }).where(eq(customsDeclarationsTable.id, d.id)).returning();
    return row!;
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
export const factoryEntryKey = (i: FactoryEntryRowInput) =>
  trimOrNull(i.externalRef) ?? `${i.arrivedAt instanceof Date ? i.arrivedAt.toISOString() : String(i.arrivedAt)}/${i.vehiclePlate?.trim() ?? ''}/${i.sealNo?.trim() ?? ''}`;

export async function recordFactoryEntries(db: Db, viewer: Viewer, inputs: readonly FactoryEntryRowInput[]): Promise<BatchResult> {
  const nos = [...new Set(inputs.flatMap((i) => i.declarations ?? []).map((s) => s.trim()))];
  const decls = nos.length
    ? await db.select({ id: customsDeclarationsTable.id, no: customsDeclarationsTable.declarationNo, purpose: customsDeclarationsTable.purpose, dest: customsDeclarationsTable.destinationEnterpriseId })
      .from(customsDeclarationsTable).where(inArray(customsDeclarationsTable.declarationNo, nos))
    : [];
  const byNo = new Map(decls.map((d) => [d.no, d]));
  return runBatch(db, inputs, {
    keyOf: (i) => factoryEntryKey(i),
    async row(tx, input) {
      const enterpriseId = enterpriseOf(viewer, input);
      if (!input.commodityName?.trim()) throw badInput('commodityName', 'MISSING_FIELD', 'commodityName is required.');
      if (!input.declarations?.length) throw badInput('declarations', 'MISSING_FIELD', 'Name the declaration numbers of the goods received.');
      if (input.unsealedAt && input.unsealedAt < input.arrivedAt) throw badInput('unsealedAt', 'INVALID_DATE_RANGE', 'unsealedAt cannot be before arrivedAt.');
      const ids = [...new Set(input.declarations.map((s) => s.trim()))].sort().map((no, k) => {
        const d = byNo.get(no);
        if (!d) throw badInput(`declarations[${k}]`, 'NOT_FOUND', `No declaration ${no}.`);
        if (d.purpose !== 'LANDING_PROCESSING' || d.dest !== enterpriseId) {
          throw badInput(`declarations[${k}]`, 'DECLARATION_NOT_INBOUND', `Declaration ${no} is not a landing-processing declaration destined to this enterprise.`);
        }
        return d.id;
      });
      const key = factoryEntryKey(input);
      const values = {
        enterpriseId, externalRef: key, commodityName: input.commodityName.trim(), vehiclePlate: trimOrNull(input.vehiclePlate),
        arrivedAt: input.arrivedAt, unsealedBy: trimOrNull(input.unsealedBy), sealNo: trimOrNull(input.sealNo),
        unsealedAt: input.unsealedAt ?? null, sealIntact: input.sealIntact, warehouseKeeper: trimOrNull(input.warehouseKeeper),
        remarks: trimOrNull(input.remarks),
      };
      const hash = contentHash({ ...values, arrivedAt: values.arrivedAt.toISOString(), unsealedAt: values.unsealedAt?.toISOString() ?? null, declarations: ids });
      const [existing] = await tx.select({ hash: factoryEntriesTable.contentHash }).from(factoryEntriesTable)
        .where(and(eq(factoryEntriesTable.enterpriseId, enterpriseId), eq(factoryEntriesTable.externalRef, key)));
      if (existing) {
        if (existing.hash === hash) return 'DUPLICATE';
        throw badInput('externalRef', 'KEY_CONFLICT', `Factory entry ${key} is already stored with different content.`);
      }
      const [entry] = await tx.insert(factoryEntriesTable).values({ ...values, contentHash: hash, source: viewer.agency }).returning({ id: factoryEntriesTable.id });
      await tx.insert(factoryEntryDeclarationsTable).values(ids.map((declarationId) => ({ factoryEntryId: entry!.id, declarationId })));
      // A broken seal changes what customs sees on the declaration (sealBroken): touch it so
      // incremental sync by updatedSince picks the flag up.
      if (!input.sealIntact) await tx.update(customsDeclarationsTable).set({ updatedAt: new Date() }).where(inArray(customsDeclarationsTable.id, ids));
      return 'ACCEPTED';
    },
  });
}

export type { FactoryEntryRow };
