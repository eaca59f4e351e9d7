/** A subject id that is not a UUID names nothing: an empty list, never a database error (found by the README examples test). */
import { describe, expect, test } from '../../support/fixtures';

describe('market record lists filtered by a malformed subject id', () => {
  test.for(['supervisionActions', 'inspections', 'dishonestList'])('%s answers an empty page', async (field, { as }) => {
    const r = await as('MARKET_REGULATION').gql(`{ ${field}(filter: { subjectId: "not-a-uuid" }) { totalCount } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data[field].totalCount).toBe(0);
  });
});
