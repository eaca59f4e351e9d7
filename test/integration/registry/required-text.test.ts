/** Required text that is blank is missing (issue 16: a blank township was accepted). */
import { FILE_COOPERATIVE, cooperativeInput } from '../../support/registry';
import { describe, expect, test } from '../../support/fixtures';

describe('fileCooperative', () => {
  test.for(['', '   ', '\t\n'])('refuses a blank township (%j) as MISSING_FIELD and stores nothing', async (township, { as }) => {
    const input = cooperativeInput({ township, name: `空乡镇互助组${Math.random()}` });
    const r = await as('COMMERCE').gql(FILE_COOPERATIVE, { input });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MISSING_FIELD', field: 'township' });
    const list = await as('COMMERCE').gql('query($n: String) { cooperatives(filter: { nameContains: $n }) { totalCount } }', { n: input.name });
    expect(list.data.cooperatives.totalCount).toBe(0);
  });

  test('stores the township trimmed, and a blank member township as none', async ({ as }) => {
    const input = cooperativeInput({ township: '  阿拉山口街道 ' });
    input.members[0]!.township = '  ';
    const r = await as('COMMERCE').gql(FILE_COOPERATIVE, { input });
    expect(r.errors).toBeUndefined();
    const c = await as('COMMERCE').gql('query($id: ID) { cooperative(id: $id) { township members { township } } }', { id: r.data.fileCooperative.id });
    expect(c.data.cooperative.township).toBe('阿拉山口街道');
    expect(c.data.cooperative.members.map((m: any) => m.township).sort()).toEqual(['艾比湖镇', null].sort());
  });
});
