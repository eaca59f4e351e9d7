import type { Agency } from '../../../src/authz/agencies';
import { describe, expect, it, test, type As } from '../../support/fixtures';
import { RECORD_NON_COMPLIANCE, daysAgo, today } from './helpers';

/** SPEC §9 market class: MARKET_REGULATION and COMMERCE see everything; the others subject and result/action only. */
let e: { id: string; name: string };
let stallNo: string;
test.beforeAll(async ({ as, seed }) => {
  e = await seed.enterprise();
  const MR = as('MARKET_REGULATION');
  stallNo = `V-${Date.now()}`;
  await MR.gql('mutation($i: ShopInput!) { registerShop(input: $i) { id } }', { i: { name: '视图测试商铺', stallNo, operatorName: '马军', licenseNo: 'L-1' } });
  await MR.gql('mutation($i: InspectionInput!) { recordInspection(input: $i) { id } }', { i: { subjectType: 'ENTERPRISE', subjectId: e.id, inspectedOn: daysAgo(2), findings: '库存与台账不符', result: 'VIOLATION' } });
  await as('COMMERCE').gql(RECORD_NON_COMPLIANCE, { input: { subjectType: 'ENTERPRISE', subjectId: e.id, reason: 'DUTY_NOT_FULFILLED', decidedOn: daysAgo(1) } });
  await MR.gql('mutation($i: DishonestListInput!) { addToDishonestList(input: $i) { id } }', { i: { subjectType: 'ENTERPRISE', subjectId: e.id, listedOn: today(), reason: '失信' } });
});

const QUERY = `query($id: ID!, $shop: String) {
  shops(filter: { stallNo: $shop }, first: 500) { edges { node { id createdAt updatedAt source name stallNo status operatorName licenseNo } } }
  inspections(filter: { subjectId: $id }) { edges { node { id createdAt updatedAt source subjectType subjectId result subject { ... on Enterprise { name } } inspectedOn agency findings } } }
  supervisionActions(filter: { subjectId: $id }) { edges { node { id createdAt updatedAt source subjectType subjectId action subject { ... on Enterprise { name } } reason decidedOn statusAfter decidedBy { sub agency } } } }
  dishonestList(filter: { subjectId: $id }) { edges { node { id createdAt updatedAt source subjectType subjectId subject { ... on Enterprise { name } } listedOn reason } } }
}`;

const RESTRICTED = {
  shops: ['operatorName', 'licenseNo'],
  inspections: ['inspectedOn', 'agency', 'findings'],
  supervisionActions: ['reason', 'decidedOn', 'statusAfter', 'decidedBy'],
  dishonestList: ['listedOn', 'reason'],
} as const;

async function view(as: As, agency: Agency, org: string | null = null) {
  return as(agency, org).gql(QUERY, { id: e.id, shop: stallNo });
}

describe('market field rules (SPEC §9)', () => {
  it.for(['MARKET_REGULATION', 'COMMERCE'] as const)('%s sees every field of every market record', async (agency, { as }) => {
    const r = await view(as, agency);
    expect(r.errors).toBeUndefined();
    expect(r.data.shops.edges[0].node).toMatchObject({ operatorName: '马军', licenseNo: 'L-1', status: 'OPERATING' });
    expect(r.data.inspections.edges[0].node).toMatchObject({ result: 'VIOLATION', inspectedOn: daysAgo(2), agency: 'MARKET_REGULATION', findings: '库存与台账不符', subject: { name: e.name } });
    expect(r.data.supervisionActions.edges[0].node).toMatchObject({
      action: 'WRITTEN_WARNING', reason: 'DUTY_NOT_FULFILLED', decidedOn: daysAgo(1), statusAfter: 'WARNED',
      decidedBy: { sub: 'test-commerce', agency: 'COMMERCE' }, subject: { name: e.name },
    });
    expect(r.data.dishonestList.edges[0].node).toMatchObject({ listedOn: today(), reason: '失信', subject: { name: e.name } });
  });

  it.for(['CUSTOMS', 'TAX', 'OPERATOR', 'PREFECTURE_COMMERCE', 'ANALYST', 'AUDITOR'] as const)(
    '%s sees the subject and the result or action, and nothing else', async (agency, { as }) => {
      const r = await view(as, agency);
      for (const [list, fields] of Object.entries(RESTRICTED)) {
        const node = r.data[list].edges[0].node;
        for (const field of fields) expect(node[field], `${list}.${field}`).toBeNull();
        expect(node.id).toBeTruthy();
      }
      expect(r.data.shops.edges[0].node).toMatchObject({ name: '视图测试商铺', status: 'OPERATING' });
      expect(r.data.inspections.edges[0].node).toMatchObject({ subjectType: 'ENTERPRISE', subjectId: e.id, result: 'VIOLATION', subject: { name: e.name } });
      expect(r.data.supervisionActions.edges[0].node).toMatchObject({ subjectType: 'ENTERPRISE', subjectId: e.id, action: 'WRITTEN_WARNING', subject: { name: e.name } });
      expect(r.data.dishonestList.edges[0].node).toMatchObject({ subjectType: 'ENTERPRISE', subjectId: e.id, subject: { name: e.name } });
      const denied = r.errors!.map((x) => `${x.path![0]}.${x.path!.at(-1)}`);
      expect(r.errors!.every((x) => x.extensions.code === 'FORBIDDEN')).toBe(true);
      expect(new Set(denied)).toEqual(new Set(Object.entries(RESTRICTED).flatMap(([list, fields]) => fields.map((fl) => `${list}.${fl}`))));
    });

  it('the enterprise itself sees its own action and result but not the reasoning, and no shops', async ({ as }) => {
    const r = await view(as, 'ENTERPRISE', e.id);
    expect(r.data.shops.edges).toEqual([]);
    expect(r.data.supervisionActions.edges[0].node).toMatchObject({ action: 'WRITTEN_WARNING', reason: null, decidedBy: null });
    expect(r.data.inspections.edges[0].node).toMatchObject({ result: 'VIOLATION', findings: null });
  });
});
