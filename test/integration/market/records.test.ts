import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as f from '../../support/factories';
import { codeOf, reasonOf, startHub, type TestHub } from '../../support/hub';
import { daysAgo, today } from './helpers';

let hub: TestHub;
beforeAll(async () => { hub = await startHub(); });
afterAll(async () => { await hub?.close(); });

const MR = () => hub.as('MARKET_REGULATION');
let stall = 0;
const uniqueStall = () => `A-${process.pid}-${Date.now()}-${++stall}`;

const REGISTER = 'mutation($i: ShopInput!) { registerShop(input: $i) { id name stallNo operatorName licenseNo status source } }';
const INSPECT = 'mutation($i: InspectionInput!) { recordInspection(input: $i) { id subjectType subjectId inspectedOn agency findings result source } }';
const LIST_DISHONEST = 'mutation($i: DishonestListInput!) { addToDishonestList(input: $i) { id subjectType subjectId listedOn reason } }';
const INSPECTIONS = `query($f: InspectionFilter, $first: Int, $after: String) { inspections(filter: $f, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { id result inspectedOn subject { __typename ... on Enterprise { id uscc } ... on Cooperative { id filingNo } ... on Shop { id stallNo } } } } } }`;

async function shop(extra: Record<string, unknown> = {}) {
  const r = await MR().gql(REGISTER, { i: { name: '边民互市二级市场干果铺', stallNo: uniqueStall(), operatorName: '古丽娜尔', licenseNo: '92652702MA00000001', ...extra } });
  expect(r.errors).toBeUndefined();
  return r.data.registerShop;
}

describe('shops (SPEC §8)', () => {
  it('registers a shop (status OPERATING by default) and lists it with filters', async () => {
    const s = await shop();
    expect(s).toMatchObject({ status: 'OPERATING', source: 'MARKET_REGULATION', operatorName: '古丽娜尔' });
    const closed = await shop({ status: 'CLOSED', name: '已关闭的坚果铺' });
    const byStall = await MR().gql('query($s: String) { shops(filter: { stallNo: $s }) { totalCount edges { node { id } } } }', { s: s.stallNo });
    expect(byStall.data.shops.edges.map((e: any) => e.node.id)).toEqual([s.id]);
    const byStatus = await MR().gql('{ shops(filter: { status: [CLOSED] }, first: 500) { edges { node { id } } } }');
    expect(byStatus.data.shops.edges.map((e: any) => e.node.id)).toContain(closed.id);
    expect(byStatus.data.shops.edges.map((e: any) => e.node.id)).not.toContain(s.id);
    const byName = await MR().gql('{ shops(filter: { nameContains: "已关闭" }) { edges { node { id } } } }');
    expect(byName.data.shops.edges.map((e: any) => e.node.id)).toContain(closed.id);
  });

  it('refuses a second shop on the same stall and a blank operator', async () => {
    const s = await shop();
    const dup = await MR().gql(REGISTER, { i: { name: 'x', stallNo: s.stallNo, operatorName: 'y' } });
    expect(reasonOf(dup)).toBe('KEY_CONFLICT');
    expect(reasonOf(await MR().gql(REGISTER, { i: { name: 'x', stallNo: uniqueStall(), operatorName: '  ' } }))).toBe('MISSING_FIELD');
  });

  it('lets only market regulation register shops', async () => {
    for (const agency of ['COMMERCE', 'CUSTOMS', 'OPERATOR'] as const) {
      expect(codeOf(await hub.as(agency).gql(REGISTER, { i: { name: 'x', stallNo: uniqueStall(), operatorName: 'y' } }))).toBe('FORBIDDEN');
    }
  });

  it('shows enterprises and cooperatives no shops (none is theirs)', async () => {
    await shop();
    const e = await f.enterprise(hub.db);
    const r = await hub.as('ENTERPRISE', e.id).gql('{ shops { totalCount } }');
    expect(r.data.shops.totalCount).toBe(0);
  });
});

describe('inspections (SPEC §8)', () => {
  it('records inspections of an enterprise, a cooperative and a shop, and resolves each subject to its type', async () => {
    const e = await f.enterprise(hub.db);
    const c = await f.cooperative(hub.db);
    const s = await shop();
    const made = [];
    for (const [subjectType, subjectId, result] of [['ENTERPRISE', e.id, 'RECTIFY'], ['COOPERATIVE', c.id, 'PASS'], ['SHOP', s.id, 'VIOLATION']]) {
      const r = await MR().gql(INSPECT, { i: { subjectType, subjectId, inspectedOn: daysAgo(3), findings: '台账不全', result } });
      expect(r.errors).toBeUndefined();
      expect(r.data.recordInspection).toMatchObject({ subjectType, subjectId, agency: 'MARKET_REGULATION', result, findings: '台账不全' });
      made.push(r.data.recordInspection.id);
    }
    const types = [];
    for (const id of [e.id, c.id, s.id]) {
      const r = await MR().gql(INSPECTIONS, { f: { subjectId: id } });
      expect(r.data.inspections.totalCount).toBe(1);
      types.push(r.data.inspections.edges[0].node.subject);
    }
    expect(types).toEqual([
      { __typename: 'Enterprise', id: e.id, uscc: e.uscc },
      { __typename: 'Cooperative', id: c.id, filingNo: c.filingNo },
      { __typename: 'Shop', id: s.id, stallNo: s.stallNo },
    ]);
  });

  it('records a joint inspection under the inspecting agency', async () => {
    const e = await f.enterprise(hub.db);
    const r = await MR().gql(INSPECT, { i: { subjectType: 'ENTERPRISE', subjectId: e.id, inspectedOn: today(), agency: 'COMMERCE', result: 'PASS' } });
    expect(r.data.recordInspection).toMatchObject({ agency: 'COMMERCE', source: 'MARKET_REGULATION' });
  });

  it('filters by subject type, date range (inclusive), result and updatedSince, and pages', async () => {
    const e = await f.enterprise(hub.db);
    for (const [day, result] of [[daysAgo(30), 'PASS'], [daysAgo(20), 'RECTIFY'], [daysAgo(10), 'PASS']]) {
      await MR().gql(INSPECT, { i: { subjectType: 'ENTERPRISE', subjectId: e.id, inspectedOn: day, result } });
    }
    const range = await MR().gql(INSPECTIONS, { f: { subjectType: 'ENTERPRISE', subjectId: e.id, from: daysAgo(20), to: daysAgo(10) } });
    expect(range.data.inspections.edges.map((x: any) => x.node.inspectedOn).sort()).toEqual([daysAgo(20), daysAgo(10)]);
    const pass = await MR().gql(INSPECTIONS, { f: { subjectId: e.id, result: ['PASS'] } });
    expect(pass.data.inspections.totalCount).toBe(2);
    const wrongType = await MR().gql(INSPECTIONS, { f: { subjectType: 'SHOP', subjectId: e.id } });
    expect(wrongType.data.inspections.totalCount).toBe(0);
    const page1 = await MR().gql(INSPECTIONS, { f: { subjectId: e.id }, first: 2 });
    expect(page1.data.inspections.pageInfo.hasNextPage).toBe(true);
    const page2 = await MR().gql(INSPECTIONS, { f: { subjectId: e.id }, first: 2, after: page1.data.inspections.pageInfo.endCursor });
    expect(page2.data.inspections.edges).toHaveLength(1);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await MR().gql(INSPECTIONS, { f: { subjectId: e.id, updatedSince: future } })).data.inspections.totalCount).toBe(0);
  });

  it('refuses an unknown subject, a subject of the wrong type and a future date', async () => {
    const e = await f.enterprise(hub.db);
    expect(reasonOf(await MR().gql(INSPECT, { i: { subjectType: 'ENTERPRISE', subjectId: '00000000-0000-4000-8000-000000000003', inspectedOn: today(), result: 'PASS' } }))).toBe('NOT_FOUND');
    expect(reasonOf(await MR().gql(INSPECT, { i: { subjectType: 'COOPERATIVE', subjectId: e.id, inspectedOn: today(), result: 'PASS' } }))).toBe('NOT_FOUND');
    expect(reasonOf(await MR().gql(INSPECT, { i: { subjectType: 'ENTERPRISE', subjectId: e.id, inspectedOn: daysAgo(-1), result: 'PASS' } }))).toBe('INVALID_DATE_RANGE');
    expect(codeOf(await hub.as('COMMERCE').gql(INSPECT, { i: { subjectType: 'ENTERPRISE', subjectId: e.id, inspectedOn: today(), result: 'PASS' } }))).toBe('FORBIDDEN');
  });

  it('resolves the subjects of a page with the same number of statements for 3 and 9 inspections', async () => {
    const q = 'query($d: Date) { inspections(filter: { from: $d, to: $d }, first: 500) { totalCount edges { node { subject { __typename ... on Enterprise { name } ... on Cooperative { name } ... on Shop { name } } } } } }';
    const day = daysAgo(50);
    const add = async () => {
      const [e, c, s] = [await f.enterprise(hub.db), await f.cooperative(hub.db), await shop()];
      for (const [subjectType, subjectId] of [['ENTERPRISE', e.id], ['COOPERATIVE', c.id], ['SHOP', s.id]]) {
        await MR().gql(INSPECT, { i: { subjectType, subjectId, inspectedOn: day, result: 'PASS' } });
      }
    };
    await add();
    const small = await MR().gql(q, { d: day });
    await add(); await add();
    const large = await MR().gql(q, { d: day });
    expect([small.data.inspections.totalCount, large.data.inspections.totalCount]).toEqual([3, 9]);
    expect(large.statements).toBe(small.statements);
  });

  it('shows an enterprise only the inspections of itself', async () => {
    const [mine, theirs] = [await f.enterprise(hub.db), await f.enterprise(hub.db)];
    for (const e of [mine, theirs]) await MR().gql(INSPECT, { i: { subjectType: 'ENTERPRISE', subjectId: e.id, inspectedOn: today(), result: 'PASS' } });
    const r = await hub.as('ENTERPRISE', mine.id).gql('{ inspections(first: 500) { edges { node { subjectId } } } }');
    expect(r.data.inspections.edges.map((x: any) => x.node.subjectId)).toEqual([mine.id]);
    const asked = await hub.as('ENTERPRISE', mine.id).gql('query($id: ID) { inspections(filter: { subjectId: $id }) { totalCount } }', { id: theirs.id });
    expect(asked.data.inspections.totalCount).toBe(0);
  });
});

describe('dishonest list (SPEC §8)', () => {
  it('lists a subject once, filters by date, and refuses a second listing', async () => {
    const e = await f.enterprise(hub.db);
    const r = await MR().gql(LIST_DISHONEST, { i: { subjectType: 'ENTERPRISE', subjectId: e.id, listedOn: daysAgo(7), reason: '虚开发票' } });
    expect(r.data.addToDishonestList).toMatchObject({ subjectType: 'ENTERPRISE', subjectId: e.id, listedOn: daysAgo(7), reason: '虚开发票' });
    const again = await MR().gql(LIST_DISHONEST, { i: { subjectType: 'ENTERPRISE', subjectId: e.id, listedOn: today(), reason: 'x' } });
    expect(reasonOf(again)).toBe('DUPLICATE');
    const q = 'query($f: DishonestListFilter) { dishonestList(filter: $f) { totalCount } }';
    expect((await MR().gql(q, { f: { subjectId: e.id, from: daysAgo(7), to: daysAgo(7) } })).data.dishonestList.totalCount).toBe(1);
    expect((await MR().gql(q, { f: { subjectId: e.id, from: daysAgo(6) } })).data.dishonestList.totalCount).toBe(0);
    expect(codeOf(await hub.as('COMMERCE').gql(LIST_DISHONEST, { i: { subjectType: 'SHOP', subjectId: e.id, listedOn: today(), reason: 'x' } }))).toBe('FORBIDDEN');
  });
});
