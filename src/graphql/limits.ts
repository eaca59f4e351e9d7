/**
 * Query limits of SPEC §10, checked after parsing and before execution so an over-large query
 * never runs: depth ≤ 10, aliases ≤ 30, an estimated object count ≤ ~50,000 (QUERY_TOO_COMPLEX).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError, Kind, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode,
  type SelectionSetNode, type ValueNode,
} from 'graphql';
import { MAX_PAGE } from '../shared/pagination';

export const LIMITS = { depth: 10, aliases: 30, cost: 50_000, defaultPage: 50 } as const;

/**
 * The page size a field asks for: a literal, a variable, or the variable's default in the operation
 * (`query($n: Int = 500)` sends no `n`, and the page is still 500). Clamped to 0–500: a larger page
 * is refused by the resolver with PAGE_SIZE, which tells the client more than QUERY_TOO_COMPLEX.
 */
function intArg(field: FieldNode, name: string, variables: Record<string, unknown>, defaults: Map<string, ValueNode>): number | undefined {
  const v = field.arguments?.find((a) => a.name.value === name)?.value;
  if (!v) return undefined;
  let n: number | undefined;
  if (v.kind === Kind.INT) n = Number(v.value);
  else if (v.kind === Kind.VARIABLE) {
    const x = Object.hasOwn(variables, v.name.value) ? variables[v.name.value] : undefined;
    const d = defaults.get(v.name.value);
    if (typeof x === 'number') n = x;
    else if (x === undefined && d?.kind === Kind.INT) n = Number(d.value);
  }
  return n === undefined || !Number.isFinite(n) ? undefined : Math.min(Math.max(n, 0), MAX_PAGE);
}

export interface Measure { depth: number; aliases: number; cost: number }

/**
 * Depth counts nested fields; cost multiplies page sizes along a path (a connection is a page of
 * `first`, default 50). Lists without paging are bounded by the data model (contracts of one
 * enterprise) and count as one.
 */
export function measure(doc: DocumentNode, op: OperationDefinitionNode, variables: Record<string, unknown>): Measure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const defaults = new Map<string, ValueNode>();
  for (const d of op.variableDefinitions ?? []) if (d.defaultValue) defaults.set(d.variable.name.value, d.defaultValue);
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  let aliases = 0;
  let depth = 0;
  const walk = (set: SelectionSetNode, level: number, multiplier: number, seen: Set<string>): number => {
    let cost = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (sel.alias) aliases++;
        if (sel.name.value.startsWith('__')) continue;
        depth = Math.max(depth, level);
        if (!sel.selectionSet) continue;
        const isConnection = sel.selectionSet.selections.some((s) => s.kind === Kind.FIELD && s.name.value === 'edges');
        const here = multiplier * (intArg(sel, 'first', variables, defaults) ?? (isConnection ? LIMITS.defaultPage : 1));
        cost += here + walk(sel.selectionSet, level + 1, here, seen);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        cost += walk(sel.selectionSet, level, multiplier, seen);
      } else {
        const frag = fragments.get(sel.name.value);
        if (frag && !seen.has(frag.name.value)) cost += walk(frag.selectionSet, level, multiplier, new Set([...seen, frag.name.value]));
      }
    }
    return cost;
  };
  const cost = walk(op.selectionSet, 1, 1, new Set());
  return { depth, aliases, cost };
}

export function limitError(m: Measure): string | null {
  if (m.depth > LIMITS.depth) return `Query depth ${m.depth} exceeds ${LIMITS.depth}.`;
  if (m.aliases > LIMITS.aliases) return `${m.aliases} aliases exceed the limit of ${LIMITS.aliases}.`;
  if (m.cost > LIMITS.cost) return `The query could touch about ${m.cost} objects (limit ${LIMITS.cost}); ask for smaller pages.`;
  return null;
}

export const queryLimitsPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ document, operation, request }) {
        if (!operation) return;
        const message = limitError(measure(document, operation, request.variables ?? {}));
        if (message) throw new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } });
      },
    };
  },
};
