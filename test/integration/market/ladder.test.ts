import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as f from '../../support/factories';
import { codeOf, reasonOf, startHub, type TestHub } from '../../support/hub';
import { COOPERATIVE_STATUS, ENTERPRISE_STATUS, RECORD_NON_COMPLIANCE, daysAgo, today } from './helpers';

let hub: TestHub;
beforeAll(async () => { hub = await startHub(); });
afterAll(async () => { await hub?.close(); });

const decide = (subjectType: string, subjectId: string, reason: string, decidedOn = today(), agency: 'COMMERCE' | 'MARKET_REGULATION' = 'COMMERCE') =>
  hub.as(agency, null, `${agency.toLowerCase()}-officer-1`).gql(RECORD_NON_COMPLIANCE, { input: { subjectType, subjectId, reason, decidedOn } });

const ACTIONS = `query($id: ID!) { supervisionActions(filter: { subjectId: $id }) { totalCount edges { node { action reason decidedOn } } } }`;
const actionsOf = async (id: string) => (await hub.as('COMMERCE').gql(ACTIONS, { id })).data.supervisionActions;
const enterpriseStatus = async (id: string) => (await hub.as('COMMERCE').gql(ENTERPRISE_STATUS, { id })).data.enterprise.status;
const cooperativeStatus = async (id: string) => (await hub.as('COMMERCE').gql(COOPERATIVE_STATUS, { id })).data.cooperative.status;

describe('enterprise ladder for DUTY_NOT_FULFILLED (附件3 四)', () => {
  it('gives a written warning, then suspension and interview, then exit, and the status follows each action', async () => {
    const e = await f.enterprise(hub.db);
    const steps = [
      [daysAgo(20), 'WRITTEN_WARNING', 'WARNED'],
      [daysAgo(10), 'SUSPENSION_AND_INTERVIEW', 'SUSPENDED'],
      [daysAgo(1), 'EXIT', 'EXITED'],
    ] as const;
    for (const [decidedOn, action, status] of steps) {
      const r = await decide('ENTERPRISE', e.id, 'DUTY_NOT_FULFILLED', decidedOn);
      expect(r.errors).toBeUndefined();
      expect(r.data.recordNonCompliance).toMatchObject({ subjectType: 'ENTERPRISE', subjectId: e.id, reason: 'DUTY_NOT_FULFILLED', action, decidedOn, statusAfter: status });
      expect(await enterpriseStatus(e.id)).toBe(status);
    }
    const list = await actionsOf(e.id);
    expect(list.totalCount).toBe(3);
    expect(list.edges.map((x: any) => x.node.action)).toEqual(['WRITTEN_WARNING', 'SUSPENSION_AND_INTERVIEW', 'EXIT']);
  });

  it('refuses any further action on an exited enterprise and stores nothing', async () => {
    const e = await f.enterprise(hub.db);
    expect((await decide('ENTERPRISE', e.id, 'CHANNEL_TRADE')).errors).toBeUndefined();
    for (const reason of ['DUTY_NOT_FULFILLED', 'POOR_CREDIT']) {
      const r = await decide('ENTERPRISE', e.id, reason);
      expect(codeOf(r)).toBe('BAD_USER_INPUT');
      expect(reasonOf(r)).toBe('INVALID_STATUS');
    }
    expect((await actionsOf(e.id)).totalCount).toBe(1);
  });

  it('records who decided: the token sub and agency', async () => {
    const e = await f.enterprise(hub.db);
    const r = await decide('ENTERPRISE', e.id, 'DUTY_NOT_FULFILLED', today(), 'MARKET_REGULATION');
    expect(r.data.recordNonCompliance.decidedBy).toEqual({ sub: 'market_regulation-officer-1', agency: 'MARKET_REGULATION' });
  });

  it('counts simultaneous decisions one after the other: warning then suspension, never two warnings', async () => {
    for (let round = 0; round < 3; round++) {
      const e = await f.enterprise(hub.db);
      const results = await Promise.all([1, 2, 3].map(() => decide('ENTERPRISE', e.id, 'DUTY_NOT_FULFILLED')));
      results.forEach((r) => expect(r.errors).toBeUndefined());
      expect(results.map((r) => r.data.recordNonCompliance.action).sort()).toEqual(['EXIT', 'SUSPENSION_AND_INTERVIEW', 'WRITTEN_WARNING']);
      expect(await enterpriseStatus(e.id)).toBe('EXITED');
    }
  });
});

describe('enterprise direct exit (附件3 五)', () => {
  it.each(['CHANNEL_TRADE', 'IRREGULAR_ACCOUNTING_OR_TAX', 'OBSTRUCTING_SUPERVISION', 'TARGETS_MISSED', 'POOR_CREDIT'])(
    '%s exits a filed enterprise at once', async (reason) => {
      const e = await f.enterprise(hub.db);
      const r = await decide('ENTERPRISE', e.id, reason);
      expect(r.data.recordNonCompliance).toMatchObject({ action: 'EXIT', statusAfter: 'EXITED' });
      expect(await enterpriseStatus(e.id)).toBe('EXITED');
    });

  it('exits a warned enterprise for a direct reason', async () => {
    const e = await f.enterprise(hub.db);
    await decide('ENTERPRISE', e.id, 'DUTY_NOT_FULFILLED', daysAgo(3));
    const r = await decide('ENTERPRISE', e.id, 'TARGETS_MISSED');
    expect(r.data.recordNonCompliance.action).toBe('EXIT');
    expect(await enterpriseStatus(e.id)).toBe('EXITED');
  });
});

describe('cooperative ladder (附件4 四)', () => {
  it('gives a serious warning for DIVIDEND_NOT_ENSURED, again on a second time, and the status is WARNED', async () => {
    const c = await f.cooperative(hub.db);
    for (const day of [daysAgo(30), daysAgo(2)]) {
      const r = await decide('COOPERATIVE', c.id, 'DIVIDEND_NOT_ENSURED', day);
      expect(r.data.recordNonCompliance).toMatchObject({ action: 'SERIOUS_WARNING', statusAfter: 'WARNED' });
      expect(await cooperativeStatus(c.id)).toBe('WARNED');
    }
  });

  it('exits a cooperative that refuses rectification and puts it on the dishonest list', async () => {
    const c = await f.cooperative(hub.db);
    await decide('COOPERATIVE', c.id, 'DIVIDEND_NOT_ENSURED', daysAgo(30));
    const r = await decide('COOPERATIVE', c.id, 'REFUSED_RECTIFICATION', daysAgo(1));
    expect(r.data.recordNonCompliance).toMatchObject({ action: 'EXIT', statusAfter: 'EXITED' });
    expect(await cooperativeStatus(c.id)).toBe('EXITED');
    const list = await hub.as('MARKET_REGULATION').gql(
      'query($id: ID!) { dishonestList(filter: { subjectType: COOPERATIVE, subjectId: $id }) { totalCount edges { node { listedOn reason subject { ... on Cooperative { id } } } } } }', { id: c.id });
    expect(list.data.dishonestList.totalCount).toBe(1);
    expect(list.data.dishonestList.edges[0].node).toMatchObject({ listedOn: daysAgo(1), subject: { id: c.id } });
    expect(list.data.dishonestList.edges[0].node.reason).toContain('refused rectification');
  });

  it.each(['CHANNEL_TRADE', 'NO_BUSINESS_FOR_A_YEAR', 'IRREGULAR_ACCOUNTING_OR_TAX'])('%s exits a cooperative without a listing', async (reason) => {
    const c = await f.cooperative(hub.db);
    const r = await decide('COOPERATIVE', c.id, reason);
    expect(r.data.recordNonCompliance).toMatchObject({ action: 'EXIT', statusAfter: 'EXITED' });
    expect(await cooperativeStatus(c.id)).toBe('EXITED');
    const list = await hub.as('COMMERCE').gql('query($id: ID!) { dishonestList(filter: { subjectId: $id }) { totalCount } }', { id: c.id });
    expect(list.data.dishonestList.totalCount).toBe(0);
  });

  it('refuses any further action on an exited cooperative', async () => {
    const c = await f.cooperative(hub.db);
    await decide('COOPERATIVE', c.id, 'CHANNEL_TRADE');
    const r = await decide('COOPERATIVE', c.id, 'DIVIDEND_NOT_ENSURED');
    expect(reasonOf(r)).toBe('INVALID_STATUS');
  });
});

describe('inapplicable reasons and bad input', () => {
  it.each([
    ['ENTERPRISE', 'DIVIDEND_NOT_ENSURED'], ['ENTERPRISE', 'REFUSED_RECTIFICATION'], ['ENTERPRISE', 'NO_BUSINESS_FOR_A_YEAR'],
    ['COOPERATIVE', 'DUTY_NOT_FULFILLED'], ['COOPERATIVE', 'OBSTRUCTING_SUPERVISION'], ['COOPERATIVE', 'TARGETS_MISSED'], ['COOPERATIVE', 'POOR_CREDIT'],
  ])('%s with %s is BAD_USER_INPUT REASON_NOT_APPLICABLE and changes nothing', async (subjectType, reason) => {
    const subject = subjectType === 'ENTERPRISE' ? await f.enterprise(hub.db) : await f.cooperative(hub.db);
    const r = await decide(subjectType, subject.id, reason);
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(reasonOf(r)).toBe('REASON_NOT_APPLICABLE');
    expect(r.errors![0]!.extensions.field).toBe('reason');
    expect((await actionsOf(subject.id)).totalCount).toBe(0);
    expect(subjectType === 'ENTERPRISE' ? await enterpriseStatus(subject.id) : await cooperativeStatus(subject.id)).toBe('FILED');
  });

  it('applies no reason to a shop', async () => {
    const shop = await hub.as('MARKET_REGULATION').gql('mutation($i: ShopInput!) { registerShop(input: $i) { id } }',
      { i: { name: '阿拉山口干果铺', stallNo: `L-${Date.now()}`, operatorName: '李娜' } });
    const r = await decide('SHOP', shop.data.registerShop.id, 'POOR_CREDIT');
    expect(reasonOf(r)).toBe('REASON_NOT_APPLICABLE');
  });

  it('refuses a subject that is not filed yet, an unknown subject, a future date and a date before the latest action', async () => {
    const pending = await f.enterprise(hub.db, { approve: false });
    expect(reasonOf(await decide('ENTERPRISE', pending.id, 'DUTY_NOT_FULFILLED'))).toBe('INVALID_STATUS');
    expect(reasonOf(await decide('ENTERPRISE', '00000000-0000-4000-8000-000000000001', 'DUTY_NOT_FULFILLED'))).toBe('NOT_FOUND');
    const e = await f.enterprise(hub.db);
    const future = await decide('ENTERPRISE', e.id, 'DUTY_NOT_FULFILLED', daysAgo(-2));
    expect(reasonOf(future)).toBe('INVALID_DATE_RANGE');
    await decide('ENTERPRISE', e.id, 'DUTY_NOT_FULFILLED', daysAgo(2));
    expect(reasonOf(await decide('ENTERPRISE', e.id, 'DUTY_NOT_FULFILLED', daysAgo(5)))).toBe('INVALID_DATE_RANGE');
    expect((await actionsOf(e.id)).totalCount).toBe(1);
    expect(await enterpriseStatus(e.id)).toBe('WARNED');
  });

  it.each(['CUSTOMS', 'TAX', 'OPERATOR', 'PREFECTURE_COMMERCE', 'ANALYST', 'AUDITOR'] as const)('%s may not record a non-compliance', async (agency) => {
    const e = await f.enterprise(hub.db);
    const r = await hub.as(agency).gql(RECORD_NON_COMPLIANCE, { input: { subjectType: 'ENTERPRISE', subjectId: e.id, reason: 'POOR_CREDIT', decidedOn: today() } });
    expect(codeOf(r)).toBe('FORBIDDEN');
    expect(await enterpriseStatus(e.id)).toBe('FILED');
  });
});
