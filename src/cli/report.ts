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
import { isDomainError } from '../shared/errors';
import { parseCli, runCli, UsageError } from './run';

const USAGE = `用法 / usage: npm run report -- <${REPORT_NAMES.join('|')}> [options] --format csv|xlsx --out FILE
  assessment      --year 2025                      考核完成情况表 (附件7), amounts in 万元
  monthly-return  --period 2025-03                 monthly return to the region (附件5 三(五))
  write-off       --period 2026-09                 底账核销表: opening, flows, closing raw stock against each monthly report (SPEC §13)
  trade-stats     --from 2025-01-01 --to 2025-12-31 [--group-by MONTH,COMMODITY] [--purpose LANDING_PROCESSING]
  example: npm run report -- assessment --year 2025 --format xlsx --out assessment-2025.xlsx`;

await runCli(USAGE, async () => {
  const { values: opt, positionals } = parseCli({
    usage: USAGE,
    options: {
      year: { type: 'string' }, period: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' },
      'group-by': { type: 'string' }, purpose: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' },
    },
    positionals: { min: 1, max: 1 },
  });
  const name = positionals[0] as ReportName;
  if (!REPORT_NAMES.includes(name)) throw new UsageError(`未知报表 / unknown report "${name}"`);
  const format = opt.format ?? (opt.out?.endsWith('.xlsx') ? 'xlsx' : 'csv');
  if (format !== 'csv' && format !== 'xlsx') throw new UsageError(`--format 须为 csv 或 xlsx / --format is csv or xlsx, not "${format}"`);
  const out = opt.out;
  if (!out) throw new UsageError('需要 --out FILE / --out FILE is required');
  const purpose = opt.purpose?.toUpperCase();
  if (purpose && purpose !== 'LANDING_PROCESSING' && purpose !== 'MARKET_SALE') throw new UsageError('--purpose 须为 LANDING_PROCESSING 或 MARKET_SALE / --purpose is LANDING_PROCESSING or MARKET_SALE');
  if (opt.year !== undefined && !/^\d{4}$/.test(opt.year)) throw new UsageError(`--year 须为四位年份 / --year is a year such as 2025, not "${opt.year}"`);

  // No JWT here: do not leave a signing secret in DATA_DIR that `npm run token` would then trust.
  const config = loadConfig(process.env, { createDevSecret: false });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, maxConnections: 2 });
  try {
    await prepareDatabase(database);
    let report;
    try {
      report = await buildReport({ db: database.db, viewer: { sub: 'cli-report', agency: 'COMMERCE', org: null } }, name, {
        year: opt.year ? Number(opt.year) : undefined, period: opt.period, from: opt.from, to: opt.to,
        groupBy: parseGroupBy(opt['group-by']), purpose: (purpose as 'LANDING_PROCESSING' | 'MARKET_SALE' | undefined) ?? null,
      });
    } catch (e) {
      // The report's own refusals (a missing or malformed period, an unknown grouping) are bad arguments.
      if (isDomainError(e)) throw new UsageError(e.message);
      throw e;
    }
    writeFileSync(out, await renderReport(report, format));
    console.log(`wrote ${out}: ${report.title}, ${report.rows.length} rows`);
  } finally {
    await database.close();
  }
});
