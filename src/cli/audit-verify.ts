/** npm run audit:verify — walks the access log's hash chain and reports edited or deleted rows (SPEC §10). */
import 'reflect-metadata';
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { verifyAccessLog } from '../modules/audit';
import { parseCli, runCli } from './run';

const USAGE = '用法 / usage: npm run audit:verify   (checks the access log\'s hash chain; exit 1 when broken)';

await runCli(USAGE, async () => {
  parseCli({ usage: USAGE, options: {} });
  // No JWT here: do not leave a signing secret in DATA_DIR that `npm run token` would then trust.
  const config = loadConfig(process.env, { createDevSecret: false });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  let result;
  try {
    result = await verifyAccessLog(database.db, (n) => process.stderr.write(`\rchecked ${n} rows …`));
    process.stderr.write('\n');
  } finally {
    await database.close();
  }
  const { checked, breaks, lastHash } = result;
  if (breaks.length) {
    for (const b of breaks.slice(0, 50)) {
      console.log(`row seq ${b.seq}: ${b.problem === 'EDITED' ? 'content does not match its hash (edited)' : 'the previous row is missing or was replaced (deleted or inserted)'}`);
    }
    console.log(`access log BROKEN: ${breaks.length} problem(s) in ${checked} rows`);
    return 1;
  }
  console.log(`access log intact: ${checked} rows, last hash ${lastHash}`);
});
