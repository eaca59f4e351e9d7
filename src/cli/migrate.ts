/** npm run db:migrate — applies migrations/ to DATABASE_URL, or to the embedded database. */
// Reference data is loaded through the modules' index files, which carry type-graphql classes.
import 'reflect-metadata';
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { prepareDatabase } from '../modules/reference-data';
import { parseCli, runCli } from './run';

const USAGE = '用法 / usage: npm run db:migrate   (applies migrations/ to DATABASE_URL, or to the embedded database in DATA_DIR)';

await runCli(USAGE, async () => {
  parseCli({ usage: USAGE, options: {} });
  // No JWT here: do not leave a signing secret in DATA_DIR that `npm run token` would then trust.
  const config = loadConfig(process.env, { createDevSecret: false });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await prepareDatabase(database);
  } finally {
    await database.close();
  }
  console.log('migrations applied');
});
