/**
 * Discrepancies (SPEC §13): each kind planted and seen, a clean chain raising nothing, the read
 * rules per agency, stable ids and resolutions, analysts' counts, a bounded number of statements.
 */
import { describe, expect, test } from '../../support/fixtures';
import { landing, submit, uniqueNo, type Chain } from '../../support/customs';
import type { As } from '../../support/fixtures';
import request from 'supertest';
import { sql } from 'drizzle-orm';
import { codeOf } from '../../support/hub';

const LEDGER = `mutation($input: [LedgerEntryInput!]!) { submitLedgerEntries(input: $input) { accepted rejected rows { status reason message } } }`;
const ENTRY = `mutation($input: [FactoryEntryInput!]!) { recordFactoryEntries(input: $input) { accepted rejected rows { status reason field } } }`;
const LIST = `query($f: DiscrepancyFilter, $first: Int, $after: String) { discrepancies(filter: $f, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { id kind subjectType subject declarationNo enterpriseId period expected actual detectedOn resolution { note resolvedBy } } } } }`;
const RESOLVE = `mutation($id: ID!, $note: String!) { resolveDiscrepancy(id: $id, note: $note) { id kind resolution { note resolvedBy } } }`;
const COUNTS = `query($from: Date!, $to: Date!) { discrepancyCounts(from: $from, to: $to) { kind period count open } }`;
const REPORT = `mutation($input: MonthlyReportInput!) { submitMonthlyReport(input: $input) { period } }`;

let n = 0;
async function declare(as: As, chain: Chain, kg = 1000) {
  const d = landing(chain, { releasedAt: '2025-06-10T12:00:00+08:00', lines: [{ hsCode: '12060090', commodityName: '葵花籽', quantityKg: kg, valueYuan: '5000.00' }] });
  expect((await submit(as('CUSTOMS'), [d])).accepted).toBe(1);
  return d.declarationNo;
}
const led = (kind: string, on: string, kg: number, yuan = '100.00', over: Record<string, unknown> = {}) => ({
  occurredOn: on, kind, quantityKg: kg, amountYuan: yuan, externalRef: `x-${++n}`,
  ...(kind.startsWith('PRODUCT') ? { productName: '葵花籽油' } : { hsCode: '1206' }), ...over,
});
const rawIn = (nos: string[], kg: number, on = '2025-06-12') => led('RAW_IN', on, kg, '5000.00', { declarationNos: nos });
const entryOf = (nos: string[], receivedKg: number, over: Record<string, unknown> = {}) => ({
  externalRef: uniqueNo('FE'), declarations: nos, commodityName: '葵花籽', arrivedAt: '2025-06-11T09:00:00+08:00', sealIntact: true, receivedKg, ...over,
});
async function write(as: As, enterpriseId: string, q: string, input: unknown) {
  const r = await as('ENTERPRISE', enterpriseId).gql(q, { input });
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  const res = r.data.submitLedgerEntries ?? r.data.recordFactoryEntries;
  if (res) expect(res.rejected, JSON.stringify(res.rows)).toBe(0);
}
async function list(as: As, agency: Parameters<As>[0], f: Record<string, unknown>, org: string | null = null) {
  const r = await as(agency, org).gql(LIST, { f, first: 100 });
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data.discrepancies.edges.map((e: any) => e.node);
}
const kinds = (xs: { kind: string }[]) => xs.map((x) => x.kind).sort();

/** A consistent month: declared 1000, weighed 998, booked 998, 900 consumed into 700 kg of oil (+33 % value), 600 sold. */
async function cleanChain(as: As, chain: Chain) {
  const no = await declare(as, chain);
  await write(as, chain.enterpriseId, ENTRY, [entryOf([no], 998)]);
  await write(as, chain.enterpriseId, LEDGER, [
    rawIn([no], 998), led('RAW_CONSUMED', '2025-06-15', 900, '9000.00'), led('PRODUCT_OUTPUT', '2025-06-16', 700, '12000.00'),
    led('PRODUCT_SOLD', '2025-06-20', 600, '11000.00'),
  ]);
  return no;
}

describe('each kind is computed (planted) and a clean chain raises nothing', () => {
  test('a clean chain: no discrepancy as of today', async ({ as, seed }) => {
    const chain = await seed.landingChain();
    await cleanChain(as, chain);
    expect(await list(as, 'COMMERCE', { enterpriseId: chain.enterpriseId })).toEqual([]);
  });

  test('RELEASED_NOT_ENTERED: released more than 3 days ago, no factory entry', async ({ as, seed }) => {
    const chain = await seed.landingChain();
    const no = await declare(as, chain);
    expect(await list(as, 'COMMERCE', { enterpriseId: chain.enterpriseId, asOf: '2025-06-13' })).toEqual([]);
    const [d] = await list(as, 'COMMERCE', { enterpriseId: chain.enterpriseId, asOf: '2025-06-14' });
    expect(d).toMatchObject({ kind: 'RELEASED_NOT_ENTERED', subjectType: 'DECLARATION', subject: no, declarationNo: no, enterpriseId: chain.enterpriseId,
      period: '2025-06', expected: '1000.000', actual: '0.000', detectedOn: '2025-06-14', resolution: null });
  });

  test('RECEIVED_MISMATCH and SEAL_BROKEN: weighed 1 % short, seal broken', async ({ as, seed }) => {
    const chain = await seed.landingChain();
    const no = await declare(as, chain);
    await write(as, chain.enterpriseId, ENTRY, [entryOf([no], 990, { sealIntact: false })]);
    await write(as, chain.enterpriseId, LEDGER, [rawIn([no], 990)]);
    const found = await list(as, 'COMMERCE', { enterpriseId: chain.enterpriseId });
    expect(kinds(found)).toEqual(['RECEIVED_MISMATCH', 'SEAL_BROKEN']);
    expect(found.find((x: any) => x.kind === 'RECEIVED_MISMATCH')).toMatchObject({ subjectType: 'FACTORY_ENTRY', declarationNo: no, expected: '1000.000', actual: '990.000', detectedOn: '2025-06-11' });
  });

  test('ENTERED_NOT_BOOKED: an entry more than 7 days old not booked by RAW_IN', async ({ as, seed }) => {
    const chain = await seed.landingChain();
    const no = await declare(as, chain);
    await write(as, chain.enterpriseId, ENTRY, [entryOf([no], 1000)]);
    expect(await list(as, 'COMMERCE', { enterpriseId: chain.enterpriseId, asOf: '2025-06-18' })).toEqual([]);
    const [d] = await list(as, 'COMMERCE', { enterpriseId: chain.enterpriseId, asOf: '2025-06-19' });
    expect(d).toMatchObject({ kind: 'ENTERED_NOT_BOOKED', declarationNo: no, expected: '1000.000', actual: '0.000', detectedOn: '2025-06-19' });
    // Booking 995 of the 1000 received (99.5 %) closes it.
    await write(as, chain.enterpriseId, LEDGER, [rawIn([no], 995, '2025-06-18')]);
    expect(await list(as, 'COMMERCE', { enterpriseId: chain.enterpriseId, asOf: '2025-06-19' })).toEqual([]);
  });

  test('NEGATIVE_STOCK, RAW_SOLD, VALUE_ADD_BELOW_THRESHOLD from the ledger', async ({ as, seed }) => {
    const chain = await seed.landingChain();
    const no = await declare(as, chain);
    await write(as, chain.enterpriseId, ENTRY, [entryOf([no], 1000)]);
    await write(as, chain.enterpriseId, LEDGER, [
      // consumed on the 5th before anything came in: stock −100 at the end of that day
      led('RAW_CONSUMED', '2025-06-05', 100, '1000.00'), rawIn([no], 1000),
      led('RAW_CONSUMED', '2025-06-15', 500, '9000.00'), led('PRODUCT_OUTPUT', '2025-06-16', 400, '11000.00'),
      led('RAW_SOLD', '2025-06-20', 200, '3000.00'),
    ]);
    const found = await list(as, 'COMMERCE', { enterpriseId: chain.enterpriseId });
    expect(kinds(found)).toEqual(['NEGATIVE_STOCK', 'RAW_SOLD', 'VALUE_ADD_BELOW_THRESHOLD']);
    const by = Object.fromEntries(found.map((x: any) => [x.kind, x]));
    expect(by.NEGATIVE_STOCK).toMatchObject({ subjectType: 'ENTERPRISE', subject: chain.enterpriseId, period: '2025-06', expected: '0.000', actual: '-100.000', detectedOn: '2025-06-05' });
    expect(by.RAW_SOLD).toMatchObject({ period: '2025-06', actual: '200.000', detectedOn: '2025-06-20' });
    // (11000 − 10000) ÷ 10000 = 0.1 below the threshold; detected once the month is over.
    expect(by.VALUE_ADD_BELOW_THRESHOLD).toMatchObject({ period: '2025-06', actual: '0.1000', detectedOn: '2025-07-01' });
  });

  test('INVENTORY_MISMATCH: the report\'s inventory is not the ledger\'s closing raw stock', async ({ as, seed }) => {
    const chain = await seed.landingChain();
    await cleanChain(as, chain);
    const report = (inventoryKg: number) => ({ enterpriseId: chain.enterpriseId, period: '2025-06', rawPurchasedKg: 998, rawPurchasedYuan: '5000.00', rawConsumedKg: 900, rawConsumedYuan: '9000.00',
      productOutputKg: 700, productOutputYuan: '12000.00', salesKg: 600, salesYuan: '11000.00', inventoryKg, lossKg: 0 });
    await as('COMMERCE').gql(REPORT, { input: report(98) });
    expect(await list(as, 'COMMERCE', { enterpriseId: chain.enterpriseId })).toEqual([]);
    await as('COMMERCE').gql(REPORT, { input: report(150) });
    const [d] = await list(as, 'COMMERCE', { enterpriseId: chain.enterpriseId });
    expect(d).toMatchObject({ kind: 'INVENTORY_MISMATCH', period: '2025-06', expected: '98.000', actual: '150.000' });
  });

  test('REPORT_MISSING: a month owed since filing and not reported by its due date', async ({ as, seed }) => {
    const e = await seed.enterprise();
    // the Beijing month of filing
    const filed = new Date(new Date(e.filedAt!).getTime() + 8 * 3600_000);
    const period = `${filed.getUTCFullYear()}-${String(filed.getUTCMonth() + 1).padStart(2, '0')}`;
    const found = await list(as, 'COMMERCE', { enterpriseId: e.id, asOf: `${filed.getUTCFullYear() + 1}-${String(filed.getUTCMonth() + 1).padStart(2, '0')}-28` });
    // Twelve months owed since filing, none reported: twelve REPORT_MISSING, the first for the filing month.
    expect(found.map((x: any) => x.kind)).toEqual(Array(12).fill('REPORT_MISSING'));
    expect(found[0]).toMatchObject({ period, actual: null });
  });
});

describe('the figures discrepancies read are kept exact on every write (rollups, migration custody_rollups)', () => {
  test('a booking after asOf does not count as of asOf', async ({ as, seed }) => {
    const chain = await seed.landingChain();
    const no = await declare(as, chain);
    await write(as, chain.enterpriseId, ENTRY, [entryOf([no], 1000)]);
    await write(as, chain.enterpriseId, LEDGER, [rawIn([no], 1000, '2025-06-25')]);
    expect(kinds(await list(as, 'COMMERCE', { enterpriseId: chain.enterpriseId, asOf: '2025-06-24' }))).toEqual(['ENTERED_NOT_BOOKED']);
    expect(await list(as, 'COMMERCE', { enterpriseId: chain.enterpriseId, asOf: '2025-06-25' })).toEqual([]);
  });

  test('an entry booked in two parts, and one booked before it was recorded', async ({ as, seed }) => {
    const chain = await seed.landingChain();
    const f = { enterpriseId: chain.enterpriseId, asOf: '2025-06-30' };
    const a = await declare(as, chain);
    await write(as, chain.enterpriseId, ENTRY, [entryOf([a], 1000)]);
    await write(as, chain.enterpriseId, LEDGER, [rawIn([a], 600)]);
    const [open] = await list(as, 'COMMERCE', f);
    expect(open).toMatchObject({ kind: 'ENTERED_NOT_BOOKED', declarationNo: a, actual: '600.000' });
    await write(as, chain.enterpriseId, LEDGER, [rawIn([a], 400, '2025-06-13')]);
    expect(await list(as, 'COMMERCE', f)).toEqual([]);
    // booked first, entered after: the entry starts from what is already booked
    const other = await seed.landingChain();
    const b = await declare(as, other);
    await write(as, other.enterpriseId, LEDGER, [rawIn([b], 1000)]);
    await write(as, other.enterpriseId, ENTRY, [entryOf([b], 1000)]);
    expect(await list(as, 'COMMERCE', { ...f, enterpriseId: other.enterpriseId })).toEqual([]);
  });

  test('a lot entered late is not entered as of a day before its arrival', async ({ as, seed }) => {
    const chain = await seed.landingChain();
    const no = await declare(as, chain);
    await write(as, chain.enterpriseId, ENTRY, [entryOf([no], 1000, { arrivedAt: '2025-06-20T09:00:00+08:00' })]);
    const [late] = await list(as, 'COMMERCE', { enterpriseId: chain.enterpriseId, asOf: '2025-06-19' });
    expect(late).toMatchObject({ kind: 'RELEASED_NOT_ENTERED', subject: no, detectedOn: '2025-06-14' });
    expect(await list(as, 'COMMERCE', { enterpriseId: chain.enterpriseId, asOf: '2025-06-20' })).toEqual([]);
  });

  test('a correction made in the database (entries moved, deleted) shows at once', async ({ as, seed, db }) => {
    const chain = await seed.landingChain();
    await cleanChain(as, chain);
    const f = { enterpriseId: chain.enterpriseId };
    const consumed = sql`update ledger_entries set occurred_on = ${'2025-06-05'} where enterprise_id = ${chain.enterpriseId}::uuid and kind = 'RAW_CONSUMED'`;
    // consumed before anything came in: −900 at the end of the 5th
    await db.execute(consumed);
    const [neg] = await list(as, 'COMMERCE', f);
    expect(neg).toMatchObject({ kind: 'NEGATIVE_STOCK', actual: '-900.000', detectedOn: '2025-06-05' });
    // moved back: the 5th's −900 leaves with it
    await db.execute(sql`update ledger_entries set occurred_on = ${'2025-06-15'} where enterprise_id = ${chain.enterpriseId}::uuid and kind = 'RAW_CONSUMED'`);
    expect(await list(as, 'COMMERCE', f)).toEqual([]);
    // the RAW_IN deleted (its bookings with it): the entry is no longer booked and the stock goes below zero
    await db.execute(sql`delete from ledger_entries where enterprise_id = ${chain.enterpriseId}::uuid and kind = 'RAW_IN'`);
    const found = await list(as, 'COMMERCE', f);
    expect(kinds(found)).toEqual(['ENTERED_NOT_BOOKED', 'NEGATIVE_STOCK']);
    expect(found.find((x: any) => x.kind === 'NEGATIVE_STOCK')).toMatchObject({ actual: '-900.000', detectedOn: '2025-06-15' });
  });

  test('an entry re-weighed in the database is judged against its new weight', async ({ as, seed, db }) => {
    const chain = await seed.landingChain();
    await cleanChain(as, chain);
    const f = { enterpriseId: chain.enterpriseId, kind: ['ENTERED_NOT_BOOKED'] };
    // 998 received and booked; weighed again at 1,100: 998 is below 99.5 % of it
    await db.execute(sql`update factory_entries set received_kg = 1100 where enterprise_id = ${chain.enterpriseId}::uuid`);
    const [open] = await list(as, 'COMMERCE', f);
    expect(open).toMatchObject({ kind: 'ENTERED_NOT_BOOKED', expected: '1100.000', actual: '998.000' });
    await db.execute(sql`update factory_entries set received_kg = 998 where enterprise_id = ${chain.enterpriseId}::uuid`);
    expect(await list(as, 'COMMERCE', f)).toEqual([]);
  });
});

describe('read rules of §13, stable ids and resolutions', () => {
  test('each agency sees its kinds; an enterprise its own; analysts counts only', async ({ as, seed }) => {
    const chain = await seed.landingChain();
    const no = await declare(as, chain);
    await write(as, chain.enterpriseId, ENTRY, [entryOf([no], 1000, { sealIntact: false })]);
    await write(as, chain.enterpriseId, LEDGER, [rawIn([no], 1000), led('RAW_SOLD', '2025-06-20', 200)]);
    const f = { enterpriseId: chain.enterpriseId };
    for (const agency of ['COMMERCE', 'PREFECTURE_COMMERCE', 'MARKET_REGULATION'] as const) expect(kinds(await list(as, agency, f)), agency).toEqual(['RAW_SOLD', 'SEAL_BROKEN']);
    expect(kinds(await list(as, 'CUSTOMS', f))).toEqual(['SEAL_BROKEN']);
    expect(kinds(await list(as, 'TAX', f))).toEqual(['RAW_SOLD']);
    expect(kinds(await list(as, 'ENTERPRISE', {}, chain.enterpriseId))).toEqual(['RAW_SOLD', 'SEAL_BROKEN']);
    const other = await seed.enterprise();
    expect(await list(as, 'ENTERPRISE', f, other.id)).toEqual([]);
    // by cooperative: its declarations and the enterprises that received them; another cooperative's: none
    expect(kinds(await list(as, 'COMMERCE', { ...f, cooperativeId: chain.cooperativeId }))).toEqual(['RAW_SOLD', 'SEAL_BROKEN']);
    const otherChain = await seed.landingChain();
    expect(await list(as, 'COMMERCE', { ...f, cooperativeId: otherChain.cooperativeId })).toEqual([]);
    for (const agency of ['ANALYST', 'COOPERATIVE', 'OPERATOR', 'AUDITOR'] as const) {
      expect(codeOf(await as(agency, agency === 'COOPERATIVE' ? chain.cooperativeId : null).gql(LIST, { f })), agency).toBe('FORBIDDEN');
    }
    const counts = await as('ANALYST').gql(COUNTS, { from: '2025-06-01', to: '2025-06-30' });
    expect(counts.errors).toBeUndefined();
    expect(counts.data.discrepancyCounts.length).toBeGreaterThan(0);
    expect(Object.keys(counts.data.discrepancyCounts[0]).sort()).toEqual(['count', 'kind', 'open', 'period']);
  });

  test('ids are stable; resolving closes one with a note; CUSTOMS resolves declaration-side kinds only', async ({ as, seed }) => {
    const chain = await seed.landingChain();
    const no = await declare(as, chain);
    await write(as, chain.enterpriseId, ENTRY, [entryOf([no], 1000, { sealIntact: false })]);
    await write(as, chain.enterpriseId, LEDGER, [rawIn([no], 1000), led('RAW_SOLD', '2025-06-20', 200)]);
    const f = { enterpriseId: chain.enterpriseId };
    const first = await list(as, 'COMMERCE', f);
    expect((await list(as, 'MARKET_REGULATION', f)).map((x: any) => x.id)).toEqual(first.map((x: any) => x.id));
    const rawSold = first.find((x: any) => x.kind === 'RAW_SOLD');
    const seal = first.find((x: any) => x.kind === 'SEAL_BROKEN');
    // CUSTOMS cannot see RAW_SOLD, so cannot close it; TAX may not resolve at all.
    expect(codeOf(await as('CUSTOMS').gql(RESOLVE, { id: rawSold.id, note: '已核实' }))).toBe('NOT_FOUND');
    expect(codeOf(await as('TAX').gql(RESOLVE, { id: rawSold.id, note: '已核实' }))).toBe('FORBIDDEN');
    expect(codeOf(await as('COMMERCE').gql(RESOLVE, { id: rawSold.id, note: '  ' }))).toBe('BAD_USER_INPUT');
    const r = await as('MARKET_REGULATION').gql(RESOLVE, { id: rawSold.id, note: '已立案调查 / case opened' });
    expect(r.data.resolveDiscrepancy).toEqual({ id: rawSold.id, kind: 'RAW_SOLD', resolution: { note: '已立案调查 / case opened', resolvedBy: 'MARKET_REGULATION' } });
    expect((await as('CUSTOMS').gql(RESOLVE, { id: seal.id, note: '施封锁已更换' })).data.resolveDiscrepancy.resolution.resolvedBy).toBe('CUSTOMS');
    expect(await list(as, 'COMMERCE', { ...f, open: true })).toEqual([]);
    const closed = await list(as, 'COMMERCE', { ...f, open: false });
    expect(closed.map((x: any) => x.id).sort()).toEqual([rawSold.id, seal.id].sort());
    expect(closed.find((x: any) => x.id === rawSold.id).resolution).toEqual({ note: '已立案调查 / case opened', resolvedBy: 'MARKET_REGULATION' });
  });

  test('discrepancyCounts by kind and month (hand-counted)', async ({ as, seed }) => {
    const chain = await seed.landingChain();
    // March 2024, alone in this file: raw goods sold with nothing in stock → RAW_SOLD and NEGATIVE_STOCK.
    await write(as, chain.enterpriseId, LEDGER, [led('RAW_SOLD', '2024-03-20', 50)]);
    const r = await as('ANALYST').gql(COUNTS, { from: '2024-03-01', to: '2024-03-31' });
    expect(r.data.discrepancyCounts).toEqual([
      { kind: 'NEGATIVE_STOCK', period: '2024-03', count: 1, open: 1 },
      { kind: 'RAW_SOLD', period: '2024-03', count: 1, open: 1 },
    ]);
    // TAX counts its kinds; CUSTOMS's kinds have none here.
    expect((await as('CUSTOMS').gql(COUNTS, { from: '2024-03-01', to: '2024-03-31' })).data.discrepancyCounts).toEqual([]);
  });

  test('the report page\'s data carries the counts by kind and month, in the viewer\'s scope', async ({ hub }) => {
    const { signToken } = await import('../../../src/authz/tokens');
    const { TEST_SECRET } = await import('../../support/hub');
    const data = async (agency: 'ANALYST' | 'CUSTOMS' | 'COOPERATIVE') => {
      const token = await signToken(new TextEncoder().encode(TEST_SECRET), { agency, org: agency === 'COOPERATIVE' ? '00000000-0000-4000-8000-000000000001' : null });
      const res = await request(hub.app.app).get('/reports/data.json?year=2024').set('authorization', `Bearer ${token}`);
      expect(res.status).toBe(200);
      return res.body.discrepancyCounts;
    };
    // the March 2024 rows planted by the previous test, and nothing else in 2024
    expect(await data('ANALYST')).toEqual([
      { kind: 'NEGATIVE_STOCK', period: '2024-03', count: 1, open: 1 },
      { kind: 'RAW_SOLD', period: '2024-03', count: 1, open: 1 },
    ]);
    expect(await data('CUSTOMS')).toEqual([]);
    expect(await data('COOPERATIVE')).toEqual([]);
    expect((await request(hub.app.app).get('/reports/')).text).toContain('货物监管链差异统计');
  });

  test('over all enterprises: one page, a bounded number of statements, cursors', async ({ as }) => {
    const all = await as('COMMERCE').gql(LIST, { f: {}, first: 3 });
    expect(all.errors).toBeUndefined();
    expect(all.data.discrepancies.totalCount).toBeGreaterThan(3);
    // the calendar (REPORT_MISSING due dates), the discrepancies with their count, the access log
    expect(all.statements).toBeLessThanOrEqual(3);
    const next = await as('COMMERCE').gql(LIST, { f: {}, first: 3, after: all.data.discrepancies.pageInfo.endCursor });
    const ids = (x: any) => x.data.discrepancies.edges.map((e: any) => e.node.id);
    expect(ids(next).some((id: string) => ids(all).includes(id))).toBe(false);
    expect(codeOf(await as('COMMERCE').gql(LIST, { f: {}, after: 'bogus' }))).toBe('BAD_USER_INPUT');
  });
});
