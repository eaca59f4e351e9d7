/**
 * Declarations dated before the pilot (issue 16): tobacco dated 2024-12-31 escaped the negative
 * list (in force from 2025-01-01). The hub takes declarations of the pilot only (PILOT_START,
 * Beijing time) and judges any earlier date by the earliest list.
 */
import { marketSale, submit } from '../../support/customs';
import { describe, expect, test } from '../../support/fixtures';

const COUNT = 'query($no: String!) { declaration(declarationNo: $no) { id } }';

describe('declaredAt before the pilot', () => {
  test('tobacco dated 2024-12-31 is refused and nothing is stored', async ({ as }) => {
    const d = marketSale({ declaredAt: '2024-12-31T10:00:00+08:00', lines: [{ hsCode: '24011000', commodityName: '烟叶', quantityKg: 1, valueYuan: '10.00' }] });
    const r = await submit(as('CUSTOMS'), [d]);
    expect(r.rows[0]).toMatchObject({ status: 'REJECTED', code: 'BAD_USER_INPUT', reason: 'INVALID_VALUE', field: 'declaredAt' });
    expect(r.rows[0]!.message).toMatch(/^申报日期早于试点开始日 2025-01-01 \/ .*2024-12-31/);
    expect((await as('CUSTOMS').gql(COUNT, { no: d.declarationNo })).data.declaration).toBeNull();
  });

  test('the boundary is the first Beijing day of the pilot, whatever the offset written', async ({ as }) => {
    const at = (declaredAt: string) => marketSale({ declaredAt });
    const rows = (await submit(as('CUSTOMS'), [
      at('2024-12-31T23:59:59+08:00'),
      at('2024-12-31T15:59:59Z'), // 23:59:59 in Beijing
      at('2024-12-31T16:00:00Z'), // 2025-01-01 00:00 in Beijing
      at('2025-01-01T00:00:00+08:00'),
      at('0001-01-01T00:00:00Z'),
    ])).rows.map((x) => x.status === 'REJECTED' ? x.reason : x.status);
    expect(rows).toEqual(['INVALID_VALUE', 'INVALID_VALUE', 'ACCEPTED', 'ACCEPTED', 'INVALID_VALUE']);
  });

  test('a negative-list commodity dated on the first pilot day is refused as NEGATIVE_LIST', async ({ as }) => {
    const d = marketSale({ declaredAt: '2025-01-01T08:00:00+08:00', lines: [{ hsCode: '24011000', commodityName: '烟叶', quantityKg: 1, valueYuan: '10.00' }] });
    expect((await submit(as('CUSTOMS'), [d])).rows[0]).toMatchObject({ status: 'REJECTED', reason: 'NEGATIVE_LIST' });
  });
});
