import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerEntriesTable, monthlyReportsTable } from '../../../src/modules/ledger/table';
import { annualPlansTable } from '../../../src/modules/quota/table';
import { enterprisesTable } from '../../../src/modules/registry/table';
import * as f from '../../support/factories';
import { declaration, inboundDeclarationNo, resident } from '../../support/reports-fixtures';
import { codeOf, startHub, type TestHub } from '../../support/hub';

let hub: TestHub;
beforeAll(async () => { hub = await startHub(); });
afterAll(async () => { await hub?.close(); });

const SUBMIT = `mutation($input: [LedgerEntryInput!]!) { submitLedgerEntries(input: $input) {
  accepted duplicates rejected rows { index key status code reason field } } }`;
const STATS = `query($id: ID, $from: Date!, $to: Date!) { enterprise(id: $id) { id processingStats(from: $from, to: $to) {
  rawInKg rawInYuan rawConsumedYuan productOutputYuan productSoldYuan rawSoldYuan lossKg valueAddRate lossRate
  valueAddThreshold meetsValueAddThreshold lossAboveDeclared } } }`;

let ref = 0;
const entry = (kind: string, over: Record<string, unknown> = {}) => ({
  occurredOn: '2025-03-05', kind, hsCode: '1206', quantityKg: 100, amountYuan: '100.00', externalRef: `ref-${++ref}`,
  ...over,
});
/** A landing-processing declaration destined to the enterprise, for RAW_IN entries to link. */
const inbound = (enterpriseId: string) => inboundDeclarationNo(hub.db, enterpriseId);

describe('submitLedgerEntries (SPEC §6, §12)', () => {
  it('stores an enterprise\'s own entries and answers a resend as DUPLICATE', async () => {
    const e = await f.enterprise(hub.db);
    const nos = [await inbound(e.id), await inbound(e.id)];
    const input = [entry('RAW_IN', { declarationNos: nos }), entry('RAW_CONSUMED')];
    const r1 = await hub.as('ENTERPRISE', e.id).gql(SUBMIT, { input });
    expect(r1.data.submitLedgerEntries).toMatchObject({ accepted: 2, duplicates: 0, rejected: 0 });
    const r2 = await hub.as('ENTERPRISE', e.id).gql(SUBMIT, { input });
    expect(r2.data.submitLedgerEntries).toMatchObject({ accepted: 0, duplicates: 2, rejected: 0 });
    const stored = await hub.db.select().from(ledgerEntriesTable).where(eq(ledgerEntriesTable.enterpriseId, e.id));
    expect(stored).toHaveLength(2);
    expect(stored.find((s) => s.kind === 'RAW_IN')!.declarationNos).toEqual(nos); // in the order given: it books in that order (SPEC §13)
    expect(stored[0]!.source).toBe('ENTERPRISE');
  });

  it('rejects a known externalRef with different content as KEY_CONFLICT and keeps the first', async () => {
    const e = await f.enterprise(hub.db);
    const first = entry('PRODUCT_OUTPUT', { amountYuan: '500.00' });
    await hub.as('ENTERPRISE', e.id).gql(SUBMIT, { input: [first] });
    const r = await hub.as('ENTERPRISE', e.id).gql(SUBMIT, { input: [{ ...first, amountYuan: '501.00' }] });
    expect(r.data.submitLedgerEntries.rows[0]).toMatchObject({ status: 'REJECTED', reason: 'KEY_CONFLICT', key: first.externalRef });
    const [row] = await hub.db.select().from(ledgerEntriesTable).where(eq(ledgerEntriesTable.externalRef, first.externalRef));
    expect(row!.amountYuan).toBe('500.00');
  });

  it('scopes externalRef per enterprise: two enterprises may use the same reference', async () => {
    const [a, b] = [await f.enterprise(hub.db), await f.enterprise(hub.db)];
    const x = entry('LOSS', { quantityKg: 1, amountYuan: '1.00' });
    expect((await hub.as('ENTERPRISE', a.id).gql(SUBMIT, { input: [x] })).data.submitLedgerEntries.accepted).toBe(1);
    expect((await hub.as('ENTERPRISE', b.id).gql(SUBMIT, { input: [x] })).data.submitLedgerEntries.accepted).toBe(1);
  });

  it('rejects negative amounts and quantities (NEGATIVE_AMOUNT) and rows naming neither hsCode nor productName, storing the valid rows', async () => {
    const e = await f.enterprise(hub.db);
    const r = await hub.as('ENTERPRISE', e.id).gql(SUBMIT, { input: [
      entry('PRODUCT_SOLD', { amountYuan: '-1.00' }),
      entry('PRODUCT_SOLD', { quantityKg: -0.5 }),
      entry('PRODUCT_SOLD', { hsCode: null, productName: '  ' }),
      entry('PRODUCT_SOLD', { hsCode: null, productName: '葵花籽油' }),
      entry('RAW_IN', { declarationNos: [] }),
    ] });
    const rows = r.data.submitLedgerEntries.rows;
    expect(rows.map((x: any) => [x.status, x.reason, x.field])).toEqual([
      ['REJECTED', 'NEGATIVE_AMOUNT', 'amountYuan'],
      ['REJECTED', 'NEGATIVE_AMOUNT', 'quantityKg'],
      ['REJECTED', 'MISSING_FIELD', 'hsCode'],
      ['ACCEPTED', null, null],
      ['REJECTED', 'MISSING_FIELD', 'declarationNos'],
    ]);
    expect(await hub.db.select().from(ledgerEntriesTable).where(eq(ledgerEntriesTable.enterpriseId, e.id))).toHaveLength(1);
  });

  it('refuses the whole batch when an enterprise writes for another enterprise (FORBIDDEN, nothing stored)', async () => {
    const [a, b] = [await f.enterprise(hub.db), await f.enterprise(hub.db)];
    const r = await hub.as('ENTERPRISE', a.id).gql(SUBMIT, { input: [entry('RAW_CONSUMED'), entry('RAW_CONSUMED', { enterpriseId: b.id })] });
    expect(codeOf(r)).toBe('FORBIDDEN');
    expect(r.data?.submitLedgerEntries ?? null).toBeNull();
    for (const id of [a.id, b.id]) expect(await hub.db.select().from(ledgerEntriesTable).where(eq(ledgerEntriesTable.enterpriseId, id))).toHaveLength(0);
  });

  it('lets commerce write on behalf of an enterprise named per row, and requires the name', async () => {
    const e = await f.enterprise(hub.db);
    const r = await hub.as('COMMERCE').gql(SUBMIT, { input: [entry('RAW_CONSUMED', { enterpriseId: e.id }), entry('RAW_CONSUMED')] });
    expect(r.data.submitLedgerEntries.rows.map((x: any) => x.status)).toEqual(['ACCEPTED', 'REJECTED']);
    expect(r.data.submitLedgerEntries.rows[1].reason).toBe('MISSING_FIELD');
    const [row] = await hub.db.select().from(ledgerEntriesTable).where(eq(ledgerEntriesTable.enterpriseId, e.id));
    expect(row!.source).toBe('COMMERCE');
  });

  it('refuses ledger writes from agencies other than the enterprise and commerce', async () => {
    const e = await f.enterprise(hub.db);
    for (const agency of ['CUSTOMS', 'TAX', 'PREFECTURE_COMMERCE', 'ANALYST'] as const) {
      const r = await hub.as(agency).gql(SUBMIT, { input: [entry('RAW_CONSUMED', { enterpriseId: e.id })] });
      expect(codeOf(r), agency).toBe('FORBIDDEN');
    }
    expect(await hub.db.select().from(ledgerEntriesTable).where(eq(ledgerEntriesTable.enterpriseId, e.id))).toHaveLength(0);
  });

  it('links RAW_IN only to existing landing-processing declarations destined to the enterprise (NOT_FOUND to the enterprise; DECLARATION_NOT_INBOUND to commerce)', async () => {
    const [e, other] = [await f.enterprise(hub.db), await f.enterprise(hub.db)];
    const own = await inbound(e.id);
    const foreign = await inbound(other.id);
    const r0 = await resident(hub.db);
    const sale = `T-SALE-${++ref}-${Date.now()}`;
    await declaration(hub.db, { declaredAt: '2025-03-01T10:00:00+08:00', declarantId: r0.id, declarationNo: sale, purpose: 'MARKET_SALE', lines: [{ hsCode: '08062000', valueYuan: '50.00' }] });
    const r = await hub.as('ENTERPRISE', e.id).gql(SUBMIT, { input: [
      entry('RAW_IN', { declarationNos: [own] }),
      entry('RAW_IN', { declarationNos: [own, `NO-SUCH-${ref}`] }),
      entry('RAW_IN', { declarationNos: [foreign] }),
      entry('RAW_IN', { declarationNos: [own, own, sale] }),
    ] });
    expect(r.errors).toBeUndefined();
    expect(r.data.submitLedgerEntries.rows.map((x: any) => [x.status, x.reason, x.field])).toEqual([
      ['ACCEPTED', null, null],
      ['REJECTED', 'NOT_FOUND', 'declarationNos[1]'],
      // to the enterprise another's declaration (or a market sale) does not exist (SPEC §9: no existence oracle)
      ['REJECTED', 'NOT_FOUND', 'declarationNos[0]'],
      ['REJECTED', 'NOT_FOUND', 'declarationNos[2]'],
    ]);
    expect(await hub.db.select().from(ledgerEntriesTable).where(eq(ledgerEntriesTable.enterpriseId, e.id))).toHaveLength(1);
    // commerce writing for the enterprise is held to the same enterprise's declarations
    const c = await hub.as('COMMERCE').gql(SUBMIT, { input: [entry('RAW_IN', { enterpriseId: other.id, declarationNos: [own] }), entry('RAW_IN', { enterpriseId: other.id, declarationNos: [foreign] })] });
    expect(c.data.submitLedgerEntries.rows.map((x: any) => x.reason)).toEqual(['DECLARATION_NOT_INBOUND', null]);
  });

  it('checks the declarations of a whole batch in one statement, however many RAW_IN rows it has', async () => {
    const e = await f.enterprise(hub.db);
    const nos = await Promise.all(Array.from({ length: 10 }, () => inbound(e.id)));
    const consumed = await hub.as('ENTERPRISE', e.id).gql(SUBMIT, { input: nos.map(() => entry('RAW_CONSUMED')) });
    const rawIn = await hub.as('ENTERPRISE', e.id).gql(SUBMIT, { input: nos.map((no) => entry('RAW_IN', { declarationNos: [no] })) });
    expect(rawIn.data.submitLedgerEntries.accepted).toBe(10);
    expect(consumed.data.submitLedgerEntries.accepted).toBe(10);
    // One statement checks the batch's declarations; each RAW_IN row then books in its own
    // transaction (SPEC §13): lock its declarations, read their bookings (after the lock: a fresh
    // snapshot, so never stale), write its bookings — three statements per row, none per declaration.
    expect(rawIn.statements).toBe(consumed.statements! + 1 + 3 * nos.length);
  });

  it('refuses entries of a PENDING enterprise and of an unknown one', async () => {
    const p = await f.enterprise(hub.db, { approve: false });
    const r = await hub.as('COMMERCE').gql(SUBMIT, { input: [
      entry('RAW_CONSUMED', { enterpriseId: p.id }), entry('RAW_CONSUMED', { enterpriseId: '00000000-0000-4000-8000-000000000001' }),
    ] });
    expect(r.data.submitLedgerEntries.rows.map((x: any) => x.reason)).toEqual(['ENTERPRISE_NOT_FILED', 'NOT_FOUND']);
  });
});

describe('ledgerEntries (row scope and agency view, SPEC §9)', () => {
  const LIST = `query($f: LedgerEntryFilter) { ledgerEntries(filter: $f, first: 100) { totalCount edges { node { externalRef kind amountYuan quantityKg declarationNos enterprise { id } } } } }`;

  it('an enterprise sees only its own entries, even when it filters by another enterprise', async () => {
    const [a, b] = [await f.enterprise(hub.db), await f.enterprise(hub.db)];
    await hub.as('ENTERPRISE', a.id).gql(SUBMIT, { input: [entry('RAW_CONSUMED')] });
    await hub.as('ENTERPRISE', b.id).gql(SUBMIT, { input: [entry('RAW_CONSUMED'), entry('LOSS')] });
    const own = await hub.as('ENTERPRISE', a.id).gql(LIST, {});
    expect(own.data.ledgerEntries.edges.every((x: any) => x.node.enterprise.id === a.id)).toBe(true);
    expect(own.data.ledgerEntries.totalCount).toBe(1);
    const other = await hub.as('ENTERPRISE', a.id).gql(LIST, { f: { enterpriseId: b.id } });
    expect(other.data.ledgerEntries.totalCount).toBe(0);
  });

  it('commerce, tax and prefecture commerce read any enterprise\'s entries, filtered by kind and dates', async () => {
    const e = await f.enterprise(hub.db);
    await hub.as('ENTERPRISE', e.id).gql(SUBMIT, { input: [
      entry('RAW_CONSUMED', { occurredOn: '2025-03-01' }), entry('LOSS', { occurredOn: '2025-03-02' }), entry('LOSS', { occurredOn: '2025-04-01' }),
    ] });
    for (const agency of ['COMMERCE', 'TAX', 'PREFECTURE_COMMERCE'] as const) {
      const r = await hub.as(agency).gql(LIST, { f: { enterpriseId: e.id, kind: 'LOSS', from: '2025-03-01', to: '2025-03-31' } });
      expect(r.errors, agency).toBeUndefined();
      expect(r.data.ledgerEntries.totalCount, agency).toBe(1);
    }
  });

  it('customs, analysts and cooperatives may not read ledger entries', async () => {
    const c = await f.cooperative(hub.db);
    for (const [agency, org] of [['CUSTOMS', null], ['ANALYST', null], ['OPERATOR', null], ['COOPERATIVE', c.id]] as const) {
      const r = await hub.as(agency, org).gql(LIST, {});
      expect(codeOf(r), agency).toBe('FORBIDDEN');
      expect(r.data?.ledgerEntries ?? null).toBeNull();
    }
  });
});

describe('Enterprise.processingStats (SPEC §7)', () => {
  it('computes totals and rates on hand-computed values', async () => {
    const e = await f.enterprise(hub.db, { declaredLossRate: 0.02 });
    // RAW_IN 1,000 kg / 8,000.00; consumed 6,000.00; output 7,234.57; loss 25 kg: 2.5% > declared 2%
    // valueAdd = (7234.57 − 6000) / 6000 = 0.205761666… → 0.2058; loss = 25 / 1000 = 0.025
    const no = await inbound(e.id);
    await hub.as('ENTERPRISE', e.id).gql(SUBMIT, { input: [
      entry('RAW_IN', { occurredOn: '2024-06-03', quantityKg: 600.5, amountYuan: '4800.00', declarationNos: [no] }),
      entry('RAW_IN', { occurredOn: '2024-06-20', quantityKg: 399.5, amountYuan: '3200.00', declarationNos: [no] }),
      entry('RAW_CONSUMED', { occurredOn: '2024-06-21', quantityKg: 750, amountYuan: '6000.00' }),
      entry('PRODUCT_OUTPUT', { occurredOn: '2024-06-28', quantityKg: 300, amountYuan: '7234.57', hsCode: null, productName: '压榨葵花籽油' }),
      entry('PRODUCT_SOLD', { occurredOn: '2024-06-29', quantityKg: 100, amountYuan: '2500.10', invoiceNo: 'INV-1' }),
      entry('RAW_SOLD', { occurredOn: '2024-06-30', quantityKg: 10, amountYuan: '80.00' }),
      entry('LOSS', { occurredOn: '2024-06-30', quantityKg: 25, amountYuan: '200.00' }),
      entry('PRODUCT_OUTPUT', { occurredOn: '2024-07-01', quantityKg: 1, amountYuan: '99999.00' }),
    ] });
    const r = await hub.as('COMMERCE').gql(STATS, { id: e.id, from: '2024-06-01', to: '2024-06-30' });
    expect(r.errors).toBeUndefined();
    expect(r.data.enterprise.processingStats).toEqual({
      rawInKg: 1000, rawInYuan: '8000.00', rawConsumedYuan: '6000.00', productOutputYuan: '7234.57', productSoldYuan: '2500.10',
      rawSoldYuan: '80.00', lossKg: 25, valueAddRate: 0.2058, lossRate: 0.025, valueAddThreshold: 0.2,
      meetsValueAddThreshold: true, lossAboveDeclared: true,
    });
  });

  it('gives null rates, null threshold verdicts and zero totals over a range without entries', async () => {
    const e = await f.enterprise(hub.db);
    const r = await hub.as('TAX').gql(STATS, { id: e.id, from: '2020-01-01', to: '2020-01-31' });
    expect(r.data.enterprise.processingStats).toMatchObject({
      rawInKg: 0, rawInYuan: '0.00', valueAddRate: null, lossRate: null, meetsValueAddThreshold: null, lossAboveDeclared: null,
    });
  });

  it('meets the threshold at exactly 20% and uses the year\'s plan threshold when there is one', async () => {
    const e = await f.enterprise(hub.db);
    await hub.as('ENTERPRISE', e.id).gql(SUBMIT, { input: [
      entry('RAW_CONSUMED', { occurredOn: '2023-05-01', amountYuan: '1000.00' }),
      entry('PRODUCT_OUTPUT', { occurredOn: '2023-05-02', amountYuan: '1200.00' }),
    ] });
    const r = await hub.as('COMMERCE').gql(STATS, { id: e.id, from: '2023-05-01', to: '2023-05-31' });
    expect(r.data.enterprise.processingStats).toMatchObject({ valueAddRate: 0.2, valueAddThreshold: 0.2, meetsValueAddThreshold: true });
    // 2022 gets a stricter plan: 25%
    await hub.db.insert(annualPlansTable).values({ year: 2022, importScaleYuan: '1', landingProcessingScaleYuan: '1', valueAddThreshold: '0.25', source: 'COMMERCE' });
    await hub.as('ENTERPRISE', e.id).gql(SUBMIT, { input: [
      entry('RAW_CONSUMED', { occurredOn: '2022-05-01', amountYuan: '1000.00' }),
      entry('PRODUCT_OUTPUT', { occurredOn: '2022-05-02', amountYuan: '1200.00' }),
    ] });
    const s = await hub.as('COMMERCE').gql(STATS, { id: e.id, from: '2022-05-01', to: '2022-05-31' });
    expect(s.data.enterprise.processingStats).toMatchObject({ valueAddRate: 0.2, valueAddThreshold: 0.25, meetsValueAddThreshold: false });
  });

  it('is denied to customs, analysts and a contracted cooperative while the rest of the enterprise is returned', async () => {
    const e = await f.enterprise(hub.db);
    const c = await f.cooperative(hub.db, { licensed: true });
    await f.contract(hub.db, e, c);
    for (const [agency, org] of [['CUSTOMS', null], ['ANALYST', null], ['COOPERATIVE', c.id]] as const) {
      const r = await hub.as(agency, org).gql(STATS, { id: e.id, from: '2025-01-01', to: '2025-01-31' });
      expect(r.data.enterprise.id).toBe(e.id);
      expect(r.data.enterprise.processingStats).toBeNull();
      expect(codeOf(r)).toBe('FORBIDDEN');
    }
  });

  it('an enterprise reads its own processing stats', async () => {
    const e = await f.enterprise(hub.db);
    const r = await hub.as('ENTERPRISE', e.id).gql(STATS, { id: e.id, from: '2025-01-01', to: '2025-01-31' });
    expect(r.errors).toBeUndefined();
    expect(r.data.enterprise.processingStats.rawInYuan).toBe('0.00');
  });

  it('costs the same number of SQL statements for 3 and 30 enterprises (one grouped statement per level)', async () => {
    const q = `query($ids: [ID!]) { a: ledgerSummaries(period: "2025-03", enterpriseIds: $ids) { enterprise { processingStats(from: "2025-03-01", to: "2025-03-31") { valueAddRate } annualSummary(year: 2025) { monthlyReportsLate processing { rawInKg } } } } }`;
    const few = await Promise.all(Array.from({ length: 3 }, () => f.enterprise(hub.db)));
    const many = await Promise.all(Array.from({ length: 30 }, () => f.enterprise(hub.db)));
    const r1 = await hub.as('COMMERCE').gql(q, { ids: few.map((e) => e.id) });
    const r2 = await hub.as('COMMERCE').gql(q, { ids: many.map((e) => e.id) });
    expect(r1.errors).toBeUndefined();
    expect(r2.data.a).toHaveLength(30);
    expect(r1.statements).toBeGreaterThan(0);
    expect(r2.statements).toBe(r1.statements);
  });
  it('batches processingStats over an enterprises page: 1 and 40 enterprises cost the same statements', async () => {
    await Promise.all(Array.from({ length: 40 }, () => f.enterprise(hub.db)));
    const q = `query($n: Int) { enterprises(first: $n) { edges { node { processingStats(from: "2025-01-01", to: "2025-12-31") { rawInYuan valueAddRate } } } } }`;
    const one = await hub.as('COMMERCE').gql(q, { n: 1 });
    const forty = await hub.as('COMMERCE').gql(q, { n: 40 });
    expect(forty.errors).toBeUndefined();
    expect(forty.data.enterprises.edges).toHaveLength(40);
    expect(forty.statements).toBe(one.statements);
  });
});

describe('Enterprise.annualSummary', () => {
  it('rolls the year up from the ledger and counts submitted and late monthly reports', async () => {
    const e = await f.enterprise(hub.db);
    await hub.as('ENTERPRISE', e.id).gql(SUBMIT, { input: [
      entry('RAW_CONSUMED', { occurredOn: '2025-02-01', amountYuan: '100.00' }),
      entry('PRODUCT_OUTPUT', { occurredOn: '2025-11-30', amountYuan: '150.00' }),
    ] });
    // the factory files it today: back-date filedAt so every month of 2025 is owed
    await hub.db.update(enterprisesTable).set({ filedAt: new Date('2025-01-01T00:00:00+08:00') }).where(eq(enterprisesTable.id, e.id));
    await hub.db.insert(monthlyReportsTable).values([
      { ...zeroReport, enterpriseId: e.id, period: '2025-01', submittedAt: new Date('2025-02-10T09:00:00+08:00'), source: 'ENTERPRISE' },
      { ...zeroReport, enterpriseId: e.id, period: '2025-02', submittedAt: new Date('2025-03-11T09:00:00+08:00'), source: 'ENTERPRISE' },
    ]);
    const r = await hub.as('ENTERPRISE', e.id).gql(`query($id: ID) { enterprise(id: $id) { annualSummary(year: 2025) { year monthlyReportsSubmitted monthlyReportsLate processing { valueAddRate rawConsumedYuan } } } }`, { id: e.id });
    expect(r.errors).toBeUndefined();
    // 2025-01 on time (due 02-10), 2025-02 late (due 03-10), 2025-03…12 missing and past due: 1 + 10 late
    expect(r.data.enterprise.annualSummary).toEqual({ year: 2025, monthlyReportsSubmitted: 2, monthlyReportsLate: 11, processing: { valueAddRate: 0.5, rawConsumedYuan: '100.00' } });
  });
});

const zeroReport = {
  rawPurchasedKg: '0', rawPurchasedYuan: '0', rawConsumedKg: '0', rawConsumedYuan: '0', productOutputKg: '0', productOutputYuan: '0',
  salesKg: '0', salesYuan: '0', inventoryKg: '0', lossKg: '0',
};
