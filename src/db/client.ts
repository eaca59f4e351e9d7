/**
 * One drizzle handle over two drivers (SPEC §2): postgres.js when a URL is given, embedded PGlite
 * otherwise. Everything above this file sees only `Db`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
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

export interface OpenOptions {
  databaseUrl?: string;
  dataDir?: string;
  /** PGlite only: start from a dumped data directory (tests clone a migrated template). */
  loadDataDir?: Blob | File;
  /** PGlite only: keep everything in memory. */
  inMemory?: boolean;
  maxConnections?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const client = postgres(opts.databaseUrl, {
      max: opts.maxConnections ?? 10,
      onnotice: () => {},
      // numeric and bigint stay strings: money is never a JS float (SPEC §3).
      types: { bigint: postgres.BigInt },
    });
    const db = drizzle(client, { schema, logger: countingLogger() }) as unknown as Db;
    const counting = (counter: StatementCounter) => drizzle(client, { schema, logger: countingLogger(counter) }) as unknown as Db;
    return { db, counting, driver: 'postgres', raw: client, close: () => client.end({ timeout: 5 }) };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  let dataDir: string | undefined;
  if (!opts.inMemory) {
    dataDir = join(opts.dataDir ?? '.data', 'pglite');
    mkdirSync(dataDir, { recursive: true });
  }
  const client = await PGlite.create({ dataDir, loadDataDir: opts.loadDataDir });
  const db = drizzle(client, { schema, logger: countingLogger() }) as unknown as Db;
  const counting = (counter: StatementCounter) => drizzle(client, { schema, logger: countingLogger(counter) }) as unknown as Db;
  return { db, counting, driver: 'pglite', raw: client, close: () => client.close() };
}

/** `db.execute` returns `{ rows }` on PGlite and an array on postgres.js: normalise here only. */
export async function rows<T = Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown;
  return (Array.isArray(res) ? res : (res as { rows: T[] }).rows) as T[];
}

export async function ping(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}
