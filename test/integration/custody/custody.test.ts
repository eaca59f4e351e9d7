/**
 * The chain of custody (SPEC §13): RAW_IN booked against declarations, custody stages,
 * traceability, stock and write-off. Figures are computed by hand in the comments.
 */
import { describe, expect, test } from '../../support/fixtures';
import { landing, submit, uniqueNo, type Chain } from '../../support/customs';
import request from 'supertest';
import type { As } from '../../support/fixtures';

const LEDGER = `mutation($input: [LedgerEntryInput!]!) { submitLedgerEntries(input: $input) { accepted rejected rows { status reason field message } } }`;
const ENTRY = `mutation($input: [FactoryEntryInput!]!) { recordFactoryEntries(input: $input) { accepted rejected rows { status reason field } } }`;
const CUSTODY = `query($no: String!) { declaration(declarationNo: $no) { custody { declaredKg releasedAt enteredAt receivedKg bookedKg unbookedKg sealIntact stage } } }`;
const TRACE = `query($no: String!) { traceability(declarationNo: $no) {
  declarationNo declaration { declarationNo } custody { stage bookedKg }
  factoryEntries { externalRef receivedKg declaredKg }
  bookings { bookedKg ledgerEntry { externalRef quantityKg } }
  discrepancies { kind subject declarationNo } } }`;

let n = 0;
async function declare(as: As, chain: Chain, kg: number, over: Record<string, unknown> = {}) {
  const d = landing(chain, { releasedAt: '2025-06-10T12:00:00+08:00', lines: [{ hsCode: '12060090', commodityName: '葵花籽', quantityKg: kg, valueYuan: '2000.00' }], ...over });
  const r = await submit(as('CUSTOMS'), [d]);
  expect(r.accepted, JSON.stringify(r.rows)).toBe(1);
  return d.declarationNo;
}
const rawIn = (nos: string[], kg: number, over: Record<string, unknown> = {}) => ({
  occurredOn: '2025-06-12', kind: 'RAW_IN', hsCode: '1206', quantityKg: kg, amountYuan: '100.00', externalRef: `ri-${++n}`, declarationNos: nos, ...over,
});
const entryOf = (nos: string[], receivedKg: number, over: Record<string, unknown> = {}) => ({
  externalRef: uniqueNo('FE'), declarations: nos, commodityName: '葵花籽', arrivedAt: '2025-06-11T09:00:00+08:00', sealIntact: true, receivedKg, ...over,
});

describe('booking RAW_IN against declarations (SPEC §13)', () => {
  test('fills each declaration up to its declared kg, in the order given; custody follows', async ({ as, seed }) => {
    const chain = await seed.landingChain();
    const asE = as('ENTERPRISE', chain.enterpriseId);
    const a = await declare(as, chain, 500);
    const b = await declare(as, chain, 300);
    expect((await asE.gql(ENTRY, { input: [entryOf([a, b], 799)] })).data.recordFactoryEntries.accepted).toBe(1);
    // 600 kg linked [b, a]: b takes its 300, a the remaining 300.
    const r = await asE.gql(LEDGER, { input: [rawIn([b, a], 600)] });
    expect(r.data.submitLedgerEntries.accepted, JSON.stringify(r.data)).toBe(1);
    const ca = (await as('CUSTOMS').gql(CUSTODY, { no: a })).data.declaration.custody;
    // a: 500 declared, received 799 × 500/800 = 499.375, booked 300 → ENTERED.
    expect(ca).toMatchObject({ declaredKg: 500, receivedKg: 499.375, bookedKg: 300, unbookedKg: 200, sealIntact: true, stage: 'ENTERED' });
    expect(ca.enteredAt).toBe('2025-06-11T09:00:00.000+08:00');
    const cb = (await as('CUSTOMS').gql(CUSTODY, { no: b })).data.declaration.custody;
    // b: received 799 × 300/800 = 299.625; booked 300 ≥ 99.5 % of it → BOOKED.
    expect(cb).toMatchObject({ declaredKg: 300, receivedKg: 299.625, bookedKg: 300, unbookedKg: 0, stage: 'BOOKED' });
  });

  test('rejects kg beyond what is unbooked by more than 0.5 % (EXCEEDS_DECLARED); within 0.5 % lands on the last', async ({ as, seed }) => {
    const chain = await seed.landingChain();
    const asE = as('ENTERPRISE', chain.enterpriseId);
    const a = await declare(as, chain, 1000);
    // 1005.001 kg > 1000 × 1.005 = 1005: rejected, nothing stored.
    const over = await asE.gql(LEDGER, { input: [rawIn([a], 1005.001)] });
    expect(over.data.submitLedgerEntries.rows[0]).toMatchObject({ status: 'REJECTED', reason: 'EXCEEDS_DECLARED', field: 'quantityKg' });
    expect((await as('CUSTOMS').gql(CUSTODY, { no: a })).data.declaration.custody).toMatchObject({ bookedKg: 0, stage: 'RELEASED' });
    // 1005 kg: within the weighing tolerance, all booked on a.
    expect((await asE.gql(LEDGER, { input: [rawIn([a], 1005)] })).data.submitLedgerEntries.accepted).toBe(1);
    expect((await as('CUSTOMS').gql(CUSTODY, { no: a })).data.declaration.custody).toMatchObject({ bookedKg: 1005, unbookedKg: 0, stage: 'BOOKED' });
    // Nothing is left: even 1 kg more is refused — a declaration is never booked twice over.
    expect((await asE.gql(LEDGER, { input: [rawIn([a], 1)] })).data.submitLedgerEntries.rows[0].reason).toBe('EXCEEDS_DECLARED');
    // The same entry resent is a DUPLICATE, not a second booking.
    const again = rawIn([await declare(as, chain, 10)], 0.5);
    expect((await asE.gql(LEDGER, { input: [again] })).data.submitLedgerEntries.accepted).toBe(1);
    expect((await asE.gql(LEDGER, { input: [again] })).data.submitLedgerEntries.rows[0].status).toBe('DUPLICATE');
  });

  test('custody stages: DECLARED, RELEASED, STOPPED', async ({ as, seed }) => {
    const chain = await seed.landingChain();
    const declared = await declare(as, chain, 100, { releasedAt: null });
    expect((await as('CUSTOMS').gql(CUSTODY, { no: declared })).data.declaration.custody).toMatchObject({ stage: 'DECLARED', releasedAt: null, enteredAt: null, receivedKg: null, sealIntact: null });
    const stopped = await declare(as, chain, 100, { releasedAt: null });
    await as('CUSTOMS').gql(`mutation($no: String!) { recordInspectionResult(declarationNo: $no, result: INSPECTING) { status } }`, { no: stopped });
    await as('CUSTOMS').gql(`mutation($no: String!) { recordInspectionResult(declarationNo: $no, result: RETURNED) { status } }`, { no: stopped });
    expect((await as('CUSTOMS').gql(CUSTODY, { no: stopped })).data.declaration.custody.stage).toBe('STOPPED');
  });

  test('factory entries require receivedKg and report declaredKg', async ({ as, seed }) => {
    const chain = await seed.landingChain();
    const a = await declare(as, chain, 250.5);
    const asE = as('ENTERPRISE', chain.enterpriseId);
    const missing = await asE.gql(ENTRY, { input: [entryOf([a], null as unknown as number)] });
    expect(missing.data.recordFactoryEntries.rows[0]).toMatchObject({ status: 'REJECTED', reason: 'MISSING_FIELD', field: 'receivedKg' });
    expect((await asE.gql(ENTRY, { input: [entryOf([a], 250)] })).data.recordFactoryEntries.accepted).toBe(1);
    const t = await as('COMMERCE').gql(TRACE, { no: a });
    expect(t.data.traceability.factoryEntries).toEqual([expect.objectContaining({ receivedKg: 250, declaredKg: 250.5 })]);
  });
});

describe('traceability(declarationNo)', () => {
  test('the declaration, its entry, the RAW_IN that booked it and its discrepancies', async ({ as, seed }) => {
    const chain = await seed.landingChain();
    const asE = as('ENTERPRISE', chain.enterpriseId);
    const a = await declare(as, chain, 400);
    const fe = entryOf([a], 380, { sealIntact: false });
    await asE.gql(ENTRY, { input: [fe] });
    const ri = rawIn([a], 380);
    await asE.gql(LEDGER, { input: [ri] });
    const t = (await as('COMMERCE').gql(TRACE, { no: a })).data.traceability;
    expect(t).toMatchObject({
      declarationNo: a, declaration: { declarationNo: a }, custody: { stage: 'BOOKED', bookedKg: 380 },
      factoryEntries: [{ externalRef: fe.externalRef, receivedKg: 380, declaredKg: 400 }],
      bookings: [{ bookedKg: 380, ledgerEntry: { externalRef: ri.externalRef, quantityKg: 380 } }],
    });
    // 380 vs 400 declared: 5 % off → RECEIVED_MISMATCH; the seal → SEAL_BROKEN.
    expect(t.discrepancies.map((d: any) => d.kind).sort()).toEqual(['RECEIVED_MISMATCH', 'SEAL_BROKEN']);
    expect(t.discrepancies.every((d: any) => d.declarationNo === a)).toBe(true);
    // Another enterprise does not trace it; its own enterprise does.
    const other = await seed.enterprise();
    expect((await as('ENTERPRISE', other.id).gql(TRACE, { no: a })).data.traceability).toBeNull();
    expect((await asE.gql(TRACE, { no: a })).data.traceability.declarationNo).toBe(a);
    expect((await as('COMMERCE').gql(TRACE, { no: 'NO-SUCH' })).data.traceability).toBeNull();
  });
});

describe('stock and write-off (SPEC §13)', () => {
  const STOCK = `query($id: ID!, $asOf: Date!, $p: Period!) { enterprise(id: $id) {
    stock(asOf: $asOf) { asOf rawKg productKg }
    writeOff(period: $p) { period openingRawKg rawInKg rawConsumedKg rawSoldKg lossKg closingRawKg reportedInventoryKg yieldRate balanced } } }`;

  test('computed from the ledger; balanced against the monthly report', async ({ as, seed }) => {
    const chain = await seed.landingChain();
    const asE = as('ENTERPRISE', chain.enterpriseId);
    const a = await declare(as, chain, 2000);
    const e = (kind: string, on: string, kg: number, over: Record<string, unknown> = {}) => ({ occurredOn: on, kind, hsCode: '1206', quantityKg: kg, amountYuan: '10.00', externalRef: `s-${++n}`, ...over });
    const r = await asE.gql(LEDGER, { input: [
      rawIn([a], 1000, { occurredOn: '2025-05-20' }),
      e('RAW_CONSUMED', '2025-05-25', 200), e('PRODUCT_OUTPUT', '2025-05-25', 150, { hsCode: null, productName: '葵花籽油' }),
      rawIn([a], 500, { occurredOn: '2025-06-02' }),
      e('RAW_CONSUMED', '2025-06-10', 600), e('LOSS', '2025-06-11', 10), e('RAW_SOLD', '2025-06-12', 40),
      e('PRODUCT_OUTPUT', '2025-06-10', 450, { hsCode: null, productName: '葵花籽油' }), e('PRODUCT_SOLD', '2025-06-20', 300, { hsCode: null, productName: '葵花籽油' }),
      e('RAW_CONSUMED', '2025-07-01', 100),
    ] });
    expect(r.data.submitLedgerEntries.accepted, JSON.stringify(r.data)).toBe(10);
    // Opening (end of May) 1000 − 200 = 800; June: +500 −600 −10 −40 → closing 650. Products: 150 + 450 − 300 = 300.
    const before = (await as('MARKET_REGULATION').gql(STOCK, { id: chain.enterpriseId, asOf: '2025-06-30', p: '2025-06' }));
    expect(before.errors).toBeUndefined();
    expect(before.data.enterprise.stock).toEqual({ asOf: '2025-06-30', rawKg: 650, productKg: 300 });
    // Market regulation reads the ledger class since §13 (the write-off): the entries themselves too.
    const entries = await as('MARKET_REGULATION').gql(`query($f: LedgerEntryFilter) { ledgerEntries(filter: $f) { totalCount edges { node { kind quantityKg amountYuan } } } }`, { f: { enterpriseId: chain.enterpriseId } });
    expect(entries.errors).toBeUndefined();
    expect(entries.data.ledgerEntries.totalCount).toBe(10);
    expect(before.data.enterprise.writeOff).toEqual({
      period: '2025-06', openingRawKg: 800, rawInKg: 500, rawConsumedKg: 600, rawSoldKg: 40, lossKg: 10, closingRawKg: 650,
      reportedInventoryKg: null, yieldRate: 0.75, balanced: false,
    });
    const report = (inventoryKg: number) => ({ period: '2025-06', rawPurchasedKg: 500, rawPurchasedYuan: '10.00', rawConsumedKg: 600, rawConsumedYuan: '10.00', productOutputKg: 450, productOutputYuan: '10.00', salesKg: 340, salesYuan: '20.00', inventoryKg, lossKg: 10 });
    const SUBMIT_REPORT = `mutation($input: MonthlyReportInput!) { submitMonthlyReport(input: $input) { period } }`;
    await asE.gql(SUBMIT_REPORT, { input: report(653) });
    // 653 vs 650: 0.46 % off → balanced.
    expect((await as('COMMERCE').gql(STOCK, { id: chain.enterpriseId, asOf: '2025-05-31', p: '2025-06' })).data.enterprise).toMatchObject({
      stock: { rawKg: 800, productKg: 150 }, writeOff: { reportedInventoryKg: 653, balanced: true },
    });
    await asE.gql(SUBMIT_REPORT, { input: report(654) });
    // 654 vs 650: 0.62 % → not balanced.
    expect((await asE.gql(STOCK, { id: chain.enterpriseId, asOf: '2025-07-01', p: '2025-06' })).data.enterprise).toMatchObject({
      stock: { rawKg: 550 }, writeOff: { balanced: false },
    });
  });

  test('the write-off statement downloads as CSV for market regulation; an enterprise gets its own row', async ({ as, hub, seed }) => {
    const chain = await seed.landingChain();
    const a = await declare(as, chain, 1000);
    await as('ENTERPRISE', chain.enterpriseId).gql(LEDGER, { input: [rawIn([a], 1000, { occurredOn: '2025-05-20' }), rawIn([a], 0, { occurredOn: '2025-06-03' }),
      { occurredOn: '2025-06-10', kind: 'RAW_CONSUMED', hsCode: '1206', quantityKg: 400, amountYuan: '10.00', externalRef: `w-${++n}` }] });
    const { signToken } = await import('../../../src/authz/tokens');
    const { TEST_SECRET } = await import('../../support/hub');
    const token = (agency: 'MARKET_REGULATION' | 'ENTERPRISE' | 'ANALYST', org: string | null = null) => signToken(new TextEncoder().encode(TEST_SECRET), { agency, org });
    const csv = await request(hub.app.app).get('/reports/write-off.csv?period=2025-06').set('authorization', `Bearer ${await token('MARKET_REGULATION')}`);
    expect(csv.status).toBe(200);
    const [header, ...lines] = csv.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(header).toContain('期末原料库存（千克）');
    // opening 1000, nothing in, 400 consumed → closing 600; no report → not balanced
    const mine = lines.filter((l) => l.includes(chain.enterpriseId) || l.includes('测试加工企业'));
    expect(mine.length).toBeGreaterThan(0);
    expect(lines.some((l) => /,1000(\.0+)?,0(\.0+)?,400(\.0+)?,0(\.0+)?,0(\.0+)?,600(\.0+)?,,/.test(l))).toBe(true);
    const own = await request(hub.app.app).get('/reports/write-off.csv?period=2025-06').set('authorization', `Bearer ${await token('ENTERPRISE', chain.enterpriseId)}`);
    expect(own.text.trim().split(/\r?\n/)).toHaveLength(2);
    expect((await request(hub.app.app).get('/reports/write-off.csv?period=2025-06').set('authorization', `Bearer ${await token('ANALYST')}`)).status).toBe(403);
  });

  test('statements per request are bounded whatever the number of enterprises', async ({ as }) => {
    const Q = `{ enterprises(first: 50) { edges { node { id stock(asOf: "2025-06-30") { rawKg } writeOff(period: "2025-06") { closingRawKg } } } } }`;
    const r = await as('COMMERCE').gql(Q, {});
    expect(r.errors).toBeUndefined();
    expect(r.data.enterprises.edges.length).toBeGreaterThan(3);
    // the page (+count), one statement for stock, one for write-offs, the access log
    expect(r.statements).toBeLessThanOrEqual(6);
  });
});

describe('the chain page (/reports/chain)', () => {
  test('serves a page whose one query shows each agency what the matrix allows', async ({ as, hub, seed }) => {
    const { CHAIN_QUERY } = await import('../../../src/modules/reports');
    const page = await request(hub.app.app).get('/reports/chain');
    expect(page.status).toBe(200);
    expect(page.text).toContain(JSON.stringify(CHAIN_QUERY));
    const chain = await seed.landingChain();
    const a = await declare(as, chain, 100);
    await as('ENTERPRISE', chain.enterpriseId).gql(ENTRY, { input: [entryOf([a], 100, { arrivedAt: '2025-06-11T09:00:00+08:00' })] });
    await as('ENTERPRISE', chain.enterpriseId).gql(LEDGER, { input: [rawIn([a], 100, { occurredOn: '2025-06-11' })] });
    const vars = { id: chain.enterpriseId, period: '2025-06', from: '2025-06-01', to: '2025-06-30' };
    const commerce = await as('COMMERCE').gql(CHAIN_QUERY, vars);
    expect(commerce.errors).toBeUndefined();
    expect(commerce.data.enterprise.writeOff).toMatchObject({ openingRawKg: 0, rawInKg: 100, closingRawKg: 100, balanced: false });
    expect(commerce.data.declarations.edges.map((x: any) => [x.node.declarationNo, x.node.custody.stage])).toEqual([[a, 'BOOKED']]);
    // market regulation: the write-off and discrepancies, not the declarations (declaration class, §9)
    const mr = await as('MARKET_REGULATION').gql(CHAIN_QUERY, vars);
    expect(mr.data.enterprise.writeOff.rawInKg).toBe(100);
    expect(mr.data.declarations).toBeNull();
    expect(mr.data.discrepancies.totalCount).toBe(commerce.data.discrepancies.totalCount);
  });
});

