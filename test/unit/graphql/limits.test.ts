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
