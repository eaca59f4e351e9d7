/** npm run schema:print — writes schema/schema.graphql from the code (the committed contract). */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { printHubSchema } from '../schema';

writeFileSync('schema/schema.graphql', await printHubSchema());
console.log('wrote schema/schema.graphql');
