/**
 * npm run report -- <assessment|monthly-return|trade-stats|write-off> [--year Y | --period P | --from D --to D
 *   --group-by MONTH,COMMODITY [--purpose LANDING_PROCESSING]] --format csv|xlsx --out FILE
 * Writes the same report the hub serves at /reports/<name>.<format>, as COMMERCE sees it.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { prepareDatabase } from '../modules/reference-data';
import { buildReport, parseGroupBy, REPORT_NAMES, renderReport, type ReportName } from '../modules/reports';

function usage(problem?: string): never {
  if (problem) console.error(`error: ${problem}\n`);
  console.error(`usage: npm run report -- <${REPORT_NAMES.join('|')}> [options] --format csv|xlsx --out FILE
  assessment      --year 2025                      考核完成情况表 (附件7), amounts in 万元
  monthly-return  --period 2025-03                 monthly return to the region (附件5 三(五))
  write-off       --period 2026-09                 底账核销表: opening, flows, closing raw stock against each monthly report (SPEC §13)
  trade-stats     --from 2025-01-01 --to 2025-12-31 [--group-by MONTH,COMMODITY] [--purpose LANDING_PROCESSING]
  example: npm run report -- assessment --year 2025 --format xlsx --out assessment-2025.xlsx`);
  process.exit(2);
}

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const name = args[0] as ReportName | undefined;
if (!name || !REPORT_NAMES.includes(name)) usage(name ? `unknown report "${name}"` : undefined);
const format = (opt('format') ?? (opt('out')?.endsWith('.xlsx') ? 'xlsx' : 'csv')) as 'csv' | 'xlsx';
if (format !== 'csv' && format !== 'xlsx') usage(`--format is csv or xlsx, not "${format}"`);
const out = opt('out');
if (!out) usage('--out FILE is required');
const purpose = opt('purpose')?.toUpperCase();
if (purpose && purpose !== 'LANDING_PROCESSING' && purpose !== 'MARKET_SALE') usage('--purpose is LANDING_PROCESSING or MARKET_SALE');

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, maxConnections: 2 });
try {
  await prepareDatabase(database);
  const report = await buildReport({ db: database.db, viewer: { sub: 'cli-report', agency: 'COMMERCE', org: null } }, name, {
    year: opt('year') ? Number(opt('year')) : undefined, period: opt('period'), from: opt('from'), to: opt('to'),
    groupBy: parseGroupBy(opt('group-by')), purpose: (purpose as 'LANDING_PROCESSING' | 'MARKET_SALE' | undefined) ?? null,
  });
  writeFileSync(out, await renderReport(report, format));
  console.log(`wrote ${out}: ${report.title}, ${report.rows.length} rows`);
} catch (e) {
  console.error(`error: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
