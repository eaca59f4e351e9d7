/** SPEC §3: in production an unexpected error is 'Internal server error' without stack trace or SQL. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as f from '../support/factories';
import { startHub, type TestHub } from '../support/hub';

let hub: TestHub;
beforeAll(async () => {
  hub = await startHub({ nodeEnv: 'production' });
  const e = await f.enterprise(hub.db);
  await f.contract(hub.db, e, await f.cooperative(hub.db));
  // This hub's own database loses a table: every read of residents now fails inside the driver.
  await hub.db.execute(sql`alter table border_residents rename to border_residents_gone`);
});
afterAll(async () => { await hub?.close(); });

it('masks a database error as Internal server error with code INTERNAL_SERVER_ERROR, no stack trace and no SQL', async () => {
  const r = await hub.as('COMMERCE').gql('{ cooperatives { totalCount edges { node { name members { name } } } } }');
  expect(r.errors?.length).toBeGreaterThan(0);
  for (const e of r.errors!) {
    expect(e.message).toBe('Internal server error');
    expect(e.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  }
  const body = JSON.stringify(r.body);
  expect(body).not.toMatch(/border_residents|select|relation|stacktrace|at \w+ \(|\.ts:/i);
  // The failed field is null (members is nullable) and the rest of the answer is still there.
  expect(r.errors![0]!.path).toEqual(['cooperatives', 'edges', 0, 'node', 'members']);
  expect(r.data.cooperatives.totalCount).toBe(1);
  expect(r.data.cooperatives.edges[0].node).toMatchObject({ name: expect.any(String), members: null });
});

it('still explains expected errors in production', async () => {
  const r = await hub.as('COMMERCE').gql('{ enterprises(first: 501) { totalCount } }');
  expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PAGE_SIZE', field: 'first' });
  expect(r.errors?.[0]?.message).toMatch(/500/);
  expect(JSON.stringify(r.body)).not.toMatch(/stacktrace/);
});
