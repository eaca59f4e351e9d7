import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, getMetadataStorage } from 'type-graphql';
import { protect } from './authz/shield';
import { resolvers } from './modules';

let built: Promise<GraphQLSchema> | undefined;

/** The schema as type-graphql builds it from the resolvers, without authorization. */
export function buildBareSchema(): Promise<GraphQLSchema> {
  built ??= (simpleResolvers(), buildSchema({ resolvers: resolvers as never, validate: false }));
  return built;
}

/**
 * Plain @Field properties get no resolver of their own (type-graphql's `simpleResolvers`): its basic
 * resolver only runs middlewares and @Authorized roles, which this hub never registers (authorization
 * is the compiled matrix, authz/compiled.ts), so a field without one is a property read that
 * graphql-jit compiles inline, with no call per field and row. @FieldResolver methods keep theirs;
 * so does a field declared `simple: false`, which a property holding a promise (a lazy getter such as
 * a connection's totalCount) needs: graphql-jit does not await a field it reads inline.
 * Refuses to start if a middleware or role ever appears, since simple resolvers would skip it.
 */
function simpleResolvers(): void {
  const storage = getMetadataStorage();
  const typed = [...storage.objectTypes, ...storage.interfaceTypes];
  const wrapped = typed.flatMap((t) => t.fields ?? []).filter((f) => f.middlewares?.length || f.roles?.length);
  if (storage.middlewares.length || storage.authorizedFields.length || wrapped.length) {
    throw new Error('type-graphql middlewares or @Authorized found: authorization belongs to authz/matrix.ts (compiled per agency); simple resolvers would skip them');
  }
  for (const t of typed) t.simpleResolvers ??= true;
}

/** The served schema: the bare schema with shield on the root operations and the compiled matrix on every field (authz/shield.ts). */
export async function buildHubSchema(): Promise<GraphQLSchema> {
  return protect(await buildBareSchema());
}

/** schema/schema.graphql: the printed SDL, committed and checked by a test. */
export async function printHubSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildBareSchema()))}\n`;
}
