/**
 * Property-based fuzz of every mutation's input (issue 16, Deliver 7), in production mode.
 *
 * Each run takes one mutation with a valid input (fresh keys) and applies 0–3 edits to it: a leaf
 * or a whole sub-object replaced by a hostile value (any string — lone surrogates, NUL, 2,000+
 * characters, impossible dates, "1e400" —, huge, tiny or fractional numbers, booleans, null,
 * nested arrays and objects), a field removed, or an unknown field added. The answer must be:
 *   - never INTERNAL_SERVER_ERROR, never HTTP 5xx;
 *   - success, or BAD_USER_INPUT with a reason and a field (NOT_FOUND for an id that names
 *     nothing, FORBIDDEN for an enterprise naming another: SPEC §3, §9), per batch row likewise;
 *   - a refused write (an error, or a batch without accepted rows) changes nothing: a fingerprint
 *     of every table but the access log is the same before and after.
 * Fixed seed and a few hundred runs: reproducible and well under a minute. A failure prints the
 * mutation and the variables that broke the rule.
 */
import fc from 'fast-check';
import request from 'supertest';
import { sql } from 'drizzle-orm';
import { landing, marketSale, submit, uniqueNo } from '../../support/customs';
import * as f from '../../support/factories';
import { describe, expect, test } from '../../support/fixtures';
import type { As } from '../../support/fixtures';
import type { Agency } from '../../../src/authz/agencies';
import type { Db } from '../../../src/db/client';

test.override('hubConfig', { nodeEnv: 'production' });

const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
const RUNS = Number(process.env.FUZZ_RUNS ?? 250);

const BATCH = '{ accepted duplicates rejected rows { status code reason field message } }';

interface Target {
  agency: Agency;
  org?: string;
  doc: string;
  /** A valid set of variables, fresh keys on every call. */
  base: () => Record<string, unknown>;
  batch?: boolean;
  /** The mutation field, when the key names a variant ("…@COMMERCE": commerce acting for an enterprise). */
  field?: string;
}

type Fixture = Awaited<ReturnType<typeof setUp>>;

async function setUp(db: Db, as: As) {
  const chain = await landingChainWith(db);
  const inbound = landing(chain);
  const sale = marketSale();
  await submit(as('CUSTOMS'), [inbound, sale]);
  const subject = await f.enterprise(db);
  const pendingE = await f.enterprise(db, { approve: false });
  const pendingC = await f.cooperative(db, { approve: false, members: 1 });
  // SPEC §14: an entry to remove, and a warned enterprise to record as rectified.
  const listedE = await f.enterprise(db);
  const listed = await as('MARKET_REGULATION').gql('mutation($input: DishonestListInput!) { addToDishonestList(input: $input) { id } }',
    { input: { subjectType: 'ENTERPRISE', subjectId: listedE.id, listedOn: '2025-06-01', reason: '虚假申报' } });
  const warned = await f.enterprise(db);
  await as('COMMERCE').gql('mutation($input: NonComplianceInput!) { recordNonCompliance(input: $input) { id } }',
    { input: { subjectType: 'ENTERPRISE', subjectId: warned.id, reason: 'DUTY_NOT_FULFILLED', decidedOn: '2025-06-01' } });
  return {
    chain, inboundNo: inbound.declarationNo, saleNo: sale.declarationNo, subject: subject.id, pendingE: pendingE.id, pendingC: pendingC.id,
    listedEntry: listed.data.addToDishonestList.id as string, warned: warned.id, pendingMember: pendingC.memberIds[0]!,
  };
}

async function landingChainWith(db: Db) {
  const e = await f.enterprise(db);
  const c = await f.cooperative(db, { members: 3, licensed: true });
  await f.contract(db, e, c, { hsCodes: ['1206'] });
  return { enterpriseId: e.id, cooperativeId: c.id, members: c.memberIds };
}

function targets(x: Fixture): Record<string, Target> {
  const E = x.chain.enterpriseId;
  const C = x.chain.cooperativeId;
  const t: Record<string, Target> = {
    addToDishonestList: { agency: 'MARKET_REGULATION', doc: 'mutation($input: DishonestListInput!) { addToDishonestList(input: $input) { __typename } }',
      base: () => ({ input: { subjectType: 'ENTERPRISE', subjectId: x.subject, listedOn: '2025-06-01', reason: '虚假申报' } }) },
    createWebhook: { agency: 'CUSTOMS', doc: 'mutation($input: WebhookInput!) { createWebhook(input: $input) { __typename } }',
      base: () => ({ input: { url: 'http://127.0.0.1:9/hook', entities: ['CUSTOMS_DECLARATION'], secret: 'fuzz-secret-0123456789' } }) },
    deleteWebhook: { agency: 'CUSTOMS', doc: 'mutation($id: ID!) { deleteWebhook(id: $id) }', base: () => ({ id: '00000000-0000-4000-8000-000000000000' }) },
    acknowledgeEarlyWarning: { agency: 'COMMERCE', doc: 'mutation($id: ID!) { acknowledgeEarlyWarning(id: $id) { __typename } }',
      base: () => ({ id: '00000000-0000-4000-8000-000000000000' }) },
    setCommodityList: { agency: 'COMMERCE', doc: 'mutation($input: CommodityListInput!) { setCommodityList(input: $input) { __typename } }',
      base: () => ({ input: { list: 'NEGATIVE', version: `V-${uniqueNo()}`, effectiveFrom: '2090-01-01', entries: [{ hsPrefix: '24', name: '烟草 tobacco', category: 'TOBACCO' }] } }) },
    submitAnnualReport: { agency: 'ENTERPRISE', org: E, doc: 'mutation($input: AnnualReportInput!) { submitAnnualReport(input: $input) { __typename } }',
      base: () => ({ input: { year: 2025, rawPurchasedKg: 1, rawPurchasedYuan: '1.00', rawConsumedKg: 1, rawConsumedYuan: '1.00', productOutputKg: 1,
        productOutputYuan: '2.00', salesKg: 0, salesYuan: '0', inventoryKg: 0, lossKg: 0 } }) },
    addCooperativeMembers: { agency: 'COMMERCE', doc: 'mutation($c: ID!, $m: [ResidentInput!]!, $d: Date!) { addCooperativeMembers(cooperativeId: $c, members: $m, joinedOn: $d) { __typename } }',
      base: () => ({ c: C, m: [{ name: '新成员', idNumber: f.uniqueIdNumber(), township: '艾比湖镇', county: '652702' }], d: '2026-01-01' }) },
    removeCooperativeMember: { agency: 'COMMERCE', doc: 'mutation($c: ID!, $n: String!, $d: Date!) { removeCooperativeMember(cooperativeId: $c, idNumber: $n, leftOn: $d) { __typename } }',
      base: () => ({ c: x.pendingC, n: x.pendingMember, d: '2099-01-01' }) },
    approveCooperative: { agency: 'COMMERCE', doc: 'mutation($id: ID!) { approveCooperative(id: $id) { __typename } }', base: () => ({ id: x.pendingC }) },
    approveEnterprise: { agency: 'COMMERCE', doc: 'mutation($id: ID!) { approveEnterprise(id: $id) { __typename } }', base: () => ({ id: x.pendingE }) },
    fileCooperative: { agency: 'COMMERCE', doc: 'mutation($input: CooperativeInput!) { fileCooperative(input: $input) { __typename } }',
      base: () => ({ input: f.cooperativeInput({ name: `模糊测试互助组${uniqueNo()}` }) }) },
    fileEnterprise: { agency: 'COMMERCE', doc: 'mutation($input: EnterpriseInput!) { fileEnterprise(input: $input) { __typename } }',
      base: () => ({ input: f.enterpriseInput() }) },
    issueBusinessLicense: { agency: 'MARKET_REGULATION', doc: 'mutation($c: ID!, $l: String!) { issueBusinessLicense(cooperativeId: $c, licenseNo: $l) { __typename } }',
      base: () => ({ c: C, l: `LIC-${uniqueNo()}` }) },
    recordFactoryEntries: { agency: 'ENTERPRISE', org: E, batch: true, doc: `mutation($input: [FactoryEntryInput!]!) { recordFactoryEntries(input: $input) ${BATCH} }`,
      base: () => ({ input: [{ externalRef: uniqueNo('FE'), declarations: [x.inboundNo], commodityName: '葵花籽', receivedKg: 1, vehiclePlate: '新E12345',
        arrivedAt: '2025-06-11T09:00:00+08:00', unsealedBy: '李明', sealNo: 'S-001', unsealedAt: '2025-06-11T09:30:00+08:00', sealIntact: true, warehouseKeeper: '王芳', remarks: '无' }] }) },
    resolveDiscrepancy: { agency: 'COMMERCE', doc: 'mutation($id: ID!, $note: String!) { resolveDiscrepancy(id: $id, note: $note) { __typename } }',
      base: () => ({ id: '00000000-0000-4000-8000-000000000000', note: '已核实 / checked' }) },
    recordInspection: { agency: 'MARKET_REGULATION', doc: 'mutation($input: InspectionInput!) { recordInspection(input: $input) { __typename } }',
      base: () => ({ input: { subjectType: 'ENTERPRISE', subjectId: x.subject, inspectedOn: '2025-06-01', result: 'PASS', findings: '台账齐全', agency: 'MARKET_REGULATION' } }) },
    recordInspectionResult: { agency: 'CUSTOMS', doc: 'mutation($no: String!, $r: DeclarationStatus!, $n: String) { recordInspectionResult(declarationNo: $no, result: $r, note: $n) { __typename } }',
      base: () => ({ no: x.saleNo, r: 'INSPECTING', n: '抽检' }) },
    recordRectification: { agency: 'COMMERCE', doc: 'mutation($input: RectificationInput!) { recordRectification(input: $input) { __typename } }',
      base: () => ({ input: { subjectType: 'ENTERPRISE', subjectId: x.warned, decidedOn: '2025-06-02', note: '已整改' } }) },
    removeFromDishonestList: { agency: 'MARKET_REGULATION', doc: 'mutation($id: ID!, $reason: String!, $on: Date!) { removeFromDishonestList(id: $id, reason: $reason, removedOn: $on) { __typename } }',
      base: () => ({ id: x.listedEntry, reason: '信用修复', on: '2025-06-02' }) },
    recordNonCompliance: { agency: 'COMMERCE', doc: 'mutation($input: NonComplianceInput!) { recordNonCompliance(input: $input) { __typename } }',
      base: () => ({ input: { subjectType: 'ENTERPRISE', subjectId: x.subject, reason: 'TARGETS_MISSED', decidedOn: '2025-06-01' } }) },
    registerShop: { agency: 'MARKET_REGULATION', doc: 'mutation($input: ShopInput!) { registerShop(input: $input) { __typename } }',
      base: () => ({ input: { name: '边贸商铺', stallNo: `A-${uniqueNo()}`, operatorName: '张三', licenseNo: `L-${uniqueNo()}`, status: 'OPERATING' } }) },
    setAnnualPlan: { agency: 'COMMERCE', doc: 'mutation($input: AnnualPlanInput!) { setAnnualPlan(input: $input) { __typename } }',
      base: () => ({ input: { year: 2031, importScaleYuan: '1000000.00', landingProcessingScaleYuan: '700000.00', warningRatio: 0.8, valueAddThreshold: 0.2 } }) },
    setAssessmentTarget: { agency: 'COMMERCE', doc: 'mutation($input: AssessmentTargetInput!) { setAssessmentTarget(input: $input) { __typename } }',
      base: () => ({ input: { enterpriseId: E, year: 2025, importTradeTargetYuan: '100000', valueAddRateTarget: 0.2 } }) },
    // The list as migration 0017 seeds it: the base leaves the file's other tests unaffected.
    setBorderTownships: { agency: 'COMMERCE', doc: 'mutation($input: [BorderTownshipInput!]!) { setBorderTownships(input: $input) { __typename } }',
      base: () => ({ input: [
        { county: '652701', township: '小营盘镇', validFrom: '2025-01-01', validTo: null },
        { county: '652723', township: '哈日布呼镇', validFrom: '2025-01-01', validTo: null },
        { county: '652723', township: '安格里格乡', validFrom: '2025-01-01', validTo: null },
        { county: '659007', township: '八十九团', validFrom: '2025-01-01', validTo: null },
        { county: '659007', township: '九十团', validFrom: '2025-01-01', validTo: null },
      ] }) },
    setCalendarDays: { agency: 'COMMERCE', doc: 'mutation($input: [CalendarDayInput!]!) { setCalendarDays(input: $input) { __typename } }',
      base: () => ({ input: [{ date: '2031-01-01', kind: 'HOLIDAY', name: '元旦' }] }) },
    signSupplyContract: { agency: 'COMMERCE', doc: 'mutation($input: SupplyContractInput!) { signSupplyContract(input: $input) { __typename } }',
      base: () => ({ input: { enterpriseId: E, cooperativeId: C, hsCodes: ['1206'], validFrom: '2025-01-01', validTo: '2025-12-31' } }) },
    submitDeclarations: { agency: 'CUSTOMS', batch: true, doc: `mutation($input: [DeclarationInput!]!) { submitDeclarations(input: $input) ${BATCH} }`,
      base: () => ({ input: [
        { ...landing(x.chain, { declarantIdNumber: x.chain.members[1], declaredAt: '2025-06-12T10:00:00+08:00' }), declarantName: '边民1', agentIdNumber: x.chain.members[2], entrustmentProofNo: 'WT-1',
          tradePoint: 'ALASHANKOU', facilitation: { delegatedDeclaration: true, directTransport: false, inspectionWaived: false }, releasedAt: '2025-06-12T12:00:00+08:00' },
        marketSale({ declaredAt: '2025-06-12T10:00:00+08:00' }),
      ] }) },
    submitLedgerEntries: { agency: 'ENTERPRISE', org: E, batch: true, doc: `mutation($input: [LedgerEntryInput!]!) { submitLedgerEntries(input: $input) ${BATCH} }`,
      base: () => ({ input: [
        { occurredOn: '2025-06-12', kind: 'RAW_IN', hsCode: '1206', quantityKg: 1.5, amountYuan: '10.00', externalRef: uniqueNo('LE'), declarationNos: [x.inboundNo] },
        { occurredOn: '2025-06-13', kind: 'PRODUCT_SOLD', productName: '葵花籽油', quantityKg: 1, amountYuan: '20.00', externalRef: uniqueNo('LE'), invoiceNo: 'FP-1' },
      ] }) },
    submitMonthlyReport: { agency: 'ENTERPRISE', org: E, doc: 'mutation($input: MonthlyReportInput!) { submitMonthlyReport(input: $input) { __typename } }',
      base: () => ({ input: { period: '2025-06', rawPurchasedKg: 1, rawPurchasedYuan: '1.00', rawConsumedKg: 1, rawConsumedYuan: '1.00', productOutputKg: 1,
        productOutputYuan: '2.00', salesKg: 0, salesYuan: '0', inventoryKg: 0, lossKg: 0 } }) },
    submitQuarterlyReport: { agency: 'COOPERATIVE', org: C, doc: 'mutation($input: QuarterlyReportInput!) { submitQuarterlyReport(input: $input) { __typename } }',
      base: () => ({ input: { quarter: '2025-Q2', purchasedKg: 1, purchasedYuan: '1.00', soldKg: 1, soldYuan: '2.00', dividendYuan: '0.50', remarks: '正常' } }) },
    submitTaxRecords: { agency: 'TAX', batch: true, doc: `mutation($input: [TaxRecordInput!]!) { submitTaxRecords(input: $input) ${BATCH} }`,
      base: () => ({ input: [{ enterpriseId: E, period: '2025-06', salesInvoicedYuan: '100.00', outputVatYuan: '9.00', inputVatYuan: '5.00',
        agriculturalInputDeductionYuan: '1.00', vatPaidYuan: '3.00', filedAt: '2025-07-10T10:00:00+08:00' }] }) },
  };
  // Commerce writes on an enterprise's behalf, naming it (enterpriseId is then fuzzed too).
  const forEnterprise = (input: any) => (Array.isArray(input) ? input.map((r) => ({ ...r, enterpriseId: E })) : { ...input, enterpriseId: E });
  for (const name of ['recordFactoryEntries', 'submitLedgerEntries', 'submitMonthlyReport']) {
    const own = t[name]!;
    t[`${name}@COMMERCE`] = { ...own, agency: 'COMMERCE', org: undefined, field: name, base: () => ({ input: forEnterprise(own.base().input) }) };
  }
  return t;
}

// ── hostile values and edits ─────────────────────────────────────────────────────────────────

const nested = (depth: number, leaf: unknown): unknown => (depth === 0 ? leaf : [nested(depth - 1, leaf)]);

const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 4, arbitrary: fc.constantFrom<unknown>(
    '', ' ', '\t\n', '\u0000', 'a\u0000b', '\ud800', 'x\udfffy', 'x'.repeat(2001), '字'.repeat(1999), '0000-01-01', '9999-12-31', '2025-02-30',
    '2025-13-01', '2025-06', '2025-Q5', '2025-00', '1e400', '-1', '-0', '0.0001', '1.005', '12345678901234567890.12', 'NaN', 'Infinity', '１２３',
    '652702199001010011', '65270219900101001X', "'; drop table enterprises; --", '=1+1', '😀', '\u202eabc', 'null', '2025-06-10T25:00:00+08:00',
    '2025-06-10T10:00:00+14:01', '9999-12-31T23:59:59Z', '+275760-09-13T00:00:00Z', '00000000-0000-0000-0000-000000000000', 'ENTERPRISE', 'HOLIDAY',
  ) },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(1e308, -1e308, 2 ** 53 + 1, 1e21, 1e16, 1e13, 0.0001, 0.1, -0.001, 5e-324, 2147483648, -2147483649, 0) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>([], {}, [[[]]], { a: { b: { c: 1 } } }, nested(17, 'x'), [null], ['1206', 1206]) },
);

const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  hostile.filter((v): v is string => typeof v === 'string'),
  fc.integer().map(String), fc.double({ noNaN: true }).map(String),
);
const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, 1e21, 1e16, 1e13, 1e11, 0.0001, 0.0005, 0.1, -0.001, 5e-324, 2147483648, -2147483649, 0, 100.001),
);

/** A replacement usually of the leaf's own JSON type (so it passes coercion and reaches the resolvers), else anything. */
type Edit = { kind: 'replace' | 'remove' | 'add'; at: number; sameType: boolean; text: string; num: number; any: unknown };
const edit: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom<Edit['kind']>('replace', 'replace', 'replace', 'replace', 'remove', 'add'), at: fc.nat(),
  sameType: fc.boolean().chain((b) => (b ? fc.constant(true) : fc.boolean())), // 3 in 4
  text: hostileText, num: hostileNumber, any: hostile,
});

type Path = (string | number)[];

/** Every path of the variables: leaves and inner objects/arrays (the root excluded). */
function pathsOf(v: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => [[...prefix, i], ...pathsOf(x, [...prefix, i])]);
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => [[...prefix, k], ...pathsOf(x, [...prefix, k])]);
  return [];
}

function apply(vars: Record<string, unknown>, e: Edit): void {
  const paths = pathsOf(vars);
  if (!paths.length) return;
  const path = paths[e.at % paths.length]!;
  let parent: any = vars;
  for (const k of path.slice(0, -1)) parent = parent[k];
  const last = path[path.length - 1]!;
  const was = parent[last];
  const value = structuredClone(e.sameType && typeof was === 'string' ? e.text : e.sameType && typeof was === 'number' ? e.num : e.any);
  if (e.kind === 'replace') parent[last] = value;
  else if (e.kind === 'remove') { if (Array.isArray(parent)) parent.splice(last as number, 1); else delete parent[last]; }
  else if (Array.isArray(parent)) parent.push(value);
  else parent[`unknown${e.at % 7}`] = value;
}

// ── what the database holds ──────────────────────────────────────────────────────────────────

const rowsOf = (r: unknown) => ((r as { rows?: unknown[] }).rows ?? r) as Record<string, unknown>[];

/** One digest of every table's content but the access log's (it grows with every request). */
async function fingerprintQuery(db: Db) {
  const tables = rowsOf(await db.execute(sql`select table_name as t from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like '%access_log%' and table_name not like '%audit%'
    order by 1`)).map((r) => String(r.t));
  const parts = tables.map((t) => `select '${t}' as t, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from "${t}" x`);
  return sql.raw(`select md5(string_agg(t || ':' || h, ',' order by t)) as h from (${parts.join(' union all ')}) s`);
}

// ── the property ─────────────────────────────────────────────────────────────────────────────

const ACCEPTABLE = new Set(['BAD_USER_INPUT', 'NOT_FOUND', 'FORBIDDEN']);

function problemsOf(body: any, batch: boolean, name: string): { problems: string[]; wrote: boolean } {
  const problems: string[] = [];
  for (const e of body?.errors ?? []) {
    const x = e.extensions ?? {};
    if (!ACCEPTABLE.has(x.code)) problems.push(`error code ${x.code}: ${e.message}`);
    if (x.code === 'BAD_USER_INPUT' && (!x.reason || typeof x.field !== 'string' || !x.field)) problems.push(`BAD_USER_INPUT without reason/field: ${JSON.stringify(e)}`);
  }
  const result = body?.data?.[name];
  if (!batch) return { problems, wrote: result != null };
  for (const r of result?.rows ?? []) {
    if (r.status !== 'REJECTED') continue;
    if (!ACCEPTABLE.has(r.code)) problems.push(`row ${JSON.stringify(r)}`);
    if (r.code === 'BAD_USER_INPUT' && (!r.reason || !r.field)) problems.push(`row without reason/field: ${JSON.stringify(r)}`);
  }
  return { problems, wrote: (result?.accepted ?? 0) > 0 };
}

describe('fuzz: every mutation\'s input (production mode)', () => {
  test('never an internal error, always BAD_USER_INPUT with reason and field (or success), and a refused write changes nothing', { timeout: 120_000 }, async ({ hub, as, db }) => {
    const x = await setUp(db, as);
    const all = targets(x);
    const names = Object.keys(all).sort();
    const fields = [...new Set(names.map((n) => all[n]!.field ?? n))].sort();
    const printed = (await import('node:fs')).readFileSync(new URL('../../../schema/schema.graphql', import.meta.url), 'utf8');
    const declared = [...(/type Mutation \{([\s\S]*?)\n\}/.exec(printed)![1]!.matchAll(/^ {2}(\w+)\(/gm))].map((m) => m[1]!).sort();
    expect(fields, 'every mutation of the schema is fuzzed').toEqual(declared);

    const fingerprint = await fingerprintQuery(db);
    const digest = async () => String(rowsOf(await db.execute(fingerprint))[0]!.h);
    let before = await digest();
    const seen = new Map<string, number>();
    const outcomes = new Map<string, number>();

    await fc.assert(fc.asyncProperty(fc.constantFrom(...names), fc.array(edit, { maxLength: 3 }), async (name, edits) => {
      const t = all[name]!;
      const vars = t.base();
      for (const e of edits) apply(vars, e);
      const res = await request(hub.app.app).post('/graphql')
        .set('authorization', `Bearer ${await tokenFor(t)}`).set('content-type', 'application/json')
        .send(JSON.stringify({ query: t.doc, variables: vars }));
      const what = `${name} ${String(JSON.stringify(vars)).slice(0, 600)} → ${res.status} ${String(JSON.stringify(res.body) ?? res.text).slice(0, 600)}`;
      expect(res.status, what).toBeLessThan(500);
      const { problems, wrote } = problemsOf(res.body, !!t.batch, t.field ?? name);
      expect(problems, what).toEqual([]);
      const after = await digest();
      if (!wrote) expect(after, `a refused write changed the database: ${what}`).toBe(before);
      before = after;
      seen.set(name, (seen.get(name) ?? 0) + 1);
      if (process.env.FUZZ_DEBUG) {
        const rows = res.body?.data?.[t.field ?? name]?.rows ?? [];
        const tag = res.body?.errors?.[0]?.extensions?.reason ?? res.body?.errors?.[0]?.extensions?.code ?? rows.map((r: any) => r.reason ?? r.status).join('+') ?? 'OK';
        outcomes.set(`${name} ${tag || 'OK'}`, (outcomes.get(`${name} ${tag || 'OK'}`) ?? 0) + 1);
      }
    }), { numRuns: RUNS, seed: SEED, endOnFailure: true });

    if (process.env.FUZZ_DEBUG) console.log([...outcomes].sort().map(([k, n]) => `${n}\t${k}`).join('\n'));
    expect([...seen.keys()].sort(), 'each mutation was tried').toEqual(names);
  });
});

/** Edge values per JSON type, tried on every leaf of every mutation's input (the sweep). */
const EDGES: Record<string, unknown[]> = {
  string: ['', '   ', '字'.repeat(2000), '9999-12-31T23:59:59Z', null],
  number: [1e21, 1e11, -1, 0.0005, null],
  boolean: [null],
  object: [null, {}],
};

describe('sweep: every leaf of every mutation\'s input with its type\'s edge values (production mode)', () => {
  test('never an internal error; refused writes change nothing', { timeout: 120_000 }, async ({ hub, as, db }) => {
    const all = targets(await setUp(db, as));
    const fingerprint = await fingerprintQuery(db);
    const digest = async () => String(rowsOf(await db.execute(fingerprint))[0]!.h);
    let before = await digest();
    let tried = 0;
    let digestMs = 0;
    for (const [name, t] of Object.entries(all).sort()) {
      for (const path of pathsOf(t.base())) {
        const probe = t.base();
        let parent: any = probe;
        for (const k of path.slice(0, -1)) parent = parent[k];
        const last = path[path.length - 1]!;
        const kind = Array.isArray(parent[last]) ? 'object' : typeof parent[last];
        for (const edge of EDGES[kind] ?? [null]) {
          const vars = t.base();
          let p: any = vars;
          for (const k of path.slice(0, -1)) p = p[k];
          p[last] = structuredClone(edge);
          const res = await request(hub.app.app).post('/graphql').set('authorization', `Bearer ${await tokenFor(t)}`)
            .set('content-type', 'application/json').send(JSON.stringify({ query: t.doc, variables: vars }));
          const what = `${name} ${path.join('.')}=${String(JSON.stringify(edge)).slice(0, 40)} → ${res.status} ${String(JSON.stringify(res.body) ?? res.text).slice(0, 600)}`;
          expect(res.status, what).toBeLessThan(500);
          const { problems, wrote } = problemsOf(res.body, !!t.batch, t.field ?? name);
          expect(problems, what).toEqual([]);
          const t0 = performance.now();
          const after = await digest();
          digestMs += performance.now() - t0;
          if (!wrote) expect(after, `a refused write changed the database: ${what}`).toBe(before);
          before = after;
          tried++;
        }
      }
    }
    if (process.env.FUZZ_DEBUG) console.log(`sweep: ${tried} requests, digest ${digestMs} ms`);
    expect(tried).toBeGreaterThan(300);
  });
});

const tokens = new Map<string, string>();
async function tokenFor(t: Target): Promise<string> {
  const key = `${t.agency}:${t.org ?? ''}`;
  if (!tokens.has(key)) {
    const { signToken } = await import('../../../src/authz/tokens');
    const { TEST_SECRET } = await import('../../support/hub');
    tokens.set(key, await signToken(new TextEncoder().encode(TEST_SECRET), { agency: t.agency, org: t.org ?? null, sub: `fuzz-${t.agency.toLowerCase()}` }));
  }
  return tokens.get(key)!;
}
