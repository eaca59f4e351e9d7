/**
 * Query limits of SPEC §10, checked after parsing and before execution so an over-large query
 * never runs: depth ≤ 10, aliases ≤ 30, an estimated object count ≤ ~50,000 (QUERY_TOO_COMPLEX).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError, Kind, getNamedType, getNullableType, isInterfaceType, isListType, isObjectType, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode,
  type SelectionSetNode, type ValueNode,
} from 'graphql';
import { MAX_PAGE } from '../shared/pagination';
import { listBounds, type ListBounds } from './list-bounds';

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
 * `first`, default 50). Lists without paging count by `listBound(coordinate)` (their real bound:
 * see src/graphql/list-bounds.ts), 1 when unknown. A selection set's cost is linear in the
 * multiplier of its parent, so each fragment is measured once and multiplied at every spread: a
 * document of doubling spreads is measured in linear time, not 2^n walks.
 */
export function measure(
  doc: DocumentNode, op: OperationDefinitionNode, variables: Record<string, unknown>,
  listBound: (parentType: string, field: string) => number | undefined = () => undefined,
  typeOf: (parentType: string, field: string) => string | undefined = () => undefined,
): Measure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const defaults = new Map<string, ValueNode>();
  for (const d of op.variableDefinitions ?? []) if (d.defaultValue) defaults.set(d.variable.name.value, d.defaultValue);
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  /** Cost at multiplier 1, depth below the set's own level (1 = its fields), aliases: per set. */
  type Unit = { cost: number; depth: number; aliases: number };
  const memo = new Map<string, Unit>();
  const unit = (set: SelectionSetNode, parentType: string | undefined, seen: ReadonlySet<string>): Unit => {
    let cost = 0;
    let depth = 0;
    let aliases = 0;
    const add = (u: Unit, times: number, below: number) => {
      cost += times * u.cost;
      depth = Math.max(depth, u.depth + below);
      aliases += u.aliases;
    };
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (sel.alias) aliases++;
        if (sel.name.value.startsWith('__')) continue;
        depth = Math.max(depth, 1);
        if (!sel.selectionSet) continue;
        const isConnection = sel.selectionSet.selections.some((s) => s.kind === Kind.FIELD && s.name.value === 'edges');
        const bound = parentType ? listBound(parentType, sel.name.value) : undefined;
        const here = intArg(sel, 'first', variables, defaults) ?? (isConnection ? LIMITS.defaultPage : bound ?? 1);
        cost += here;
        add(unit(sel.selectionSet, parentType ? typeOf(parentType, sel.name.value) : undefined, seen), here, 1);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        add(unit(sel.selectionSet, sel.typeCondition?.name.value ?? parentType, seen), 1, 0);
      } else {
        const name = sel.name.value;
        const frag = fragments.get(name);
        if (!frag || seen.has(name)) continue;
        const key = `${name}@${parentType ?? ''}`;
        let u = memo.get(key);
        if (!u) {
          u = unit(frag.selectionSet, frag.typeCondition.name.value, new Set([...seen, name]));
          memo.set(key, u);
        }
        add(u, 1, 0);
      }
    }
    return { cost, depth, aliases };
  };
  const root = op.operation === 'mutation' ? 'Mutation' : op.operation === 'subscription' ? 'Subscription' : 'Query';
  return unit(op.selectionSet, root, new Set());
}

export function limitError(m: Measure): string | null {
  if (m.depth > LIMITS.depth) return `Query depth ${m.depth} exceeds ${LIMITS.depth}.`;
  if (m.aliases > LIMITS.aliases) return `${m.aliases} aliases exceed the limit of ${LIMITS.aliases}.`;
  if (m.cost > LIMITS.cost) return `The query could touch about ${m.cost} objects (limit ${LIMITS.cost}); ask for smaller pages.`;
  return null;
}

/** The limits as an Apollo plugin: measured after parsing and validation, before anything runs. */
export function queryLimitsPlugin(bounds: ListBounds = listBounds()): ApolloServerPlugin {
  return {
    async requestDidStart({ schema }) {
      const fieldOf = (parent: string, field: string) => {
        const t = schema.getType(parent);
        return t && (isObjectType(t) || isInterfaceType(t)) ? t.getFields()[field] : undefined;
      };
      const typeOf = (parent: string, field: string) => {
        const f = fieldOf(parent, field);
        return f ? getNamedType(f.type).name : undefined;
      };
      const listBound = (parent: string, field: string) => {
        const f = fieldOf(parent, field);
        if (!f || !isListType(getNullableType(f.type))) return undefined;
        return bounds.get(`${parent}.${field}`);
      };
      return {
        async didResolveOperation({ document, operation, request }) {
          if (!operation) return;
          await bounds.refresh();
          const message = limitError(measure(document, operation, request.variables ?? {}, listBound, typeOf));
          if (message) throw new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } });
        },
      };
    },
  };
}
