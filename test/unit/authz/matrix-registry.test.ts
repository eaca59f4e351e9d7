/** The registry rows of the §9 grid as data (authz/matrix.ts): levels per agency, owners, masks (the whole grid per agency: matrix.test.ts). */
import { describe, expect, it } from 'vitest';
import { AGENCIES, type Agency, type Viewer } from '../../../src/authz/agencies';
import { MASKS, READ, accessLevel, accessOf } from '../../../src/authz/matrix';

const ORG = '0f8fad5b-d9cb-469f-a165-70867728950e';
const OTHER = '1f8fad5b-d9cb-469f-a165-70867728950e';
const v = (agency: Agency, org: string | null = null): Viewer => ({ sub: 't', agency, org });
const level = (coordinate: string, viewer: Viewer, parent: unknown = {}) => {
  const [type, field] = coordinate.split('.') as [string, string];
  return accessLevel(accessOf(type, field), viewer, type, parent);
};

describe('registry rows of the matrix', () => {
  it('masks an ID number as first 6 and last 4', () => {
    expect(MASKS['BorderResident.idNumber']!('65270219800101123X')).toBe('652702********123X');
    expect(MASKS['BorderResident.idNumber']!(null)).toBeNull();
  });

  it('gives OWN only to the enterprise or cooperative the row belongs to', () => {
    expect(level('LegalRepresentative.phone', v('ENTERPRISE', ORG), { enterpriseId: ORG })).toBe('full');
    expect(level('LegalRepresentative.phone', v('ENTERPRISE', ORG), { enterpriseId: OTHER })).toBe('none');
    expect(level('LegalRepresentative.phone', v('COOPERATIVE', ORG), { enterpriseId: ORG })).toBe('none');
    expect(level('CooperativeHead.mobile', v('COOPERATIVE', ORG), { cooperativeId: ORG })).toBe('full');
    expect(level('CooperativeHead.mobile', v('ENTERPRISE', ORG), { cooperativeId: ORG })).toBe('none');
    expect(level('BorderResident.idNumber', v('COOPERATIVE', ORG), { memberOf: [ORG] })).toBe('full');
    expect(level('BorderResident.idNumber', v('COOPERATIVE', ORG), { memberOf: [OTHER] })).toBe('none');
    expect(level('BorderResident.idNumber', v('COOPERATIVE', ORG), { memberOf: [] })).toBe('none');
  });

  it('denies a coordinate that has no row', () => {
    expect(accessLevel(READ['Enterprise.noSuchField'], v('COMMERCE'), 'Enterprise', {})).toBe('none');
  });

  it('grants writes of the registry to COMMERCE alone', () => {
    for (const m of ['fileEnterprise', 'approveEnterprise', 'fileCooperative', 'approveCooperative', 'signSupplyContract']) {
      for (const a of AGENCIES) expect(level(`Mutation.${m}`, v(a, ORG)), `${m} ${a}`).toBe(a === 'COMMERCE' ? 'full' : 'none');
    }
  });
});
