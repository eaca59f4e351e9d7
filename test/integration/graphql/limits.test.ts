/** SPEC §10 limits over HTTP: refused before execution (no SQL), and the 5 MB body limit. */
import { count } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterprisesTable } from '../../../src/modules/registry/table';
import * as f from '../../support/factories';
import { startHub, type GqlResult, type TestHub } from '../../support/hub';
import { enterpriseInput } from '../../support/registry';

let hub: TestHub;
let eId: string;
beforeAll(async () => {
  hub = await startHub();
  const e = await f.enterprise(hub.db);
  await f.contract(hub.db, e, await f.cooperative(hub.db));
  eId = e.id;
});
afterAll(async () => { await hub?.close(); });

function tooComplex(r: GqlResult, what: RegExp) {
  expect(r.errors?.[0]?.extensions?.code, JSON.stringify(r.errors)).toBe('QUERY_TOO_COMPLEX');
  expect(r.errors![0]!.message).toMatch(what);
  expect(r.data ?? null).toBeNull();
  expect(r.statements).toBe(0);
}

/** enterprise → contracts → cooperative → contracts → … with `levels` fields in total (the leaf included). */
function deep(levels: number): string {
  const chain = ['contracts', 'cooperative', 'contracts', 'enterprise'];
  let q = 'id';
  for (let i = levels - 2; i >= 1; i--) q = `${chain[(i - 1) % 4]} { ${q} }`;
  return `query($id: ID) { enterprise(id: $id) { ${q} } }`;
}

describe('depth', () => {
  it('runs a query 10 levels deep', async () => {
    const r = await hub.as('COMMERCE').gql(deep(10), { id: eId });
    expect(r.errors).toBeUndefined();
    expect(r.data.enterprise).toBeTruthy();
  });
  it('refuses a query 11 levels deep with QUERY_TOO_COMPLEX before it runs', async () => {
    tooComplex(await hub.as('COMMERCE').gql(deep(11), { id: eId }), /depth 11/);
  });
  it('counts depth through fragments', async () => {
    const q = `query($id: ID) { enterprise(id: $id) { ...A } }
      fragment A on Enterprise { contracts { cooperative { contracts { enterprise { ...B } } } } }
      fragment B on Enterprise { contracts { cooperative { contracts { enterprise { contracts { id } } } } } }`;
    tooComplex(await hub.as('COMMERCE').gql(q, { id: eId }), /depth/);
  });
});

describe('aliases', () => {
  const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: me { agency }`).join(' ')} }`;
  it('runs 30 aliases', async () => {
    const r = await hub.as('TAX').gql(aliased(30));
    expect(r.errors).toBeUndefined();
    expect(r.data.a29).toEqual({ agency: 'TAX' });
  });
  it('refuses 31 aliases', async () => {
    tooComplex(await hub.as('TAX').gql(aliased(31)), /31 aliases/);
  });
  it('refuses an aliased batch of mutations before writing anything', async () => {
    const n = async () => Number((await hub.db.select({ n: count() }).from(enterprisesTable))[0]!.n);
    const before = await n();
    const doc = `mutation { ${Array.from({ length: 31 }, (_, i) => `m${i}: fileEnterprise(input: ${gqlLiteral(enterpriseInput())}) { id }`).join(' ')} }`;
    tooComplex(await hub.as('COMMERCE').gql(doc), /aliases/);
    expect(await n()).toBe(before);
  });
});

describe('cost', () => {
  const nested = 'enterprises(first: 500) { edges { node { contracts { cooperative { members { name } } } } } }';
  it('runs one nested page of 500 enterprises', async () => {
    const r = await hub.as('COMMERCE').gql(`{ ${nested} }`);
    expect(r.errors).toBeUndefined();
  });
  it('refuses a query that could touch more than 50,000 objects', async () => {
    const doc = `{ ${Array.from({ length: 20 }, (_, i) => `p${i}: ${nested}`).join(' ')} }`;
    tooComplex(await hub.as('COMMERCE').gql(doc), /objects/);
  });
  it('counts a page size given by a variable, and by a variable\'s default', async () => {
    const doc = (def: string) => `query($n: Int${def}) { ${Array.from({ length: 20 }, (_, i) => `p${i}: enterprises(first: $n) { edges { node { contracts { cooperative { members { name } } } } } }`).join(' ')} }`;
    tooComplex(await hub.as('COMMERCE').gql(doc(''), { n: 500 }), /objects/);
    tooComplex(await hub.as('COMMERCE').gql(doc(' = 500')), /objects/);
  });
});

describe('request body', () => {
  it('refuses a body above 5 MB with HTTP 413', async () => {
    const token = await (await import('../../../src/authz/tokens')).signToken(new TextEncoder().encode((await import('../../support/hub')).TEST_SECRET), { agency: 'COMMERCE' });
    const res = await request(hub.app.app).post('/graphql').set('authorization', `Bearer ${token}`).set('content-type', 'application/json')
      .send(JSON.stringify({ query: '{ me { agency } }', variables: { pad: 'x'.repeat(5 * 1024 * 1024 + 10) } }));
    expect(res.status).toBe(413);
    expect(res.body.data).toBeUndefined();
  });
  it('accepts a body just under 5 MB', async () => {
    const token = await (await import('../../../src/authz/tokens')).signToken(new TextEncoder().encode((await import('../../support/hub')).TEST_SECRET), { agency: 'COMMERCE' });
    const res = await request(hub.app.app).post('/graphql').set('authorization', `Bearer ${token}`).set('content-type', 'application/json')
      // 4 MB of short strings (a single string that long is refused by the input guard: MAX_TEXT).
      .send(JSON.stringify({ query: '{ me { agency } }', variables: { pad: Array.from({ length: 41_943 }, () => 'x'.repeat(96)) } }));
    expect(res.status).toBe(200);
    expect(res.body.data.me.agency).toBe('COMMERCE');
  });
});

/** An input object as a GraphQL literal. */
function gqlLiteral(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(gqlLiteral).join(', ')}]`;
  if (v && typeof v === 'object') return `{ ${Object.entries(v).map(([k, x]) => `${k}: ${gqlLiteral(x)}`).join(', ')} }`;
  if (v === 'GENERAL') return 'GENERAL';
  return JSON.stringify(v);
}
