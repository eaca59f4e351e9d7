/**
 * The matrix compiled once at start (issue "Authorization that costs nothing"): for every schema
 * coordinate and every agency, what reading it takes — nothing (full), a mask, a denial, or one
 * ownership comparison against the row (OWN). Each field resolver is wrapped once with that table;
 * a request then pays one property lookup per restricted field, synchronously, and fields every
 * agency may fully read keep their own resolver (no wrapper, no promise).
 *
 * Behaviour is the matrix's (accessLevel in matrix.ts, checked against this compilation by a unit
 * test): deny by default (a field without a row is FORBIDDEN), masked values rendered after the
 * field resolves, and the ids of records whose personal fields were returned collected per object.
 */
import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { DomainError } from '../shared/errors';
import { AGENCIES, type Agency, type Viewer } from './agencies';
import { MASKS, OWNERS, PERSONAL, accessOf, type Access, type Level } from './matrix';

/** How one agency reads one coordinate: a constant level, or a level decided by ownership of the row. */
export type Plan = Level | { own: (parent: unknown, viewer: Viewer) => boolean; ifOwn: Level; otherwise: Level };

/**
 * The plan of one agency for one row of the matrix: the same decision as accessLevel, with
 * everything that depends only on the agency decided now. OWN rows depend on the row only for
 * ENTERPRISE and COOPERATIVE viewers (every owner function checks the viewer's agency first).
 */
export function planFor(access: Access | undefined, agency: Agency, typeName: string): Plan {
  if (!access) return 'none';
  const full = 'full' in access ? access.full : access;
  const masked = 'full' in access ? access.masked : [];
  if (full.includes(agency)) return 'full';
  const owner = 'full' in access && access.owner ? access.owner : OWNERS[typeName];
  const ownFull = full.includes('OWN') && !!owner && ownsAnything(agency);
  const ownMasked = masked.includes('OWN') && !!owner && ownsAnything(agency);
  const otherwise: Level = masked.includes(agency) ? 'masked' : 'none';
  if (ownFull) return { own: owner!, ifOwn: 'full', otherwise };
  if (ownMasked && otherwise === 'none') return { own: owner!, ifOwn: 'masked', otherwise: 'none' };
  return otherwise;
}

const ownsAnything = (agency: Agency) => agency === 'ENTERPRISE' || agency === 'COOPERATIVE';

export const levelOf = (plan: Plan, parent: unknown, viewer: Viewer): Level =>
  typeof plan === 'string' ? plan : plan.own(parent, viewer) ? plan.ifOwn : plan.otherwise;

interface AuthzContext { viewer: Viewer; personalRecords?: Set<string> }

const denial = (typeName: string, fieldName: string, agency: Agency) =>
  new DomainError('FORBIDDEN', `${typeName}.${fieldName} is not available to agency ${agency} (SPEC §9).`);

const isThenable = (v: unknown): v is PromiseLike<unknown> => !!v && typeof (v as { then?: unknown }).then === 'function';

/** Wraps every field of the schema (in place; `skip` names types guarded elsewhere) with its compiled plan. */
export function compileAuthorization(schema: GraphQLSchema, opts: { skip?: readonly string[] } = {}): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || opts.skip?.includes(type.name)) continue;
    for (const [fieldName, field] of Object.entries(type.getFields())) {
      const coordinate = `${type.name}.${fieldName}`;
      const plans = Object.fromEntries(AGENCIES.map((a) => [a, planFor(accessOf(type.name, fieldName), a, type.name)])) as Record<Agency, Plan>;
      const mask = MASKS[coordinate];
      const personal = PERSONAL[coordinate];
      if (!mask && !personal && AGENCIES.every((a) => plans[a] === 'full')) continue;
      field.resolve = guard(type.name, fieldName, plans, field.resolve ?? defaultFieldResolver, mask, personal);
    }
  }
  return schema;
}

function guard(
  typeName: string, fieldName: string, plans: Record<Agency, Plan>, resolve: GraphQLFieldResolver<unknown, AuthzContext>,
  mask: ((v: unknown) => unknown) | undefined, personal: ((parent: unknown) => string) | undefined,
): GraphQLFieldResolver<unknown, AuthzContext> {
  return (parent, args, ctx, info) => {
    const agency = ctx.viewer.agency;
    const level = levelOf(plans[agency], parent, ctx.viewer);
    // A fresh error per denial: graphql-js attaches the path to the error object it is given.
    if (level === 'none') return denial(typeName, fieldName, agency);
    const value = resolve(parent, args, ctx, info);
    if (!mask && !personal) return value;
    // No closure per call on the synchronous path (the usual one: a column of the parent row).
    return isThenable(value)
      ? Promise.resolve(value).then((v) => finish(v, parent, ctx, level, mask, personal))
      : finish(value, parent, ctx, level, mask, personal);
  };
}

function finish(
  v: unknown, parent: unknown, ctx: AuthzContext, level: Level,
  mask: ((v: unknown) => unknown) | undefined, personal: ((parent: unknown) => string) | undefined,
): unknown {
  if (personal && v != null) ctx.personalRecords?.add(personal(parent));
  return mask && level === 'masked' ? mask(v) : v;
}
