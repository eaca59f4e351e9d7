/**
 * Eligibility follows residence, not the ID number (SPEC §14, 方案 二(三); issue 12 item 1), end to
 * end through the API: submitDeclarations, fileCooperative, borderTownships / setBorderTownships.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { landing, landingChain, marketSale, submit, uniqueNo } from '../../support/customs';
import * as f from '../../support/factories';
import { codeOf, startHub, type TestHub } from '../../support/hub';

let hub: TestHub;
beforeAll(async () => { hub = await startHub(); });
afterAll(async () => { await hub?.close(); });

const customs = () => hub.as('CUSTOMS');
const RESIDENT = 'query($id: String!) { resident(idNumber: $id) { county township residenceBasis residencePresumed eligible } }';
const LIST = '{ borderTownships { county township validFrom validTo } }';
const SET = 'mutation($input: [BorderTownshipInput!]!) { setBorderTownships(input: $input) { county township validFrom validTo } }';

/** The list of migration 0017 (restored after each test that changes it). */
const SEEDED = [
  { county: '652701', township: '小营盘镇', validFrom: '2025-01-01', validTo: null },
  { county: '652723', township: '哈日布呼镇', validFrom: '2025-01-01', validTo: null },
  { county: '652723', township: '安格里格乡', validFrom: '2025-01-01', validTo: null },
  { county: '659007', township: '九十团', validFrom: '2025-01-01', validTo: null },
  { county: '659007', township: '八十九团', validFrom: '2025-01-01', validTo: null },
];
const sorted = (l: { county: string; township: string; validFrom: string }[]) =>
  [...l].sort((a, b) => `${a.county}${a.township}${a.validFrom}`.localeCompare(`${b.county}${b.township}${b.validFrom}`));
const listNow = async () => sorted((await hub.as('COMMERCE').gql(LIST)).data.borderTownships);
afterEach(async () => { await hub.as('COMMERCE').gql(SET, { input: SEEDED }); });

const row = async (input: unknown) => (await submit(customs(), [input])).rows[0]!;

describe('declarants: residence decides (SPEC §14)', () => {
  it('accepts a real Alashankou resident whose ID number was issued in Henan (410…), and registers the stated residence', async () => {
    const id = f.uniqueIdNumber('410102');
    const r = await row(marketSale({ declarantIdNumber: id, declarantResidence: { county: '652702', township: '阿拉山口街道', basis: 'HABITUAL' } }));
    expect(r.status).toBe('ACCEPTED');
    expect((await customs().gql(RESIDENT, { id })).data.resident)
      .toEqual({ county: '652702', township: '阿拉山口街道', residenceBasis: 'HABITUAL', residencePresumed: false, eligible: true });
    // Registered now: the next declaration needs no residence, the stored one decides.
    expect((await row(marketSale({ declarantIdNumber: id, declaredAt: '2025-06-11T10:00:00+08:00' }))).status).toBe('ACCEPTED');
  });

  it('accepts the same Henan-born Alashankou resident for landing processing as a roster member', async () => {
    const id = f.uniqueIdNumber('410102');
    const chain = await landingChain(hub.db, { memberIds: [id], residences: { [id]: { county: '652702', residenceBasis: 'HUKOU' } } });
    const r = await submit(customs(), [landing(chain, { declarantIdNumber: id })]);
    expect(r.rows[0]).toMatchObject({ status: 'ACCEPTED' });
  });

  it('rejects a Bole-prefixed (652701…) resident of a non-border township of 博乐市 with NOT_BORDER_RESIDENT, saying what was found and what qualifies', async () => {
    const id = f.uniqueIdNumber('652701');
    const r = await row(marketSale({ declarantIdNumber: id, declarantResidence: { county: '652701', township: '青得里街道', basis: 'HUKOU' } }));
    expect(r).toMatchObject({ status: 'REJECTED', code: 'BAD_USER_INPUT', reason: 'NOT_BORDER_RESIDENT', field: 'declarantResidence' });
    expect(r.message).toMatch(/^非边境地区边民/);
    expect(r.message).toContain('青得里街道');
    expect(r.message).toContain('小营盘镇');
    expect(r.message).toContain('652702');
    // Nobody was registered by the rejected row.
    expect((await customs().gql(RESIDENT, { id })).data.resident).toBeNull();
  });

  it('accepts a Bole-prefixed resident of a border township on the list', async () => {
    const id = f.uniqueIdNumber('652701');
    expect((await row(marketSale({ declarantIdNumber: id, declarantResidence: { county: '652701', township: '小营盘镇', basis: 'HUKOU' } }))).status).toBe('ACCEPTED');
  });

  it('rejects an unregistered declarant without residence whose ID number is not from 652702 with MISSING_FIELD on declarantResidence', async () => {
    for (const prefix of ['652701', '652723', '659007', '410102']) {
      const r = await row(marketSale({ declarantIdNumber: f.uniqueIdNumber(prefix) }));
      expect(r).toMatchObject({ status: 'REJECTED', reason: 'MISSING_FIELD', field: 'declarantResidence' });
    }
  });

  it('presumes an Alashankou residence from a 652702 ID number, flagged as presumed', async () => {
    const id = f.uniqueIdNumber('652702');
    expect((await row(marketSale({ declarantIdNumber: id }))).status).toBe('ACCEPTED');
    expect((await customs().gql(RESIDENT, { id })).data.resident)
      .toEqual({ county: '652702', township: null, residenceBasis: 'HUKOU', residencePresumed: true, eligible: true });
  });

  it('rejects a stated residence without a township where the county needs one, and a malformed county', async () => {
    const id = f.uniqueIdNumber('652723');
    expect(await row(marketSale({ declarantIdNumber: id, declarantResidence: { county: '652723', basis: 'HUKOU' } })))
      .toMatchObject({ reason: 'MISSING_FIELD', field: 'declarantResidence.township' });
    expect(await row(marketSale({ declarantIdNumber: id, declarantResidence: { county: 'Bole', township: '小营盘镇', basis: 'HUKOU' } })))
      .toMatchObject({ reason: 'INVALID_COUNTY', field: 'declarantResidence.county' });
  });

  it('judges a registered declarant by the stored residence, not by a declarantResidence sent with the row', async () => {
    const id = f.uniqueIdNumber('652701');
    await submit(customs(), [marketSale({ declarantIdNumber: id, declarantResidence: { county: '652701', township: '小营盘镇', basis: 'HUKOU' } })]);
    // The list ends 小营盘镇 on 2025-06-30: a later declaration is refused although the row claims 阿拉山口市.
    await hub.as('COMMERCE').gql(SET, { input: [{ county: '652701', township: '小营盘镇', validFrom: '2025-01-01', validTo: '2025-06-30' }] });
    const later = await row(marketSale({ declarantIdNumber: id, declaredAt: '2025-07-01T10:00:00+08:00', declarantResidence: { county: '652702', basis: 'HABITUAL' } }));
    expect(later).toMatchObject({ status: 'REJECTED', reason: 'NOT_BORDER_RESIDENT', field: 'declarantIdNumber' });
  });
});

describe('the border-township list: validity dates', () => {
  it('respects validFrom and validTo (both inclusive) on the declaration date', async () => {
    const set = await hub.as('COMMERCE').gql(SET, { input: [
      { county: '652723', township: '哈日布呼镇', validFrom: '2025-03-01', validTo: '2025-05-31' },
      { county: '652723', township: '哈日布呼镇', validFrom: '2025-08-01', validTo: null },
    ] });
    expect(set.errors).toBeUndefined();
    const declareOn = async (day: string) => (await row(marketSale({
      declarantIdNumber: f.uniqueIdNumber('652723'), declaredAt: `${day}T10:00:00+08:00`,
      declarantResidence: { county: '652723', township: '哈日布呼镇', basis: 'HABITUAL' },
    }))).reason ?? 'ACCEPTED';
    expect(await declareOn('2025-02-28')).toBe('NOT_BORDER_RESIDENT');
    expect(await declareOn('2025-03-01')).toBe('ACCEPTED');
    expect(await declareOn('2025-05-31')).toBe('ACCEPTED');
    expect(await declareOn('2025-06-01')).toBe('NOT_BORDER_RESIDENT');
    expect(await declareOn('2025-08-01')).toBe('ACCEPTED');
    // 阿拉山口市 needs no entry: the whole city qualifies on any date.
    expect((await row(marketSale({ declarantIdNumber: f.uniqueIdNumber('410102'), declaredAt: '2025-06-01T10:00:00+08:00',
      declarantResidence: { county: '652702', basis: 'HUKOU' } }))).status).toBe('ACCEPTED');
  });

  it('a roster is judged on the filing day against the current list', async () => {
    await hub.as('COMMERCE').gql(SET, { input: [{ county: '659007', township: '九十团', validFrom: '2099-01-01', validTo: null }] });
    const id = f.uniqueIdNumber('659007');
    const r = await hub.as('COMMERCE').gql('mutation($input: CooperativeInput!) { fileCooperative(input: $input) { id } }', {
      input: { ...(await import('../../support/registry')).cooperativeInput({}, [id]), members: [{ name: '边民', idNumber: id, county: '659007', township: '九十团', residenceBasis: 'HUKOU' }] },
    });
    expect(r.errors?.[0]?.extensions).toMatchObject({ reason: 'NOT_BORDER_RESIDENT', field: 'members[0].county' });
  });
});

describe('setBorderTownships (COMMERCE)', () => {
  it('is readable by every agency and replaces the whole list', async () => {
    const e = await f.enterprise(hub.db);
    expect(sorted((await hub.as('ENTERPRISE', e.id).gql(LIST)).data.borderTownships)).toEqual(sorted(SEEDED));
    const next = [{ county: '652701', township: '小营盘镇', validFrom: '2025-01-01', validTo: '2026-12-31' }];
    expect((await hub.as('COMMERCE').gql(SET, { input: next })).data.setBorderTownships).toEqual(next);
    expect(await listNow()).toEqual(next);
  });

  it.each(['CUSTOMS', 'MARKET_REGULATION', 'PREFECTURE_COMMERCE', 'OPERATOR'] as const)('%s cannot set the list (FORBIDDEN, nothing changes)', async (agency) => {
    const r = await hub.as(agency).gql(SET, { input: [] });
    expect(codeOf(r)).toBe('FORBIDDEN');
    expect(await listNow()).toEqual(sorted(SEEDED));
  });

  it.each([
    ['652702 needs no entry', [{ county: '652702', township: '艾比湖镇', validFrom: '2025-01-01' }], 'input[0].county', 'INVALID_COUNTY'],
    ['a county outside the pilot', [{ county: '110105', township: '东华门街道', validFrom: '2025-01-01' }], 'input[0].county', 'INVALID_COUNTY'],
    ['a blank township', [SEEDED[0], { county: '652701', township: '  ', validFrom: '2025-01-01' }], 'input[1].township', 'MISSING_FIELD'],
    ['validTo before validFrom', [{ county: '652701', township: '小营盘镇', validFrom: '2025-06-01', validTo: '2025-05-31' }], 'input[0].validTo', 'INVALID_DATE_RANGE'],
    ['overlapping periods of one township', [
      { county: '652701', township: '小营盘镇', validFrom: '2025-01-01', validTo: '2025-12-31' },
      { county: '652701', township: '小营盘镇', validFrom: '2025-12-31', validTo: null },
    ], 'input[1].validFrom', 'INVALID_DATE_RANGE'],
    ['an open period overlapping a later one', [
      { county: '652701', township: '小营盘镇', validFrom: '2025-01-01', validTo: null },
      { county: '652701', township: '小营盘镇', validFrom: '2026-01-01', validTo: '2026-12-31' },
    ], 'input[1].validFrom', 'INVALID_DATE_RANGE'],
  ])('refuses %s and changes nothing', async (_why, input, field, reason) => {
    const r = await hub.as('COMMERCE').gql(SET, { input });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, reason });
    expect(r.errors![0]!.message).toMatch(/^[\u3400-\u9fff]/);
    expect(await listNow()).toEqual(sorted(SEEDED));
  });

  it.runIf(inject('testDb').kind === 'postgres')('two concurrent replacements leave one whole list, never a mix', async () => {
    const listOf = (tag: string) => Array.from({ length: 30 }, (_, i) => ({ county: '652723', township: `${tag}乡${i}`, validFrom: '2025-01-01', validTo: null }));
    for (let round = 0; round < 5; round++) {
      const [a, b] = [listOf(`甲${round}`), listOf(`乙${round}`)];
      const rs = await Promise.all([hub.as('COMMERCE').gql(SET, { input: a }), hub.as('COMMERCE').gql(SET, { input: b })]);
      expect(rs.map((r) => r.errors)).toEqual([undefined, undefined]);
      const now = await listNow();
      expect([sorted(a), sorted(b)]).toContainEqual(now);
    }
  });

  it('takes effect at once for declarations of this process (the cached list is dropped)', async () => {
    const input = (id: string) => marketSale({ declarationNo: uniqueNo(), declarantIdNumber: id, declarantResidence: { county: '652701', township: '达勒特镇', basis: 'HUKOU' } });
    expect((await row(input(f.uniqueIdNumber('652701')))).reason).toBe('NOT_BORDER_RESIDENT');
    await hub.as('COMMERCE').gql(SET, { input: [...SEEDED, { county: '652701', township: '达勒特镇', validFrom: '2025-01-01', validTo: null }] });
    expect((await row(input(f.uniqueIdNumber('652701')))).status).toBe('ACCEPTED');
  });
});

describe('residence is personal data (SPEC §9 resident-name class, §14)', () => {
  it('customs and commerce read residence; an enterprise reaching a declarant sees eligible but not where the person lives', async () => {
    const id = f.uniqueIdNumber('410102');
    const chain = await landingChain(hub.db, { memberIds: [id], residences: { [id]: { county: '652702', township: '阿拉山口街道', residenceBasis: 'HABITUAL' } } });
    const no = uniqueNo('R');
    expect((await submit(customs(), [landing(chain, { declarationNo: no, declarantIdNumber: id })])).accepted).toBe(1);
    const Q = 'query($no: String!) { declaration(declarationNo: $no) { declarant { county township residenceBasis residencePresumed eligible } } }';
    const full = { county: '652702', township: '阿拉山口街道', residenceBasis: 'HABITUAL', residencePresumed: false, eligible: true };
    expect((await customs().gql(Q, { no })).data.declaration.declarant).toEqual(full);
    expect((await hub.as('COMMERCE').gql(Q, { no })).data.declaration.declarant).toEqual(full);
    const asEnterprise = await hub.as('ENTERPRISE', chain.enterpriseId).gql(Q, { no });
    expect(asEnterprise.data.declaration.declarant).toEqual({ county: null, township: null, residenceBasis: null, residencePresumed: null, eligible: true });
    expect(asEnterprise.errors!.map((e: any) => e.extensions.code)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
  });

  it('a residence field returned puts the resident into the access log like the name; eligible does not', async () => {
    const id = f.uniqueIdNumber();
    const c = await f.cooperative(hub.db, { memberIds: [id], residences: { [id]: { county: '652702', township: '艾比湖镇', residenceBasis: 'HUKOU' } } });
    const sub = `residence-${Date.now()}`;
    const as = hub.as('COMMERCE', null, sub);
    await as.gql('query($c: ID) { cooperative(id: $c) { members { id township } } }', { c: c.id });
    await as.gql('query($c: ID) { cooperative(id: $c) { members { id county residenceBasis } } }', { c: c.id });
    await as.gql('query($c: ID) { cooperative(id: $c) { members { id eligible } } }', { c: c.id });
    await hub.app.accessLog.flush();
    const LOG = 'query($sub: String) { auditLog(filter: { sub: $sub }) { edges { node { personalRecordIds } } } }';
    const rows = (await hub.as('AUDITOR').gql(LOG, { sub })).data.auditLog.edges.map((e: any) => e.node.personalRecordIds);
    const residentId = (await customs().gql('query($id: String!) { resident(idNumber: $id) { id } }', { id: c.memberIds[0] })).data.resident.id;
    expect(rows, JSON.stringify(rows)).toEqual([[residentId], [residentId], []]);
  });
});
