/** npm run db:migrate — applies migrations/ to DATABASE_URL, or to the embedded database. */
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
await migrateDatabase(database);
await database.close();
console.log('migrations applied');
