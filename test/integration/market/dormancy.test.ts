import { describe, expect, it, type As } from '../../support/fixtures';
import { daysAgo, insertDeclaration, today } from './helpers';

/** SPEC §7: Cooperative.dormant = no declaration in the last 365 days (Beijing dates, today included). */
const DORMANT = 'query($id: ID) { cooperative(id: $id) { dormant } }';
const dormant = async (as: As, id: string) => (await as('COMMERCE').gql(DORMANT, { id })).data.cooperative.dormant;
const LIST = 'query($d: Boolean) { cooperatives(filter: { dormant: $d }, first: 500) { edges { node { id dormant } } } }';

describe('Cooperative.dormant', () => {
  it('is true for a cooperative that never declared', async ({ as, seed }) => {
    const c = await seed.cooperative();
    expect(await dormant(as, c.id)).toBe(true);
  });

  it('is false with a declaration 364 days ago (the first day of the window) and true with one 365 days ago', async ({ as, db, seed }) => {
    const inside = await seed.cooperative();
    const outside = await seed.cooperative();
    await insertDeclaration(db, inside, daysAgo(364));
    await insertDeclaration(db, outside, daysAgo(365));
    await insertDeclaration(db, outside, daysAgo(900));
    expect(await dormant(as, inside.id)).toBe(false);
    expect(await dormant(as, outside.id)).toBe(true);
  });

  it('is false with a declaration today, landing processing or market sale alike', async ({ as, db, seed }) => {
    const e = await seed.enterprise();
    const [a, b] = [await seed.cooperative(), await seed.cooperative()];
    await insertDeclaration(db, a, today(), { enterpriseId: e.id });
    await insertDeclaration(db, b, daysAgo(100));
    expect(await dormant(as, a.id)).toBe(false);
    expect(await dormant(as, b.id)).toBe(false);
  });

  it('filters cooperatives by dormancy, consistently with the field', async ({ as, db, seed }) => {
    const active = await seed.cooperative();
    const asleep = await seed.cooperative();
    await insertDeclaration(db, active, daysAgo(10));
    await insertDeclaration(db, asleep, daysAgo(400));
    const yes = (await as('COMMERCE').gql(LIST, { d: true })).data.cooperatives.edges.map((x: any) => x.node);
    const no = (await as('COMMERCE').gql(LIST, { d: false })).data.cooperatives.edges.map((x: any) => x.node);
    expect(yes.map((n: any) => n.id)).toContain(asleep.id);
    expect(yes.map((n: any) => n.id)).not.toContain(active.id);
    expect(no.map((n: any) => n.id)).toContain(active.id);
    expect(no.map((n: any) => n.id)).not.toContain(asleep.id);
    expect(yes.every((n: any) => n.dormant)).toBe(true);
    expect(no.every((n: any) => !n.dormant)).toBe(true);
  });

  it('costs one statement for the whole page, however many cooperatives it holds', async ({ as, db, seed }) => {
    const q = '{ cooperatives(first: 500) { edges { node { id dormant } } } }';
    const before = await as('CUSTOMS').gql(q);
    for (let i = 0; i < 6; i++) {
      const c = await seed.cooperative();
      if (i % 2) await insertDeclaration(db, c, daysAgo(i));
    }
    const after = await as('CUSTOMS').gql(q);
    expect(after.data.cooperatives.edges.length).toBeGreaterThan(before.data.cooperatives.edges.length);
    expect(after.statements).toBe(before.statements);
  });
});
