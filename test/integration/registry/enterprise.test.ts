/** fileEnterprise and approveEnterprise over HTTP (SPEC §4, §12). */
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterprisesTable } from '../../../src/modules/registry/table';
import { beijingDate } from '../../../src/shared/time';
import * as f from '../../support/factories';
import { codeOf, reasonOf, startHub, type TestHub } from '../../support/hub';
import { APPROVE_ENTERPRISE, FILE_ENTERPRISE, enterpriseInput } from '../../support/registry';

let hub: TestHub;
beforeAll(async () => { hub = await startHub(); });
afterAll(async () => { await hub?.close(); });

const file = (over: Record<string, unknown> = {}) => hub.as('COMMERCE').gql(FILE_ENTERPRISE, { input: enterpriseInput(over) });
const seq = (filingNo: string) => Number(filingNo.slice(-4));
const enterpriseCount = async () => Number((await hub.db.select({ n: count() }).from(enterprisesTable))[0]!.n);

/** Asserts a rejected filing: the error's code/field/reason, no data, nothing stored. */
async function rejected(over: Record<string, unknown>, field: string, reason: string) {
  const before = await enterpriseCount();
  const r = await file(over);
  expect(r.errors?.[0]?.extensions, JSON.stringify(r.errors)).toMatchObject({ code: 'BAD_USER_INPUT', field, reason });
  expect(r.errors![0]!.message.length).toBeGreaterThan(10);
  expect(r.data?.fileEnterprise ?? null).toBeNull();
  expect(await enterpriseCount()).toBe(before);
}

describe('fileEnterprise', () => {
  it('stores the filing as PENDING with a filing number ALSK-E-<Beijing year>-NNNN and echoes the input', async () => {
    const input = enterpriseInput({ uscc: ` ${f.uniqueUscc().toLowerCase()} ` });
    const r = await hub.as('COMMERCE').gql(FILE_ENTERPRISE, { input });
    const e = r.data.fileEnterprise;
    expect(e).toMatchObject({
      status: 'PENDING', filedAt: null, source: 'COMMERCE', name: input.name, county: '652702', uscc: input.uscc.trim().toUpperCase(),
      importScaleYuan: '10000000.00', capacityTonnesPerYear: 5000, declaredValueAddRate: 0.25, declaredLossRate: 0.02,
      rawMaterials: ['1206'], taxpayerType: 'GENERAL', inBondedZone: true,
      legalRepresentative: { name: '王建国', phone: '13912345678', address: '阿拉山口市友谊路1号' },
    });
    expect(e.filingNo).toMatch(new RegExp(`^ALSK-E-${beijingDate(new Date()).slice(0, 4)}-\\d{4}$`));
  });

  it('numbers consecutive filings consecutively', async () => {
    const a = (await file()).data.fileEnterprise.filingNo;
    const b = (await file()).data.fileEnterprise.filingNo;
    expect(seq(b)).toBe(seq(a) + 1);
  });

  it('gives concurrent filings distinct numbers without gaps', async () => {
    const first = seq((await file()).data.fileEnterprise.filingNo);
    const rs = await Promise.all(Array.from({ length: 6 }, () => file()));
    const nums = rs.map((r) => seq(r.data.fileEnterprise.filingNo)).sort((x, y) => x - y);
    expect(nums).toEqual([1, 2, 3, 4, 5, 6].map((k) => first + k));
  });

  it('does not use up a filing number on a rejected filing', async () => {
    const a = seq((await file()).data.fileEnterprise.filingNo);
    const uscc = f.uniqueUscc();
    await file({ uscc });
    const dup = await file({ uscc });
    expect(reasonOf(dup)).toBe('KEY_CONFLICT');
    const b = seq((await file()).data.fileEnterprise.filingNo);
    expect(b).toBe(a + 2);
  });

  it('stores a mobile number without +86 and spaces', async () => {
    const r = await file({ legalRepresentative: { name: '李军', phone: '+86 139 1234 5678' } });
    expect(r.data.fileEnterprise.legalRepresentative.phone).toBe('13912345678');
  });

  it('accepts a Bortala landline as the phone', async () => {
    const r = await file({ legalRepresentative: { name: '李军', phone: '0909-6991234' } });
    expect(r.data.fileEnterprise.legalRepresentative.phone).toBe('0909-6991234');
  });

  it('refuses an invalid USCC with field uscc', async () => {
    await rejected({ uscc: '91652702MA7Q2K3B8M' }, 'uscc', 'INVALID_USCC');
    await rejected({ uscc: '91652702MAOQ2K3B8L' }, 'uscc', 'INVALID_USCC');
    await rejected({ uscc: '91652702MA7Q2K3B8' }, 'uscc', 'INVALID_USCC');
  });

  it('refuses a second enterprise with the same USCC (also in lowercase) with KEY_CONFLICT', async () => {
    const uscc = f.uniqueUscc();
    expect((await file({ uscc })).data.fileEnterprise.uscc).toBe(uscc);
    await rejected({ uscc }, 'uscc', 'KEY_CONFLICT');
    await rejected({ uscc: uscc.toLowerCase() }, 'uscc', 'KEY_CONFLICT');
  });

  it('refuses a phone that is neither a mobile nor a Bortala landline', async () => {
    await rejected({ legalRepresentative: { name: '李军', phone: '12345' } }, 'legalRepresentative.phone', 'INVALID_PHONE');
    await rejected({ legalRepresentative: { name: '李军', phone: '0991-6991234' } }, 'legalRepresentative.phone', 'INVALID_PHONE');
  });

  it('refuses negative amounts', async () => {
    await rejected({ importScaleYuan: '-1.00' }, 'importScaleYuan', 'NEGATIVE_AMOUNT');
    await rejected({ capacityTonnesPerYear: -5 }, 'capacityTonnesPerYear', 'NEGATIVE_AMOUNT');
  });

  it('refuses a county that is not a six-digit admin division code', async () => {
    await rejected({ county: '65270' }, 'county', 'INVALID_COUNTY');
    await rejected({ county: 'Alashankou' }, 'county', 'INVALID_COUNTY');
  });

  it('refuses declared rates out of range', async () => {
    await rejected({ declaredLossRate: 1.5 }, 'declaredLossRate', 'INVALID_VALUE');
    await rejected({ declaredLossRate: -0.01 }, 'declaredLossRate', 'INVALID_VALUE');
    await rejected({ declaredValueAddRate: -0.2 }, 'declaredValueAddRate', 'INVALID_VALUE');
    await rejected({ declaredValueAddRate: 101 }, 'declaredValueAddRate', 'INVALID_VALUE');
  });

  it('refuses a capacity beyond what the column holds, as an input error', async () => {
    await rejected({ capacityTonnesPerYear: 1e12 }, 'capacityTonnesPerYear', 'INVALID_VALUE');
  });

  it('refuses raw materials that are not HS code prefixes, naming the element', async () => {
    await rejected({ rawMaterials: ['1206', '12x'] }, 'rawMaterials[1]', 'INVALID_HS_CODE');
  });

  it('refuses an empty name and an empty legal representative name', async () => {
    await rejected({ name: '  ' }, 'name', 'MISSING_FIELD');
    await rejected({ legalRepresentative: { name: ' ' } }, 'legalRepresentative.name', 'MISSING_FIELD');
  });

  it('refuses an amount with more than 2 decimals before any resolver runs', async () => {
    const before = await enterpriseCount();
    const r = await file({ importScaleYuan: '1.005' });
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(await enterpriseCount()).toBe(before);
  });

  it('keeps an amount sent as a string exact', async () => {
    const r = await file({ importScaleYuan: '1234567890123456.78' });
    expect(r.data.fileEnterprise.importScaleYuan).toBe('1234567890123456.78');
  });
});

describe('approveEnterprise', () => {
  it('moves PENDING to FILED and sets filedAt', async () => {
    const { id } = (await file()).data.fileEnterprise;
    const before = Date.now();
    const r = await hub.as('COMMERCE').gql(APPROVE_ENTERPRISE, { id });
    expect(r.data.approveEnterprise).toMatchObject({ id, status: 'FILED' });
    expect(Date.parse(r.data.approveEnterprise.filedAt)).toBeGreaterThanOrEqual(before - 1000);
    const [row] = await hub.db.select().from(enterprisesTable).where(eq(enterprisesTable.id, id));
    expect(row!.status).toBe('FILED');
  });

  it('refuses to approve twice with INVALID_STATUS and leaves filedAt alone', async () => {
    const { id } = (await file()).data.fileEnterprise;
    const first = await hub.as('COMMERCE').gql(APPROVE_ENTERPRISE, { id });
    const second = await hub.as('COMMERCE').gql(APPROVE_ENTERPRISE, { id });
    expect(second.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_STATUS', field: 'id' });
    const [row] = await hub.db.select().from(enterprisesTable).where(eq(enterprisesTable.id, id));
    expect(first.data.approveEnterprise.filedAt).toMatch(/\+08:00$/);
    expect(Date.parse(first.data.approveEnterprise.filedAt)).toBe(row!.filedAt!.getTime());
  });

  it('answers NOT_FOUND for an unknown id and for a malformed one', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const r = await hub.as('COMMERCE').gql(APPROVE_ENTERPRISE, { id });
      expect(codeOf(r), id).toBe('NOT_FOUND');
    }
  });
});

describe('filing numbers', () => {
  it('take the year of the Beijing date, not the UTC one (31 Dec 17:00 UTC is already 1 Jan in Beijing)', async () => {
    const { nextFilingNo } = await import('../../../src/modules/registry/store');
    const rollback = new Error('rollback');
    let got = '';
    await hub.db.transaction(async (tx) => {
      got = await nextFilingNo(tx, 'E', new Date('2030-12-31T17:00:00Z'));
      throw rollback;
    }).catch((e) => { if (e !== rollback) throw e; });
    expect(got).toBe('ALSK-E-2031-0001');
  });
});
