/** npm run seed -- [--scale N] [--force]: loads the deterministic demo data into an empty database. */
import 'reflect-metadata';
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { prepareDatabase } from '../modules/reference-data';
import { isEmpty, seedDemo } from '../../seeds/seed';

const args = process.argv.slice(2);
const i = args.indexOf('--scale');
const scale = i >= 0 ? Number(args[i + 1]) : 1;
if (!Number.isInteger(scale) || scale < 1 || scale > 100) {
  console.error('usage: npm run seed -- [--scale N]   (N an integer 1–100; scale 1 ≈ 20 enterprises, 60 cooperatives, 3,000 residents)');
  process.exit(2);
}
const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
await prepareDatabase(database);
if (!(await isEmpty(database.db))) {
  console.error('The database already holds data; seed an empty one (a fresh DATABASE_URL, or delete .data/ for the embedded database).');
  await database.close();
  process.exit(1);
}
const start = Date.now();
console.log(`Seeding at scale ${scale} …`);
await seedDemo(database.db, { scale, log: (m) => console.log(`  ${m}`) });
console.log(`Done in ${((Date.now() - start) / 1000).toFixed(1)} s.`);
await database.close();
