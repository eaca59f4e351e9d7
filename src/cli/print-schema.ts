/** npm run schema:print — writes schema/schema.graphql from the code (the committed contract). */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { printHubSchema } from '../schema';
import { parseCli, runCli } from './run';

const USAGE = '用法 / usage: npm run schema:print   (rewrites schema/schema.graphql from the code)';

await runCli(USAGE, async () => {
  parseCli({ usage: USAGE, options: {} });
  writeFileSync('schema/schema.graphql', await printHubSchema());
  console.log('wrote schema/schema.graphql');
});
