/**
 * SPEC §14 Credit: the dishonest list keyed by the subject's credit code, with a lifecycle
 * (LISTED → REMOVED) and effects while listed (SUBJECT_DISHONEST on filing, approval, supply
 * contracts and landing-processing declarations), which hold under a new filing of the subject.
 * Every rule is observed through the API.
 */
import { addDays } from '../../../src/shared/time';
import { landing, marketSale, reasonOfRow, submit, type Chain } from '../../support/customs';
import { cooperativeInput, enterpriseInput, uniqueUscc } from '../../support/factories';
import { codeOf, describe, expect, reasonOf, test, type As } from '../../support/fixtures';
import { APPROVE_COOPERATIVE, APPROVE_ENTERPRISE, FILE_COOPERATIVE, FILE_ENTERPRISE } from '../../support/registry';
import { RECORD_NON_COMPLIANCE, daysAgo, today } from './helpers';

const ENTRY = 'id subjectType subjectId subjectKey keyKind listedOn reason basis noticeOn status removedOn removalReason';
const LIST = `mutation($input: DishonestListInput!) { addToDishonestList(input: $input) { ${ENTRY} } }`;
const REMOVE = `mutation($id: ID!, $reason: String!, $removedOn: Date!) { removeFromDishonestList(id: $id, reason: $reason, removedOn: $removedOn) { ${ENTRY} } }`;
const SIGN = 'mutation($input: SupplyContractInput!) { signSupplyContract(input: $input) { id } }';
const LICENCE = 'mutation($c: ID!, $l: String!) { issueBusinessLicense(cooperativeId: $c, licenseNo: $l) { id licenseNo } }';
const ENTRIES = `query($id: ID) { dishonestList(filter: { subjectId: $id }) { totalCount edges { node { ${ENTRY} } } } }`;

const list = (as: As, subjectType: string, subjectId: string, over: Record<string, unknown> = {}) =>
  as('MARKET_REGULATION').gql(LIST, { input: { subjectType, subjectId, listedOn: daysAgo(20), reason: '虚假申报 / false declarations', basis: '阿市监失〔2026〕7号', noticeOn: daysAgo(18), ...over } });
const remove = (as: As, id: string, removedOn = today(), reason = '信用修复完成 / credit repaired', agency: 'MARKET_REGULATION' | 'COMMERCE' = 'MARKET_REGULATION') =>
  as(agency).gql(REMOVE, { id, reason, removedOn });
const sign = (as: As, enterpriseId: string, cooperativeId: string) =>
  as('COMMERCE').gql(SIGN, { input: { enterpriseId, cooperativeId, hsCodes: ['1206'], validFrom: daysAgo(30), validTo: addDays(today(), 300) } });
const chainOf = (e: { id: string }, c: { id: string; memberIds: string[] }): Chain => ({ enterpriseId: e.id, cooperativeId: c.id, members: c.memberIds });
const landingToday = (as: As, chain: Chain, member = 0) =>
  reasonOfRow(as('CUSTOMS'), landing(chain, { declaredAt: `${today()}T10:00:00+08:00`, declarantIdNumber: chain.members[member] }));

describe('the dishonest list is keyed by the credit code and has a lifecycle', () => {
  test('an enterprise is listed under its USCC; basis and notice date are kept, status LISTED', async ({ as, seed }) => {
    const e = await seed.enterprise();
    const r = await list(as, 'ENTERPRISE', e.id);
    expect(r.errors).toBeUndefined();
    expect(r.data.addToDishonestList).toMatchObject({
      subjectKey: e.uscc, keyKind: 'CREDIT_CODE', basis: '阿市监失〔2026〕7号', noticeOn: daysAgo(18), listedOn: daysAgo(20), status: 'LISTED', removedOn: null, removalReason: null,
    });
  });

  test('basis defaults to the reason and the notice date to the listing date', async ({ as, seed }) => {
    const e = await seed.enterprise();
    const r = await as('MARKET_REGULATION').gql(LIST, { input: { subjectType: 'ENTERPRISE', subjectId: e.id, listedOn: daysAgo(3), reason: '履约能力差' } });
    expect(r.data.addToDishonestList).toMatchObject({ basis: '履约能力差', noticeOn: daysAgo(3) });
  });

  test('a listed subject cannot be listed twice; once removed it can be listed again (a new entry)', async ({ as, seed }) => {
    const e = await seed.enterprise();
    const first = (await list(as, 'ENTERPRISE', e.id)).data.addToDishonestList;
    expect(reasonOf(await list(as, 'ENTERPRISE', e.id))).toBe('DUPLICATE');
    expect((await remove(as, first.id)).data.removeFromDishonestList).toMatchObject({ status: 'REMOVED', removedOn: today(), removalReason: '信用修复完成 / credit repaired' });
    const again = await list(as, 'ENTERPRISE', e.id, { listedOn: today(), noticeOn: today() });
    expect(again.data.addToDishonestList).toMatchObject({ status: 'LISTED', subjectKey: e.uscc });
    const all = (await as('COMMERCE').gql(ENTRIES, { id: e.id })).data.dishonestList;
    expect(all.totalCount).toBe(2);
  });

  test('a cooperative without a licence is keyed by its hub id until its licence is issued, then by the licence number', async ({ as, seed }) => {
    const c = await seed.cooperative();
    const entry = (await list(as, 'COOPERATIVE', c.id)).data.addToDishonestList;
    expect(entry).toMatchObject({ subjectKey: c.id, keyKind: 'HUB_ID' });
    const licence = `91652702MA${Math.random().toString(36).slice(2, 10).toUpperCase()}`;
    expect((await as('MARKET_REGULATION').gql(LICENCE, { c: c.id, l: licence })).errors).toBeUndefined();
    const after = (await as('COMMERCE').gql(ENTRIES, { id: c.id })).data.dishonestList.edges[0].node;
    expect(after).toMatchObject({ id: entry.id, subjectKey: licence, keyKind: 'CREDIT_CODE', status: 'LISTED' });
  });

  test('agencies other than market regulation and commerce see that an entry is listed, not its basis', async ({ as, seed }) => {
    const e = await seed.enterprise();
    await list(as, 'ENTERPRISE', e.id);
    const r = await as('CUSTOMS').gql('query($id: ID) { dishonestList(filter: { subjectId: $id }) { edges { node { status basis } } } }', { id: e.id });
    expect(r.data.dishonestList.edges[0].node).toEqual({ status: 'LISTED', basis: null });
    expect(codeOf(r)).toBe('FORBIDDEN');
  });
});

describe('removeFromDishonestList (SPEC §14)', () => {
  test('refuses an empty reason, a date before the notice or the listing, a future date, an unknown id, and a second removal', async ({ as, seed }) => {
    const e = await seed.enterprise();
    const entry = (await list(as, 'ENTERPRISE', e.id, { listedOn: daysAgo(20), noticeOn: daysAgo(10) })).data.addToDishonestList;
    expect(reasonOf(await remove(as, entry.id, today(), '   '))).toBe('MISSING_FIELD');
    expect(reasonOf(await remove(as, entry.id, daysAgo(11)))).toBe('INVALID_DATE_RANGE'); // after listing, before notice
    expect(reasonOf(await remove(as, entry.id, daysAgo(21)))).toBe('INVALID_DATE_RANGE');
    expect(reasonOf(await remove(as, entry.id, addDays(today(), 1)))).toBe('INVALID_DATE_RANGE');
    expect(reasonOf(await remove(as, '7b1a4c1e-0000-4000-8000-000000000000'))).toBe('NOT_FOUND');
    // Nothing was changed by the refusals.
    expect((await as('COMMERCE').gql(ENTRIES, { id: e.id })).data.dishonestList.edges[0].node.status).toBe('LISTED');
    expect((await remove(as, entry.id, daysAgo(10))).data.removeFromDishonestList).toMatchObject({ status: 'REMOVED', removedOn: daysAgo(10) });
    const twice = await remove(as, entry.id);
    expect(reasonOf(twice)).toBe('ALREADY_REMOVED');
    expect(twice.errors![0]!.message).toMatch(/^[\u3400-\u9fff]/);
    expect(twice.errors![0]!.message).toContain(daysAgo(10));
  });

  test('commerce may remove an entry; customs, tax and the enterprise may not', async ({ as, seed }) => {
    const e = await seed.enterprise();
    const entry = (await list(as, 'ENTERPRISE', e.id)).data.addToDishonestList;
    for (const who of ['CUSTOMS', 'TAX', 'OPERATOR'] as const) {
      expect(codeOf(await as(who).gql(REMOVE, { id: entry.id, reason: 'x', removedOn: today() }))).toBe('FORBIDDEN');
    }
    expect(codeOf(await as('ENTERPRISE', e.id).gql(REMOVE, { id: entry.id, reason: 'x', removedOn: today() }))).toBe('FORBIDDEN');
    expect((await remove(as, entry.id, today(), '复核撤销', 'COMMERCE')).data.removeFromDishonestList.status).toBe('REMOVED');
  });
});

describe('effects while listed: SUBJECT_DISHONEST (SPEC §14)', () => {
  test('a listed USCC cannot be filed again, and the message names the basis and the notice date; removal lifts it', async ({ as, seed }) => {
    const e = await seed.enterprise();
    const entry = (await list(as, 'ENTERPRISE', e.id)).data.addToDishonestList;
    const r = await as('COMMERCE').gql(FILE_ENTERPRISE, { input: enterpriseInput({ uscc: e.uscc }) });
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'SUBJECT_DISHONEST', field: 'uscc' });
    expect(r.errors![0]!.message).toMatch(/^[\u3400-\u9fff]/);
    expect(r.errors![0]!.message).toContain('阿市监失〔2026〕7号');
    expect(r.errors![0]!.message).toContain(daysAgo(18));
    await remove(as, entry.id);
    // Lifted: the USCC is now refused only because it is already filed.
    expect(reasonOf(await as('COMMERCE').gql(FILE_ENTERPRISE, { input: enterpriseInput({ uscc: e.uscc }) }))).toBe('KEY_CONFLICT');
  });

  test('a filed-but-pending enterprise listed meanwhile cannot be approved until removed', async ({ as, seed }) => {
    const e = await seed.enterprise({ approve: false });
    const entry = (await list(as, 'ENTERPRISE', e.id)).data.addToDishonestList;
    expect(reasonOf(await as('COMMERCE').gql(APPROVE_ENTERPRISE, { id: e.id }))).toBe('SUBJECT_DISHONEST');
    await remove(as, entry.id);
    expect((await as('COMMERCE').gql(APPROVE_ENTERPRISE, { id: e.id })).data.approveEnterprise.status).toBe('FILED');
  });

  test('a listed pending cooperative cannot be approved until removed', async ({ as, seed }) => {
    const c = await seed.cooperative({ approve: false });
    const entry = (await list(as, 'COOPERATIVE', c.id)).data.addToDishonestList;
    expect(reasonOf(await as('COMMERCE').gql(APPROVE_COOPERATIVE, { id: c.id }))).toBe('SUBJECT_DISHONEST');
    await remove(as, entry.id);
    expect((await as('COMMERCE').gql(APPROVE_COOPERATIVE, { id: c.id })).data.approveCooperative.status).toBe('FILED');
  });

  test('neither a listed enterprise nor a listed cooperative can sign a supply contract; removal lifts it', async ({ as, seed }) => {
    const e = await seed.enterprise();
    const c = await seed.cooperative();
    const entry = (await list(as, 'ENTERPRISE', e.id)).data.addToDishonestList;
    const r = await sign(as, e.id, c.id);
    expect(r.errors![0]!.extensions).toMatchObject({ reason: 'SUBJECT_DISHONEST', field: 'enterpriseId' });
    await remove(as, entry.id);
    expect((await sign(as, e.id, c.id)).errors).toBeUndefined();

    const e2 = await seed.enterprise();
    await list(as, 'COOPERATIVE', c.id);
    expect((await sign(as, e2.id, c.id)).errors![0]!.extensions).toMatchObject({ reason: 'SUBJECT_DISHONEST', field: 'cooperativeId' });
  });

  test('a listed destination enterprise or declaring cooperative is refused in landing-processing declarations; market sale is not affected', async ({ as, seed }) => {
    const e = await seed.enterprise();
    const c = await seed.cooperative({ members: 4 });
    await seed.contract(e, c, { validFrom: daysAgo(100), validTo: addDays(today(), 100) });
    const chain = chainOf(e, c);
    expect(await landingToday(as, chain, 0)).toBe('ACCEPTED');

    const entry = (await list(as, 'ENTERPRISE', e.id)).data.addToDishonestList;
    const batch = await submit(as('CUSTOMS'), [
      landing(chain, { declaredAt: `${today()}T11:00:00+08:00`, declarantIdNumber: chain.members[1] }),
      marketSale({ declaredAt: `${today()}T11:00:00+08:00`, declarantIdNumber: chain.members[2], declarantName: '边民2' }),
    ]);
    expect(batch.rows.map((x) => [x.status, x.reason, x.field])).toEqual([
      ['REJECTED', 'SUBJECT_DISHONEST', 'destinationEnterpriseId'], ['ACCEPTED', null, null],
    ]);
    expect(batch.rows[0]!.message).toContain('阿市监失〔2026〕7号');
    await remove(as, entry.id);
    expect(await landingToday(as, chain, 1)).toBe('ACCEPTED');

    const coopEntry = (await list(as, 'COOPERATIVE', c.id)).data.addToDishonestList;
    const refused = await submit(as('CUSTOMS'), [
      landing(chain, { declaredAt: `${today()}T12:00:00+08:00`, declarantIdNumber: chain.members[3] }),
      marketSale({ declaredAt: `${today()}T12:00:00+08:00`, declarantIdNumber: chain.members[0], cooperativeId: c.id }),
    ]);
    expect(refused.rows[0]).toMatchObject({ reason: 'SUBJECT_DISHONEST', field: 'cooperativeId' });
    expect(refused.rows[1]).toMatchObject({ status: 'ACCEPTED' });
    await remove(as, coopEntry.id);
    expect(await landingToday(as, chain, 3)).toBe('ACCEPTED');
  });

  test('the listed keys are read once per batch, however many rows it has', async ({ as, seed }) => {
    const e = await seed.enterprise();
    const c = await seed.cooperative({ members: 6 });
    await seed.contract(e, c, { validFrom: daysAgo(100), validTo: addDays(today(), 100) });
    const chain = chainOf(e, c);
    const rows = (n: number, hour: number) => Array.from({ length: n }, (_, i) =>
      landing(chain, { declaredAt: `${today()}T${String(hour).padStart(2, '0')}:00:00+08:00`, declarantIdNumber: chain.members[i] }));
    const one = await as('CUSTOMS').gql('mutation($input: [DeclarationInput!]!) { submitDeclarations(input: $input) { accepted } }', { input: rows(1, 9) });
    const six = await as('CUSTOMS').gql('mutation($input: [DeclarationInput!]!) { submitDeclarations(input: $input) { accepted } }', { input: rows(6, 10) });
    expect([one.data.submitDeclarations.accepted, six.data.submitDeclarations.accepted]).toEqual([1, 6]);
    expect(six.statements).toBe(one.statements);
  });

  test('the effects hold when the cooperative files again under a new hub id with its licence, until the entry is removed', async ({ as, seed }) => {
    const licence = `93652702MA${Math.random().toString(36).slice(2, 10).toUpperCase()}`;
    const old = await seed.cooperative();
    expect((await as('MARKET_REGULATION').gql(LICENCE, { c: old.id, l: licence })).errors).toBeUndefined();
    // The ladder lists it (serious warning, then refusal: exit and listing, 附件4 四).
    await as('COMMERCE').gql(RECORD_NON_COMPLIANCE, { input: { subjectType: 'COOPERATIVE', subjectId: old.id, reason: 'DIVIDEND_NOT_ENSURED', decidedOn: daysAgo(30) } });
    await as('COMMERCE').gql(RECORD_NON_COMPLIANCE, { input: { subjectType: 'COOPERATIVE', subjectId: old.id, reason: 'REFUSED_RECTIFICATION', decidedOn: daysAgo(5) } });
    const entry = (await as('COMMERCE').gql(ENTRIES, { id: old.id })).data.dishonestList.edges[0].node;
    expect(entry).toMatchObject({ subjectKey: licence, keyKind: 'CREDIT_CODE', status: 'LISTED', noticeOn: daysAgo(5) });

    // Filed again: a new hub id, the same licence (credit code) issued to it.
    const filed = await as('COMMERCE').gql(FILE_COOPERATIVE, { input: cooperativeInput() });
    const again = filed.data.fileCooperative.id as string;
    expect(again).not.toBe(old.id);
    expect((await as('MARKET_REGULATION').gql(LICENCE, { c: again, l: licence })).errors).toBeUndefined();
    const refused = await as('COMMERCE').gql(APPROVE_COOPERATIVE, { id: again });
    expect(reasonOf(refused)).toBe('SUBJECT_DISHONEST');
    expect(refused.errors![0]!.message).toContain(daysAgo(5));

    await remove(as, entry.id);
    expect((await as('COMMERCE').gql(APPROVE_COOPERATIVE, { id: again })).data.approveCooperative.status).toBe('FILED');
    const e = await seed.enterprise();
    expect((await sign(as, e.id, again)).errors).toBeUndefined();
  });

  test('a USCC never filed in the hub files normally (the check names only listed keys)', async ({ as }) => {
    const r = await as('COMMERCE').gql(FILE_ENTERPRISE, { input: enterpriseInput({ uscc: uniqueUscc() }) });
    expect(r.errors).toBeUndefined();
  });
});
