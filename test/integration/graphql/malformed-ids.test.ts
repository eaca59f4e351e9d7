/**
 * Every id a query accepts, given a value that is not a UUID, names nothing: an empty answer (or a
 * coded refusal), never INTERNAL_SERVER_ERROR from a uuid column (the fuzz test covers mutations).
 */
import { describe, expect, test } from '../../support/fixtures';

const BAD = 'not-a-uuid';
const CASES: [agency: string, query: string][] = [
  ['COMMERCE', `{ enterprise(id: "${BAD}") { id } }`],
  ['COMMERCE', `{ cooperative(id: "${BAD}") { id } }`],
  ['TAX', `{ ledgerSummaries(period: "2025-06", enterpriseIds: ["${BAD}"]) { enterpriseId } }`],
  ['CUSTOMS', `{ declarations(filter: { cooperativeId: "${BAD}", enterpriseId: "${BAD}" }) { totalCount } }`],
  ['COMMERCE', `{ discrepancies(filter: { enterpriseId: "${BAD}", cooperativeId: "${BAD}" }) { totalCount } }`],
  ['COMMERCE', `{ factoryEntries(filter: { enterpriseId: "${BAD}" }) { totalCount } }`],
  ['COMMERCE', `{ ledgerEntries(filter: { enterpriseId: "${BAD}" }) { totalCount } }`],
  ['COMMERCE', `{ monthlyReports(filter: { enterpriseId: "${BAD}" }) { totalCount } }`],
  ['COMMERCE', `{ quarterlyReports(filter: { enterpriseId: "${BAD}", cooperativeId: "${BAD}" }) { totalCount } }`],
  ['MARKET_REGULATION', `{ inspections(filter: { subjectId: "${BAD}" }) { totalCount } }`],
];

describe('malformed ids in queries', () => {
  test.for(CASES)('%s %s', async ([agency, query], { as }) => {
    const r = await as(agency as never).gql(query);
    for (const e of r.errors ?? []) expect(e.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
  });
});
