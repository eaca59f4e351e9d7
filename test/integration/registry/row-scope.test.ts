/**
 * SPEC §9 row scope: an ENTERPRISE token sees its own enterprise and the cooperatives it has
 * contracts with; a COOPERATIVE token itself, its members and its contracted enterprises. Nothing
 * else, whichever root or relation it goes through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as f from '../../support/factories';
import { startHub, type TestHub } from '../../support/hub';

let hub: TestHub;
// E (the ENTERPRISE caller) contracts with C and C3; C (the COOPERATIVE caller) contracts with E and E2.
// E4 and C4 are strangers to both.
let E: any, E2: any, E4: any, C: any, C3: any, C4: any;
beforeAll(async () => {
  hub = await startHub();
  [E, E2, E4] = [await f.enterprise(hub.db), await f.enterprise(hub.db), await f.enterprise(hub.db)];
  [C, C3, C4] = [await f.cooperative(hub.db), await f.cooperative(hub.db), await f.cooperative(hub.db)];
  await f.contract(hub.db, E, C);
  await f.contract(hub.db, E, C3);
  await f.contract(hub.db, E2, C);
  await f.contract(hub.db, E4, C4);
});
afterAll(async () => { await hub?.close(); });

const ids = (conn: any) => conn.edges.map((x: any) => x.node.id).sort();
const LISTS = '{ enterprises { totalCount edges { node { id } } } cooperatives { totalCount edges { node { id } } } }';

describe('ENTERPRISE', () => {
  const me = () => hub.as('ENTERPRISE', E.id);

  it('lists only its own enterprise and the cooperatives it has contracts with', async () => {
    const r = await me().gql(LISTS);
    expect(ids(r.data.enterprises)).toEqual([E.id]);
    expect(r.data.enterprises.totalCount).toBe(1);
    expect(ids(r.data.cooperatives)).toEqual([C.id, C3.id].sort());
    expect(r.data.cooperatives.totalCount).toBe(2);
  });

  it('gets null for any other enterprise or cooperative, by id, USCC or filing number', async () => {
    const r = await me().gql(`query($e2: ID, $u: String, $c4: ID, $fn: String) {
      a: enterprise(id: $e2) { id } b: enterprise(uscc: $u) { id } c: cooperative(id: $c4) { id } d: cooperative(filingNo: $fn) { id } }`,
    { e2: E2.id, u: E4.uscc, c4: C4.id, fn: C4.filingNo });
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ a: null, b: null, c: null, d: null });
    expect((await me().gql('query($id: ID) { enterprise(id: $id) { id } }', { id: E.id })).data.enterprise.id).toBe(E.id);
  });

  it('does not reach other enterprises through a cooperative\'s contracts', async () => {
    const r = await me().gql(`query($id: ID) { enterprise(id: $id) { contracts { cooperative { id contracts { enterprise { id } } } } } }`, { id: E.id });
    const reached = r.data.enterprise.contracts.flatMap((k: any) => k.cooperative.contracts.map((x: any) => x.enterprise.id));
    expect(new Set(reached)).toEqual(new Set([E.id]));
    const coop = await me().gql('query($id: ID) { cooperative(id: $id) { contracts { enterprise { id } } } }', { id: C.id });
    expect(coop.data.cooperative.contracts.map((k: any) => k.enterprise.id)).toEqual([E.id]);
  });

  it('cannot look up residents', async () => {
    const r = await me().gql('query($id: String!) { resident(idNumber: $id) { county } }', { id: C.memberIds[0] });
    expect(r.data?.resident ?? null).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('sees nothing with a token for an enterprise that does not exist', async () => {
    const r = await hub.as('ENTERPRISE', '00000000-0000-4000-8000-000000000000').gql(LISTS);
    expect(r.data.enterprises.totalCount).toBe(0);
    expect(r.data.cooperatives.totalCount).toBe(0);
  });
});

describe('COOPERATIVE', () => {
  const me = () => hub.as('COOPERATIVE', C.id);

  it('lists only itself and the enterprises it has contracts with', async () => {
    const r = await me().gql(LISTS);
    expect(ids(r.data.cooperatives)).toEqual([C.id]);
    expect(r.data.cooperatives.totalCount).toBe(1);
    expect(ids(r.data.enterprises)).toEqual([E.id, E2.id].sort());
    expect(r.data.enterprises.totalCount).toBe(2);
  });

  it('gets null for any other cooperative or enterprise', async () => {
    const r = await me().gql('query($c3: ID, $e4: ID, $u: String) { a: cooperative(id: $c3) { id } b: enterprise(id: $e4) { id } c: enterprise(uscc: $u) { id } }',
      { c3: C3.id, e4: E4.id, u: E4.uscc });
    expect(r.data).toEqual({ a: null, b: null, c: null });
  });

  it('does not reach other cooperatives through an enterprise\'s contracts or cooperatives', async () => {
    const r = await me().gql('query($id: ID) { enterprise(id: $id) { cooperatives { id } contracts { cooperative { id } } } }', { id: E.id });
    expect(r.data.enterprise.cooperatives.map((x: any) => x.id)).toEqual([C.id]);
    expect(r.data.enterprise.contracts.map((k: any) => k.cooperative.id)).toEqual([C.id]);
  });

  it('does not learn, through the hsCode filter, what its counterparties signed with others', async () => {
    await f.contract(hub.db, E2, C4, { hsCodes: ['0813'] });
    const r = await me().gql('{ enterprises(filter: { hsCode: "081310" }) { totalCount } }');
    expect(r.data.enterprises.totalCount).toBe(0);
    const commerce = await hub.as('COMMERCE').gql('{ enterprises(filter: { hsCode: "081310" }) { edges { node { id } } } }');
    expect(commerce.data.enterprises.edges.map((x: any) => x.node.id)).toEqual([E2.id]);
  });

  it('looks up its own members, and no one else\'s', async () => {
    const mine = await me().gql('query($id: String!) { resident(idNumber: $id) { idNumber cooperative { id } } }', { id: C.memberIds[0] });
    expect(mine.data.resident).toEqual({ idNumber: C.memberIds[0], cooperative: { id: C.id } });
    const theirs = await me().gql('query($id: String!) { resident(idNumber: $id) { idNumber } }', { id: C3.memberIds[0] });
    expect(theirs.errors).toBeUndefined();
    expect(theirs.data.resident).toBeNull();
  });

  it('reads its own roster in full', async () => {
    const r = await me().gql('query($id: ID) { cooperative(id: $id) { members { idNumber } } }', { id: C.id });
    expect(r.data.cooperative.members.map((m: any) => m.idNumber).sort()).toEqual([...C.memberIds].sort());
  });
});

it('agencies without an org see every row', async () => {
  for (const agency of ['COMMERCE', 'CUSTOMS', 'TAX', 'ANALYST'] as const) {
    const r = await hub.as(agency).gql(LISTS);
    expect(r.data.enterprises.totalCount, agency).toBe(3);
    expect(r.data.cooperatives.totalCount, agency).toBe(3);
  }
});
