/**
 * npm run feed -- --agency CUSTOMS [--org <id>] [--since <cursor>] [--entities ENTERPRISE,CUSTOMS_DECLARATION] [--json]
 * Prints the change feed (SPEC §16) as that agency sees it, from a cursor to the current end, then
 * the cursor to pass as --since next time (on stderr, so stdout stays the changes).
 */
import 'reflect-metadata';
import { isAgency } from '../authz/agencies';
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { CHANGE_ENTITIES, changes, type ChangeEntityName } from '../modules/feed';
import { prepareDatabase } from '../modules/reference-data';

function usage(problem?: string): never {
  if (problem) console.error(`error: ${problem}\n`);
  console.error(`usage: npm run feed -- --agency <AGENCY> [--org <enterprise|cooperative id>] [--since <cursor>]
                        [--entities ${CHANGE_ENTITIES.slice(0, 2).join(',')},…] [--json]
  example: npm run feed -- --agency CUSTOMS --since ZjEyMw`);
  process.exit(2);
}

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const agency = opt('agency')?.toUpperCase();
if (!isAgency(agency)) usage(agency ? `unknown agency "${agency}"` : '--agency is required');
const org = opt('org') ?? null;
if ((agency === 'ENTERPRISE' || agency === 'COOPERATIVE') && !org) usage(`${agency} needs --org`);
const entities = opt('entities')?.split(',').map((e) => e.trim().toUpperCase()).filter(Boolean) as ChangeEntityName[] | undefined;
const unknown = entities?.filter((e) => !(CHANGE_ENTITIES as readonly string[]).includes(e));
if (unknown?.length) usage(`unknown entities ${unknown.join(', ')}`);
const json = args.includes('--json');

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, maxConnections: 2 });
try {
  await prepareDatabase(database);
  const ctx = { db: database.db, viewer: { sub: 'cli-feed', agency, org } };
  let cursor = opt('since') ?? null;
  let n = 0;
  for (;;) {
    const page = await changes(ctx, { after: cursor, first: 1000, entities });
    for (const { node: c } of page.edges) {
      n++;
      console.log(json ? JSON.stringify(c) : `${c.seq}\t${c.entity}\t${c.op}\t${c.id}\t${c.at}`);
    }
    cursor = page.pageInfo.endCursor;
    if (!page.pageInfo.hasNextPage) break;
  }
  console.error(`${n} changes; next time: --since ${cursor ?? '(none yet)'}`);
} catch (e) {
  console.error(`error: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
