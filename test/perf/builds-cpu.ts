/**
 * CPU per request of several builds of the hub (or one build under several node flags) asked the
 * same questions in turn — the way to compare a change on this shared machine, whose speed drifts
 * by tens of per cent over minutes: every round asks each hub in turn, the median round is
 * reported. Each hub runs as `npm start` runs it (bench-hub.ts: its own process, NODE_ENV=production),
 * on an already seeded database (e.g. kept by `npm run bench -- --scale 1 --only none --keep`).
 *
 *   git worktree add /tmp/old <rev> && ln -s "$PWD/node_modules" /tmp/old/ && (cd /tmp/old && npm run -s build)
 *   npm run -s build
 *   npm exec -- node --import tsx test/perf/builds-cpu.ts <database url> test/perf/questions/customs.json \
 *     [--requests 300] [--rounds 5] [--clients 1] --build /tmp/old --build . [--flags= --flags="--max-semi-space-size=64" …]
 *
 * (`npm exec` runs it on the project's Node, node_modules/.bin/node: the hubs run on the Node that
 * runs this.) questions.json: [{ "name", "agency", "query", "variables"? }]. `--flags=…` (one per
 * build, in order; empty: the start script's) replaces the node flags. Not a test: numbers to read.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { signToken } from '../../src/authz/tokens';
import { START_FLAGS, cpuMark, cpuSince, gqlPost, startHub, waitReady, type HubProcess } from '../../src/cli/bench-hub';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    requests: { type: 'string', default: '300' }, rounds: { type: 'string', default: '5' }, clients: { type: 'string', default: '1' },
    build: { type: 'string', multiple: true }, flags: { type: 'string', multiple: true },
  },
});
const [url, file] = positionals as [string, string];
if (!url || !file || !values.build?.length) throw new Error('usage: builds-cpu.ts <database url> <questions.json> --build <dir> [--build <dir> …]');
const [N, R, C] = [Number(values.requests), Number(values.rounds), Number(values.clients)];
const questions = JSON.parse(readFileSync(file, 'utf8')) as { name: string; agency: string; query: string; variables?: Record<string, unknown> }[];
const secret = 'builds-cpu-secret-builds-cpu-secret-0123456';
const sql = postgres(url, { max: 1, onnotice: () => {} });
const hubs: { label: string; hub: HubProcess }[] = [];
const results = new Map<string, [number, number][]>();
try {
  for (const [i, dir] of values.build.entries()) {
    const flags = values.flags?.[i] ? values.flags[i]!.split(' ') : START_FLAGS;
    // The bundle of that build: node runs the first script it is given, the appended dist/main.mjs is an unused argument.
    const hub = await startHub({ databaseUrl: url, secret, app: `builds-cpu-${i}`, dataDir: `/tmp/builds-cpu-${process.pid}-${i}`, env: { FEED_WORKER: 'false' }, flags: [...flags, resolve(dir, 'dist/main.mjs')] });
    await waitReady(hub.child, hub.url, dir);
    hubs.push({ label: `#${i} ${dir}${values.flags?.[i] ? ` [${values.flags[i]}]` : ''}`, hub });
  }
  for (let round = 0; round < R; round++) {
    for (const q of questions) {
      const token = await signToken(new TextEncoder().encode(secret), { agency: q.agency, sub: 'builds-cpu' });
      for (const { label, hub } of hubs) {
        const ask = async () => {
          const a = await gqlPost(hub.url, token, q.query, q.variables);
          if ((a.body as { errors?: unknown }).errors) throw new Error(`${label}: ${a.text.slice(0, 300)}`);
        };
        for (let i = 0; i < 30; i++) await ask();
        const mark = await cpuMark(sql, hub.pid, hub.app);
        let left = N;
        await Promise.all(Array.from({ length: C }, async () => { while (left-- > 0) await ask(); }));
        const { procMs, backendsMs } = await cpuSince(sql, mark);
        const key = `${q.name} ×${C} ${label}`;
        results.set(key, [...(results.get(key) ?? []), [procMs / N, backendsMs / N]]);
      }
    }
  }
} finally {
  await Promise.all(hubs.map(({ hub }) => hub.stop()));
  await sql.end();
}
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
for (const [key, v] of results) {
  console.log(`${key}: hub ${median(v.map((x) => x[0])).toFixed(2)} ms [${v.map((x) => x[0].toFixed(2)).join(' ')}] + PostgreSQL ${median(v.map((x) => x[1])).toFixed(2)} ms CPU per request`);
}
