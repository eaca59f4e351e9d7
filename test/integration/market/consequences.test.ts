/**
 * What a supervision decision or a licence does to the declarations customs accepts, end to end:
 * each decision is recorded through market regulation's mutations, each consequence observed as the
 * verdict of submitDeclarations (CUSTOMS) on a landing-processing declaration along the contract.
 */
import { CooperativeKind } from '../../../src/modules/registry/types';
import { addDays } from '../../../src/shared/time';
import { landing, marketSale, reasonOfRow, type Chain } from '../../support/customs';
import { codeOf, describe, expect, reasonOf, test, type As } from '../../support/fixtures';
import { COOPERATIVE_STATUS, ENTERPRISE_STATUS, RECORD_NON_COMPLIANCE, daysAgo, today } from './helpers';

const decide = (as: As, subjectType: string, subjectId: string, reason: string, decidedOn = today()) =>
  as('COMMERCE').gql(RECORD_NON_COMPLIANCE, { input: { subjectType, subjectId, reason, decidedOn } });

const SIGN = `mutation($input: SupplyContractInput!) { signSupplyContract(input: $input) { id validFrom validTo terminatedOn } }`;
const sign = (as: As, enterpriseId: string, cooperativeId: string, validFrom = daysAgo(100), validTo = addDays(today(), 300)) =>
  as('COMMERCE').gql(SIGN, { input: { enterpriseId, cooperativeId, hsCodes: ['1206'], validFrom, validTo } });

async function contractsOf(as: As, kind: 'enterprise' | 'cooperative', id: string) {
  const r = await as('COMMERCE').gql(kind === 'enterprise' ? ENTERPRISE_STATUS : COOPERATIVE_STATUS, { id });
  return r.data[kind];
}

const chainOf = (e: { id: string }, c: { id: string; memberIds: string[] }): Chain => ({ enterpriseId: e.id, cooperativeId: c.id, members: c.memberIds });

/**
 * Customs' verdict (the rejection reason, or ACCEPTED) on a landing-processing declaration of 2,000.00
 * yuan of sunflower seed (1206) dated `day`, declared by the chain's member number `member`.
 */
const landingOn = (as: As, chain: Chain, day: string, member = 0) =>
  reasonOfRow(as('CUSTOMS'), landing(chain, { declaredAt: `${day}T10:00:00+08:00`, declarantIdNumber: chain.members[member] }));

describe('a suspended or exited enterprise is no longer a landing-processing destination (SPEC §5, §7)', () => {
  test('after a warning customs still accepts; after suspension it refuses the enterprise (ENTERPRISE_NOT_FILED) whatever the date', async ({ as, seed }) => {
    const e = await seed.enterprise();
    const c = await seed.cooperative({ members: 4 });
    const k = await seed.contract(e, c, { validFrom: daysAgo(200), validTo: addDays(today(), 200) });
    const chain = chainOf(e, c);
    const decidedOn = daysAgo(10);
    expect(await landingOn(as, chain, decidedOn, 0)).toBe('ACCEPTED');

    await decide(as, 'ENTERPRISE', e.id, 'DUTY_NOT_FULFILLED', daysAgo(40));
    // A written warning leaves the enterprise a valid destination and its contracts untouched.
    expect((await contractsOf(as, 'enterprise', e.id)).status).toBe('WARNED');
    expect(await landingOn(as, chain, today(), 1)).toBe('ACCEPTED');
    await decide(as, 'ENTERPRISE', e.id, 'DUTY_NOT_FULFILLED', decidedOn);

    const after = await contractsOf(as, 'enterprise', e.id);
    expect(after.status).toBe('SUSPENDED');
    expect(after.contracts).toEqual([{ id: k.id, validFrom: daysAgo(200), validTo: addDays(decidedOn, -1), terminatedOn: decidedOn }]);
    // SPEC §5: the destination must be FILED or WARNED, so even a declaration dated before the
    // decision (its contract still covers that day) is refused now.
    for (const day of [addDays(decidedOn, -1), decidedOn, daysAgo(1), today()]) {
      expect(await landingOn(as, chain, day, 2), day).toBe('ENTERPRISE_NOT_FILED');
    }
  });

  test.for(['POOR_CREDIT', 'CHANNEL_TRADE'])('after an exit for %s every contract of the enterprise ends the day before the decision and customs refuses it for both cooperatives', async (reason, { as, seed }) => {
    const e = await seed.enterprise();
    const [c1, c2] = [await seed.cooperative(), await seed.cooperative()];
    await seed.contract(e, c1, { validFrom: daysAgo(300), validTo: addDays(today(), 60) });
    await seed.contract(e, c2, { validFrom: daysAgo(30), validTo: addDays(today(), 400) });
    const decidedOn = daysAgo(5);
    expect(await landingOn(as, chainOf(e, c2), decidedOn, 0)).toBe('ACCEPTED');
    await decide(as, 'ENTERPRISE', e.id, reason, decidedOn);
    const after = await contractsOf(as, 'enterprise', e.id);
    expect(after.status).toBe('EXITED');
    expect(after.contracts.map((k: any) => [k.validTo, k.terminatedOn])).toEqual([[addDays(decidedOn, -1), decidedOn], [addDays(decidedOn, -1), decidedOn]]);
    for (const c of [c1, c2]) {
      for (const day of [decidedOn, today()]) expect(await landingOn(as, chainOf(e, c), day, 1), day).toBe('ENTERPRISE_NOT_FILED');
    }
    // The cooperatives themselves are not sanctioned: they still declare market sales.
    expect(await reasonOfRow(as('CUSTOMS'), marketSale({ cooperativeId: c1.id, declarantIdNumber: c1.memberIds[2], declaredAt: `${today()}T10:00:00+08:00` }))).toBe('ACCEPTED');
  });

  test('keeps the dates of a contract that had not started, marks it terminated, and customs refuses it inside those dates', async ({ as, seed }) => {
    const e = await seed.enterprise();
    const c = await seed.cooperative();
    const start = daysAgo(5);
    const decidedOn = daysAgo(10);
    await seed.contract(e, c, { validFrom: start, validTo: addDays(today(), 300) });
    await decide(as, 'ENTERPRISE', e.id, 'OBSTRUCTING_SUPERVISION', decidedOn);
    const [k] = (await contractsOf(as, 'enterprise', e.id)).contracts;
    expect(k).toMatchObject({ validFrom: start, validTo: addDays(today(), 300), terminatedOn: decidedOn });
    for (const day of [start, daysAgo(1), today()]) expect(await landingOn(as, chainOf(e, c), day), day).toBe('ENTERPRISE_NOT_FILED');
  });

  test('leaves a contract that had already ended untouched, and other enterprises\' contracts too', async ({ as, seed }) => {
    const e = await seed.enterprise();
    const other = await seed.enterprise();
    const c = await seed.cooperative();
    await seed.contract(e, c, { validFrom: daysAgo(400), validTo: daysAgo(100) });
    await seed.contract(other, c, { validFrom: daysAgo(400), validTo: addDays(today(), 100) });
    await decide(as, 'ENTERPRISE', e.id, 'TARGETS_MISSED');
    expect((await contractsOf(as, 'enterprise', e.id)).contracts[0]).toMatchObject({ validTo: daysAgo(100), terminatedOn: null });
    expect((await contractsOf(as, 'enterprise', other.id)).contracts[0]).toMatchObject({ validTo: addDays(today(), 100), terminatedOn: null });
    expect(await landingOn(as, chainOf(other, c), today())).toBe('ACCEPTED');
    expect(await landingOn(as, chainOf(e, c), daysAgo(150), 1)).toBe('ENTERPRISE_NOT_FILED');
  });

  test('refuses new contracts of a suspended enterprise', async ({ as, seed }) => {
    const e = await seed.enterprise();
    const c = await seed.cooperative();
    await decide(as, 'ENTERPRISE', e.id, 'DUTY_NOT_FULFILLED', daysAgo(2));
    await decide(as, 'ENTERPRISE', e.id, 'DUTY_NOT_FULFILLED', daysAgo(1));
    expect(reasonOf(await sign(as, e.id, c.id))).toBe('ENTERPRISE_NOT_FILED');
  });
});

describe('an exited cooperative (附件4 四)', () => {
  test('has its contracts end from the decision date, cannot declare (COOPERATIVE_EXITED) and cannot sign new ones', async ({ as, seed }) => {
    const e = await seed.enterprise();
    const c = await seed.cooperative({ members: 4 });
    await seed.contract(e, c, { validFrom: daysAgo(100), validTo: addDays(today(), 100) });
    const chain = chainOf(e, c);
    const decidedOn = daysAgo(3);
    expect(await landingOn(as, chain, decidedOn, 0)).toBe('ACCEPTED');
    await decide(as, 'COOPERATIVE', c.id, 'NO_BUSINESS_FOR_A_YEAR', decidedOn);
    const after = await contractsOf(as, 'cooperative', c.id);
    expect(after.status).toBe('EXITED');
    expect(after.contracts[0]).toMatchObject({ validTo: addDays(decidedOn, -1), terminatedOn: decidedOn });
    for (const day of [addDays(decidedOn, -1), decidedOn, today()]) expect(await landingOn(as, chain, day, 1), day).toBe('COOPERATIVE_EXITED');
    expect(await reasonOfRow(as('CUSTOMS'), marketSale({ cooperativeId: c.id, declarantIdNumber: c.memberIds[2], declaredAt: `${today()}T10:00:00+08:00` }))).toBe('COOPERATIVE_EXITED');
    expect(reasonOf(await sign(as, e.id, c.id))).toBe('COOPERATIVE_EXITED');
  });

  test('keeps its contracts after a serious warning, and customs accepts along them', async ({ as, seed }) => {
    const e = await seed.enterprise();
    const c = await seed.cooperative();
    await seed.contract(e, c, { validFrom: daysAgo(100), validTo: addDays(today(), 100) });
    await decide(as, 'COOPERATIVE', c.id, 'DIVIDEND_NOT_ENSURED');
    expect((await contractsOf(as, 'cooperative', c.id)).contracts[0]).toMatchObject({ validTo: addDays(today(), 100), terminatedOn: null });
    expect(await landingOn(as, chainOf(e, c), today())).toBe('ACCEPTED');
  });
});

describe('business licences (SPEC §4: LICENSE_REQUIRED)', () => {
  const ISSUE = 'mutation($id: ID!, $no: String!) { issueBusinessLicense(cooperativeId: $id, licenseNo: $no) { id licenseNo } }';

  test('a COOPERATIVE-kind cooperative cannot sign until market regulation issues its licence, then customs accepts along its contract', async ({ as, seed }) => {
    const e = await seed.enterprise();
    const c = await seed.cooperative({ kind: CooperativeKind.COOPERATIVE });
    const refused = await sign(as, e.id, c.id);
    expect(codeOf(refused)).toBe('BAD_USER_INPUT');
    expect(reasonOf(refused)).toBe('LICENSE_REQUIRED');
    expect((await contractsOf(as, 'cooperative', c.id)).contracts).toEqual([]);
    expect(await landingOn(as, chainOf(e, c), today(), 0)).toBe('NOT_CONTRACTED');

    const no = `93652702MA${String(Date.now()).slice(-8)}`;
    const issued = await as('MARKET_REGULATION').gql(ISSUE, { id: c.id, no });
    expect(issued.data.issueBusinessLicense).toEqual({ id: c.id, licenseNo: no });
    const signed = await sign(as, e.id, c.id);
    expect(signed.errors).toBeUndefined();
    expect(signed.data.signSupplyContract.id).toBeTruthy();
    expect(await landingOn(as, chainOf(e, c), today(), 1)).toBe('ACCEPTED');
  });

  test('a mutual-aid group signs without a licence', async ({ as, seed }) => {
    const e = await seed.enterprise();
    const c = await seed.cooperative({ kind: CooperativeKind.MUTUAL_AID_GROUP });
    expect((await sign(as, e.id, c.id)).errors).toBeUndefined();
    expect(await landingOn(as, chainOf(e, c), today())).toBe('ACCEPTED');
  });

  test('only market regulation issues licences, and one number belongs to one cooperative', async ({ as, seed }) => {
    const [c1, c2] = [await seed.cooperative({ kind: CooperativeKind.COOPERATIVE }), await seed.cooperative({ kind: CooperativeKind.COOPERATIVE })];
    const no = `LIC-${Date.now()}`;
    expect(codeOf(await as('COMMERCE').gql(ISSUE, { id: c1.id, no }))).toBe('FORBIDDEN');
    expect((await as('MARKET_REGULATION').gql(ISSUE, { id: c1.id, no })).errors).toBeUndefined();
    expect(reasonOf(await as('MARKET_REGULATION').gql(ISSUE, { id: c2.id, no }))).toBe('KEY_CONFLICT');
    expect(reasonOf(await as('MARKET_REGULATION').gql(ISSUE, { id: '00000000-0000-4000-8000-000000000002', no: 'X1' }))).toBe('NOT_FOUND');
  });
});
