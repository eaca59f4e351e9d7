/**
 * Membership over time (SPEC §14): addCooperativeMembers, removeCooperativeMember, members(asOf),
 * BorderResident.memberships, one cooperative per resident per date (ALREADY_A_MEMBER), and a
 * cooperative's exit ending its memberships. Dates are Beijing dates; leftOn is the first day NOT a member.
 */
import { inject } from 'vitest';
import { addDays, beijingToday } from '../../../src/shared/time';
import * as f from '../../support/factories';
import { describe, expect, test, type As } from '../../support/fixtures';

const onPostgres = inject('testDb').kind === 'postgres';

const ADD = `mutation($c: ID!, $m: [ResidentInput!]!, $d: Date!) {
  addCooperativeMembers(cooperativeId: $c, members: $m, joinedOn: $d) { id memberCount updatedAt } }`;
const REMOVE = `mutation($c: ID!, $n: String!, $d: Date!) {
  removeCooperativeMember(cooperativeId: $c, idNumber: $n, leftOn: $d) { id memberCount } }`;
const MEMBERS = 'query($id: ID, $d: Date) { cooperative(id: $id) { members(asOf: $d) { idNumber } } }';
const RESIDENT = `query($n: String!) { resident(idNumber: $n) {
  cooperative { id } memberships { cooperative { id filingNo } joinedOn leftOn } } }`;

const today = () => beijingToday();
/** A stated residence for ID numbers not issued in 阿拉山口市 (eligibility follows residence, SPEC §14): a listed 博乐市 township. */
const residenceOf = (idNumber: string) => (idNumber.startsWith('652702') ? {} : { county: '652701', township: '小营盘镇', residenceBasis: 'HUKOU' });
const add = (as: As, c: string, ids: string[], d: string) =>
  as('COMMERCE').gql(ADD, { c, m: ids.map((idNumber, i) => ({ name: `新成员${i}`, idNumber, ...residenceOf(idNumber) })), d });
const remove = (as: As, c: string, n: string, d: string) => as('COMMERCE').gql(REMOVE, { c, n, d });
/** ID numbers of the members on a date, as customs reads them (full numbers). */
const membersOn = async (as: As, id: string, d?: string) =>
  ((await as('CUSTOMS').gql(MEMBERS, { id, d })).data.cooperative.members as { idNumber: string }[]).map((m) => m.idNumber).sort();
const memberships = async (as: As, n: string) => (await as('CUSTOMS').gql(RESIDENT, { n })).data.resident;
const errorOf = (r: { errors?: { extensions: Record<string, unknown>; message: string }[] }) => r.errors?.[0];

describe('addCooperativeMembers', () => {
  test('adds residents from joinedOn: the roster of that day has them, the day before does not', async ({ as, seed }) => {
    const c = await seed.cooperative({ members: 2 });
    const fresh = [f.uniqueIdNumber(), f.uniqueIdNumber('652701')];
    const r = await add(as, c.id, fresh, today());
    expect(r.errors).toBeUndefined();
    expect(r.data.addCooperativeMembers.memberCount).toBe(4);
    expect(await membersOn(as, c.id)).toEqual([...c.memberIds, ...fresh].sort());
    expect(await membersOn(as, c.id, addDays(today(), -1))).toEqual([...c.memberIds].sort());
    expect(await memberships(as, fresh[0]!)).toEqual({
      cooperative: { id: c.id }, memberships: [{ cooperative: { id: c.id, filingNo: c.filingNo }, joinedOn: today(), leftOn: null }],
    });
  });

  test('a member of another cooperative on any day from joinedOn is refused with ALREADY_A_MEMBER naming its filing number; nothing is stored', async ({ as, seed }) => {
    const a = await seed.cooperative({ members: 1 });
    const b = await seed.cooperative({ members: 1 });
    const fresh = f.uniqueIdNumber();
    const r = await add(as, b.id, [fresh, a.memberIds[0]!], today());
    expect(errorOf(r)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ALREADY_A_MEMBER', field: 'members[1].idNumber' });
    expect(errorOf(r)?.message).toMatch(/^[\u4e00-\u9fff]/);
    expect(errorOf(r)?.message).toContain(a.filingNo);
    // The whole write rolled back: the valid first row is not a member, not even registered.
    expect(await membersOn(as, b.id)).toEqual([...b.memberIds].sort());
    expect((await as('CUSTOMS').gql(RESIDENT, { n: fresh })).data.resident).toBeNull();
  });

  test('a bad row rolls the whole write back (format, duplicate)', async ({ as, seed }) => {
    const c = await seed.cooperative({ members: 1 });
    const fresh = f.uniqueIdNumber();
    expect(errorOf(await add(as, c.id, [fresh, '652702199001011234'], today()))?.extensions).toMatchObject({ reason: 'INVALID_ID_NUMBER', field: 'members[1].idNumber' });
    expect(errorOf(await add(as, c.id, [fresh, fresh], today()))?.extensions).toMatchObject({ reason: 'DUPLICATE', field: 'members[1].idNumber' });
    expect(await membersOn(as, c.id)).toEqual([...c.memberIds]);
  });

  test('joinedOn cannot precede the cooperative\'s filing; an unknown cooperative is NOT_FOUND', async ({ as, seed }) => {
    const c = await seed.cooperative({ members: 1 });
    expect(errorOf(await add(as, c.id, [f.uniqueIdNumber()], addDays(today(), -1)))?.extensions).toMatchObject({ reason: 'INVALID_DATE_RANGE', field: 'joinedOn' });
    expect(errorOf(await add(as, '00000000-0000-4000-8000-000000000000', [f.uniqueIdNumber()], today()))?.extensions.code).toBe('NOT_FOUND');
  });

  test('only COMMERCE changes rosters', async ({ as, seed }) => {
    const c = await seed.cooperative({ members: 1 });
    for (const agency of ['CUSTOMS', 'MARKET_REGULATION'] as const) {
      const r = await as(agency).gql(ADD, { c: c.id, m: [{ name: '甲', idNumber: f.uniqueIdNumber() }], d: today() });
      expect(errorOf(r)?.extensions.code).toBe('FORBIDDEN');
    }
    expect(errorOf(await as('COOPERATIVE', c.id).gql(REMOVE, { c: c.id, n: c.memberIds[0], d: today() }))?.extensions.code).toBe('FORBIDDEN');
    expect(await membersOn(as, c.id)).toEqual([...c.memberIds]);
  });

  test.runIf(onPostgres)('of two concurrent additions of one resident to two cooperatives, exactly one succeeds', async ({ as, seed }) => {
    for (let round = 0; round < 5; round++) {
      const [a, b] = [await seed.cooperative({ members: 1 }), await seed.cooperative({ members: 1 })];
      const shared = f.uniqueIdNumber();
      const results = await Promise.all([add(as, a.id, [f.uniqueIdNumber(), shared], today()), add(as, b.id, [shared, f.uniqueIdNumber()], today())]);
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      expect(results.filter((r) => r.errors).map((r) => errorOf(r)?.extensions.reason)).toEqual(['ALREADY_A_MEMBER']);
      expect((await memberships(as, shared)).memberships).toHaveLength(1);
    }
  });
});

describe('removeCooperativeMember', () => {
  test('leftOn is the first day not a member: members(asOf) before and after, and the resident may then join another', async ({ as, seed }) => {
    const a = await seed.cooperative({ members: 2 });
    const b = await seed.cooperative({ members: 1 });
    const [leaver, stayer] = a.memberIds as [string, string];
    const leftOn = today();
    const r = await remove(as, a.id, leaver, leftOn);
    expect(r.errors).toBeUndefined();
    expect(r.data.removeCooperativeMember.memberCount).toBe(1);
    expect(await membersOn(as, a.id, addDays(leftOn, -1))).toEqual([leaver, stayer].sort());
    expect(await membersOn(as, a.id, leftOn)).toEqual([stayer]);
    expect(await membersOn(as, a.id, '2025-01-01')).toEqual([leaver, stayer].sort());
    expect(await membersOn(as, a.id, '2024-12-31')).toEqual([]);
    // Joining b the day before leftOn would overlap; on leftOn it does not.
    expect(errorOf(await add(as, b.id, [leaver], addDays(leftOn, -1)))?.extensions.reason).toMatch(/ALREADY_A_MEMBER|INVALID_DATE_RANGE/);
    expect((await add(as, b.id, [leaver], leftOn)).errors).toBeUndefined();
    expect(await memberships(as, leaver)).toEqual({
      cooperative: { id: b.id },
      memberships: [
        { cooperative: { id: a.id, filingNo: a.filingNo }, joinedOn: '2025-01-01', leftOn },
        { cooperative: { id: b.id, filingNo: b.filingNo }, joinedOn: leftOn, leftOn: null },
      ],
    });
  });

  test('a past leftOn ends the membership then; a non-member is NOT_A_MEMBER; leftOn not after joinedOn is INVALID_DATE_RANGE', async ({ as, seed }) => {
    const a = await seed.cooperative({ members: 2 });
    const [x, y] = a.memberIds as [string, string];
    expect((await remove(as, a.id, x, '2025-06-01')).errors).toBeUndefined();
    expect(await membersOn(as, a.id, '2025-05-31')).toEqual([x, y].sort());
    expect(await membersOn(as, a.id, '2025-06-01')).toEqual([y]);
    expect(errorOf(await remove(as, a.id, x, '2025-07-01'))?.extensions).toMatchObject({ reason: 'NOT_A_MEMBER', field: 'idNumber' });
    expect(errorOf(await remove(as, a.id, f.uniqueIdNumber(), today()))?.extensions).toMatchObject({ reason: 'NOT_A_MEMBER' });
    expect(errorOf(await remove(as, a.id, y, '2025-01-01'))?.extensions).toMatchObject({ reason: 'INVALID_DATE_RANGE', field: 'leftOn' });
    expect(await membersOn(as, a.id, today())).toEqual([y]);
  });
});

describe('a cooperative\'s exit (SPEC §14)', () => {
  test('ends its open memberships on the exit date; the members may then join another; the exited roster is closed', async ({ as, seed }) => {
    const a = await seed.cooperative({ members: 2 });
    const b = await seed.cooperative({ members: 1 });
    const exitOn = addDays(today(), -3);
    const exit = await as('MARKET_REGULATION').gql(`mutation($input: NonComplianceInput!) { recordNonCompliance(input: $input) { action } }`,
      { input: { subjectType: 'COOPERATIVE', subjectId: a.id, reason: 'CHANNEL_TRADE', decidedOn: exitOn } });
    expect(exit.data.recordNonCompliance.action).toBe('EXIT');
    expect(await membersOn(as, a.id, addDays(exitOn, -1))).toEqual([...a.memberIds].sort());
    expect(await membersOn(as, a.id, exitOn)).toEqual([]);
    const m = await memberships(as, a.memberIds[0]!);
    expect(m.memberships.map((x: any) => x.leftOn)).toEqual([exitOn]);
    expect(m.cooperative).toBeNull();
    expect((await add(as, b.id, [a.memberIds[0]!], today())).errors).toBeUndefined();
    expect(errorOf(await add(as, a.id, [f.uniqueIdNumber()], today()))?.extensions.reason).toBe('COOPERATIVE_EXITED');
  });
});

describe('authorization of membership data (§9 resident-name class; §10 access log)', () => {
  test('a cooperative sees its former member and its own membership, never the cooperative the member joined afterwards', async ({ as, seed }) => {
    const a = await seed.cooperative({ members: 1 });
    const b = await seed.cooperative({ members: 1 });
    const [n] = a.memberIds as [string];
    await remove(as, a.id, n, today());
    await add(as, b.id, [n], today());
    const r = await as('COOPERATIVE', a.id).gql('query($n: String!) { resident(idNumber: $n) { name cooperative { id } memberships { cooperative { id } joinedOn leftOn } } }', { n });
    expect(r.errors).toBeUndefined();
    expect(r.data.resident).toEqual({ name: '新成员0', cooperative: null, memberships: [{ cooperative: { id: a.id }, joinedOn: '2025-01-01', leftOn: today() }] });
    expect((await as('COOPERATIVE', b.id).gql('query($n: String!) { resident(idNumber: $n) { memberships { cooperative { id } } } }', { n })).data.resident.memberships)
      .toEqual([{ cooperative: { id: b.id } }]);
  });

  test('an enterprise does not read rosters or membership dates of its contracted cooperative', async ({ as, seed }) => {
    const chain = await seed.landingChain();
    const r = await as('ENTERPRISE', chain.enterpriseId).gql('query($id: ID) { cooperative(id: $id) { id members { memberships { joinedOn } } } }', { id: chain.cooperativeId });
    expect(r.data.cooperative).toEqual({ id: chain.cooperativeId, members: null });
    expect(errorOf(r)?.extensions.code).toBe('FORBIDDEN');
  });

  test('reading membership dates puts the resident in the access log, like the name', async ({ as, seed, hub }) => {
    const c = await seed.cooperative({ members: 1 });
    const sub = `mem-${Date.now()}`;
    const r = await as('COMMERCE', null, sub).gql('query($id: ID) { cooperative(id: $id) { members { id memberships { joinedOn } } } }', { id: c.id });
    const residentId = r.data.cooperative.members[0].id;
    // leftOn alone too, once it has a value (a null returns nothing personal); the cooperative of a
    // membership is not a personal field.
    expect((await remove(as, c.id, c.memberIds[0]!, addDays(today(), 30))).errors).toBeUndefined();
    await as('COMMERCE', null, sub).gql('query($id: ID) { cooperative(id: $id) { members { id memberships { leftOn } } } }', { id: c.id });
    await as('COMMERCE', null, sub).gql('query($id: ID) { cooperative(id: $id) { members { id memberships { cooperative { id } } } } }', { id: c.id });
    await hub.app.accessLog.flush();
    const log = await as('AUDITOR').gql('query($sub: String) { auditLog(filter: { sub: $sub }) { edges { node { personalRecordIds } } } }', { sub });
    expect(log.data.auditLog.edges.map((e: any) => e.node.personalRecordIds)).toEqual([[residentId], [residentId], []]);
  });
});
