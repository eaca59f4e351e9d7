import { describe, expect, test } from '../../support/fixtures';
import { landing, marketSale, reasonOfRow } from '../../support/customs';
import { codeOf, reasonOf } from '../../support/hub';

/** SPEC §15: commodity lists as data with an API; declarations judged by the version in force on their date. */
const LISTS = `query($a: Date) { commodityLists(asOf: $a) { list hsPrefix name category version effectiveFrom effectiveTo } }`;
const SET = `mutation($input: CommodityListInput!) { setCommodityList(input: $input) { list hsPrefix version effectiveFrom effectiveTo } }`;
const sowing = (hsCode: string, day: string) => marketSale({ declaredAt: `${day}T10:00:00+08:00`, lines: [{ hsCode, commodityName: '种用', quantityKg: 1, valueYuan: '10.00' }] });

describe('commodity lists (SPEC §15)', () => {
  test('shows the version in force on a date to every agency', async ({ as }) => {
    const before = (await as('ANALYST').gql(LISTS, { a: '2026-06-01' })).data.commodityLists;
    expect(before.find((e: any) => e.hsPrefix === '12011000')).toEqual({
      list: 'NEGATIVE', hsPrefix: '12011000', name: '种用大豆 soybeans for sowing', category: 'SEED_FOR_SOWING', version: '2025-01', effectiveFrom: '2025-01-01', effectiveTo: '2026-11-30',
    });
    expect(before.find((e: any) => e.hsPrefix === '12051010')).toBeUndefined();
    expect(before.find((e: any) => e.hsPrefix === '1206')).toMatchObject({ list: 'PILOT', version: '2025-01', effectiveTo: null });
    const after = (await as('ENTERPRISE', '00000000-0000-0000-0000-000000000001').gql(LISTS, { a: '2026-12-01' })).data.commodityLists;
    const negative = after.filter((e: any) => e.list === 'NEGATIVE');
    expect(negative.every((e: any) => e.version === '2026-12')).toBe(true);
    expect(negative.map((e: any) => e.hsPrefix)).toEqual(expect.arrayContaining(['12011000', '12060010', '12051010', '12059010', '12074010', '12075010', '12076010', '12077010', '24']));
  });

  test('judges a for-sowing line by the negative list of its date', async ({ as }) => {
    expect(await reasonOfRow(as('CUSTOMS'), sowing('12074010', '2026-12-05'))).toBe('NEGATIVE_LIST');
    expect(await reasonOfRow(as('CUSTOMS'), sowing('12051010', '2026-12-01'))).toBe('NEGATIVE_LIST');
    expect(await reasonOfRow(as('CUSTOMS'), sowing('12076010', '2026-12-02'))).toBe('NEGATIVE_LIST');
    expect(await reasonOfRow(as('CUSTOMS'), sowing('12051010', '2026-11-30'))).toBe('ACCEPTED');
    expect(await reasonOfRow(as('CUSTOMS'), sowing('12011000', '2026-11-30'))).toBe('NEGATIVE_LIST');
  });

  test('lets commerce publish a pilot version that the next batch is judged by', async ({ as, seed }) => {
    const chain = await seed.landingChain({ hsCodes: ['1206', '0801'], validFrom: '2040-01-01', validTo: '2040-12-31' });
    const cashew = (day: string, m = 0) => landing(chain, { declarantIdNumber: chain.members[m], declaredAt: `${day}T10:00:00+08:00`, lines: [{ hsCode: '08013200', commodityName: '腰果', quantityKg: 1, valueYuan: '10.00' }] });
    const sunflower = (day: string, m = 0) => landing(chain, { declarantIdNumber: chain.members[m], declaredAt: `${day}T10:00:00+08:00`, lines: [{ hsCode: '12060090', commodityName: '葵花籽', quantityKg: 1, valueYuan: '10.00' }] });
    expect(await reasonOfRow(as('CUSTOMS'), cashew('2040-03-01'))).toBe('NOT_PILOT_COMMODITY');

    const input = { list: 'PILOT', version: '2040-01', effectiveFrom: '2040-03-02', entries: [{ hsPrefix: '0801', name: '腰果 cashew', category: 'DRIED_FRUIT' }, { hsPrefix: '120190', name: '大豆' }] };
    expect(codeOf(await as('CUSTOMS').gql(SET, { input }))).toBe('FORBIDDEN');
    const r = await as('COMMERCE').gql(SET, { input });
    expect(r.data.setCommodityList).toEqual([
      { list: 'PILOT', hsPrefix: '0801', version: '2040-01', effectiveFrom: '2040-03-02', effectiveTo: null },
      { list: 'PILOT', hsPrefix: '120190', version: '2040-01', effectiveFrom: '2040-03-02', effectiveTo: null },
    ]);
    // the old version ends the day before; sunflower seed left the list
    expect(await reasonOfRow(as('CUSTOMS'), cashew('2040-03-01', 1))).toBe('NOT_PILOT_COMMODITY');
    expect(await reasonOfRow(as('CUSTOMS'), cashew('2040-03-02', 1))).toBe('ACCEPTED');
    expect(await reasonOfRow(as('CUSTOMS'), sunflower('2040-03-01', 2))).toBe('ACCEPTED');
    expect(await reasonOfRow(as('CUSTOMS'), sunflower('2040-03-02', 2))).toBe('NOT_PILOT_COMMODITY');
    const pilot = (await as('OPERATOR').gql(LISTS, { a: '2040-03-02' })).data.commodityLists.filter((e: any) => e.list === 'PILOT');
    expect(pilot.map((e: any) => e.hsPrefix)).toEqual(['0801', '120190']);
    expect((await as('OPERATOR').gql(LISTS, { a: '2040-03-01' })).data.commodityLists.find((e: any) => e.hsPrefix === '1206')).toMatchObject({ effectiveTo: '2040-03-01' });

    // a version name is used once; a version takes effect after the latest; nothing is written on refusal
    expect(reasonOf(await as('COMMERCE').gql(SET, { input: { ...input, effectiveFrom: '2041-01-01' } }))).toBe('DUPLICATE');
    expect(reasonOf(await as('COMMERCE').gql(SET, { input: { ...input, version: '2040-02', effectiveFrom: '2040-03-02' } }))).toBe('INVALID_DATE_RANGE');
    expect(reasonOf(await as('COMMERCE').gql(SET, { input: { ...input, version: '2040-03', effectiveFrom: '2040-06-01', entries: [{ hsPrefix: '08x', name: 'x' }] } }))).toBe('INVALID_HS_CODE');
    expect(reasonOf(await as('COMMERCE').gql(SET, { input: { ...input, version: '2040-03', effectiveFrom: '2040-06-01', entries: [] } }))).toBe('INVALID_VALUE');
    expect((await as('OPERATOR').gql(LISTS, { a: '2040-07-01' })).data.commodityLists.filter((e: any) => e.list === 'PILOT').map((e: any) => e.version)).toEqual(['2040-01', '2040-01']);
  });
});
