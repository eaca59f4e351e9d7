/** What a resolver may learn of the selection under its field (GraphQL resolve info), cheaply. */
import { getArgumentValues, isObjectType, type FieldNode, type GraphQLResolveInfo } from 'graphql';

/**
 * True when every selection under the field (each of its merged field nodes) is a plain field named
 * in `names` (or `__typename`): no fragment, inline fragment or other field. Lets a resolver answer
 * from columns its parent's statement already read instead of a second statement.
 */
export function selectsOnly(info: GraphQLResolveInfo, names: ReadonlySet<string>): boolean {
  for (const node of info.fieldNodes) {
    for (const s of node.selectionSet?.selections ?? []) {
      if (s.kind !== 'Field' || (s.name.value !== '__typename' && !names.has(s.name.value))) return false;
    }
  }
  return true;
}

/**
 * The plain field nodes (aliased or not) at `path` (field names, one per level) under the field, in
 * any of its merged field nodes. Fragments are not followed: a resolver uses it to read ahead, and
 * without it the fields still load as they always did.
 */
export function fieldNodesAt(info: GraphQLResolveInfo, path: readonly string[]): readonly FieldNode[] {
  let nodes: readonly FieldNode[] = info.fieldNodes;
  for (const name of path) {
    const next: FieldNode[] = [];
    for (const node of nodes) {
      for (const s of node.selectionSet?.selections ?? []) if (s.kind === 'Field' && s.name.value === name) next.push(s);
    }
    if (!next.length) return next;
    nodes = next;
  }
  return nodes;
}

/**
 * True when, under the field, the selections down `path` and at its end are plain fields only (no
 * fragment at any level, which could ask anything) and those at the end are all named in `names`:
 * a resolver may then read only what those fields need. Directives are not looked at (a field
 * under @skip counts as asked).
 */
export function asksOnlyAt(info: GraphQLResolveInfo, path: readonly string[], names: ReadonlySet<string>): boolean {
  let nodes: readonly FieldNode[] = info.fieldNodes;
  for (let depth = 0; depth <= path.length; depth++) {
    const next: FieldNode[] = [];
    for (const node of nodes) {
      for (const s of node.selectionSet?.selections ?? []) {
        if (s.kind !== 'Field') return false;
        if (depth === path.length) {
          if (!names.has(s.name.value)) return false;
        } else if (s.name.value === path[depth]) next.push(s);
      }
    }
    nodes = next;
  }
  return true;
}

/**
 * The names of the fields selected directly under the field (aliases resolved to names, across its
 * merged field nodes), or null when a fragment or inline fragment is among them (it could ask
 * anything): a resolver may then compute only what those fields need.
 */
export function plainFieldNames(info: GraphQLResolveInfo): ReadonlySet<string> | null {
  const names = new Set<string>();
  for (const node of info.fieldNodes) {
    for (const s of node.selectionSet?.selections ?? []) {
      if (s.kind !== 'Field') return null;
      names.add(s.name.value);
    }
  }
  return names;
}

/** True when the selection asks `path` through plain fields (fieldNodesAt). */
export const selectsPath = (info: GraphQLResolveInfo, path: readonly string[]): boolean => fieldNodesAt(info, path).length > 0;

/**
 * The arguments (coerced, variables applied) of the field at `path`, whose last step is a field of
 * `typeName`; undefined when the path is not asked, when its nodes (aliases) pass different
 * arguments, or when they do not coerce (the field's own resolution reports that).
 */
export function fieldArguments(info: GraphQLResolveInfo, typeName: string, path: readonly string[]): Record<string, unknown> | undefined {
  const nodes = fieldNodesAt(info, path);
  const type = info.schema.getType(typeName);
  const def = nodes.length && isObjectType(type) ? type.getFields()[path[path.length - 1]!] : undefined;
  if (!def) return undefined;
  let first: Record<string, unknown> | undefined;
  let key = '';
  for (const node of nodes) {
    let args: Record<string, unknown>;
    try { args = getArgumentValues(def, node, info.variableValues); } catch { return undefined; }
    const k = JSON.stringify(args);
    if (first && k !== key) return undefined;
    first ??= args;
    key = k;
  }
  return first;
}
