/**
 * graphql-shield rules generated from the matrix (STYLE: which fields depends on the agency alone;
 * which rows is each module's policy.ts). Deny by default: a field without a row is FORBIDDEN.
 */
import type { GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import type { IMiddlewareFunction } from 'graphql-middleware';
import { allow, deny, rule, shield } from 'graphql-shield';
import type { Context } from '../context';
import { DomainError } from '../shared/errors';
import { MASKS, PERSONAL, READ, accessLevel, type Access } from './matrix';

const denial = (typeName: string, fieldName: string, ctx: Context) =>
  new DomainError('FORBIDDEN', `${typeName}.${fieldName} is not available to agency ${ctx.viewer.agency} (SPEC §9).`);

function ruleFor(coordinate: string, access: Access) {
  const [typeName] = coordinate.split('.');
  const usesOwn = ('full' in access ? [...access.full, ...access.masked] : access).includes('OWN');
  if (!usesOwn && ('full' in access ? access.full : access).length === 10 && !('full' in access)) return allow;
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
  return applyMiddleware(schema, buildPermissions(), buildMasking(), buildPersonalTracking());
}
