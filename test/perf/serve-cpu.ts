/**
 * CPU per request of the hub as `npm start` runs it — its own process (the bundle, dist/main.mjs,
 * with the start script's node flags, NODE_ENV=production) — asked by this process over HTTP, on an
 * already seeded database (e.g. one kept by `npm run bench -- --scale 1 --only none --keep`).
 * Prints the hub process's CPU (utime+stime from /proc), its PostgreSQL backends' CPU per request,
 * and its peak RSS. Not a test: run by hand, interleaving the versions to compare (the machine is
 * shared; compare medians of several runs).
 *
 *   npm run -s build && node --import tsx test/perf/serve-cpu.ts <database url> <me|customs|tax|registry|quota|feed> [requests] [--clients N] [--node-flag F …]
 *
 * `--node-flag` replaces the start script's flags (e.g. `--node-flag=--max-old-space-size=512`).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { signToken } from '../../src/authz/tokens';
import { CUSTOMS_PROCESSORS, REGISTRY_NESTING, TAX_PULL } from '../../src/cli/bench-queries';
import { freePort } from '../support/cli';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { clients: { type: 'string', default: '1' }, 'node-flag': { type: 'string', multiple: true } } });
const [url, opName, n] = positionals as [string, string, string | undefined];
const N = Number(n ?? 1000);
const clients = Number(values.clients);
const OPS = {
  me: { agency: 'TAX', query: '{ me { agency } }', variables: undefined },
  customs: CUSTOMS_PROCESSORS, tax: TAX_PULL, registry: REGISTRY_NESTING,
  quota: { agency: 'PREFECTURE_COMMERCE', query: '{ quotaStatus(year: 2025, asOf: "2025-10-15") { consumedYuan consumptionRatio monthsElapsed projectedAnnualYuan warning remainingYuan importConsumedYuan importConsumptionRatio } }', variables: undefined },
  feed: { agency: 'CUSTOMS', query: '{ changes(first: 1000) { edges { cursor node { seq entity id op at } } pageInfo { endCursor hasNextPage } } }', variables: undefined },
} as const;
const op = OPS[opName as keyof typeof OPS];
if (!url || !op) throw new Error('usage: serve-cpu.ts <database url> <me|customs|tax|registry|quota|feed> [requests] [--clients N]');

const start = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts.start!.split(/\s+/);
const flags = values['node-flag'] ?? start.slice(1, start.indexOf('dist/main.mjs'));
const secret = 'serve-cpu-secret-serve-cpu-secret-0123456';
const port = await freePort();
const hub = spawn(process.execPath, [...flags, 'dist/main.mjs'], {
  env: { ...process.env, DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', JWT_SECRET: secret,
    SEED_ON_START: 'false', FEED_WORKER: 'false', LOG_LEVEL: 'silent', DATA_DIR: `/tmp/serve-cpu-${port}`, PGAPPNAME: 'serve-cpu' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const base = `http://127.0.0.1:${port}`;
for (let i = 0; !(await fetch(`${base}/readyz`).then((r) => r.ok, () => false)); i++) {
  if (i > 150) throw new Error('the hub did not become ready');
  await new Promise((r) => setTimeout(r, 200));
}
const token = await signToken(new TextEncoder().encode(secret), { agency: op.agency, sub: 'serve-cpu' });
const body = JSON.stringify({ query: op.query, variables: op.variables });
const ask = () => fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body }).then((r) => r.text());
const answer = await ask();
if (answer.includes('"errors"')) throw new Error(answer.slice(0, 300));

const sql = postgres(url, { max: 1, onnotice: () => {} });
const ticks = (pid: number) => {
  try { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) * 10; } catch { return 0; }
};
const backends = async () => (await sql<{ pid: number }[]>`select pid from pg_stat_activity where application_name = 'serve-cpu'`)
  .reduce((t, { pid }) => t + ticks(pid), 0);
const run = async (count: number) => {
  let left = count;
  await Promise.all(Array.from({ length: clients }, async () => { while (left-- > 0) await ask(); }));
};
await run(50);
const h0 = ticks(hub.pid!), b0 = await backends();
await run(N);
const h = ticks(hub.pid!) - h0, b = (await backends()) - b0;
const hwm = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${hub.pid}/status`, 'utf8'))![1]) / 1024;
console.log(`${opName} ×${clients} [${flags.join(' ')}]: hub ${(h / N).toFixed(3)} ms + PostgreSQL ${(b / N).toFixed(3)} ms CPU per request, peak RSS ${hwm.toFixed(0)} MiB (${answer.length} B answer)`);
hub.kill('SIGTERM');
await sql.end();
