/** SPEC §3: in production an unexpected error is 'Internal server error' without stack trace or SQL. */
import { sql } from 'drizzle-orm';
import { expect, it, test } from '../support/fixtures';

test.override('hubConfig', { nodeEnv: 'production' });
test.beforeAll(async ({ db, seed }) => {
  const e = await seed.enterprise();
  await seed.contract(e, await seed.cooperative());
  // This hub's own database loses a table: every read of residents now fails inside the driver.
  await db.execute(sql`alter table border_residents rename to border_residents_gone`);
});

it('masks a database error as Internal server error with code INTERNAL_SERVER_ERROR, no stack trace and no SQL', async ({ as }) => {
  const r = await as('COMMERCE').gql('{ cooperatives { totalCount edges { node { name members { name } } } } }');
  expect(r.errors?.length).toBeGreaterThan(0);
  for (const e of r.errors!) {
    expect(e.message).toBe('服务器内部错误 / Internal server error');
    expect(e.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  }
  const body = JSON.stringify(r.body);
  expect(body).not.toMatch(/border_residents|select|relation|stacktrace|at \w+ \(|\.ts:/i);
  // The failed field is null (members is nullable) and the rest of the answer is still there.
  expect(r.errors![0]!.path).toEqual(['cooperatives', 'edges', 0, 'node', 'members']);
  expect(r.data.cooperatives.totalCount).toBe(1);
  expect(r.data.cooperatives.edges[0].node).toMatchObject({ name: expect.any(String), members: null });
});

it('still explains expected errors in production', async ({ as }) => {
  const r = await as('COMMERCE').gql('{ enterprises(first: 501) { totalCount } }');
  expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PAGE_SIZE', field: 'first' });
  expect(r.errors?.[0]?.message).toMatch(/500/);
  expect(JSON.stringify(r.body)).not.toMatch(/stacktrace/);
});
