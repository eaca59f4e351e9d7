/** The query measure behind SPEC §10 limits (src/graphql/limits.ts). */
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { LIMITS, limitError, measure } from '../../../src/graphql/limits';

const m = (q: string, vars: Record<string, unknown> = {}) => {
  const doc = parse(q);
  const op = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  return measure(doc, op, vars);
};

describe('measure', () => {
  it('counts depth as nested fields', () => {
    expect(m('{ me { agency } }').depth).toBe(2);
    expect(m('{ enterprises { edges { node { contracts { cooperative { name } } } } } }').depth).toBe(6);
  });

  it('follows fragments and inline fragments at the same depth', () => {
    expect(m('{ enterprises { ...E } } fragment E on EnterpriseConnection { edges { node { ... on Enterprise { id } } } }').depth).toBe(4);
  });

  it('counts aliases, including inside fragments', () => {
    expect(m('{ a: me { agency } b: me { x: agency } }').aliases).toBe(3);
    expect(m('{ ...F } fragment F on Query { a: me { agency } }').aliases).toBe(1);
  });

  it('multiplies page sizes along a path, a connection defaulting to 50', () => {
    // enterprises 50 + edges 50 + node 50
    expect(m('{ enterprises { edges { node { id } } } }').cost).toBe(150);
    expect(m('{ enterprises(first: 10) { edges { node { id } } } }').cost).toBe(30);
    expect(m('query($n: Int) { enterprises(first: $n) { edges { node { id } } } }', { n: 200 }).cost).toBe(600);
  });

  it('uses the default value of a variable the request does not send', () => {
    expect(m('query($n: Int = 500) { enterprises(first: $n) { edges { node { id } } } }').cost).toBe(1500);
    expect(m('query($n: Int = 500) { enterprises(first: $n) { edges { node { id } } } }', { n: 5 }).cost).toBe(15);
  });

  it('counts a page above 500 as 500 (the resolver refuses it with PAGE_SIZE)', () => {
    expect(m('{ enterprises(first: 100000) { edges { node { id } } } }').cost).toBe(1500);
  });

  it('ignores introspection fields', () => {
    expect(m('{ __schema { types { name fields { type { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } }').depth).toBe(0);
  });
});

describe('limitError', () => {
  it('accepts the limits themselves and refuses one more', () => {
    expect(limitError({ depth: LIMITS.depth, aliases: LIMITS.aliases, cost: LIMITS.cost })).toBeNull();
    expect(limitError({ depth: 11, aliases: 0, cost: 0 })).toMatch(/depth/i);
    expect(limitError({ depth: 1, aliases: 31, cost: 0 })).toMatch(/alias/i);
    expect(limitError({ depth: 1, aliases: 0, cost: 50_001 })).toMatch(/objects/);
  });
  it('has the limits of SPEC §10', () => {
    expect(LIMITS).toMatchObject({ depth: 10, aliases: 30, cost: 50_000 });
  });
});

describe('fan-out (issue "Hardening")', () => {
  it('measures a document of doubling fragment spreads in linear time and prices it by its expansion', () => {
    let doc = 'query Q { ...F0 }\n';
    for (let i = 0; i < 40; i++) doc += `fragment F${i} on Query { ${i < 39 ? `me { agency } ...F${i + 1} ...F${i + 1}` : 'me { agency }'} }\n`;
    const started = Date.now();
    const r = m(doc);
    expect(Date.now() - started).toBeLessThan(1000);
    // 2^40 copies of `me`: far above the limit (the old walk needed 2^40 steps to say so).
    expect(r.cost).toBeGreaterThan(2 ** 39);
    expect(limitError(r)).toMatch(/objects/);
  });

  it('prices an unpaged list by its bound, so nested rosters multiply', () => {
    const doc = parse('{ cooperatives(first: 4) { edges { node { members { cooperative { members { cooperative { members { name } } } } } } } } }');
    const op = doc.definitions[0] as OperationDefinitionNode;
    const types: Record<string, string> = {
      'Query.cooperatives': 'CooperativeConnection', 'CooperativeConnection.edges': 'CooperativeEdge', 'CooperativeEdge.node': 'Cooperative',
      'Cooperative.members': 'BorderResident', 'BorderResident.cooperative': 'Cooperative',
    };
    const bound = (t: string, f: string) => (`${t}.${f}` === 'Cooperative.members' ? 80 : undefined);
    const r = measure(doc, op, {}, bound, (t, f) => types[`${t}.${f}`]);
    // 4 + 4 + 4 (connection, edges, node) then ×80 members, ×1 cooperative, ×80, ×1, ×80
    expect(r.cost).toBe(4 + 4 + 4 + 320 + 320 + 25_600 + 25_600 + 2_048_000);
    expect(limitError(r)).toMatch(/objects/);
    // Without bounds (the old rule) the same query looked like 32 objects.
    expect(m('{ cooperatives(first: 4) { edges { node { members { cooperative { members { cooperative { members { name } } } } } } } } }').cost).toBe(32);
  });
});
