/**
 * graphql-jit as Apollo's executor for queries (issue 15): a query document is compiled once into
 * plain JavaScript and run from then on without graphql-js's per-field interpretation. Apollo 5
 * takes a custom executor only through its `gateway` option, so this is a gateway serving one fixed
 * schema. Parsing, validation and every plugin hook stay Apollo's; only `execute` is replaced.
 *
 * What would answer differently stays on graphql-js `execute`: mutations and subscriptions, a
 * document jit cannot compile, a document selecting a union or interface (type-graphql's resolveType
 * is async, which jit does not await: MarketSubject came back null), and variables (coerced by
 * graphql-js first, so their errors and messages are graphql-js's own).
 */
import type { GatewayExecutor, GatewayInterface, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import {
  BREAK, execute, getNamedType, getVariableValues, GraphQLError, isAbstractType, TypeInfo, visit, visitWithTypeInfo,
  type DocumentNode, type ExecutionResult, type GraphQLSchema,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/** Distinct documents kept compiled: clients choose documents, so the cache is bounded (oldest out first). */
const MAX_COMPILED = 500;

export interface JitStats { compiled: number; jit: number; fallback: number }

/** jit's errors are its own GraphQLError look-alike (no `extensions` object, no toJSON fields Apollo reads): rebuild graphql-js's. */
function asGraphQLError(e: GraphQLError): GraphQLError {
  if (e.constructor === GraphQLError) return e;
  const original = (e as { originalError?: Error }).originalError;
  // A resolver's own located GraphQLError is passed through as is by graphql-js.
  if (original instanceof GraphQLError && original.constructor === GraphQLError && original.path) return original;
  // jit's own errors (a null in a non-null field) have no cause; graphql-js's wrap an Error of the same message.
  const g = new GraphQLError(e.message, { path: e.path, originalError: original ?? new Error(e.message), extensions: e.extensions ?? undefined });
  if (e.locations) Object.defineProperty(g, 'locations', { value: e.locations, enumerable: true, writable: true, configurable: true });
  return g;
}

/** Does the document select a field of a union or interface type? */
function selectsAbstractType(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let found = false;
  visit(document, visitWithTypeInfo(typeInfo, {
    Field() {
      const t = typeInfo.getType();
      if (t && isAbstractType(getNamedType(t))) { found = true; return BREAK; }
      return undefined;
    },
  }));
  return found;
}

export function jitGateway(schema: GraphQLSchema): GatewayInterface & { stats: JitStats } {
  const stats: JitStats = { compiled: 0, jit: 0, fallback: 0 };
  // Keyed by Apollo's query hash and the operation name; null: jit refused it, graphql-js runs it.
  const cache = new Map<string, CompiledQuery | null>();

  const compiledFor = (rc: GatewayGraphQLRequestContext): CompiledQuery | null => {
    const key = `${rc.queryHash}\u0000${rc.operationName ?? ''}`;
    let c = cache.get(key);
    if (c !== undefined) return c;
    const made = selectsAbstractType(schema, rc.document) ? null : compileQuery(schema, rc.document, rc.operationName ?? undefined);
    c = made && isCompiledQuery(made) ? made : null;
    if (c) stats.compiled++;
    if (cache.size >= MAX_COMPILED) cache.delete(cache.keys().next().value!);
    cache.set(key, c);
    return c;
  };

  const fallback = (rc: GatewayGraphQLRequestContext): Promise<ExecutionResult> | ExecutionResult => {
    stats.fallback++;
    return execute({
      schema, document: rc.document, contextValue: rc.context,
      variableValues: rc.request.variables, operationName: rc.operationName,
    });
  };

  const executor: GatewayExecutor = async (rc) => {
    if (rc.operation.operation !== 'query') return fallback(rc);
    const compiled = compiledFor(rc);
    if (!compiled) return fallback(rc);
    const coerced = getVariableValues(schema, rc.operation.variableDefinitions ?? [], rc.request.variables ?? {}, { maxErrors: 50 });
    if (coerced.errors) return { errors: coerced.errors };
    const result = await compiled.query(undefined, rc.context, rc.request.variables ?? {});
    // jit coerces the variables again; should it refuse what graphql-js accepted, graphql-js answers.
    if (result.data === undefined && result.errors?.length) return fallback(rc);
    stats.jit++;
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
  };

  const listeners = new Set<(s: { apiSchema: GraphQLSchema; coreSupergraphSdl: string }) => void>();
  return {
    stats,
    onSchemaLoadOrUpdate(callback) {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
    async load() {
      // The supergraph SDL is for federation's usage reporting, which this hub does not use.
      for (const l of listeners) l({ apiSchema: schema, coreSupergraphSdl: '' });
      return { executor };
    },
    async stop() {
      cache.clear();
    },
  };
}
