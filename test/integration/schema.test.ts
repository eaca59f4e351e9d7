import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { printHubSchema } from '../../src/schema';

it('schema/schema.graphql is the schema the code builds (run `npm run schema:print` when this fails)', async () => {
  expect(readFileSync('schema/schema.graphql', 'utf8')).toBe(await printHubSchema());
});
