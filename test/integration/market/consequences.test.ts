import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CooperativeKind } from '../../../src/modules/registry/types';
import { addDays } from '../../../src/shared/time';
import * as f from '../../support/factories';
import { codeOf, reasonOf, startHub, type TestHub } from '../../support/hub';
import { COOPERATIVE_STATUS, ENTERPRISE_STATUS, RECORD_NON_COMPLIANCE, contractsValidOn, daysAgo, landingContractFor, today } from './helpers';

let hub: TestHub;
beforeAll(async () => { hub = await startHub(); });
afterAll(async () => { await hub?.close(); });

const decide = (subjectType: string, subjectId: string, reason: string, decidedOn = today()) =>
  hub.as('COMMERCE').gql(RECORD_NON_COMPLIANCE, { input: { subjectType, subjectId, reason, decidedOn } });

const SIGN = `mutation($input: SupplyContractInput!) { signSupplyContract(input: $input) { id validFrom validTo terminatedOn } }`;
const sign = (enterpriseId: string, cooperativeId: string, validFrom = daysAgo(100), validTo = addDays(today(), 300)) =>
  hub.as('COMMERCE').gql(SIGN, { input: { enterpriseId, cooperativeId, hsCodes: ['1206'], validFrom, validTo } });

async function contractsOf(kind: 'enterprise' | 'cooperative', id: string) {
  const r = await hub.as('COMMERCE').gql(kind === 'enterprise' ? ENTERPRISE_STATUS : COOPERATIVE_STATUS, { id });
  return r.data[kind];
}

describe('a suspended or exited enterprise is no longer a landing-processing destination (SPEC §5, §7)', () => {
  it('after suspension the status and the contract dates both fail the lookup from the decision date on; earlier dates keep theirs', async () => {
    const e = await f.enterprise(hub.db);
    const c = await f.cooperative(hub.db);
    const k = await f.contract(hub.db, e, c, { validFrom: daysAgo(200), validTo: addDays(today(), 200) });
    const decidedOn = daysAgo(10);
    expect(await landingContractFor(hub.db, e.id, c.id, decidedOn)).toHaveLength(1);

    await decide('ENTERPRISE', e.id, 'DUTY_NOT_FULFILLED', daysAgo(40));
    // A written warning leaves the enterprise a valid destination and its contracts untouched.
    expect(await landingContractFor(hub.db, e.id, c.id, decidedOn)).toHaveLength(1);
    await decide('ENTERPRISE', e.id, 'DUTY_NOT_FULFILLED', decidedOn);

    const after = await contractsOf('enterprise', e.id);
    expect(after.status).toBe('SUSPENDED');
    expect(after.contracts).toEqual([{ id: k.id, validFrom: daysAgo(200), validTo: addDays(decidedOn, -1), terminatedOn: decidedOn }]);
    for (const day of [decidedOn, daysAgo(1), today()]) {
      expect(await contractsValidOn(hub.db, e.id, c.id, day)).toHaveLength(0);
      expect(await landingContractFor(hub.db, e.id, c.id, day)).toHaveLength(0);
    }
    expect(await contractsValidOn(hub.db, e.id, c.id, addDays(decidedOn, -1))).toHaveLength(1);
  });

  it.each(['POOR_CREDIT', 'CHANNEL_TRADE'])('after an exit for %s every contract of the enterprise ends the day before the decision', async (reason) => {
    const e = await f.enterprise(hub.db);
    const [c1, c2] = [await f.cooperative(hub.db), await f.cooperative(hub.db)];
    await f.contract(hub.db, e, c1, { validFrom: daysAgo(300), validTo: addDays(today(), 60) });
    await f.contract(hub.db, e, c2, { validFrom: daysAgo(30), validTo: addDays(today(), 400) });
    const decidedOn = daysAgo(5);
    await decide('ENTERPRISE', e.id, reason, decidedOn);
    const after = await contractsOf('enterprise', e.id);
    expect(after.status).toBe('EXITED');
    expect(after.contracts.map((k: any) => [k.validTo, k.terminatedOn])).toEqual([[addDays(decidedOn, -1), decidedOn], [addDays(decidedOn, -1), decidedOn]]);
    for (const c of [c1, c2]) expect(await contractsValidOn(hub.db, e.id, c.id, decidedOn)).toHaveLength(0);
  });

  it('keeps the dates of a contract that had not started, marks it terminated, and the status check refuses it', async () => {
    const e = await f.enterprise(hub.db);
    const c = await f.cooperative(hub.db);
    const start = addDays(today(), 10);
    await f.contract(hub.db, e, c, { validFrom: start, validTo: addDays(today(), 300) });
    await decide('ENTERPRISE', e.id, 'OBSTRUCTING_SUPERVISION');
    const [k] = (await contractsOf('enterprise', e.id)).contracts;
    expect(k).toMatchObject({ validFrom: start, validTo: addDays(today(), 300), terminatedOn: today() });
    expect(await landingContractFor(hub.db, e.id, c.id, addDays(start, 1))).toHaveLength(0);
  });

  it('leaves a contract that had already ended untouched, and other enterprises\' contracts too', async () => {
    const e = await f.enterprise(hub.db);
    const other = await f.enterprise(hub.db);
    const c = await f.cooperative(hub.db);
    await f.contract(hub.db, e, c, { validFrom: daysAgo(400), validTo: daysAgo(100) });
    await f.contract(hub.db, other, c, { validFrom: daysAgo(400), validTo: addDays(today(), 100) });
    await decide('ENTERPRISE', e.id, 'TARGETS_MISSED');
    expect((await contractsOf('enterprise', e.id)).contracts[0]).toMatchObject({ validTo: daysAgo(100), terminatedOn: null });
    expect((await contractsOf('enterprise', other.id)).contracts[0]).toMatchObject({ validTo: addDays(today(), 100), terminatedOn: null });
    expect(await landingContractFor(hub.db, other.id, c.id, today())).toHaveLength(1);
  });

  it('refuses new contracts of a suspended enterprise', async () => {
    const e = await f.enterprise(hub.db);
    const c = await f.cooperative(hub.db);
    await decide('ENTERPRISE', e.id, 'DUTY_NOT_FULFILLED', daysAgo(2));
    await decide('ENTERPRISE', e.id, 'DUTY_NOT_FULFILLED', daysAgo(1));
    expect(reasonOf(await sign(e.id, c.id))).toBe('ENTERPRISE_NOT_FILED');
  });
});

describe('an exited cooperative (附件4 四)', () => {
  it('has its contracts end from the decision date and cannot sign new ones', async () => {
    const e = await f.enterprise(hub.db);
    const c = await f.cooperative(hub.db);
    await f.contract(hub.db, e, c, { validFrom: daysAgo(100), validTo: addDays(today(), 100) });
    const decidedOn = daysAgo(3);
    await decide('COOPERATIVE', c.id, 'NO_BUSINESS_FOR_A_YEAR', decidedOn);
    const after = await contractsOf('cooperative', c.id);
    expect(after.status).toBe('EXITED');
    expect(after.contracts[0]).toMatchObject({ validTo: addDays(decidedOn, -1), terminatedOn: decidedOn });
    expect(await contractsValidOn(hub.db, e.id, c.id, decidedOn)).toHaveLength(0);
    expect(await landingContractFor(hub.db, e.id, c.id, today())).toHaveLength(0);
    expect(reasonOf(await sign(e.id, c.id))).toBe('COOPERATIVE_EXITED');
  });

  it('keeps its contracts after a serious warning', async () => {
    const e = await f.enterprise(hub.db);
    const c = await f.cooperative(hub.db);
    await f.contract(hub.db, e, c, { validFrom: daysAgo(100), validTo: addDays(today(), 100) });
    await decide('COOPERATIVE', c.id, 'DIVIDEND_NOT_ENSURED');
    expect((await contractsOf('cooperative', c.id)).contracts[0]).toMatchObject({ validTo: addDays(today(), 100), terminatedOn: null });
    expect(await landingContractFor(hub.db, e.id, c.id, today())).toHaveLength(1);
  });
});

describe('business licences (SPEC §4: LICENSE_REQUIRED)', () => {
  const ISSUE = 'mutation($id: ID!, $no: String!) { issueBusinessLicense(cooperativeId: $id, licenseNo: $no) { id licenseNo } }';

  it('a COOPERATIVE-kind cooperative cannot sign until market regulation issues its licence, then it can', async () => {
    const e = await f.enterprise(hub.db);
    const c = await f.cooperative(hub.db, { kind: CooperativeKind.COOPERATIVE });
    const refused = await sign(e.id, c.id);
    expect(codeOf(refused)).toBe('BAD_USER_INPUT');
    expect(reasonOf(refused)).toBe('LICENSE_REQUIRED');
    expect((await contractsOf('cooperative', c.id)).contracts).toEqual([]);

    const no = `93652702MA${String(Date.now()).slice(-8)}`;
    const issued = await hub.as('MARKET_REGULATION').gql(ISSUE, { id: c.id, no });
    expect(issued.data.issueBusinessLicense).toEqual({ id: c.id, licenseNo: no });
    const signed = await sign(e.id, c.id);
    expect(signed.errors).toBeUndefined();
    expect(signed.data.signSupplyContract.id).toBeTruthy();
  });

  it('a mutual-aid group signs without a licence', async () => {
    const e = await f.enterprise(hub.db);
    const c = await f.cooperative(hub.db, { kind: CooperativeKind.MUTUAL_AID_GROUP });
    expect((await sign(e.id, c.id)).errors).toBeUndefined();
  });

  it('only market regulation issues licences, and one number belongs to one cooperative', async () => {
    const [c1, c2] = [await f.cooperative(hub.db, { kind: CooperativeKind.COOPERATIVE }), await f.cooperative(hub.db, { kind: CooperativeKind.COOPERATIVE })];
    const no = `LIC-${Date.now()}`;
    expect(codeOf(await hub.as('COMMERCE').gql(ISSUE, { id: c1.id, no }))).toBe('FORBIDDEN');
    expect((await hub.as('MARKET_REGULATION').gql(ISSUE, { id: c1.id, no })).errors).toBeUndefined();
    expect(reasonOf(await hub.as('MARKET_REGULATION').gql(ISSUE, { id: c2.id, no }))).toBe('KEY_CONFLICT');
    expect(reasonOf(await hub.as('MARKET_REGULATION').gql(ISSUE, { id: '00000000-0000-4000-8000-000000000002', no: 'X1' }))).toBe('NOT_FOUND');
  });
});
