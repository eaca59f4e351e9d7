/**
 * npm run import -- <kind> <file.csv|file.json> [--org <enterpriseId>] [--out results.csv]
 * Bulk load through the same validation as the batch mutations (SPEC §2), in batches of 1,000,
 * with a progress line, a per-row result file and the rate at the end.
 */
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { prepareDatabase } from '../modules/reference-data';
import '../modules/wiring';
import { MAX_BATCH } from '../shared/batch';
import { parseCsv, toCsv } from '../shared/csv';
import { IMPORT_KINDS } from './import-kinds';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const positional = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const [kindName, file] = positional;
if (!kindName || !file || !IMPORT_KINDS[kindName]) {
  console.error(`usage: npm run import -- <kind> <file.csv|file.json> [--org <enterpriseId>] [--out results.csv]
  kinds: ${Object.keys(IMPORT_KINDS).join(', ') || '(none yet)'}`);
  process.exit(2);
}

const kind = await IMPORT_KINDS[kindName]!();
const text = readFileSync(file, 'utf8');
const inputs = file.endsWith('.json') ? kind.fromJson(JSON.parse(text) as unknown[]) : kind.fromCsv(parseCsv(text));
const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
await prepareDatabase(database);
const viewer = kind.viewer({ org: opt('org') });

const results: Record<string, unknown>[] = [];
const totals = { accepted: 0, duplicates: 0, rejected: 0 };
const start = Date.now();
for (let i = 0; i < inputs.length; i += MAX_BATCH) {
  const chunk = inputs.slice(i, i + MAX_BATCH);
  const r = await kind.submit(database.db, viewer, config, chunk);
  totals.accepted += r.accepted; totals.duplicates += r.duplicates; totals.rejected += r.rejected;
  for (const row of r.rows) results.push({ ...row, index: row.index + i });
  const done = i + chunk.length;
  const rate = done / ((Date.now() - start) / 1000);
  process.stderr.write(`\r${kindName}: ${done}/${inputs.length} rows (${Math.round((done / inputs.length) * 100)}%), ${Math.round(rate)} rows/s, ${totals.rejected} rejected   `);
}
const secs = (Date.now() - start) / 1000;
const out = opt('out') ?? `${file.replace(/\.(csv|json)$/, '')}.results.csv`;
writeFileSync(out, toCsv(results, ['index', 'key', 'status', 'code', 'reason', 'field', 'message']));
process.stderr.write('\n');
console.log(`${inputs.length} rows in ${secs.toFixed(1)} s (${Math.round(inputs.length / Math.max(secs, 0.001))} rows/s): ${totals.accepted} accepted, ${totals.duplicates} duplicates, ${totals.rejected} rejected. Per-row results: ${out}`);
await database.close();
process.exit(totals.rejected ? 1 : 0);
