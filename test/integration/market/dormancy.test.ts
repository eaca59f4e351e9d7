import { describe, expect, it, type As } from '../../support/fixtures';
import { approvedDaysAgo, daysAgo, insertDeclaration, today } from './helpers';

/**
 * SPEC §7, §14: Cooperative.dormant = neither the approval nor any declaration within the last 365
 * Beijing dates (today included): counted from the later of the two, so a cooperative approved
 * today is not dormant, one approved 364 days ago (day 365, the approval day being day 1) is not,
 * one approved 365 days ago (day 366) is — unless it declared since.
 */
const DORMANT = 'query($id: ID) { cooperative(id: $id) { dormant } }';
const dormant = async (as: As, id: string) => (await as('COMMERCE').gql(DORMANT, { id })).data.cooperative.dormant;
const LIST = 'query($d: Boolean) { cooperatives(filter: { dormant: $d }, first: 500) { edges { node { id dormant } } } }';

describe('Cooperative.dormant', () => {
  it('is false for a cooperative approved today that never declared (not dormant on its first day)', async ({ as, seed }) => {
    const c = await seed.cooperative();
    expect(await dormant(as, c.id)).toBe(false);
  });

  it('is false for one filed today and not yet approved', async ({ as, seed }) => {
    const c = await seed.cooperative({ approve: false });
    expect(await dormant(as, c.id)).toBe(false);
  });

  it('counts from approval: approved 364 days ago (day 365) it is not dormant, approved 365 days ago (day 366) it is', async ({ as, db, seed }) => {
    const day365 = await seed.cooperative();
    const day366 = await seed.cooperative();
    await approvedDaysAgo(db, day365.id, 364);
    await approvedDaysAgo(db, day366.id, 365);
    expect(await dormant(as, day365.id)).toBe(false);
    expect(await dormant(as, day366.id)).toBe(true);
  });

  it('counts from the last declaration when it is later: 364 days ago it is not dormant, 365 days ago it is', async ({ as, db, seed }) => {
    const inside = await seed.cooperative();
    const outside = await seed.cooperative();
    await approvedDaysAgo(db, inside.id, 1000);
    await approvedDaysAgo(db, outside.id, 1000);
    await insertDeclaration(db, inside, daysAgo(364));
    await insertDeclaration(db, outside, daysAgo(365));
    await insertDeclaration(db, outside, daysAgo(900));
    expect(await dormant(as, inside.id)).toBe(false);
    expect(await dormant(as, outside.id)).toBe(true);
  });

  it('is false with a declaration today or 100 days ago, landing processing or market sale alike', async ({ as, db, seed }) => {
    const e = await seed.enterprise();
    const [a, b] = [await seed.cooperative(), await seed.cooperative()];
    await approvedDaysAgo(db, a.id, 800);
    await approvedDaysAgo(db, b.id, 800);
    await insertDeclaration(db, a, today(), { enterpriseId: e.id });
    await insertDeclaration(db, b, daysAgo(100));
    expect(await dormant(as, a.id)).toBe(false);
    expect(await dormant(as, b.id)).toBe(false);
  });

  it('filters cooperatives by dormancy, consistently with the field (approval and declarations alike)', async ({ as, db, seed }) => {
    const active = await seed.cooperative();
    const asleep = await seed.cooperative();
    const fresh = await seed.cooperative();
    const day365 = await seed.cooperative();
    const day366 = await seed.cooperative();
    await approvedDaysAgo(db, active.id, 500);
    await approvedDaysAgo(db, asleep.id, 500);
    await approvedDaysAgo(db, day365.id, 364);
    await approvedDaysAgo(db, day366.id, 365);
    await insertDeclaration(db, active, daysAgo(10));
    await insertDeclaration(db, asleep, daysAgo(400));
    const yes = (await as('COMMERCE').gql(LIST, { d: true })).data.cooperatives.edges.map((x: any) => x.node);
    const no = (await as('COMMERCE').gql(LIST, { d: false })).data.cooperatives.edges.map((x: any) => x.node);
    const ids = (ns: any[]) => ns.map((n) => n.id);
    expect(ids(yes)).toEqual(expect.arrayContaining([asleep.id, day366.id]));
    expect(ids(yes)).not.toEqual(expect.arrayContaining([active.id]));
    expect(ids(yes)).not.toEqual(expect.arrayContaining([fresh.id]));
    expect(ids(yes)).not.toEqual(expect.arrayContaining([day365.id]));
    expect(ids(no)).toEqual(expect.arrayContaining([active.id, fresh.id, day365.id]));
    expect(ids(no)).not.toEqual(expect.arrayContaining([asleep.id]));
    expect(ids(no)).not.toEqual(expect.arrayContaining([day366.id]));
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
