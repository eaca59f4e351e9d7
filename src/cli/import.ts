/**
 * npm run import -- <kind> <file.csv|file.json> [--org <enterpriseId>] [--out results.csv] [--encoding GBK]
 * Bulk load through the same validation as the batch mutations (SPEC §2), in batches of 1,000,
 * with the file's encoding (detected, or --encoding), a progress line, a per-row result file and
 * the rate at the end. A CSV whose header names an unknown column, or lacks a required one, is
 * refused before the database is opened.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { prepareDatabase } from '../modules/reference-data';
import '../modules/wiring';
import { toCsv } from '../shared/csv';
import { IMPORT_KINDS } from './import-kinds';
import { readImportFile, submitAll } from './importer';
import { parseCli, runCli, UsageError } from './run';

const USAGE = `用法 / usage: npm run import -- <kind> <file.csv|file.json> [--org <enterpriseId>] [--out results.csv] [--encoding GBK]
  kind:        ${Object.keys(IMPORT_KINDS).join(', ')}
  --org        ledger: the enterprise the entries belong to (required)
  --out        per-row result file (default <file>.results.csv)
  --encoding   force the file's encoding: UTF-8, GBK (= GB18030), GB18030, Big5, UTF-16LE, UTF-16BE
               (default: detected — BOM, valid UTF-8, else GB18030 or Big5)`;

await runCli(USAGE, async () => {
  const { values, positionals } = parseCli({
    usage: USAGE,
    options: { org: { type: 'string' }, out: { type: 'string' }, encoding: { type: 'string' } },
    positionals: { min: 2, max: 2 },
  });
  const [kindName, file] = positionals as [string, string];
  if (!IMPORT_KINDS[kindName]) throw new UsageError(`未知的导入类型 / unknown kind "${kindName}"`);
  const kind = await IMPORT_KINDS[kindName]!();
  let viewer;
  try {
    viewer = kind.viewer({ org: values.org });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { inputs, encoding, how } = readImportFile(kind, file, { encoding: values.encoding });
  console.log(`文件编码 / detected encoding: ${encoding}${how === 'forced' ? ' (--encoding)' : how === 'BOM' ? ' (BOM)' : ''}`);

  // No JWT here: do not leave a signing secret in DATA_DIR that `npm run token` would then trust.
  const config = loadConfig(process.env, { createDevSecret: false });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await prepareDatabase(database);
    const start = Date.now();
    const { totals, rows } = await submitAll(database.db, config, kind, viewer, inputs, (done, t) => {
      const rate = done / Math.max((Date.now() - start) / 1000, 0.001);
      process.stderr.write(`\r${kindName}: ${done}/${inputs.length} rows (${Math.round((done / inputs.length) * 100)}%), ${Math.round(rate)} rows/s, ${t.rejected} rejected   `);
    });
    const secs = (Date.now() - start) / 1000;
    const out = values.out ?? `${file.replace(/\.(csv|json)$/i, '')}.results.csv`;
    writeFileSync(out, toCsv(rows as unknown as Record<string, unknown>[], ['index', 'key', 'status', 'code', 'reason', 'field', 'message']));
    if (inputs.length) process.stderr.write('\n');
    console.log(`${inputs.length} rows in ${secs.toFixed(1)} s (${Math.round(inputs.length / Math.max(secs, 0.001))} rows/s): ${totals.accepted} accepted, ${totals.duplicates} duplicates, ${totals.rejected} rejected. Per-row results: ${out}`);
    return totals.rejected ? 1 : 0;
  } finally {
    await database.close();
  }
});
