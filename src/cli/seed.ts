/** npm run seed -- [--scale N]: loads the deterministic demo data into an empty database. */
import 'reflect-metadata';
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { prepareDatabase } from '../modules/reference-data';
import { isEmpty, seedDemo } from '../../seeds/seed';
import { CliFailure, parseCli, runCli, UsageError } from './run';

const USAGE = `用法 / usage: npm run seed -- [--scale N]
  N an integer 1–100 (default 1); scale 1 ≈ 20 enterprises, 60 cooperatives, 3,000 residents`;

await runCli(USAGE, async () => {
  const { values } = parseCli({ usage: USAGE, options: { scale: { type: 'string' } } });
  const scale = values.scale === undefined ? 1 : Number(values.scale);
  if (!Number.isInteger(scale) || scale < 1 || scale > 100) throw new UsageError(`--scale 须为 1–100 的整数 / --scale must be an integer 1–100, got "${values.scale}"`);
  // No JWT here: do not leave a signing secret in DATA_DIR that `npm run token` would then trust.
  const config = loadConfig(process.env, { createDevSecret: false });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await prepareDatabase(database);
    if (!(await isEmpty(database.db))) {
      throw new CliFailure('数据库已有数据 / the database already holds data: seed an empty one (a fresh DATABASE_URL, or delete DATA_DIR/pglite for the embedded database)');
    }
    const start = Date.now();
    console.log(`Seeding at scale ${scale} …`);
    await seedDemo(database.db, { scale, log: (m) => console.log(`  ${m}`) });
    console.log(`Done in ${((Date.now() - start) / 1000).toFixed(1)} s.`);
  } finally {
    await database.close();
  }
});
