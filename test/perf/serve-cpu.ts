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
 * `--node-flag` replaces the start script's flags (e.g. `--node-flag=--max-old-space-size=512`);
 * `--hub-output FILE` keeps the hub's output (e.g. `--node-flag=--trace-gc`).
 */
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { signToken } from '../../src/authz/tokens';
import { START_FLAGS, cpuMark, cpuSince, gqlPost, peakRss, startHub, waitReady } from '../../src/cli/bench-hub';
import { CUSTOMS_PROCESSORS, REGISTRY_NESTING, TAX_PULL } from '../../src/cli/bench-queries';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { clients: { type: 'string', default: '1' }, 'node-flag': { type: 'string', multiple: true }, 'hub-output': { type: 'string' } } });
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

// The hub as the bench starts it (src/cli/bench-hub.ts), without the webhook worker.
const flags = values['node-flag'] ?? START_FLAGS;
const secret = 'serve-cpu-secret-serve-cpu-secret-0123456';
const hub = await startHub({ databaseUrl: url, secret, app: 'serve-cpu', dataDir: `/tmp/serve-cpu-${process.pid}`, env: { FEED_WORKER: 'false' }, flags });
const sql = postgres(url, { max: 1, onnotice: () => {} });
// `--hub-output FILE`: the hub's stdout and stderr (e.g. with --node-flag=--trace-gc).
if (values['hub-output']) {
  const out = createWriteStream(values['hub-output']);
  hub.child.stdout!.pipe(out);
  hub.child.stderr!.pipe(out);
}
try {
  await waitReady(hub.child, hub.url, 'hub');
  const token = await signToken(new TextEncoder().encode(secret), { agency: op.agency, sub: 'serve-cpu' });
  const ask = () => gqlPost(hub.url, token, op.query, op.variables);
  const first = await ask();
  if (first.body.errors) throw new Error(first.text.slice(0, 300));
  const run = async (count: number) => {
    let left = count;
    await Promise.all(Array.from({ length: clients }, async () => { while (left-- > 0) await ask(); }));
  };
  await run(50);
  const mark = await cpuMark(sql, hub.pid, hub.app);
  await run(N);
  const { procMs, backendsMs } = await cpuSince(sql, mark);
  console.log(`${opName} ×${clients} [${flags.join(' ')}]: hub ${(procMs / N).toFixed(3)} ms + PostgreSQL ${(backendsMs / N).toFixed(3)} ms CPU per request, peak RSS ${peakRss(hub.pid)} (${first.text.length} B answer)`);
} finally {
  await hub.stop();
  await sql.end();
}
