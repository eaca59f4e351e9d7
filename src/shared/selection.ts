/** What a resolver may learn of the selection under its field (GraphQL resolve info), cheaply. */
import type { FieldNode, GraphQLResolveInfo } from 'graphql';

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
 * True when the selection under the field asks `path` (field names, one per level) through plain
 * fields, aliased or not, in any of its merged field nodes. Fragments are not followed: a resolver
 * uses it to read ahead, and without it the fields still load as they always did.
 */
export function selectsPath(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  let nodes: readonly FieldNode[] = info.fieldNodes;
  for (const name of path) {
    const next: FieldNode[] = [];
    for (const node of nodes) {
      for (const s of node.selectionSet?.selections ?? []) if (s.kind === 'Field' && s.name.value === name) next.push(s);
    }
    if (!next.length) return false;
    nodes = next;
  }
  return true;
}
