/**
 * graphql/jit.ts: queries run compiled and answer as graphql-js would (data, error messages, paths,
 * locations, extensions); mutations, documents jit refuses and bad variables go to graphql-js.
 */
import type { GatewayExecutor } from '@apollo/server-gateway-interface';
import { buildSchema, execute, GraphQLError, parse, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { describe, expect, test } from 'vitest';
import { jitGateway } from '../../../src/graphql/jit';

function testSchema(): GraphQLSchema {
  const schema = buildSchema(`
    type Item { id: ID! name: String! secret: String }
    type Other { code: String }
    union Thing = Item | Other
    type Query { items(n: Int!): [Item!]! broken: [Item!] hello: String things: [Thing] }
    type Mutation { touch: Int! }
  `);
  const items = (_: unknown, { n }: { n: number }) => Array.from({ length: n }, (_x, i) => ({ id: String(i), name: `item ${i}` }));
  const fields = (t: string) => (schema.getType(t) as unknown as { getFields(): Record<string, { resolve?: unknown }> }).getFields();
  fields('Query').items!.resolve = items;
  fields('Query').broken!.resolve = () => [{ id: '1', name: null }];
  fields('Query').hello!.resolve = (_: unknown, _a: unknown, ctx: { who: string }) => `hello ${ctx.who}`;
  fields('Item').secret!.resolve = (i: { id: string }) => {
    if (i.id === '1') throw new GraphQLError('不可见 / Forbidden', { extensions: { code: 'FORBIDDEN', reason: 'FIELD' } });
    return Promise.resolve(`s${i.id}`);
  };
  fields('Query').things!.resolve = () => [{ id: '7', name: 'seven' }, { code: 'x' }];
  // as type-graphql builds it: an async resolveType, which jit does not await
  (schema.getType('Thing') as unknown as { resolveType: unknown }).resolveType = async (v: object) => ('id' in v ? 'Item' : 'Other');
  let touched = 0;
  fields('Mutation').touch!.resolve = () => ++touched;
  return schema;
}

async function started(schema: GraphQLSchema) {
  const gateway = jitGateway(schema);
  const seen: GraphQLSchema[] = [];
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => seen.push(apiSchema));
  const { executor } = await gateway.load({ apollo: {} as never });
  expect(seen).toEqual([schema]);
  return { gateway, executor: executor as GatewayExecutor };
}

/** What Apollo hands the executor, for one document. */
function request(query: string, variables?: Record<string, unknown>, operationName: string | null = null) {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
  return { document, operation, operationName, queryHash: query, request: { query, variables }, context: { who: 'customs' } } as never;
}

/** The answer as JSON, errors as Apollo reads them (toJSON, extensions). */
const wire = (r: ExecutionResult) => JSON.stringify({
  data: r.data,
  errors: r.errors?.map((e) => {
    expect(e).toBeInstanceOf(GraphQLError);
    return { ...e.toJSON(), extensions: e.extensions, original: e.originalError?.message };
  }),
});

async function both(schema: GraphQLSchema, executor: GatewayExecutor, query: string, variables?: Record<string, unknown>) {
  const rc = request(query, variables);
  const jit = await executor(rc);
  const js = await execute({ schema, document: (rc as { document: never }).document, variableValues: variables, contextValue: { who: 'customs' } });
  return { jit: wire(jit), js: wire(js) };
}

describe('graphql-jit executor', () => {
  test('a query runs compiled, once compiled per document, and answers exactly as graphql-js', async () => {
    const schema = testSchema();
    const { gateway, executor } = await started(schema);
    const q = 'query($n: Int!) { hello items(n: $n) { id name secret } broken { id name } }';
    const first = await both(schema, executor, q, { n: 3 });
    expect(first.jit).toBe(first.js);
    // a resolver's coded error (path, locations, extensions) and a non-null violation are in it
    expect(first.jit).toContain('"code":"FORBIDDEN"');
    expect(first.jit).toContain('Cannot return null for non-nullable field Item.name.');
    expect(gateway.stats).toEqual({ compiled: 1, jit: 1, fallback: 0 });
    const again = await both(schema, executor, q, { n: 2 });
    expect(again.jit).toBe(again.js);
    expect(gateway.stats).toEqual({ compiled: 1, jit: 2, fallback: 0 });
  });

  test('variables are coerced by graphql-js: the same errors, nothing executed', async () => {
    const schema = testSchema();
    const { gateway, executor } = await started(schema);
    for (const variables of [{ n: 'three' }, {}, { n: null }]) {
      const r = await both(schema, executor, 'query($n: Int!) { items(n: $n) { id } }', variables);
      expect(r.jit).toBe(r.js);
      expect(r.jit).toContain('Variable \\"$n\\"');
    }
    expect(gateway.stats.jit).toBe(0);
  });

  test('mutations and documents jit refuses run on graphql-js', async () => {
    const schema = testSchema();
    const { gateway, executor } = await started(schema);
    expect(await executor(request('mutation { touch }'))).toEqual({ data: { touch: 1 } });
    expect(gateway.stats).toEqual({ compiled: 0, jit: 0, fallback: 1 });
    // jit cannot compile an operation the document lacks; graphql-js answers with its own error
    const rc = request('query A { hello }', undefined, 'B');
    const r = await executor(rc);
    expect(r.errors?.[0]?.message).toBe('Unknown operation named "B".');
    expect(gateway.stats).toEqual({ compiled: 0, jit: 0, fallback: 2 });
    // a union: graphql-js resolves the type (jit would answer null)
    const u = await both(schema, executor, '{ things { ... on Item { id } ... on Other { code } } }');
    expect(u.jit).toBe('{"data":{"things":[{"id":"7"},{"code":"x"}]}}');
    expect(u.jit).toBe(u.js);
    expect(gateway.stats).toEqual({ compiled: 0, jit: 0, fallback: 3 });
    await gateway.stop?.();
  });
});
