/** The compiled matrix decides exactly as the matrix does (accessLevel), for every coordinate, agency and ownership. */
import { describe, expect, it } from 'vitest';
import { AGENCIES, type Viewer } from '../../../src/authz/agencies';
import { levelOf, planFor } from '../../../src/authz/compiled';
import { READ, accessLevel, accessOf } from '../../../src/authz/matrix';

const ORG = '0f8fad5b-d9cb-469f-a165-70867728950e';
const OTHER = '1f8fad5b-d9cb-469f-a165-70867728950e';
/** A row whose every owner-looking property names `org` (so OWN holds when the viewer is `org`). */
const rowOf = (org: string) => new Proxy({}, { get: (_t, k) => (k === 'cooperativeIds' ? [org] : org) });

describe('compiled authorization', () => {
  const coordinates = Object.keys(READ).map((c) => c.split('.') as [string, string]);
  it.each(coordinates)('%s.%s: same level as the matrix for every agency and row', (typeName, fieldName) => {
    for (const agency of AGENCIES) {
      for (const org of [ORG, null]) {
        const viewer: Viewer = { sub: 't', agency, org };
        const plan = planFor(accessOf(typeName, fieldName), agency, typeName);
        for (const parent of [rowOf(ORG), rowOf(OTHER)]) {
          expect(levelOf(plan, parent, viewer), `${agency} org=${org}`).toBe(accessLevel(accessOf(typeName, fieldName), viewer, typeName, parent));
        }
      }
    }
  });

  it('needs no row for an agency that cannot own one, and denies a coordinate without a row', () => {
    expect(planFor(READ['LedgerEntry.amountYuan'] ?? READ['LedgerEntry.*'], 'TAX', 'LedgerEntry')).toBe('full');
    expect(planFor(READ['LedgerEntry.amountYuan'] ?? READ['LedgerEntry.*'], 'CUSTOMS', 'LedgerEntry')).toBe('none');
    expect(typeof planFor(READ['LedgerEntry.amountYuan'] ?? READ['LedgerEntry.*'], 'ENTERPRISE', 'LedgerEntry')).toBe('object');
    expect(planFor(undefined, 'COMMERCE', 'Nothing')).toBe('none');
  });
});
