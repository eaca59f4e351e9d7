import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { protect } from './authz/shield';
import { resolvers } from './modules';

let built: Promise<GraphQLSchema> | undefined;

/** The schema as type-graphql builds it from the resolvers, without authorization. */
export function buildBareSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({ resolvers: resolvers as never, validate: false });
  return built;
}

/** The served schema: the bare schema with shield on the root operations and the compiled matrix on every field (authz/shield.ts). */
export async function buildHubSchema(): Promise<GraphQLSchema> {
  return protect(await buildBareSchema());
}

/** schema/schema.graphql: the printed SDL, committed and checked by a test. */
export async function printHubSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildBareSchema()))}\n`;
}
