/**
 * pg-boss's bring-your-own-database adapter (`new PgBoss({ db })`): the job queue of the webhook
 * deliveries (SPEC §16) runs over the hub's own connection — postgres.js or the embedded PGlite —
 * so it needs no second pool and works on both drivers. pg-boss sends parameterised single
 * statements, and multi-statement scripts without parameters (its schema migrations).
 */
import type { Database } from './client';

export interface JobQueueDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
}

interface PostgresJs {
  unsafe(text: string, values?: unknown[]): Promise<any[]> & { simple(): Promise<any[]> };
  reserve(): Promise<PostgresJs & { release(): void }>;
}
interface PGliteLike {
  query(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
  exec(text: string): Promise<{ rows: any[] }[]>;
}

/** node-postgres's text form of a parameter (pg-boss was written against it): JSON for objects, array literals for arrays. */
function pgText(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return `{${v.map((x) => (x === null ? 'NULL' : `"${String(pgText(x)).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`;
  if (typeof v === 'object') return JSON.stringify(v);
  return v;
}

export function jobQueueDb(database: Database): JobQueueDb {
  if (database.driver === 'postgres') {
    const sql = database.raw as PostgresJs;
    return {
      async executeSql(text, values) {
        if (values?.length) return { rows: Array.from(await sql.unsafe(text, values.map(pgText))) };
        // A script with its own BEGIN … COMMIT (pg-boss's migrations, its locked sections) needs one
        // connection throughout: postgres.js refuses it on the pool.
        if (/\bBEGIN\b/i.test(text)) {
          const one = await sql.reserve();
          try { return { rows: Array.from(await one.unsafe(text).simple()) }; } finally { one.release(); }
        }
        return { rows: Array.from(await sql.unsafe(text).simple()) };
      },
    };
  }
  const pg = database.raw as PGliteLike;
  return {
    async executeSql(text, values) {
      if (values?.length) return { rows: (await pg.query(text, values.map(pgText))).rows };
      const results = await pg.exec(text);
      return { rows: results.at(-1)?.rows ?? [] };
    },
  };
}

/** Any constant key: the job queue's set-up, one process at a time on a database. */
const SETUP_LOCK = 0x70676273; // "pgbs"

/**
 * Runs `fn` (pg-boss's start, which migrates its schema, and createQueue) while holding a session
 * advisory lock, so hub instances starting at once on one database set the queue up one after the
 * other: run concurrently, pg-boss's migration and queue creation failed in all but one of them
 * ("current transaction is aborted", a deadlock). On PGlite there is one process: nothing to wait for.
 */
export async function settingUpQueue<T>(database: Database, fn: () => Promise<T>): Promise<T> {
  if (database.driver !== 'postgres') return fn();
  const one = await (database.raw as PostgresJs).reserve();
  try {
    await one.unsafe(`select pg_advisory_lock(${SETUP_LOCK})`);
    try {
      return await fn();
    } finally {
      await one.unsafe(`select pg_advisory_unlock(${SETUP_LOCK})`);
    }
  } finally {
    one.release();
  }
}
