/**
 * npm run bench -- [--scale 20] [--seconds 5] [--database-url postgres://…/postgres] [--keep | --reuse <kept database>] [--compare-postgraphile [--rounds 3]]
 *
 * SPEC §11: each operation is run through the hub over HTTP and, as the floor, as one hand-written
 * SQL statement via postgres.js; both at 1 and 16 concurrent clients. The hub is its own process,
 * as `npm start` runs it (bench-hub.ts: the bundle dist/main.mjs, the start script's node flags,
 * NODE_ENV=production), asked through a keep-alive node:http client. Reports requests/s, p50/p99
 * latency, the ratio hub ÷ floor, the hub's CPU per request (its process and its PostgreSQL
 * backends, from /proc), SQL statements per operation and the hub's memory. Results are ratios to
 * read, never assertions. A fresh database is created (and dropped unless --keep); `--reuse` measures
 * on a database an earlier run kept instead (no seed: at scale 20 it takes ~13 minutes; the earlier
 * runs' batches are still in it), and keeps it.
 * --compare-postgraphile runs only the side-by-side CPU comparison of bench-postgraphile.ts.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import postgres from 'postgres';
import { signToken } from '../authz/tokens';
import type { Agency } from '../authz/agencies';
import { openDatabase } from '../db/client';
import { prepareDatabase } from '../modules/reference-data';
import { numberAllChanges } from '../modules/feed';
import { seedDemo } from '../../seeds/seed';
import { BENCH_SECRET, buildBundle, cpuMark, cpuSince, peakRss, procRss, startHub, waitReady, type HubProcess } from './bench-hub';
import { BENCH_OPERATIONS, type BenchContext, type PreparedOperation } from './bench-operations';
import { cacheDir, comparePostGraphile } from './bench-postgraphile';
import { feedCaptureCost, feedDeliveryRate } from './bench-feed';
import { CliFailure, parseCli, runCli, UsageError } from './run';

const USAGE = `用法 / usage: npm run bench -- [--scale 20] [--seconds 5] [--database-url postgres://…/postgres] [--only <name part>] [--keep | --reuse <kept database, e.g. hub_bench_20_c04f14>] [--compare-postgraphile [--rounds 3]]`;

await runCli(USAGE, async () => {
  const { values } = parseCli({
    usage: USAGE,
    options: {
      scale: { type: 'string', default: '20' }, seconds: { type: 'string', default: '5' },
      'database-url': { type: 'string' }, only: { type: 'string', default: '' }, keep: { type: 'boolean', default: false },
      'compare-postgraphile': { type: 'boolean', default: false }, rounds: { type: 'string', default: '3' }, reuse: { type: 'string' },
    },
  });
  const reuse = values.reuse;
  if (reuse !== undefined && !/^hub_bench_\d+_[0-9a-f]{6}$/.test(reuse)) {
    throw new UsageError(`--reuse 须为本命令保留的数据库名 / --reuse takes the name of a database a run kept (printed as "kept database hub_bench_…"), got "${reuse}"`);
  }
  const scale = Number(values.scale);
  const seconds = Number(values.seconds);
  if (!Number.isInteger(scale) || scale < 1) throw new UsageError(`--scale 须为正整数 / --scale must be a positive integer, got "${values.scale}"`);
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) throw new UsageError(`--rounds 须为正整数 / --rounds must be a positive integer, got "${values.rounds}"`);
  if (!(seconds > 0)) throw new UsageError(`--seconds 须为正数 / --seconds must be a positive number, got "${values.seconds}"`);
  const base = values['database-url'] ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (!/^postgres(ql)?:\/\/./.test(base)) throw new UsageError(`--database-url 须以 postgres:// 开头 / --database-url must start with postgres://, got "${base}"`);
  const only = values.only;
  const keep = values.keep || reuse !== undefined;

  const dbName = reuse ?? `hub_bench_${scale}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  const url = new URL(base);
  url.pathname = `/${dbName}`;
  if (reuse) {
    const [found] = await admin<{ n: number }[]>`select count(*)::int as n from pg_database where datname = ${reuse}`;
    if (!found?.n) throw new CliFailure(`没有数据库 ${reuse} / no database ${reuse} on ${url.host}: run without --reuse (add --keep to keep the new one).`);
    console.log(`bench: database ${dbName} (kept by an earlier run; its scale, not --scale), ${seconds} s per measurement`);
  } else {
    console.log(`bench: database ${dbName}, scale ${scale}, ${seconds} s per measurement`);
    await admin.unsafe(`create database "${dbName}"`);
  }

  const database = await openDatabase({ databaseUrl: url.toString(), maxConnections: 20 });
  try {
    await prepareDatabase(database);
    if (!reuse) {
      const t0 = Date.now();
      await seedDemo(database.db, { scale, log: (m) => console.log(`  seed ${m}`) });
      console.log(`  seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    // The steady state a server with autovacuum reaches, not the seed's aftermath: every change
    // numbered (the feed's readers would do it on the first page), then VACUUM ANALYZE — fresh
    // statistics (the registry floor ran 262 ms before ANALYZE, 3.4 ms after) and no dead rows
    // left by the seed's rollup updates and the numbering (autovacuum is off on some servers, this
    // machine's included: the feed's unnumbered-changes index then took 3–7 ms to find nothing).
    const numbered = await numberAllChanges(database.db);
    const stats = postgres(url.toString(), { max: 1, onnotice: () => {} });
    await stats.unsafe('vacuum analyze');
    console.log(`  ${numbered} changes numbered, vacuumed`);
    const [never] = await stats<{ n: number }[]>`select count(*)::int as n from pg_stat_user_tables where n_live_tup > 0 and last_analyze is null and last_autoanalyze is null`;
    await stats.end();
    console.log(`  analyzed (${never!.n} non-empty tables without statistics)`);

    if (values['compare-postgraphile']) {
      const floorSql = postgres(url.toString(), { max: 20, onnotice: () => {}, connection: { application_name: 'bench-floor', jit: 'off' } }); // as the hub (src/db/client.ts)
      try {
        const t = await comparePostGraphile({ url: url.toString(), sql: floorSql, seconds, rounds, log: (l) => console.log(l) });
        console.log(`\nCPU per request, ms (process + its PostgreSQL backends, from /proc/<pid>/stat):\n${table(t)}`);
      } finally {
        await floorSql.end();
      }
      return;
    }

    // The hub as `npm start` runs it, in its own process: its CPU is read from /proc, not mixed
    // with this process's clients and floors. Its webhook worker runs (as by default in
    // production): feedDeliveryRate measures it.
    buildBundle();
    const secret = BENCH_SECRET;
    const floorSql = postgres(url.toString(), { max: 20, onnotice: () => {}, connection: { application_name: 'bench-floor', jit: 'off' } }); // as the hub (src/db/client.ts)
    let hub: HubProcess | undefined;
    try {
      hub = await startHub({ databaseUrl: url.toString(), secret, app: 'bench-hub', dataDir: resolve(cacheDir(), 'hub-data'), env: { FEED_WORKER: 'true' } });
      await waitReady(hub.child, hub.url, 'hub');
      console.log(`  hub: pid ${hub.pid} (node ${process.version}, dist/main.mjs) at ${hub.url}`);
      const key = new TextEncoder().encode(secret);
      const token = (agency: Agency, org?: string) => signToken(key, { agency, org, sub: 'bench' });
      const ctx: BenchContext = { sql: floorSql, token, endpoint: hub.url };
      const served = hub;
      /** The hub's latency and its CPU (process + PostgreSQL backends) per request over the same run. */
      const measureHub = async (fn: (i: number) => Promise<unknown>, clients: number) => {
        const mark = await cpuMark(floorSql, served.pid, served.app);
        const s = await measure(fn, clients, seconds);
        const used = await cpuSince(floorSql, mark);
        return { ...s, cpu: (used.procMs + used.backendsMs) / Math.max(s.n, 1), procCpu: used.procMs / Math.max(s.n, 1) };
      };

      const rows: string[][] = [];
      const failed: string[] = [];
      for (const op of BENCH_OPERATIONS) {
        if (only && !op.name.includes(only)) continue;
        // One refused or timed-out operation (the cost limit, the statement timeout at a large
        // --scale) must not lose the others' figures: it is reported and the run goes on.
        const fail = (clients: string, e: unknown) => {
          const why = e instanceof Error ? e.message : String(e);
          failed.push(`${op.name} ×${clients}: ${why}`);
          rows.push([op.name, clients, '失败 / failed', '', '', '', '', '', '', '', '', '']);
          console.log(`  ${op.name} ×${clients}: 失败 / failed: ${why}`);
        };
        let prepared: PreparedOperation;
        let probe: Awaited<ReturnType<PreparedOperation['hub']>>;
        try {
          prepared = await op.prepare(ctx);
          probe = await prepared.hub(0);
        } catch (e) {
          fail('—', e);
          continue;
        }
        for (const clients of [1, 16]) {
          let h: Awaited<ReturnType<typeof measureHub>>;
          let f: Awaited<ReturnType<typeof measure>>;
          try {
            h = await measureHub(prepared.hub, clients);
            f = await measure(prepared.floor, clients, seconds);
          } catch (e) {
            fail(String(clients), e);
            continue;
          }
          rows.push([op.name, String(clients), h.rps.toFixed(1), ms(h.p50), ms(h.p99), f.rps.toFixed(1), ms(f.p50), ms(f.p99),
            (h.p50 / Math.max(f.p50, 1e-9)).toFixed(2), (f.rps / Math.max(h.rps, 1e-9)).toFixed(2),
            `${h.cpu.toFixed(2)} (${h.procCpu.toFixed(2)}+${(h.cpu - h.procCpu).toFixed(2)})`, String(probe.statements ?? '?')]);
          console.log(`  ${op.name} ×${clients}: hub ${h.rps.toFixed(1)}/s p50 ${ms(h.p50)} p99 ${ms(h.p99)} CPU ${h.cpu.toFixed(2)} ms/req · floor ${f.rps.toFixed(1)}/s p50 ${ms(f.p50)} · statements ${probe.statements}`);
        }
      }
      if (!only || only.includes('feed')) {
        // The feed's own figures (issue 14): capture cost on a batch, delivery rate to a webhook.
        const batchOp = BENCH_OPERATIONS.find((o) => o.name.startsWith('submitDeclarations'))!;
        console.log(`  ${await feedCaptureCost(ctx, await batchOp.prepare(ctx), measure, seconds)}`);
        console.log(`  ${await feedDeliveryRate(ctx)}`);
      }
      const header = ['operation', 'clients', 'hub req/s', 'hub p50', 'hub p99', 'floor req/s', 'floor p50', 'floor p99', 'hub÷floor p50', 'hub÷floor req/s', 'hub CPU ms/req (process+PG)', 'SQL stmts'];
      console.log(`\n${table([header, ...rows])}`);
      console.log(`\nhub memory: rss ${procRss(hub.pid)}, peak ${peakRss(hub.pid)} (VmRSS, VmHWM of pid ${hub.pid})`);
      if (failed.length) throw new CliFailure(`${failed.length} 项操作失败 / ${failed.length} operation(s) failed:\n${failed.join('\n')}`);
    } finally {
      await hub?.stop();
      await floorSql.end();
    }
  } finally {
    await database.close();
    if (!keep) await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
    else console.log(`kept database ${dbName}`);
    await admin.end();
  }

});

interface Sample { rps: number; p50: number; p99: number; n: number }

/** Runs `fn` from `clients` concurrent loops for `secs` seconds; latencies in ms. */
async function measure(fn: (i: number) => Promise<unknown>, clients: number, secs: number): Promise<Sample> {
  const lat: number[] = [];
  const end = performance.now() + secs * 1000;
  let n = 0;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (performance.now() < end) {
      const t = performance.now();
      await fn(n++);
      lat.push(performance.now() - t);
    }
  }));
  lat.sort((a, b) => a - b);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? NaN;
  return { rps: lat.length / secs, p50: q(0.5), p99: q(0.99), n: lat.length };
}

function ms(v: number) { return `${v.toFixed(1)} ms`; }

function table(rows: string[][]): string {
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r, k) => r.map((c, i) => c.padEnd(w[i]!)).join('  ') + (k === 0 ? `\n${w.map((x) => '-'.repeat(x)).join('  ')}` : '')).join('\n');
}
