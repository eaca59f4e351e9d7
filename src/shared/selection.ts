/** What a resolver may learn of the selection under its field (GraphQL resolve info), cheaply. */
import type { GraphQLResolveInfo } from 'graphql';

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
