/**
 * CPU per request of the three side-by-side operations (customs processor query, tax pull,
 * registry nesting) on an already seeded database (e.g. one kept by
 * `npm run bench -- --scale 1 --only none --keep`), hub in process, over HTTP. Prints the hub
 * process's CPU (incl. the client) and its PostgreSQL backends' CPU per request. Not a test: run by
 * hand to compare two versions of the code in the same minute.
 *   NODE_ENV=production node --import tsx test/perf/ops-cpu.ts postgres://…/hub_bench_1_xxxx [requests] [--dump dir]
 */
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import { createApp } from '../../src/app';
import { signToken } from '../../src/authz/tokens';
import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/db/client';
import { BENCH_OPERATIONS } from '../../src/cli/bench-operations';

const url = process.argv[2]!;
const N = Number(process.argv[3] ?? 200);
const dumpAt = process.argv.indexOf('--dump');
const dump = dumpAt > 0 ? process.argv[dumpAt + 1] : undefined;
const only = process.env.OPS ?? 'customs processor,tax ledger,registry nesting';
const database = await openDatabase({ databaseUrl: url, maxConnections: 4 });
const dbName = new URL(url).pathname.slice(1);
const watch = postgres(url, { max: 1, onnotice: () => {} });
const backendCpu = async () => {
  const pids = await watch<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${dbName} and pid <> pg_backend_pid()`;
  let t = 0;
  for (const { pid } of pids) {
    try { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); t += Number(f[11]) + Number(f[12]); } catch { /* gone */ }
  }
  return t * 10; // ms (100 Hz)
};
const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'cpu-secret-cpu-secret-cpu-secret-0123456789', LOG_LEVEL: 'silent', DATA_DIR: '/tmp/hub-cpu' });
const hub = await createApp({ config, database });
await new Promise<void>((r) => hub.server.listen(0, '127.0.0.1', r));
const endpoint = `http://127.0.0.1:${(hub.server.address() as AddressInfo).port}/graphql`;
// The hub's queries of the bench operations, captured by wrapping fetch once.
const realFetch = globalThis.fetch;
for (const op of BENCH_OPERATIONS) {
  if (!only.split(',').some((o) => op.name.includes(o))) continue;
  let body = '';
  let auth = '';
  globalThis.fetch = (async (u: string, init: RequestInit) => { body = String(init.body); auth = (init.headers as Record<string, string>).authorization!; return realFetch(u, init); }) as typeof fetch;
  const prepared = await op.prepare({ sql: watch, endpoint, token: (agency, org) => signToken(config.jwt.secret!, { agency, org, sub: 'cpu' }) });
  await prepared.hub(0);
  globalThis.fetch = realFetch;
  const ask = async () => {
    const res = await realFetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', authorization: auth }, body });
    return res.text();
  };
  const answer = await ask();
  if (answer.includes('"errors"')) throw new Error(answer.slice(0, 300));
  if (dump) writeFileSync(`${dump}/${op.name.split(' ')[0]}.json`, answer);
  for (let i = 0; i < 30; i++) await ask();
  const b0 = await backendCpu();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < N; i++) await ask();
  const cpu = process.cpuUsage(cpu0);
  const b = await backendCpu() - b0;
  console.log(`${op.name.slice(0, 40).padEnd(40)} hub ${((cpu.user + cpu.system) / 1000 / N).toFixed(2)} ms + pg ${(b / N).toFixed(2)} ms per request (${answer.length} B)`);
}
await hub.stop();
hub.server.close();
await database.close();
await watch.end();
