/**
 * SPEC §14 ladder corrections: REFUSED_RECTIFICATION needs an open SERIOUS_WARNING (LADDER_ORDER);
 * recordRectification returns a WARNED or SUSPENDED subject to FILED (action RECTIFIED), the count
 * of ordinary non-compliance goes on, contracts a suspension ended stay ended, an exit is final.
 */
import { addDays } from '../../../src/shared/time';
import { codeOf, describe, expect, reasonOf, test, type As } from '../../support/fixtures';
import { COOPERATIVE_STATUS, ENTERPRISE_STATUS, RECORD_NON_COMPLIANCE, daysAgo, today } from './helpers';

const RECTIFY = `mutation($input: RectificationInput!) {
  recordRectification(input: $input) { id subjectType subjectId reason action decidedOn statusAfter note decidedBy { sub agency } }
}`;
const ACTIONS = 'query($id: ID!) { supervisionActions(filter: { subjectId: $id }) { totalCount edges { node { action reason note } } } }';
const HISTORY = 'query($id: ID!) { enterprise(id: $id) { statusHistory { status cause to } } }';
const LISTED = 'query($id: ID!) { dishonestList(filter: { subjectId: $id }) { totalCount } }';

const decide = (as: As, subjectType: string, subjectId: string, reason: string, decidedOn: string) =>
  as('COMMERCE').gql(RECORD_NON_COMPLIANCE, { input: { subjectType, subjectId, reason, decidedOn } });
const rectify = (as: As, subjectType: string, subjectId: string, decidedOn: string, note = '已按要求补报月度报表 / monthly reports filed', agency: 'COMMERCE' | 'MARKET_REGULATION' | 'CUSTOMS' = 'COMMERCE') =>
  as(agency).gql(RECTIFY, { input: { subjectType, subjectId, decidedOn, note } });
const statusOf = async (as: As, kind: 'enterprise' | 'cooperative', id: string) =>
  (await as('COMMERCE').gql(kind === 'enterprise' ? ENTERPRISE_STATUS : COOPERATIVE_STATUS, { id })).data[kind];

describe('LADDER_ORDER (附件4 四: refusal answers an open serious warning)', () => {
  test('REFUSED_RECTIFICATION without an earlier SERIOUS_WARNING is refused and changes nothing', async ({ as, seed }) => {
    const c = await seed.cooperative();
    const r = await decide(as, 'COOPERATIVE', c.id, 'REFUSED_RECTIFICATION', daysAgo(1));
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'LADDER_ORDER', field: 'reason' });
    expect(r.errors![0]!.message).toMatch(/^[\u3400-\u9fff]/);
    expect((await statusOf(as, 'cooperative', c.id)).status).toBe('FILED');
    expect((await as('COMMERCE').gql(ACTIONS, { id: c.id })).data.supervisionActions.totalCount).toBe(0);
    expect((await as('COMMERCE').gql(LISTED, { id: c.id })).data.dishonestList.totalCount).toBe(0);
  });

  test('after a serious warning the refusal exits and lists; after a rectification of that warning it is refused again', async ({ as, seed }) => {
    const warned = await seed.cooperative();
    await decide(as, 'COOPERATIVE', warned.id, 'DIVIDEND_NOT_ENSURED', daysAgo(30));
    expect((await decide(as, 'COOPERATIVE', warned.id, 'REFUSED_RECTIFICATION', daysAgo(2))).data.recordNonCompliance).toMatchObject({ action: 'EXIT' });
    expect((await as('COMMERCE').gql(LISTED, { id: warned.id })).data.dishonestList.totalCount).toBe(1);

    const rectified = await seed.cooperative();
    await decide(as, 'COOPERATIVE', rectified.id, 'DIVIDEND_NOT_ENSURED', daysAgo(30));
    expect((await rectify(as, 'COOPERATIVE', rectified.id, daysAgo(20))).errors).toBeUndefined();
    expect(reasonOf(await decide(as, 'COOPERATIVE', rectified.id, 'REFUSED_RECTIFICATION', daysAgo(2)))).toBe('LADDER_ORDER');
    // A new serious warning opens the way again.
    await decide(as, 'COOPERATIVE', rectified.id, 'DIVIDEND_NOT_ENSURED', daysAgo(10));
    expect((await decide(as, 'COOPERATIVE', rectified.id, 'REFUSED_RECTIFICATION', daysAgo(1))).data.recordNonCompliance).toMatchObject({ action: 'EXIT' });
  });
});

describe('recordRectification', () => {
  test('returns a WARNED enterprise to FILED with a RECTIFIED action; the status history records the change', async ({ as, seed }) => {
    const e = await seed.enterprise();
    await decide(as, 'ENTERPRISE', e.id, 'DUTY_NOT_FULFILLED', daysAgo(20));
    expect((await statusOf(as, 'enterprise', e.id)).status).toBe('WARNED');
    const r = await rectify(as, 'ENTERPRISE', e.id, daysAgo(5));
    expect(r.errors).toBeUndefined();
    expect(r.data.recordRectification).toMatchObject({
      subjectType: 'ENTERPRISE', subjectId: e.id, reason: null, action: 'RECTIFIED', decidedOn: daysAgo(5), statusAfter: 'FILED',
      note: '已按要求补报月度报表 / monthly reports filed', decidedBy: { agency: 'COMMERCE' },
    });
    expect((await statusOf(as, 'enterprise', e.id)).status).toBe('FILED');
    const history = (await as('COMMERCE').gql(HISTORY, { id: e.id })).data.enterprise.statusHistory;
    expect(history.map((h: any) => [h.status, h.cause])).toEqual([
      ['PENDING', 'REGISTERED'], ['FILED', 'APPROVED'], ['WARNED', 'WRITTEN_WARNING DUTY_NOT_FULFILLED'], ['FILED', 'RECTIFIED'],
    ]);
    expect(history.at(-1).to).toBeNull();
  });

  test('returns a SUSPENDED enterprise to FILED; its terminated contracts stay terminated; the duty count goes on (the next one exits)', async ({ as, seed }) => {
    const e = await seed.enterprise();
    const c = await seed.cooperative();
    const k = await seed.contract(e, c, { validFrom: daysAgo(200), validTo: addDays(today(), 200) });
    await decide(as, 'ENTERPRISE', e.id, 'DUTY_NOT_FULFILLED', daysAgo(40));
    await decide(as, 'ENTERPRISE', e.id, 'DUTY_NOT_FULFILLED', daysAgo(30));
    expect((await statusOf(as, 'enterprise', e.id)).status).toBe('SUSPENDED');
    expect((await rectify(as, 'ENTERPRISE', e.id, daysAgo(10))).data.recordRectification.statusAfter).toBe('FILED');
    const after = await statusOf(as, 'enterprise', e.id);
    expect(after.status).toBe('FILED');
    expect(after.contracts).toEqual([{ id: k.id, validFrom: daysAgo(200), validTo: addDays(daysAgo(30), -1), terminatedOn: daysAgo(30) }]);
    const third = await decide(as, 'ENTERPRISE', e.id, 'DUTY_NOT_FULFILLED', daysAgo(1));
    expect(third.data.recordNonCompliance).toMatchObject({ action: 'EXIT', statusAfter: 'EXITED' });
  });

  test('returns a WARNED cooperative to FILED (market regulation may record it)', async ({ as, seed }) => {
    const c = await seed.cooperative();
    await decide(as, 'COOPERATIVE', c.id, 'DIVIDEND_NOT_ENSURED', daysAgo(30));
    const r = await rectify(as, 'COOPERATIVE', c.id, daysAgo(3), '已补发分红 / dividend paid', 'MARKET_REGULATION');
    expect(r.data.recordRectification).toMatchObject({ action: 'RECTIFIED', statusAfter: 'FILED', decidedBy: { agency: 'MARKET_REGULATION' } });
    expect((await statusOf(as, 'cooperative', c.id)).status).toBe('FILED');
  });

  test('an exit is final: EXIT_FINAL, and nothing is recorded', async ({ as, seed }) => {
    const e = await seed.enterprise();
    await decide(as, 'ENTERPRISE', e.id, 'CHANNEL_TRADE', daysAgo(10));
    const r = await rectify(as, 'ENTERPRISE', e.id, daysAgo(1));
    expect(r.errors![0]!.extensions).toMatchObject({ reason: 'EXIT_FINAL', field: 'subjectId' });
    expect(r.errors![0]!.message).toMatch(/^[\u3400-\u9fff]/);
    expect((await statusOf(as, 'enterprise', e.id)).status).toBe('EXITED');
    expect((await as('COMMERCE').gql(ACTIONS, { id: e.id })).data.supervisionActions.edges.map((x: any) => x.node.action)).toEqual(['EXIT']);
  });

  test('refuses a subject with nothing to rectify, an empty note, a date before its latest action or after today, a shop, and other agencies', async ({ as, seed }) => {
    const e = await seed.enterprise();
    expect(reasonOf(await rectify(as, 'ENTERPRISE', e.id, today()))).toBe('INVALID_STATUS');
    await decide(as, 'ENTERPRISE', e.id, 'DUTY_NOT_FULFILLED', daysAgo(10));
    expect(reasonOf(await rectify(as, 'ENTERPRISE', e.id, today(), '  '))).toBe('MISSING_FIELD');
    expect(reasonOf(await rectify(as, 'ENTERPRISE', e.id, daysAgo(11)))).toBe('INVALID_DATE_RANGE');
    expect(reasonOf(await rectify(as, 'ENTERPRISE', e.id, addDays(today(), 1)))).toBe('INVALID_DATE_RANGE');
    expect(reasonOf(await rectify(as, 'SHOP', e.id, today()))).toBe('REASON_NOT_APPLICABLE');
    expect(codeOf(await rectify(as, 'ENTERPRISE', e.id, today(), 'x', 'CUSTOMS'))).toBe('FORBIDDEN');
    expect((await statusOf(as, 'enterprise', e.id)).status).toBe('WARNED');
  });
});
