/** The compiled matrix decides exactly as the matrix does (accessLevel), for every coordinate, agency and ownership. */
import { describe, expect, it } from 'vitest';
import { AGENCIES, type Viewer } from '../../../src/authz/agencies';
import { levelOf, planFor } from '../../../src/authz/compiled';
import { READ, accessLevel, accessOf } from '../../../src/authz/matrix';

const ORG = '0f8fad5b-d9cb-469f-a165-70867728950e';
const OTHER = '1f8fad5b-d9cb-469f-a165-70867728950e';
/** A row whose every owner-looking property names `org` (so OWN holds when the viewer is `org`). */
const rowOf = (org: string) => new Proxy({}, { get: (_t, k) => (k === 'cooperativeIds' || k === 'memberOf' ? [org] : org) });

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

describe('plans of rows the matrix does not have yet', () => {
  const ownerOf = (r: { org?: string }, v: Viewer) => v.org != null && r.org === v.org;
  const row = { full: ['CUSTOMS', 'OWN'], masked: ['COMMERCE'], owner: ownerOf } as const;
  const maskedOwn = { full: ['CUSTOMS'], masked: ['OWN'], owner: ownerOf } as const;
  const v = (agency: Viewer['agency'], org: string | null = null): Viewer => ({ sub: 's', agency, org });
  it.each([
    [row, 'CUSTOMS', null, { org: ORG }, 'full'],
    [row, 'COMMERCE', null, { org: ORG }, 'masked'],
    [row, 'ENTERPRISE', ORG, { org: ORG }, 'full'],
    [row, 'ENTERPRISE', ORG, { org: OTHER }, 'none'],
    [row, 'TAX', null, { org: ORG }, 'none'],
    [maskedOwn, 'COOPERATIVE', ORG, { org: ORG }, 'masked'],
    [maskedOwn, 'COOPERATIVE', ORG, { org: OTHER }, 'none'],
    [maskedOwn, 'ENTERPRISE', ORG, { org: ORG }, 'masked'],
    [maskedOwn, 'CUSTOMS', null, { org: ORG }, 'full'],
    [maskedOwn, 'ANALYST', null, { org: ORG }, 'none'],
  ] as const)('%j: %s (org %s) on %j reads %s', (access, agency, org, parent, want) => {
    const plan = planFor(access as never, agency, 'Thing');
    expect(levelOf(plan, parent, v(agency, org))).toBe(want);
    expect(levelOf(plan, parent, v(agency, org))).toBe(accessLevel(access as never, v(agency, org), 'Thing', parent));
  });
  it('an OWN row never depends on the row for agencies that cannot own one', () => {
    expect(planFor(row as never, 'TAX', 'Thing')).toBe('none');
    expect(planFor(maskedOwn as never, 'OPERATOR', 'Thing')).toBe('none');
  });
});

describe('compileAuthorization on a schema', () => {
  it('leaves open fields alone, denies, masks after resolving (sync and async) and collects personal records', async () => {
    const { buildSchema, graphql } = await import('graphql');
    const { compileAuthorization } = await import('../../../src/authz/compiled');
    const schema = buildSchema('type Query { me: Viewer  cooperative: Cooperative  nothing: String } type Viewer { agency: String } type Cooperative { id: ID members: [BorderResident] } type BorderResident { id: ID name: String idNumber: String cooperativeId: ID }');
    (schema.getQueryType()!.getFields().cooperative!).resolve = () => ({ id: ORG });
    (schema.getType('Cooperative') as any).getFields().members.resolve = () => [{ id: 'r1', name: '边民', idNumber: '65270219900101123X', cooperativeId: ORG, memberOf: [ORG] }];
    (schema.getQueryType()!.getFields().nothing!).resolve = () => 'x';
    (schema.getType('BorderResident') as any).getFields().idNumber.resolve = async (r: any) => r.idNumber;
    const openBefore = (schema.getType('Viewer') as any).getFields().agency.resolve;
    compileAuthorization(schema);
    expect((schema.getType('Viewer') as any).getFields().agency.resolve).toBe(openBefore);
    const run = async (agency: Viewer['agency'], org: string | null = null) => {
      const personalRecords = new Set<string>();
      const r = await graphql({ schema, source: '{ cooperative { members { name idNumber } } nothing }', contextValue: { viewer: { sub: 's', agency, org }, personalRecords } });
      return { r, personalRecords: [...personalRecords] };
    };
    const customs = await run('CUSTOMS');
    expect(customs.r.data).toEqual({ cooperative: { members: [{ name: '边民', idNumber: '65270219900101123X' }] }, nothing: null });
    expect(customs.r.errors?.[0]?.message).toMatch(/Query\.nothing is not available to agency CUSTOMS/);
    expect(customs.personalRecords).toEqual(['r1']);
    const commerce = await run('COMMERCE');
    expect((commerce.r.data as any).cooperative.members[0].idNumber).toBe('652702********123X');
    expect(commerce.personalRecords).toEqual(['r1']);
    const tax = await run('TAX');
    expect((tax.r.data as any).cooperative.members).toBeNull();
    expect(tax.r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const own = await run('COOPERATIVE', ORG);
    expect((own.r.data as any).cooperative.members[0].idNumber).toBe('65270219900101123X');
    expect(tax.personalRecords).toEqual([]);
  });
});
