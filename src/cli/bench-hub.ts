/**
 * What `npm run bench` and `--compare-postgraphile` share: the hub as its own process exactly as
 * `npm start` runs it (the bundle dist/main.mjs with the start script's node flags), the one HTTP
 * client every hub request goes through (node:http with a keep-alive agent: fetch/undici costs
 * about a millisecond per request in the asking process, which inflated every latency measured),
 * and CPU read from /proc (utime+stime of a process and of its PostgreSQL backends, found by
 * application_name).
 */
import { execSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type postgres from 'postgres';

/** The project's root (package.json, dist/), wherever the bench is started from. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** The node flags of package.json's start script (`node <flags> dist/main.mjs`): the bench runs the hub as `npm start` does. */
export const START_FLAGS: string[] = (() => {
  const start = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts.start!;
  const words = start.split(/\s+/);
  return words.slice(1, words.indexOf('dist/main.mjs'));
})();

/** The JWT_SECRET the bench gives the hub and signs its tokens with. */
export const BENCH_SECRET = 'bench-secret-bench-secret-bench-secret-0123';

/** `npm run -s build`: the bundle npm start runs. */
export function buildBundle(): void {
  execSync('npm run -s build', { stdio: 'inherit', cwd: ROOT });
}

export interface HubProcess {
  child: ChildProcess;
  pid: number;
  /** The GraphQL endpoint. */
  url: string;
  /** Its PostgreSQL connections' application_name (PGAPPNAME). */
  app: string;
  /** SIGTERM, then waits for the exit (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

export interface HubOptions {
  databaseUrl: string;
  /** JWT_SECRET: the bench signs its tokens with it. */
  secret: string;
  /** PGAPPNAME, e.g. bench-hub. */
  app: string;
  dataDir: string;
  /** The node binary (default: this one). */
  node?: string;
  /** Further environment (e.g. FEED_WORKER). */
  env?: Record<string, string>;
  /** Node flags instead of the start script's (test/perf/serve-cpu.ts --node-flag). */
  flags?: string[];
}

/** Spawns `node <START_FLAGS> dist/main.mjs` (build it first: buildBundle) on a free loopback port; then waitReady. */
export async function startHub(o: HubOptions): Promise<HubProcess> {
  const port = await freePort();
  const child = spawn(o.node ?? process.execPath, [...(o.flags ?? START_FLAGS), 'dist/main.mjs'], {
    env: { ...process.env, DATABASE_URL: o.databaseUrl, NODE_ENV: 'production', JWT_SECRET: o.secret, SEED_ON_START: 'false',
      PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: o.dataDir, PGAPPNAME: o.app, ...o.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: ROOT,
  });
  const stop = async (graceMs = 15_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return { child, pid: child.pid!, url: `http://127.0.0.1:${port}/graphql`, app: o.app, stop };
}

/** Resolves once `url` answers a GraphQL request; rejects with the process's last output if it exits or is not ready within 120 s. */
export async function waitReady(child: ChildProcess, url: string, label: string): Promise<void> {
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out = (out + d.toString()).slice(-4000); });
  child.stderr!.on('data', (d: Buffer) => { out = (out + d.toString()).slice(-4000); });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${label} exited (${child.exitCode}) before it was ready:\n${out}`);
    try {
      const res = await httpPost(url, '{"query":"{ __typename }"}');
      if (res.status < 500) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${label} not ready after 120 s:\n${out}`);
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => ok(p)); });
  });
}

// ---- The HTTP client ----------------------------------------------------------------------------

/** Keep-alive sockets, enough for the 16-client runs (and the side-by-side's three servers) never to queue. */
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

export interface HttpAnswer { status: number; text: string; headers: IncomingHttpHeaders }

/** POSTs a JSON body (with a bearer token if given) and reads the answer as text. */
export function httpPost(url: string, body: string, token?: string): Promise<HttpAnswer> {
  const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
  if (token) headers.authorization = `Bearer ${token}`;
  return new Promise((ok, fail) => {
    const req = request(url, { method: 'POST', agent, headers }, (res) => {
      res.setEncoding('utf8');
      let text = '';
      res.on('data', (c: string) => { text += c; });
      res.on('end', () => ok({ status: res.statusCode ?? 0, text, headers: res.headers }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(body);
  });
}

/** A GraphQL request: the parsed answer and the statements the hub reported (x-sql-statements). */
export async function gqlPost<T = unknown>(url: string, token: string | undefined, query: string, variables?: Record<string, unknown>) {
  const res = await httpPost(url, JSON.stringify({ query, variables }), token);
  let body: { data?: T; errors?: { message: string }[] };
  try {
    body = JSON.parse(res.text) as typeof body;
  } catch {
    throw new Error(`${url} answered ${res.status} with no JSON: ${res.text.slice(0, 400)}`);
  }
  const header = res.headers['x-sql-statements'];
  return { status: res.status, body, text: res.text, statements: Number(typeof header === 'string' ? header : NaN) };
}

// ---- CPU from /proc -----------------------------------------------------------------------------

/** utime+stime of a process in clock ticks; 0 once it has gone. */
export function procTicks(pid: number): number {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]); // utime, stime (fields 14 and 15)
  } catch {
    return 0; // the backend has gone
  }
}

async function backendTicks(sql: postgres.Sql, app: string): Promise<Map<number, number>> {
  const rows = await sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = current_database() and application_name = ${app}`;
  return new Map(rows.map((r) => [r.pid, procTicks(r.pid)]));
}

export interface CpuMark { pid: number | 'self'; app: string; procMs: number; backends: Map<number, number> }

/**
 * Where the CPU of a serving process (`'self'`: this one, via process.cpuUsage) and of its
 * PostgreSQL backends (application_name `app`, read through `sql`) stands now; cpuSince gives the ms spent since.
 */
export async function cpuMark(sql: postgres.Sql, pid: number | 'self', app: string): Promise<CpuMark> {
  const backends = await backendTicks(sql, app);
  return { pid, app, backends, procMs: pid === 'self' ? selfMs() : (procTicks(pid) * 1000) / CLK_TCK };
}

/** CPU ms of the process and of its backends since `mark`; backends found only now count in full (they were opened meanwhile). */
export async function cpuSince(sql: postgres.Sql, mark: CpuMark): Promise<{ procMs: number; backendsMs: number }> {
  const procMs = (mark.pid === 'self' ? selfMs() : (procTicks(mark.pid) * 1000) / CLK_TCK) - mark.procMs;
  const after = await backendTicks(sql, mark.app);
  let ticks = 0;
  for (const [b, t] of after) ticks += t - (mark.backends.get(b) ?? 0);
  return { procMs, backendsMs: (ticks * 1000) / CLK_TCK };
}

function selfMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Peak resident set (VmHWM) of a process, e.g. "234 MiB". */
export function peakRss(pid: number): string {
  return statusMiB(pid, 'VmHWM');
}

/** Current resident set (VmRSS) of a process. */
export function procRss(pid: number): string {
  return statusMiB(pid, 'VmRSS');
}

function statusMiB(pid: number, field: string): string {
  try {
    const kbs = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kbs ? `${(Number(kbs) / 1024).toFixed(0)} MiB` : '?';
  } catch {
    return '?';
  }
}
