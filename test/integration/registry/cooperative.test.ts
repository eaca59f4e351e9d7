/** fileCooperative and approveCooperative over HTTP (SPEC §4, §12): the roster is all-or-nothing. */
import { count, eq, getTableColumns, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { borderResidentsTable, cooperativeMembershipsTable, cooperativesTable } from '../../../src/modules/registry/table';
import { beijingDate } from '../../../src/shared/time';
import * as f from '../../support/factories';
import { codeOf, startHub, type TestHub } from '../../support/hub';
import { APPROVE_COOPERATIVE, FILE_COOPERATIVE, cooperativeInput } from '../../support/registry';

let hub: TestHub;
beforeAll(async () => { hub = await startHub(); });
afterAll(async () => { await hub?.close(); });

const file = (over: Record<string, unknown> = {}, ids?: string[]) =>
  hub.as('COMMERCE').gql(FILE_COOPERATIVE, { input: cooperativeInput(over, ids) });
const counts = async () => ({
  cooperatives: Number((await hub.db.select({ n: count() }).from(cooperativesTable))[0]!.n),
  residents: Number((await hub.db.select({ n: count() }).from(borderResidentsTable))[0]!.n),
});
/** Stored residents with the cooperative of their (single, in these tests) membership. */
const residentsWith = (ids: string[]) => hub.db.select({ ...getTableColumns(borderResidentsTable), cooperativeId: cooperativeMembershipsTable.cooperativeId })
  .from(borderResidentsTable).leftJoin(cooperativeMembershipsTable, eq(cooperativeMembershipsTable.residentId, borderResidentsTable.id))
  .where(inArray(borderResidentsTable.idNumber, ids));

/** A rejected filing: the error as SPEC §3 says, and neither a cooperative nor a resident stored. */
async function rejected(over: Record<string, unknown>, ids: string[] | undefined, field: string, reason: string) {
  const before = await counts();
  const r = await file(over, ids);
  expect(r.errors?.[0]?.extensions, JSON.stringify(r.errors)).toMatchObject({ code: 'BAD_USER_INPUT', field, reason });
  expect(r.data?.fileCooperative ?? null).toBeNull();
  expect(await counts()).toEqual(before);
  return r;
}

describe('fileCooperative', () => {
  it('stores the cooperative as PENDING with its roster, and memberCount comes from the roster', async () => {
    const ids = [f.uniqueIdNumber(), f.uniqueIdNumber('652701'), f.uniqueIdNumber('659007')];
    const r = await file({ members: [
      { name: '边民0', idNumber: ids[0] },
      { name: '边民1', idNumber: ids[1], county: '652701', township: '小营盘镇', residenceBasis: 'HUKOU' },
      { name: '边民2', idNumber: ids[2], county: '659007', township: '九十团', residenceBasis: 'HABITUAL' },
    ] }, ids);
    const c = r.data.fileCooperative;
    expect(c).toMatchObject({ status: 'PENDING', kind: 'MUTUAL_AID_GROUP', memberCount: 3 });
    expect(c.filingNo).toMatch(new RegExp(`^ALSK-C-${beijingDate(new Date()).slice(0, 4)}-\\d{4}$`));
    // COMMERCE reads the roster masked (§9); the database holds the full numbers.
    expect(c.members.map((m: any) => m.idNumber).sort()).toEqual(ids.map((i) => `${i.slice(0, 6)}********${i.slice(-4)}`).sort());
    const stored = await residentsWith(ids);
    expect(stored).toHaveLength(3);
    expect(stored.every((m) => m.cooperativeId === c.id)).toBe(true);
    expect(stored.map((m) => m.county).sort()).toEqual(['652701', '652702', '659007']);
  });

  it('counts members from the stored roster, not from any input figure', async () => {
    const c = (await file({}, [f.uniqueIdNumber(), f.uniqueIdNumber()])).data.fileCooperative;
    const [added] = await hub.db.insert(borderResidentsTable).values({ name: '新成员', idNumber: f.uniqueIdNumber(), county: '652702', source: 'COMMERCE' }).returning();
    await hub.db.insert(cooperativeMembershipsTable).values({ cooperativeId: c.id, residentId: added!.id, joinedOn: beijingDate(new Date()), source: 'COMMERCE' });
    const r = await hub.as('COMMERCE').gql('query($id: ID) { cooperative(id: $id) { memberCount } }', { id: c.id });
    expect(r.data.cooperative.memberCount).toBe(3);
  });

  it('stores a lowercase x of an ID number in uppercase', async () => {
    let x = '';
    for (let i = 0; !x && i < 500; i++) { const n = f.uniqueIdNumber(); if (n.endsWith('X')) x = n; }
    const r = await file({}, [x.toLowerCase()]);
    expect(r.data.fileCooperative.members[0].idNumber).toBe(`${x.slice(0, 6)}********${x.slice(-4)}`);
    expect((await residentsWith([x])).map((m) => m.idNumber)).toEqual([x]);
  });

  it('stores the head mobile without +86 and spaces', async () => {
    const r = await file({ head: { name: '艾力', mobile: '+86 138 1234 5678' } });
    expect(r.data.fileCooperative.head).toEqual({ name: '艾力', mobile: '13812345678' });
  });

  it('refuses a roster with one bad ID number: INVALID_ID_NUMBER at members[i].idNumber, and nothing is stored', async () => {
    const good = [f.uniqueIdNumber(), f.uniqueIdNumber()];
    await rejected({}, [good[0]!, good[1]!, '652702199001010012'], 'members[2].idNumber', 'INVALID_ID_NUMBER');
    expect(await residentsWith(good)).toEqual([]);
  });

  it.each([
    ['1985-02-30', '652702198502300012'],
    ['17 characters', '65270219900101001'],
    ['15-digit form', '652702900101001'],
  ])('refuses an ID number (%s)', async (_why, bad) => {
    await rejected({}, [f.uniqueIdNumber(), bad], 'members[1].idNumber', 'INVALID_ID_NUMBER');
  });

  it('refuses a new member whose ID number is not from 652702 and who has no stated residence with MISSING_FIELD (SPEC §14)', async () => {
    const good = f.uniqueIdNumber();
    await rejected({}, [good, '11010519491231002X'], 'members[1].county', 'MISSING_FIELD');
    await rejected({}, [good, f.uniqueIdNumber('652701')], 'members[1].county', 'MISSING_FIELD');
    expect(await residentsWith([good])).toEqual([]);
  });

  it('refuses a Bole resident of a township not on the border-township list with NOT_BORDER_RESIDENT, naming the residence', async () => {
    const id = f.uniqueIdNumber('652701');
    const r = await rejected({ members: [{ name: '边民', idNumber: id, county: '652701', township: '青得里街道', residenceBasis: 'HUKOU' }] }, [id], 'members[0].county', 'NOT_BORDER_RESIDENT');
    expect(r.errors![0]!.message).toMatch(/^非边境地区边民/);
    expect(r.errors![0]!.message).toContain('青得里街道');
  });

  it('accepts a member born elsewhere (ID 410…) who lives in 阿拉山口市, and flags the residence stated', async () => {
    const id = f.uniqueIdNumber('410102');
    const r = await file({ members: [{ name: '边民', idNumber: id, county: '652702', township: '阿拉山口街道', residenceBasis: 'HABITUAL' }] }, [id]);
    expect(r.errors).toBeUndefined();
    const q = await hub.as('CUSTOMS').gql('query($id: String!) { resident(idNumber: $id) { county township residenceBasis residencePresumed eligible } }', { id });
    expect(q.data.resident).toEqual({ county: '652702', township: '阿拉山口街道', residenceBasis: 'HABITUAL', residencePresumed: false, eligible: true });
  });

  it('presumes an Alashankou residence from a 652702 ID number and says so', async () => {
    const id = f.uniqueIdNumber('652702');
    expect((await file({ members: [{ name: '边民', idNumber: id }] }, [id])).errors).toBeUndefined();
    const q = await hub.as('CUSTOMS').gql('query($id: String!) { resident(idNumber: $id) { county residenceBasis residencePresumed eligible } }', { id });
    expect(q.data.resident).toEqual({ county: '652702', residenceBasis: 'HUKOU', residencePresumed: true, eligible: true });
  });

  it('refuses a stated residence without its basis, or without a township where the county needs one', async () => {
    const id = f.uniqueIdNumber('652701');
    await rejected({ members: [{ name: '边民', idNumber: id, county: '652701', township: '小营盘镇' }] }, [id], 'members[0].residenceBasis', 'MISSING_FIELD');
    await rejected({ members: [{ name: '边民', idNumber: id, county: '652701', residenceBasis: 'HUKOU' }] }, [id], 'members[0].township', 'MISSING_FIELD');
    await rejected({ members: [{ name: '边民', idNumber: id, county: '65270', residenceBasis: 'HUKOU' }] }, [id], 'members[0].county', 'INVALID_COUNTY');
  });

  it('judges a registered resident left without residence by the stored one, and a stated residence replaces it', async () => {
    // As migration 0016 left a resident of the county-from-ID era: county from the prefix, no township, presumed.
    const id = f.uniqueIdNumber('652701');
    await hub.db.insert(borderResidentsTable).values({ name: '旧边民', idNumber: id, county: '652701', residencePresumed: true, source: 'CUSTOMS' });
    const r = await rejected({ members: [{ name: '旧边民', idNumber: id }] }, [id], 'members[0].idNumber', 'NOT_BORDER_RESIDENT');
    expect(r.errors![0]!.message).toContain('presumed');
    expect((await file({ members: [{ name: '旧边民', idNumber: id, county: '652701', township: '小营盘镇', residenceBasis: 'HUKOU' }] }, [id])).errors).toBeUndefined();
    const q = await hub.as('CUSTOMS').gql('query($id: String!) { resident(idNumber: $id) { county township residenceBasis residencePresumed eligible } }', { id });
    expect(q.data.resident).toEqual({ county: '652701', township: '小营盘镇', residenceBasis: 'HUKOU', residencePresumed: false, eligible: true });
  });

  it('refuses a declared county that is not a border county', async () => {
    const input = cooperativeInput();
    input.members[0] = { ...input.members[0]!, county: '110105', residenceBasis: 'HUKOU' } as never;
    const before = await counts();
    const r = await hub.as('COMMERCE').gql(FILE_COOPERATIVE, { input });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'members[0].county', reason: 'NOT_BORDER_RESIDENT' });
    expect(await counts()).toEqual(before);
  });

  it('refuses a resident who already belongs to another cooperative with ALREADY_A_MEMBER, storing nothing', async () => {
    const taken = f.uniqueIdNumber();
    const first = (await file({}, [taken])).data.fileCooperative;
    const fresh = f.uniqueIdNumber();
    await rejected({}, [fresh, taken], 'members[1].idNumber', 'ALREADY_A_MEMBER');
    expect(await residentsWith([fresh])).toEqual([]);
    const [row] = await residentsWith([taken]);
    expect(row!.cooperativeId).toBe(first.id);
  });

  it('refuses the same ID number twice in one roster', async () => {
    const id = f.uniqueIdNumber();
    await rejected({}, [id, f.uniqueIdNumber(), id], 'members[2].idNumber', 'DUPLICATE');
  });

  it('lets exactly one of two concurrent filings claim the same resident', async () => {
    const shared = f.uniqueIdNumber();
    const before = await counts();
    const [a, b] = await Promise.all([file({}, [f.uniqueIdNumber(), shared]), file({}, [shared, f.uniqueIdNumber()])]);
    const ok = [a, b].filter((r) => r.data?.fileCooperative);
    const failed = [a, b].filter((r) => r.errors);
    expect(ok).toHaveLength(1);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ALREADY_A_MEMBER' });
    const after = await counts();
    expect(after.cooperatives).toBe(before.cooperatives + 1);
    expect(after.residents).toBe(before.residents + 2);
    const [row] = await residentsWith([shared]);
    expect(row!.cooperativeId).toBe(ok[0]!.data.fileCooperative.id);
  });

  it('refuses an empty roster', async () => {
    await rejected({}, [], 'members', 'MISSING_FIELD');
  });

  it('refuses a bad postal code, phone and head mobile', async () => {
    await rejected({ postalCode: '83341' }, undefined, 'postalCode', 'INVALID_POSTAL_CODE');
    await rejected({ phone: '0991-1234567' }, undefined, 'phone', 'INVALID_PHONE');
    await rejected({ head: { name: '艾力', mobile: '0909-6991234' } }, undefined, 'head.mobile', 'INVALID_MOBILE');
    await rejected({ head: { name: ' ' } }, undefined, 'head.name', 'MISSING_FIELD');
  });

  it('refuses a negative capital and bad commodity codes', async () => {
    await rejected({ totalCapitalYuan: '-1' }, undefined, 'totalCapitalYuan', 'NEGATIVE_AMOUNT');
    await rejected({ commodities: ['abc'] }, undefined, 'commodities[0]', 'INVALID_HS_CODE');
  });
});

describe('approveCooperative', () => {
  it('moves PENDING to FILED with filedAt, refuses a second approval, and answers NOT_FOUND for unknown ids', async () => {
    const { id } = (await file()).data.fileCooperative;
    const r = await hub.as('COMMERCE').gql(APPROVE_COOPERATIVE, { id });
    expect(r.data.approveCooperative).toMatchObject({ id, status: 'FILED', filedAt: expect.any(String) });
    const [row] = await hub.db.select().from(cooperativesTable).where(eq(cooperativesTable.id, id));
    expect(row!.status).toBe('FILED');
    const again = await hub.as('COMMERCE').gql(APPROVE_COOPERATIVE, { id });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_STATUS' });
    for (const unknown of ['00000000-0000-4000-8000-000000000000', 'C-1']) {
      expect(codeOf(await hub.as('COMMERCE').gql(APPROVE_COOPERATIVE, { id: unknown }))).toBe('NOT_FOUND');
    }
  });
});
