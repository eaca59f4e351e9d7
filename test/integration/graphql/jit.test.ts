/**
 * The hub executes queries with graphql-jit (src/graphql/jit.ts) behind Apollo: a query is compiled
 * once and run compiled, authorization errors keep their path and code, and mutations run on
 * graphql-js. Red when app.ts goes back to Apollo's own execute.
 */
import { codeOf, describe, expect, it } from '../../support/fixtures';

describe('graphql-jit executor', () => {
  it('runs a repeated query compiled (compiled once), with field authorization intact', async ({ hub, as, seed }) => {
    const e = await seed.enterprise();
    const q = 'query($id: ID) { enterprise(id: $id) { name legalRepresentative { name phone } } }';
    const before = { ...hub.app.jit };
    for (let i = 0; i < 2; i++) {
      const r = await as('CUSTOMS').gql(q, { id: e.id });
      expect(r.data.enterprise.legalRepresentative).toEqual({ name: '王建国', phone: null });
      expect(codeOf(r)).toBe('FORBIDDEN');
      expect(r.errors![0]!.path).toEqual(['enterprise', 'legalRepresentative', 'phone']);
    }
    expect(hub.app.jit.jit - before.jit).toBe(2);
    expect(hub.app.jit.compiled - before.compiled).toBe(1);
    expect(hub.app.jit.fallback).toBe(before.fallback);
  });

  it('leaves mutations to graphql-js, and bad variables to its coercion', async ({ hub, as }) => {
    const before = { ...hub.app.jit };
    const r = await as('CUSTOMS').gql('mutation { approveEnterprise(id: "00000000-0000-4000-8000-000000000000") { id } }');
    expect(r.errors?.length).toBeGreaterThan(0);
    expect(hub.app.jit.fallback - before.fallback).toBe(1);
    const bad = await as('CUSTOMS').gql('query($n: Int) { enterprises(first: $n) { totalCount } }', { n: 'many' });
    expect(bad.status).toBe(400);
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(hub.app.jit.jit).toBe(before.jit);
  });
});
