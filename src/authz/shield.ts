/**
 * Authorization of the served schema, generated from the matrix (STYLE: which fields depends on the
 * agency alone; which rows is each module's policy.ts). Deny by default: a field without a row is
 * FORBIDDEN.
 *
 * Two layers, so that a request pays for authorization once per operation and almost nothing per
 * field: graphql-shield guards the root operations (Query and Mutation fields: the operation-level
 * rules, one check each), and every other field carries the matrix compiled per agency
 * (authz/compiled.ts: a lookup, or one ownership comparison for OWN rows; no promise, no
 * middleware chain). Fields every agency may fully read keep their own resolver.
 */
import type { GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import type { IMiddleware } from 'graphql-middleware';
import { allow, deny, rule, shield } from 'graphql-shield';
import type { Context } from '../context';
import { DomainError } from '../shared/errors';
import { AGENCIES } from './agencies';
import { compileAuthorization } from './compiled';
import { READ, accessLevel, type Access } from './matrix';

const ROOTS = ['Query', 'Mutation'] as const;

const denial = (typeName: string, fieldName: string, ctx: Context) =>
  new DomainError('FORBIDDEN', `${typeName}.${fieldName} is not available to agency ${ctx.viewer.agency} (SPEC §9).`);

/** A row that lets every agency read every row: nothing to check per request. */
const isOpen = (access: Access | undefined): boolean =>
  !!access && !('full' in access) && AGENCIES.every((a) => access.includes(a));

function ruleFor(coordinate: string, access: Access) {
  if (isOpen(access)) return allow;
  // Root rows name agencies only (row scope is the resolver's, via policy.ts): the decision reads
  // the viewer alone and is cached per request under the rule's unique name.
  return rule(`read:${coordinate}`, { cache: 'contextual' })(
    (parent: unknown, _args: unknown, ctx: Context, info: { fieldName: string; parentType: { name: string } }) =>
      accessLevel(access, ctx.viewer, info.parentType.name, parent) !== 'none' || denial(info.parentType.name, info.fieldName, ctx),
  );
}

/** The shield of the root operations: a rule per Query/Mutation row of the matrix, deny for the rest. */
export function buildPermissions() {
  const tree: Record<string, Record<string, unknown>> = {};
  for (const [coordinate, access] of Object.entries(READ)) {
    const [typeName, fieldName] = coordinate.split('.') as [string, string];
    if (!(ROOTS as readonly string[]).includes(typeName)) continue;
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

/** Wraps a freshly built schema: shield on the root operations, the compiled matrix everywhere else. */
export function protect(schema: GraphQLSchema): GraphQLSchema {
  const generated = (buildPermissions() as unknown as { generate(s: GraphQLSchema): IMiddleware }).generate(schema) as Record<string, unknown>;
  const roots = Object.fromEntries(ROOTS.filter((t) => generated[t]).map((t) => [t, generated[t]])) as IMiddleware;
  return compileAuthorization(applyMiddleware(schema, roots), { skip: ROOTS });
}
