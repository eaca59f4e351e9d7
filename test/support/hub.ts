/**
 * A real hub per test file: its own database (cloned from the migrated template), the real
 * Express app with Apollo, real JWTs, driven over HTTP by supertest.
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { inject } from 'vitest';
import type { Agency } from '../../src/authz/agencies';
import { signToken } from '../../src/authz/tokens';
import { createApp, type App } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { openDatabase, statementScope, type Database, type Db, type OpenOptions } from '../../src/db/client';
import { withDatabase } from './global-setup';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

export interface GqlResult<T = any> {
  status: number;
  data: T;
  errors?: { message: string; path?: (string | number)[]; extensions: Record<string, any> }[];
  body: any;
  headers: Record<string, string>;
  /** SQL statements the request issued (x-sql-statements). */
  statements: number;
}

export interface Caller {
  token: string;
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>>;
}

export interface TestHub {
  app: App;
  database: Database;
  db: Db;
  config: Config;
  as(agency: Agency, org?: string | null, sub?: string): Caller;
  /** A caller presenting exactly this bearer token (forged, expired, other keys …). */
  withToken(token: string): Caller;
  /** Runs fn and counts the SQL statements it issued. */
  countStatements<T>(fn: () => Promise<T>): Promise<{ result: T; count: number; statements: string[] }>;
  close(): Promise<void>;
}

export async function openTestDatabase(guards: Pick<OpenOptions, 'statementTimeoutMs' | 'lockTimeoutMs'> = {}): Promise<Database> {
  const t = inject('testDb');
  if (t.kind === 'postgres') {
    const { default: postgres } = await import('postgres');
    const name = `${t.run}_${randomBytes(4).toString('hex')}`;
    const admin = postgres(t.url, { max: 1, onnotice: () => {} });
    // CREATE DATABASE … TEMPLATE needs the template free of other sessions: retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.unsafe(`create database "${name}" template "${t.template}"`);
        break;
      } catch (e) {
        if (attempt > 20) throw e;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
    await admin.end();
    return openDatabase({ databaseUrl: withDatabase(t.url, name), maxConnections: 10, ...guards });
  }
  const blob = new Blob([readFileSync(t.file)]);
  return openDatabase({ inMemory: true, loadDataDir: blob });
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  // Test files send dozens of bad tokens on purpose: the failed-authentication throttle (default 10
  // a minute) is raised here and tested at its default in test/integration/auth/throttle.test.ts.
  return { ...loadConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_SECRET, DATA_DIR: '/tmp/hub-test-data', LOG_LEVEL: 'silent', AUTH_FAILURE_LIMIT: '1000' }), ...overrides };
}

const CHINESE_FIRST = /^[\u3400-\u9fff]/;

/**
 * SPEC §3: every message the API returns is bilingual, Chinese first. Checked on every answer of
 * every test that goes through `gql`: errors, and the per-row messages of batch results.
 */
export function assertChineseFirst(body: unknown) {
  const bad: string[] = [];
  for (const e of (body as { errors?: { message?: unknown }[] })?.errors ?? []) {
    if (typeof e.message !== 'string' || !CHINESE_FIRST.test(e.message)) bad.push(String(e.message));
  }
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'message' && typeof x === 'string' && !CHINESE_FIRST.test(x)) bad.push(x);
        else walk(x);
      }
    }
  };
  walk((body as { data?: unknown })?.data);
  if (bad.length) throw new Error(`messages not Chinese first (SPEC §3): ${JSON.stringify(bad)}`);
}

export async function startHub(overrides: Partial<Config> = {}): Promise<TestHub> {
  const config = testConfig(overrides);
  // The served process's guards (main.ts passes the same): tests run under them too.
  const database = await openTestDatabase({ statementTimeoutMs: config.statementTimeoutMs, lockTimeoutMs: config.lockTimeoutMs });
  const app = await createApp({ config, database });
  const secret = new TextEncoder().encode(TEST_SECRET);
  const tokens = new Map<string, Promise<string>>();
  const caller = (token: Promise<string>): Caller => ({
    token: '',
    async gql(query, variables) {
      const res = await request(app.app).post('/graphql').set('authorization', `Bearer ${await token}`)
        .set('content-type', 'application/json').send({ query, variables });
      assertChineseFirst(res.body);
      return {
        status: res.status, data: res.body?.data, errors: res.body?.errors, body: res.body,
        headers: res.headers as Record<string, string>, statements: Number(res.headers['x-sql-statements'] ?? NaN),
      };
    },
  });
  const as = (agency: Agency, org: string | null = null, sub?: string): Caller => {
    const key = `${agency}:${org}:${sub}`;
    if (!tokens.has(key)) tokens.set(key, signToken(secret, { agency, org, sub: sub ?? `test-${agency.toLowerCase()}` }));
    return caller(tokens.get(key)!);
  };
  return {
    app, database, db: database.db, config, as,
    withToken: (token) => caller(Promise.resolve(token)),
    async countStatements(fn) {
      const store = { count: 0, statements: [] as string[] };
      const result = await statementScope.run(store, fn);
      return { result, count: store.count, statements: store.statements };
    },
    async close() {
      await app.stop();
      await database.close();
    },
  };
}

/** First error code, for terse assertions. */
export const codeOf = (r: GqlResult) => r.errors?.[0]?.extensions?.code;
export const reasonOf = (r: GqlResult) => r.errors?.[0]?.extensions?.reason;
