import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as f from '../../support/factories';
import { landing, submit } from '../../support/customs';
import { codeOf, startHub, type TestHub } from '../../support/hub';

let hub: TestHub;
beforeAll(async () => { hub = await startHub(); });
afterAll(async () => { await hub?.close(); });

const Q = `query($hs: String, $first: Int) { enterprises(filter: { status: [FILED, WARNED], hsCode: $hs }, first: $first) {
  totalCount edges { node { id name status contracts { hsCodes validTo cooperative { id name } } cooperatives { id name status }
  inboundDeclarations(from: "2025-06-01", to: "2025-06-30") { count valueYuan quantityKg } } } } }`;

/** n filed enterprises under a unique raw-material code, each with a contracted cooperative and declarations. */
async function processors(n: number) {
  const hs = `97${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const e = await f.enterprise(hub.db, { rawMaterials: [hs] });
    const c = await f.cooperative(hub.db, { members: 2 });
    await f.contract(hub.db, e, c, { hsCodes: ['1206'] });
    ids.push(e.id);
    if (i % 2 === 0) {
      await submit(hub.as('CUSTOMS'), [
        landing({ enterpriseId: e.id, cooperativeId: c.id, members: c.memberIds }, { declaredAt: '2025-06-10T10:00:00+08:00' }),
        landing({ enterpriseId: e.id, cooperativeId: c.id, members: c.memberIds }, { declarantIdNumber: c.memberIds[1], declaredAt: '2025-07-01T10:00:00+08:00' }),
      ]);
    }
  }
  return { hs, ids };
}

describe("customs' processor query (SPEC §11, §12)", () => {
  it('issues the same number of statements for 5 and 50 enterprises', async () => {
    const small = await processors(5);
    const large = await processors(50);
    const a = await hub.as('CUSTOMS').gql(Q, { hs: small.hs, first: 100 });
    const b = await hub.as('CUSTOMS').gql(Q, { hs: large.hs, first: 100 });
    expect(a.errors).toBeUndefined();
    expect(a.data.enterprises.edges).toHaveLength(5);
    expect(b.data.enterprises.edges).toHaveLength(50);
    expect(a.statements).toBeGreaterThan(0);
    expect(a.statements).toBeLessThanOrEqual(8);
    expect(b.statements).toBe(a.statements);
  });

  it('totals inbound landing-processing declarations per enterprise over the Beijing date range', async () => {
    const { hs, ids } = await processors(2);
    const r = await hub.as('CUSTOMS').gql(Q, { hs, first: 10 });
    const byId = new Map(r.data.enterprises.edges.map((e: any) => [e.node.id, e.node.inboundDeclarations]));
    expect(byId.get(ids[0])).toEqual({ count: 1, valueYuan: '2000.00', quantityKg: 500.5 });
    expect(byId.get(ids[1])).toEqual({ count: 0, valueYuan: '0.00', quantityKg: 0 });
  });

  it('counts only landing-processing declarations in a counted status (DECLARED, RELEASED, INSPECTING), read ahead or through the loader', async () => {
    const hs = `97${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const e = await f.enterprise(hub.db, { rawMaterials: [hs] });
    const c = await f.cooperative(hub.db, { members: 3 });
    await f.contract(hub.db, e, c, { hsCodes: ['1206'] });
    const chain = { enterpriseId: e.id, cooperativeId: c.id, members: c.memberIds };
    const nos = [0, 1, 2].map(() => `L${Math.random().toString(36).slice(2, 12).toUpperCase()}`);
    await submit(hub.as('CUSTOMS'), nos.map((no, i) => landing(chain, { declarationNo: no, declarantIdNumber: c.memberIds[i] })));
    // Fixtures: one returned (no longer counted), one re-labelled market sale (still naming the enterprise).
    await hub.db.execute(sql`update customs_declarations set status = 'RETURNED' where declaration_no = ${nos[1]}`);
    await hub.db.execute(sql`update customs_declarations set purpose = 'MARKET_SALE' where declaration_no = ${nos[2]}`);
    const totals = '{ count valueYuan quantityKg }';
    const ahead = await hub.as('CUSTOMS').gql(`query($hs: String) { enterprises(filter: { status: [FILED, WARNED], hsCode: $hs }, first: 10) { edges { node { id inboundDeclarations(from: "2025-06-01", to: "2025-06-30") ${totals} } } } }`, { hs });
    const loader = await hub.as('CUSTOMS').gql(`query($id: ID) { enterprise(id: $id) { inboundDeclarations(from: "2025-06-01", to: "2025-06-30") ${totals} } }`, { id: e.id });
    const mine = ahead.data.enterprises.edges.find((x: any) => x.node.id === e.id).node.inboundDeclarations;
    expect(mine).toEqual({ count: 1, valueYuan: '2000.00', quantityKg: 500.5 });
    expect(loader.data.enterprise.inboundDeclarations).toEqual(mine);
  });

  it('shows an enterprise its own inbound totals but not those of others', async () => {
    const { ids } = await processors(1);
    const other = await f.enterprise(hub.db);
    const q = 'query($id: ID) { enterprise(id: $id) { inboundDeclarations(from: "2025-06-01", to: "2025-06-30") { count } } }';
    expect((await hub.as('ENTERPRISE', ids[0]).gql(q, { id: ids[0] })).data.enterprise.inboundDeclarations.count).toBe(1);
    expect(codeOf(await hub.as('COOPERATIVE', other.id).gql(q, { id: other.id }))).toBe(undefined); // not visible at all: row scope
    expect(codeOf(await hub.as('MARKET_REGULATION').gql(q, { id: ids[0] }))).toBe('FORBIDDEN');
  });
});
