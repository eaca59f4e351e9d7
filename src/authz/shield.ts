/**
 * graphql-shield rules generated from the matrix (STYLE: which fields depends on the agency alone;
 * which rows is each module's policy.ts). Deny by default: a field without a row is FORBIDDEN.
 */
import { isObjectType, type GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import type { IMiddlewareFunction } from 'graphql-middleware';
import { allow, deny, rule, shield } from 'graphql-shield';
import type { Context } from '../context';
import { DomainError } from '../shared/errors';
import { AGENCIES } from './agencies';
import { MASKS, PERSONAL, READ, accessLevel, accessOf, type Access } from './matrix';

const denial = (typeName: string, fieldName: string, ctx: Context) =>
  new DomainError('FORBIDDEN', `${typeName}.${fieldName} is not available to agency ${ctx.viewer.agency} (SPEC §9).`);

/** A row that lets every agency read every row: nothing to check per request. */
const isOpen = (access: Access | undefined): boolean =>
  !!access && !('full' in access) && AGENCIES.every((a) => access.includes(a));

function ruleFor(coordinate: string, access: Access) {
  const usesOwn = ('full' in access ? [...access.full, ...access.masked] : access).includes('OWN');
  if (isOpen(access)) return allow;
  // A rule that reads only the viewer is evaluated once per request ('contextual', keyed by the
  // unique rule name); an OWN rule depends on the row and is not cached.
  return rule(`read:${coordinate}`, { cache: usesOwn ? 'no_cache' : 'contextual' })(
    (parent: unknown, _args: unknown, ctx: Context, info: { fieldName: string; parentType: { name: string } }) =>
      accessLevel(access, ctx.viewer, info.parentType.name, parent) !== 'none' || denial(info.parentType.name, info.fieldName, ctx),
  );
}

export function buildPermissions() {
  const tree: Record<string, Record<string, unknown>> = {};
  for (const [coordinate, access] of Object.entries(READ)) {
    const [typeName, fieldName] = coordinate.split('.') as [string, string];
    (tree[typeName] ??= {})[fieldName] = ruleFor(coordinate, access);
  }
  return shield(tree as never, {
    fallbackRule: deny,
    allowExternalErrors: true,
    debug: false,
    fallbackError: (_thrown: unknown, _parent: unknown, _args: unknown, ctx: Context, info: { fieldName: string; parentType: { name: string } }) =>
      Promise.resolve(denial(info.parentType.name, info.fieldName, ctx)),
  } as never);
}

/** Masked coordinates resolve normally, then the value is masked for viewers at level 'masked'. */
function buildMasking(): Record<string, Record<string, IMiddlewareFunction>> {
  const tree: Record<string, Record<string, IMiddlewareFunction>> = {};
  for (const [coordinate, mask] of Object.entries(MASKS)) {
    const [typeName, fieldName] = coordinate.split('.') as [string, string];
    (tree[typeName] ??= {})[fieldName] = async (resolve, parent, args, ctx: Context, info) => {
      const value = await resolve(parent, args, ctx, info);
      return accessLevel(READ[coordinate], ctx.viewer, typeName, parent) === 'masked' ? mask(value) : value;
    };
  }
  return tree;
}

/** Records which records' personal fields were returned, for the access log. */
function buildPersonalTracking(): Record<string, Record<string, IMiddlewareFunction>> {
  const tree: Record<string, Record<string, IMiddlewareFunction>> = {};
  for (const [coordinate, idOf] of Object.entries(PERSONAL)) {
    const [typeName, fieldName] = coordinate.split('.') as [string, string];
    (tree[typeName] ??= {})[fieldName] = async (resolve, parent, args, ctx: Context, info) => {
      const value = await resolve(parent, args, ctx, info);
      if (value != null) ctx.personalRecords?.add(idOf(parent));
      return value;
    };
  }
  return tree;
}

export function protect(schema: GraphQLSchema): GraphQLSchema {
  // Order matters: shield outermost (a denied field never resolves), then masking, then tracking.
  const guarded = applyMiddleware(schema, buildPermissions(), buildMasking(), buildPersonalTracking());
  // Fields open to every agency (no OWN, no mask, no personal data) get their own resolver back:
  // the middleware chain would only say "allow" while turning every such field into a promise
  // (measured: most of the per-field cost of a nested list). Every other field, and every field
  // without a row, keeps shield's check, so deny-by-default is unchanged.
  for (const type of Object.values(guarded.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const bare = schema.getType(type.name);
    if (!bare || !isObjectType(bare)) continue;
    for (const [name, field] of Object.entries(type.getFields())) {
      const coordinate = `${type.name}.${name}`;
      if (!isOpen(accessOf(type.name, name)) || MASKS[coordinate] || PERSONAL[coordinate]) continue;
      field.resolve = bare.getFields()[name]?.resolve;
    }
  }
  return guarded;
}
