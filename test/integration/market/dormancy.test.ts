import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as f from '../../support/factories';
import { startHub, type TestHub } from '../../support/hub';
import { daysAgo, insertDeclaration, today } from './helpers';

/** SPEC §7: Cooperative.dormant = no declaration in the last 365 days (Beijing dates, today included). */
let hub: TestHub;
beforeAll(async () => { hub = await startHub(); });
afterAll(async () => { await hub?.close(); });

const DORMANT = 'query($id: ID) { cooperative(id: $id) { dormant } }';
const dormant = async (id: string) => (await hub.as('COMMERCE').gql(DORMANT, { id })).data.cooperative.dormant;
const LIST = 'query($d: Boolean) { cooperatives(filter: { dormant: $d }, first: 500) { edges { node { id dormant } } } }';

describe('Cooperative.dormant', () => {
  it('is true for a cooperative that never declared', async () => {
    const c = await f.cooperative(hub.db);
    expect(await dormant(c.id)).toBe(true);
  });

  it('is false with a declaration 364 days ago (the first day of the window) and true with one 365 days ago', async () => {
    const inside = await f.cooperative(hub.db);
    const outside = await f.cooperative(hub.db);
    await insertDeclaration(hub.db, inside, daysAgo(364));
    await insertDeclaration(hub.db, outside, daysAgo(365));
    await insertDeclaration(hub.db, outside, daysAgo(900));
    expect(await dormant(inside.id)).toBe(false);
    expect(await dormant(outside.id)).toBe(true);
  });

  it('is false with a declaration today, landing processing or market sale alike', async () => {
    const e = await f.enterprise(hub.db);
    const [a, b] = [await f.cooperative(hub.db), await f.cooperative(hub.db)];
    await insertDeclaration(hub.db, a, today(), { enterpriseId: e.id });
    await insertDeclaration(hub.db, b, daysAgo(100));
    expect(await dormant(a.id)).toBe(false);
    expect(await dormant(b.id)).toBe(false);
  });

  it('filters cooperatives by dormancy, consistently with the field', async () => {
    const active = await f.cooperative(hub.db);
    const asleep = await f.cooperative(hub.db);
    await insertDeclaration(hub.db, active, daysAgo(10));
    await insertDeclaration(hub.db, asleep, daysAgo(400));
    const yes = (await hub.as('COMMERCE').gql(LIST, { d: true })).data.cooperatives.edges.map((x: any) => x.node);
    const no = (await hub.as('COMMERCE').gql(LIST, { d: false })).data.cooperatives.edges.map((x: any) => x.node);
    expect(yes.map((n: any) => n.id)).toContain(asleep.id);
    expect(yes.map((n: any) => n.id)).not.toContain(active.id);
    expect(no.map((n: any) => n.id)).toContain(active.id);
    expect(no.map((n: any) => n.id)).not.toContain(asleep.id);
    expect(yes.every((n: any) => n.dormant)).toBe(true);
    expect(no.every((n: any) => !n.dormant)).toBe(true);
  });

  it('costs one statement for the whole page, however many cooperatives it holds', async () => {
    const q = '{ cooperatives(first: 500) { edges { node { id dormant } } } }';
    const before = await hub.as('CUSTOMS').gql(q);
    for (let i = 0; i < 6; i++) {
      const c = await f.cooperative(hub.db);
      if (i % 2) await insertDeclaration(hub.db, c, daysAgo(i));
    }
    const after = await hub.as('CUSTOMS').gql(q);
    expect(after.data.cooperatives.edges.length).toBeGreaterThan(before.data.cooperatives.edges.length);
    expect(after.statements).toBe(before.statements);
  });
});
