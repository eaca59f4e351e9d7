/** Process entry: loadConfig → openDatabase → migrate → seed on first start → createApp → listen. */
import 'reflect-metadata';
import { createApp } from './app';
import { describeFailure } from './cli/run';
import { loadConfig } from './config';
import { openDatabase } from './db/client';
import { sampleFiledOrgs } from './modules/registry';
import { prepareDatabase } from './modules/reference-data';
import { isEmpty, seedDemo } from '../seeds/seed';

async function main() {
  const config = loadConfig();
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PostgreSQL (PGlite) in ${config.dataDir}`;
  console.log(`Opening ${where} …`);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl, dataDir: config.dataDir,
    statementTimeoutMs: config.statementTimeoutMs, lockTimeoutMs: config.lockTimeoutMs,
  });
  await prepareDatabase(database);
  if (config.seedOnStart && (await isEmpty(database.db))) {
    console.log('First start: loading the demo seed (set SEED_ON_START=false to skip) …');
    await seedDemo(database.db, { scale: 1, log: (m) => console.log(`  ${m}`) });
  }
  const hub = await createApp({ config, database });
  // A port in use is an 'error' event, not an exception: turn it into a rejection (main's catch),
  // after closing the database cleanly (PGlite flushes its files).
  try {
    await new Promise<void>((resolve, reject) => {
      hub.server.once('error', reject);
      hub.server.listen(config.port, config.host, () => {
        hub.server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    await hub.stop().catch(() => {});
    await database.close().catch(() => {});
    throw e;
  }
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}/graphql`;
  const sample = await sampleFiledOrgs(database.db); // the demo seed's first filed enterprise and cooperative
  console.log(`\nBorder-Trade Data Exchange Hub ready at ${url}
  Get a token:   npm run token -- CUSTOMS          (agencies: COMMERCE PREFECTURE_COMMERCE CUSTOMS TAX MARKET_REGULATION
                                                    OPERATOR ENTERPRISE COOPERATIVE ANALYST AUDITOR)
                 npm run token -- ENTERPRISE --org ${sample.enterprise ?? '<enterprise id>'}
                 npm run token -- COOPERATIVE --org ${sample.cooperative ?? '<cooperative id>'}
  Try it:        curl -s ${url} -H 'content-type: application/json' \\
                   -H "authorization: Bearer $(npm run -s token -- CUSTOMS)" -d '{"query":"{ me { agency } }"}'
  GraphiQL:      open ${url} in a browser
`);

  // Graceful shutdown (SPEC §2): stop accepting, let in-flight requests finish (Apollo's drain
  // plugin waits up to 10 s, then cuts idle and stuck connections), close the database (PGlite
  // flushes its files), exit 0. A second signal while draining exits at once.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      console.log(`${signal} again: exiting without waiting.`);
      process.exit(1);
    }
    stopping = true;
    console.log(`${signal}: finishing in-flight requests …`);
    hub.logger.info({ signal }, 'shutdown started');
    const force = setTimeout(() => {
      console.error('Shutdown took longer than 15 s: exiting.');
      process.exit(1);
    }, 15_000);
    force.unref();
    try {
      await hub.stop();
      console.log('Requests finished; closing the database …');
      await database.close();
      hub.logger.info({ signal }, 'shutdown complete');
      hub.logger.flush();
      console.log('Stopped.');
      process.exit(0);
    } catch (e) {
      console.error(e);
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

// Expected failures (bad environment, port in use, database missing, unreachable or busy) are one
// line saying what to do (src/cli/run.ts); anything else is a bug and keeps its stack.
main().catch((e) => {
  const outcome = describeFailure(e);
  if (outcome) for (const line of outcome.lines) console.error(`中心无法启动 / the hub could not start: ${line.replace(/^错误 \/ error: /, '')}`);
  else console.error('中心无法启动 / the hub could not start:', e);
  process.exit(1);
});

