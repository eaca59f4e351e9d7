/**
 * CPU per request of the hub process for the registry nesting query (50 enterprises → contracts →
 * cooperative → 10 members), in process, over HTTP. Not a test: run by hand to compare two
 * versions of the code on the same machine (the numbers of one run only mean something beside
 * another run's).
 *   node --import tsx test/perf/request-cpu.ts [postgres://postgres@127.0.0.1:5432/postgres] [requests]
 */
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import { createApp } from '../../src/app';
import { signToken } from '../../src/authz/tokens';
import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/db/client';
import { prepareDatabase } from '../../src/modules/reference-data';
import { bulkRegistry } from '../support/factories';

const base = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const N = Number(process.argv[3] ?? 400);
const name = `hub_cpu_${process.pid}`;
const admin = postgres(base, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${name}"`);
const url = new URL(base); url.pathname = `/${name}`;
const database = await openDatabase({ databaseUrl: url.toString(), maxConnections: 4 });
try {
  await prepareDatabase(database);
  await bulkRegistry(database.db, { enterprises: 50, contractsPer: 4, membersPer: 10 });
  const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'cpu-secret-cpu-secret-cpu-secret-0123456789', LOG_LEVEL: 'silent', DATA_DIR: '/tmp/hub-cpu' });
  const hub = await createApp({ config, database });
  await new Promise<void>((r) => hub.server.listen(0, '127.0.0.1', r));
  const endpoint = `http://127.0.0.1:${(hub.server.address() as AddressInfo).port}/graphql`;
  const ops: Record<string, { agency: string; query: string }> = {
    'registry nesting (CUSTOMS)': { agency: 'CUSTOMS', query: '{ enterprises(first: 50) { edges { node { id name uscc status contracts { validFrom validTo cooperative { name township members { name idNumber } } } } } } }' },
    'registry nesting (COMMERCE, masked ids)': { agency: 'COMMERCE', query: '{ enterprises(first: 50) { edges { node { id name legalRepresentative { name phone } contracts { cooperative { name members { name idNumber } } } } } } }' },
  };
  for (const [label, op] of Object.entries(ops)) {
    const token = await signToken(config.jwt.secret!, { agency: op.agency, sub: 'cpu' });
    const ask = async () => {
      const res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: op.query }) });
      const body = await res.json() as { errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 300));
    };
    for (let i = 0; i < 50; i++) await ask();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < N; i++) await ask();
    const cpu = process.cpuUsage(cpu0);
    console.log(`${label}: ${((cpu.user + cpu.system) / 1000 / N).toFixed(2)} ms CPU per request (process, incl. the client), ${((performance.now() - t0) / N).toFixed(2)} ms wall`);
  }
  await hub.stop();
} finally {
  await database.close();
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
}
