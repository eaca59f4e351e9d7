/**
 * SPEC §11: SQL statements per request are bounded by the query's depth, not by the number of rows
 * (no N+1). Measured on the nested processor query at 10 and at 100 enterprises.
 */
import { expect, it } from '../../support/fixtures';

const QUERY = '{ enterprises(first: 500) { edges { node { contracts { cooperative { members { name } } } } } } }';

it('a nested enterprises → contracts → cooperative → members query issues the same number of statements for 10 and 100 enterprises', async ({ as, seed }) => {
  await seed.bulkRegistry({ enterprises: 10, contractsPer: 2, membersPer: 3 });
  const at10 = await as('COMMERCE').gql(QUERY);
  expect(at10.errors).toBeUndefined();
  expect(at10.data.enterprises.edges).toHaveLength(10);

  await seed.bulkRegistry({ enterprises: 90, contractsPer: 2, membersPer: 3 });
  const at100 = await as('COMMERCE').gql(QUERY);
  expect(at100.errors).toBeUndefined();
  const nodes = at100.data.enterprises.edges.map((x: any) => x.node);
  expect(nodes).toHaveLength(100);
  expect(nodes.every((n: any) => n.contracts.length === 2 && n.contracts.every((c: any) => c.cooperative.members.length === 3))).toBe(true);

  console.info(`statements: ${at10.statements} at 10 enterprises (60 residents), ${at100.statements} at 100 enterprises (600 residents)`);
  expect(Number.isFinite(at10.statements)).toBe(true);
  expect(at100.statements).toBe(at10.statements);
  // The enterprises page with their contracts and the contracts' cooperatives (read ahead:
  // read-ahead.test.ts), then the members.
  expect(at100.statements).toBe(2);
});

it('hub.countStatements counts statements issued outside HTTP', async ({ hub, seed }) => {
  const { count } = await hub.countStatements(() => seed.enterprise());
  expect(count).toBeGreaterThan(0);
});

it('BorderResident.eligible costs at most one statement per request (the border-township list), whatever the number of residents', async ({ as, seed }) => {
  await seed.bulkRegistry({ enterprises: 20, contractsPer: 2, membersPer: 3 });
  const Q = '{ enterprises(first: 500) { edges { node { contracts { cooperative { members { name eligible } } } } } } }';
  const r = await as('COMMERCE').gql(Q);
  expect(r.errors).toBeUndefined();
  // The two statements of the query above, plus one read of the list through the reference cache
  // (its version check; the rows only after a change), per request and not per resident.
  expect(r.statements).toBe(3);
  const again = await as('COMMERCE').gql(Q);
  expect(again.statements).toBe(3);
});
