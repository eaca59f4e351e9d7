import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as f from '../../support/factories';
import { codeOf, reasonOf, startHub, type TestHub } from '../../support/hub';
import * as r from '../../support/reports-fixtures';

let hub: TestHub;
beforeAll(async () => { hub = await startHub(); });
afterAll(async () => { await hub?.close(); });

const ASSESS = `query($year: Int!) { enterpriseAssessments(year: $year) {
  enterprise { id name } year importTradeTargetYuan valueAddRateTarget actualImportTradeYuan actualValueAddRate completed } }`;
const SET = `mutation($input: AssessmentTargetInput!) { setAssessmentTarget(input: $input) {
  id year importTradeTargetYuan valueAddRateTarget enterprise { id } } }`;

describe('enterpriseAssessments (附件7, SPEC §7)', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    for (const k of ['a', 'b', 'c', 'd', 'e']) ids[k] = (await f.enterprise(hub.db)).id;
    const p = await r.resident(hub.db);
    const lp = (enterpriseId: string, declaredAt: string, valueYuan: string, status?: 'RETURNED' | 'RELEASED') =>
      r.declaration(hub.db, { declaredAt, declarantId: p.id, enterpriseId, status, lines: [{ hsCode: '1206', valueYuan }] });
    const commerce = hub.as('COMMERCE');
    const target = async (id: string, importTradeTargetYuan: string, valueAddRateTarget: number) => {
      const res = await commerce.gql(SET, { input: { enterpriseId: id, year: 2033, importTradeTargetYuan, valueAddRateTarget } });
      expect(res.errors).toBeUndefined();
    };
    // a: import 2000 + 1500 + 100 (Beijing 2033-01-01) = 3600 ≥ 3000; rate (2500 − 2000) ÷ 2000 = 0.25 ≥ 0.2 → completed
    await target(ids.a!, '3000', 0.2);
    await lp(ids.a!, '2033-03-01T02:00:00Z', '2000.00');
    await lp(ids.a!, '2033-06-01T02:00:00Z', '1500.00', 'RELEASED');
    await lp(ids.a!, '2033-06-02T02:00:00Z', '5000.00', 'RETURNED');
    await lp(ids.a!, '2032-12-31T16:30:00Z', '100.00');
    await lp(ids.a!, '2033-12-31T16:30:00Z', '900.00'); // Beijing 2034-01-01
    await r.ledger(hub.db, ids.a!, [
      { on: '2033-02-01', kind: 'RAW_CONSUMED', yuan: '1000.00' }, { on: '2033-09-01', kind: 'RAW_CONSUMED', yuan: '1000.00' },
      { on: '2033-10-01', kind: 'PRODUCT_OUTPUT', yuan: '2500.00' }, { on: '2032-12-31', kind: 'RAW_CONSUMED', yuan: '5000.00' },
      { on: '2033-10-02', kind: 'PRODUCT_SOLD', yuan: '9999.00' },
    ]);
    // b: import 4000 < 5000; rate 0.3 → not completed
    await target(ids.b!, '5000', 0.2);
    await lp(ids.b!, '2033-04-01T02:00:00Z', '4000.00');
    await r.ledger(hub.db, ids.b!, [{ on: '2033-04-01', kind: 'RAW_CONSUMED', yuan: '1000.00' }, { on: '2033-04-02', kind: 'PRODUCT_OUTPUT', yuan: '1300.00' }]);
    // c: import met, no raw consumption → rate null → not completed
    await target(ids.c!, '100', 0.1);
    await lp(ids.c!, '2033-05-01T02:00:00Z', '200.00');
    // d: no target → listed, not completed
    await lp(ids.d!, '2033-05-01T02:00:00Z', '50.00');
    // e: exactly on both targets → completed
    await target(ids.e!, '100', 0.2);
    await lp(ids.e!, '2033-05-01T02:00:00Z', '100.00');
    await r.ledger(hub.db, ids.e!, [{ on: '2033-05-01', kind: 'RAW_CONSUMED', yuan: '1000.00' }, { on: '2033-05-02', kind: 'PRODUCT_OUTPUT', yuan: '1200.00' }]);
  });

  const pick = (rows: any[], id: string) => {
    const x = rows.find((y) => y.enterprise.id === id);
    return x && [x.importTradeTargetYuan, x.valueAddRateTarget, x.actualImportTradeYuan, x.actualValueAddRate, x.completed];
  };

  it('computes actual import, the ledger rate and completion per enterprise', async () => {
    const res = await hub.as('PREFECTURE_COMMERCE').gql(ASSESS, { year: 2033 });
    expect(res.errors).toBeUndefined();
    const rows = res.data.enterpriseAssessments;
    expect(pick(rows, ids.a!)).toEqual(['3000.00', 0.2, '3600.00', 0.25, true]);
    expect(pick(rows, ids.b!)).toEqual(['5000.00', 0.2, '4000.00', 0.3, false]);
    expect(pick(rows, ids.c!)).toEqual(['100.00', 0.1, '200.00', null, false]);
    expect(pick(rows, ids.d!)).toEqual([null, null, '50.00', null, false]);
    expect(pick(rows, ids.e!)).toEqual(['100.00', 0.2, '100.00', 0.2, true]);
    expect(rows.every((x: any) => x.year === 2033)).toBe(true);
  });

  it('gives an ENTERPRISE token its own row only; agencies outside the ledger class get FORBIDDEN', async () => {
    const own = await hub.as('ENTERPRISE', ids.b!).gql(ASSESS, { year: 2033 });
    expect(own.data.enterpriseAssessments.map((x: any) => x.enterprise.id)).toEqual([ids.b]);
    const coop = await f.cooperative(hub.db);
    const none = await hub.as('COOPERATIVE', coop.id).gql(ASSESS, { year: 2033 });
    expect(none.data.enterpriseAssessments).toEqual([]);
  });

  it('replaces a target set again for the same enterprise and year', async () => {
    const e = await f.enterprise(hub.db);
    const first = await hub.as('COMMERCE').gql(SET, { input: { enterpriseId: e.id, year: 2036, importTradeTargetYuan: '1000', valueAddRateTarget: 0.2 } });
    const second = await hub.as('COMMERCE').gql(SET, { input: { enterpriseId: e.id, year: 2036, importTradeTargetYuan: '2500.5', valueAddRateTarget: 0.25 } });
    expect(second.data.setAssessmentTarget).toEqual({ id: first.data.setAssessmentTarget.id, year: 2036, importTradeTargetYuan: '2500.50', valueAddRateTarget: 0.25, enterprise: { id: e.id } });
  });

  it('lets only commerce set targets', async () => {
    const e = await f.enterprise(hub.db);
    const res = await hub.as('PREFECTURE_COMMERCE').gql(SET, { input: { enterpriseId: e.id, year: 2036, importTradeTargetYuan: '1', valueAddRateTarget: 0.2 } });
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(res.data?.setAssessmentTarget ?? null).toBeNull();
  });

  it('refuses a negative target and an unknown enterprise', async () => {
    const e = await f.enterprise(hub.db);
    const neg = await hub.as('COMMERCE').gql(SET, { input: { enterpriseId: e.id, year: 2036, importTradeTargetYuan: '-1', valueAddRateTarget: 0.2 } });
    expect(reasonOf(neg)).toBe('NEGATIVE_AMOUNT');
    const missing = await hub.as('COMMERCE').gql(SET, { input: { enterpriseId: '00000000-0000-4000-8000-000000000000', year: 2036, importTradeTargetYuan: '1', valueAddRateTarget: 0.2 } });
    expect(codeOf(missing)).toBe('NOT_FOUND');
  });

  it('exposes no contact data through the assessment for agencies without contact rights', async () => {
    const res = await hub.as('ANALYST').gql(`query { enterpriseAssessments(year: 2033) { enterprise { name legalRepresentative { phone } } } }`);
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(res.data.enterpriseAssessments[0].enterprise.legalRepresentative).toBeNull();
  });
});

const RETURN = `query($period: Period!) { monthlyReturn(period: $period) {
  enterprise { id } period inboundDeclarationValueYuan inboundDeclarationCount rawInKg rawInYuan rawConsumedKg rawConsumedYuan
  productOutputKg productOutputYuan productSoldKg productSoldYuan rawSoldYuan lossKg valueAddRate lossRate
  submitted submittedAt dueDate late } }`;

describe('monthlyReturn (附件5 三(五))', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    ids.m1 = (await f.enterprise(hub.db)).id;
    ids.m2 = (await f.enterprise(hub.db)).id;
    ids.pending = (await f.enterprise(hub.db, { approve: false })).id;
    ids.m4 = (await f.enterprise(hub.db)).id;
    ids.m5 = (await f.enterprise(hub.db)).id;
    const p = await r.resident(hub.db);
    const lp = (enterpriseId: string, declaredAt: string, valueYuan: string, status?: 'RETURNED') =>
      r.declaration(hub.db, { declaredAt, declarantId: p.id, enterpriseId, status, lines: [{ hsCode: '1206', valueYuan }] });
    // 2034-04-10 (Monday) is made a holiday here: the report for 2034-03 is due 2034-04-11.
    await r.calendarDays(hub.db, [{ date: '2034-04-10', kind: 'HOLIDAY', name: '测试假日' }]);
    await lp(ids.m1, '2034-03-05T02:00:00Z', '1000.00');
    await lp(ids.m1, '2034-03-06T02:00:00Z', '500.00', 'RETURNED');
    await lp(ids.m1, '2034-03-31T16:30:00Z', '70.00'); // Beijing 2034-04-01
    await r.ledger(hub.db, ids.m1, [
      { on: '2034-03-02', kind: 'RAW_IN', yuan: '1000.00', kg: '100' },
      { on: '2034-03-03', kind: 'RAW_CONSUMED', yuan: '800.00', kg: '80' },
      { on: '2034-03-04', kind: 'PRODUCT_OUTPUT', yuan: '1000.00', kg: '60' },
      { on: '2034-03-05', kind: 'PRODUCT_SOLD', yuan: '900.00', kg: '50' },
      { on: '2034-03-06', kind: 'RAW_SOLD', yuan: '10.00', kg: '1' },
      { on: '2034-03-07', kind: 'LOSS', yuan: '0', kg: '2' },
      { on: '2034-02-28', kind: 'RAW_IN', yuan: '777.00', kg: '77' },
    ]);
    await r.monthlyReport(hub.db, ids.m1, '2034-03', '2034-04-10T15:00:00Z'); // Beijing 04-10 23:00: on time
    await lp(ids.m2, '2034-02-10T02:00:00Z', '300.00'); // active, quiet in March, no report
    await lp(ids.pending, '2034-03-10T02:00:00Z', '300.00');
    await lp(ids.m4, '2034-03-10T02:00:00Z', '10.00');
    await r.monthlyReport(hub.db, ids.m4, '2034-03', '2034-04-11T15:59:00Z'); // Beijing 04-11 23:59: due day, on time
    await lp(ids.m5, '2034-03-10T02:00:00Z', '10.00');
    await r.monthlyReport(hub.db, ids.m5, '2034-03', '2034-04-11T16:00:00Z'); // Beijing 04-12 00:00: late
  });

  it('lists active filed enterprises with the month\'s ledger figures, rates and report status', async () => {
    const res = await hub.as('PREFECTURE_COMMERCE').gql(RETURN, { period: '2034-03' });
    expect(res.errors).toBeUndefined();
    const byId = Object.fromEntries(res.data.monthlyReturn.map((x: any) => [x.enterprise.id, x]));
    expect(byId[ids.m1!]).toEqual({
      enterprise: { id: ids.m1 }, period: '2034-03', inboundDeclarationValueYuan: '1000.00', inboundDeclarationCount: 1,
      rawInKg: 100, rawInYuan: '1000.00', rawConsumedKg: 80, rawConsumedYuan: '800.00', productOutputKg: 60, productOutputYuan: '1000.00',
      productSoldKg: 50, productSoldYuan: '900.00', rawSoldYuan: '10.00', lossKg: 2, valueAddRate: 0.25, lossRate: 0.02,
      submitted: true, submittedAt: '2034-04-10T23:00:00.000+08:00', dueDate: '2034-04-11', late: false,
    });
    expect(byId[ids.m2!]).toMatchObject({ inboundDeclarationValueYuan: '0.00', rawInKg: 0, valueAddRate: null, lossRate: null, submitted: false, submittedAt: null, dueDate: '2034-04-11' });
    expect(byId[ids.m4!]).toMatchObject({ submitted: true, late: false });
    expect(byId[ids.m5!]).toMatchObject({ submitted: true, late: true });
    expect(byId[ids.pending!]).toBeUndefined();
  });

  it('marks a missing report late once the due date has passed', async () => {
    const res = await hub.as('COMMERCE').gql(RETURN, { period: '2034-03' });
    const m2 = res.data.monthlyReturn.find((x: any) => x.enterprise.id === ids.m2);
    // "today" is before 2034: not yet late
    expect(m2.late).toBe(false);
    const { monthlyReturn } = await import('../../../src/modules/reports');
    const later = await monthlyReturn({ db: hub.db, viewer: { sub: 't', agency: 'COMMERCE', org: null } }, '2034-03', new Date('2034-04-11T16:00:00Z'));
    expect(later.find((x) => x.enterpriseId === ids.m2)!.late).toBe(true);
    const onDue = await monthlyReturn({ db: hub.db, viewer: { sub: 't', agency: 'COMMERCE', org: null } }, '2034-03', new Date('2034-04-11T15:59:00Z'));
    expect(onDue.find((x) => x.enterpriseId === ids.m2)!.late).toBe(false);
  });

  it('gives an ENTERPRISE token its own row only; agencies outside the ledger class get FORBIDDEN', async () => {
    const own = await hub.as('ENTERPRISE', ids.m4!).gql(RETURN, { period: '2034-03' });
    expect(own.data.monthlyReturn.map((x: any) => x.enterprise.id)).toEqual([ids.m4]);
    const coop = await f.cooperative(hub.db);
    const none = await hub.as('COOPERATIVE', coop.id).gql(RETURN, { period: '2034-03' });
    expect(none.data.monthlyReturn).toBeNull();
    expect(codeOf(none)).toBe('FORBIDDEN');
    for (const agency of ['CUSTOMS', 'OPERATOR', 'ANALYST'] as const) {
      expect(codeOf(await hub.as(agency).gql(RETURN, { period: '2034-03' })), `${agency}: the return carries ledger figures`).toBe('FORBIDDEN');
    }
  });
});

describe('every entity has id, createdAt, updatedAt and source (SPEC §3)', () => {
  it('returns them on an assessment target', async () => {
    const e = await f.enterprise(hub.db);
    const r = await hub.as('COMMERCE').gql(`mutation($e: ID!) { setAssessmentTarget(input: { enterpriseId: $e, year: 2031, importTradeTargetYuan: "1000", valueAddRateTarget: 0.2 }) { id createdAt updatedAt source } }`, { e: e.id });
    expect(r.errors).toBeUndefined();
    expect(r.data.setAssessmentTarget).toMatchObject({ source: 'COMMERCE' });
    expect(Date.parse(r.data.setAssessmentTarget.createdAt)).toBeLessThanOrEqual(Date.parse(r.data.setAssessmentTarget.updatedAt));
  });
});
