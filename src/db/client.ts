/**
 * One drizzle handle over two drivers (SPEC §2): postgres.js when a URL is given, embedded PGlite
 * otherwise. Everything above this file sees only `Db`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { Logger } from 'drizzle-orm';
import { sql, type SQL } from 'drizzle-orm';
import { schema } from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle has the same query API as the database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface StatementCounter { count: number }

export interface Database {
  db: Db;
  /**
   * The same database through a handle that counts its statements into `counter`: one per
   * request, so x-sql-statements needs no AsyncLocalStorage (whose promise hooks cost ~2 ms of
   * CPU per nested request on Node 20).
   */
  counting(counter: StatementCounter): Db;
  driver: 'postgres' | 'pglite';
  close(): Promise<void>;
  /** Raw pg client for tests and tools that need COPY/DDL (postgres.js `Sql` or PGlite). */
  raw: unknown;
}

/** Counts SQL statements per request (SPEC §11: statements bounded by depth, not rows). */
export const statementScope = new AsyncLocalStorage<{ count: number; statements?: string[] }>();
let totalStatements = 0;
export const statementsIssued = () => totalStatements;

function countingLogger(counter?: StatementCounter): Logger {
  return {
    logQuery(query: string) {
      totalStatements++;
      if (counter) counter.count++;
      // Tests count statements of direct service calls with statementScope.run.
      const scope = statementScope.getStore();
      if (scope) {
        scope.count++;
        scope.statements?.push(query);
      }
    },
  };
}

/**
 * The process's one drizzle instance seen through a session whose logger also counts into
 * `counter`. Building a drizzle instance per request (dialect, session, relational config of every
 * table) cost ~0.3 ms CPU; this is two `Object.create`. Both drivers' sessions read `this.logger`
 * when preparing a statement and pass `this.options` (logger included) to the session of a
 * transaction, so statements inside `db.transaction` are counted too. The relational API
 * (`db.query.*`, unused in the hub) would still log to the process's logger only.
 */
function countingView(db: Db, counter: StatementCounter): Db {
  const base = (db as unknown as { session: { options?: object } }).session;
  const logger = countingLogger(counter);
  const session = Object.create(base, { logger: { value: logger }, options: { value: { ...base.options, logger } } }) as object;
  return Object.create(db, { session: { value: session } }) as Db;
}

export interface OpenOptions {
  databaseUrl?: string;
  dataDir?: string;
  /** PGlite only: start from a dumped data directory (tests clone a migrated template). */
  loadDataDir?: Blob | File;
  /** PGlite only: keep everything in memory. */
  inMemory?: boolean;
  maxConnections?: number;
  /** postgres.js only: cancel statements running longer / waiting longer for a lock (config.ts). */
  statementTimeoutMs?: number;
  lockTimeoutMs?: number;
}

/** Statements with at most this many parameters are prepared (named, cached per connection). */
const PREPARE_MAX_PARAMS = 32;

/**
 * drizzle sends every statement unnamed (`prepare: false`): postgres.js then asks the server to
 * describe it first and binds it in a second round trip, and the server parses it every time.
 * This view of the client prepares statements with few parameters (their texts are a bounded set;
 * long id lists stay unnamed so the per-connection cache cannot grow with list lengths), inside
 * transactions and savepoints too.
 */
function preparing<T extends object>(client: T): T {
  const wrapCallback = (args: unknown[]) => args.map((a) => (typeof a === 'function' ? (c: object) => (a as (c: object) => unknown)(preparing(c)) : a));
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop === 'unsafe') {
        return (query: string, params?: unknown[], opts?: { prepare?: boolean }) =>
          (value as (q: string, p?: unknown[], o?: object) => unknown).call(target, query, params,
            (params?.length ?? 0) <= PREPARE_MAX_PARAMS ? { ...opts, prepare: true } : opts);
      }
      if (prop === 'begin' || prop === 'savepoint') {
        return (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(target, wrapCallback(args));
      }
      return value;
    },
  });
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const client = postgres(opts.databaseUrl, {
      max: opts.maxConnections ?? 10,
      onnotice: () => {},
      connection: {
        ...(opts.statementTimeoutMs ? { statement_timeout: opts.statementTimeoutMs } : {}),
        ...(opts.lockTimeoutMs ? { lock_timeout: opts.lockTimeoutMs } : {}),
        // A client that opened a transaction and went away must not hold its locks for ever.
        idle_in_transaction_session_timeout: 60_000,
        // The hub's statements run in milliseconds to a second; PostgreSQL's JIT compiles any whose
        // estimated cost passes jit_above_cost, and at scale 20 that compilation took ~1 s of a 1.3 s
        // discrepancies statement (4 s of 5). Nothing here runs long enough to repay it.
        jit: 'off',
      },
      // numeric and bigint stay strings: money is never a JS float (SPEC §3).
      types: { bigint: postgres.BigInt },
    });
    const db = drizzle(preparing(client), { schema, logger: countingLogger() }) as unknown as Db;
    return { db, counting: (counter) => countingView(db, counter), driver: 'postgres', raw: client, close: () => client.end({ timeout: 5 }) };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  // btree_gist: the exclusion constraint of cooperative memberships (one cooperative per resident per date, SPEC §14).
  const { btree_gist } = await import('@electric-sql/pglite/contrib/btree_gist');
  const { drizzle } = await import('drizzle-orm/pglite');
  let dataDir: string | undefined;
  let release = () => {};
  if (!opts.inMemory) {
    dataDir = join(opts.dataDir ?? '.data', 'pglite');
    mkdirSync(dataDir, { recursive: true });
    release = lockDataDir(dataDir);
  }
  let client;
  try {
    client = await PGlite.create({ dataDir, loadDataDir: opts.loadDataDir, extensions: { btree_gist } });
  } catch (e) {
    release();
    throw e;
  }
  const db = drizzle(client, { schema, logger: countingLogger() }) as unknown as Db;
  return {
    db, counting: (counter) => countingView(db, counter), driver: 'pglite', raw: client,
    close: async () => {
      try { await client.close(); } finally { release(); }
    },
  };
}

/** `db.execute` returns `{ rows }` on PGlite and an array on postgres.js: normalise here only. */
export async function rows<T = Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown;
  return (Array.isArray(res) ? res : (res as { rows: T[] }).rows) as T[];
}

/**
 * A statement whose text is built once: drizzle rebuilds a `sql` template's text and parameter
 * list on every call (a tenth of a millisecond of CPU for a statement like the tax pull's). The
 * per-call values are `sql.placeholder(name)`s in `build()`'s result, filled in by each call; the
 * statement is counted and prepared like any other (same text, same parameters as `rows()`).
 */
export function builtOnce(build: () => SQL) {
  let built: { sql: string; params: unknown[] } | undefined;
  return async <T = Record<string, unknown>>(db: DbOrTx, values: Record<string, unknown>): Promise<T[]> => {
    const { dialect, session } = db as unknown as {
      dialect: { sqlToQuery(q: SQL): { sql: string; params: unknown[] } };
      session: { prepareQuery(q: { sql: string; params: unknown[] }, fields: undefined, name: undefined, arrayMode: boolean): { execute(v: Record<string, unknown>): Promise<unknown> } };
    };
    built ??= dialect.sqlToQuery(build());
    const res = await session.prepareQuery(built, undefined, undefined, false).execute(values);
    return (Array.isArray(res) ? res : (res as { rows: T[] }).rows) as T[];
  };
}

export async function ping(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}

/** A second process opened the embedded database (PGlite has one owner: two would corrupt or read stale pages). */
export class DatabaseBusyError extends Error {
  constructor(readonly dataDir: string, readonly pid: number) {
    super(`嵌入式数据库正由另一进程（pid ${pid}）使用 / The embedded database in ${dataDir} is in use by process ${pid} ` +
      '(probably the running hub). Stop that process first, or run the hub and this command against PostgreSQL (DATABASE_URL=postgres://…).');
    this.name = 'DatabaseBusyError';
  }
}

const isAlive = (pid: number) => {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
};

/**
 * Takes the data directory for this process (a pid file created exclusively); a lock left by a
 * process that no longer runs is taken over. Returns the release function.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, 'hub.pid');
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try { if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file); } catch { /* already gone */ }
      };
      process.once('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 2) throw e;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) throw new DatabaseBusyError(dataDir, pid);
      try { unlinkSync(file); } catch { /* another process took it over first */ }
    }
  }
}
