import { parse, validate, buildSchema } from 'graphql';
import { readFileSync } from 'node:fs';
const schema = buildSchema(readFileSync('schema/schema.graphql', 'utf8'));
let doc = 'query Q { ...F0 }\n';
for (let i = 0; i < 24; i++) doc += `fragment F${i} on Query { ${i < 23 ? `a${i}: me { agency } ...F${i + 1} ...F${i + 1}` : 'me { agency }'} }\n`;
console.log(doc.length);
let t = Date.now(); const d = parse(doc); console.log('parse', Date.now() - t);
t = Date.now(); const errs = validate(schema, d); console.log('validate', Date.now() - t, errs.length, errs[0]?.message);
