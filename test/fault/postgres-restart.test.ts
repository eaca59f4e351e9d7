/**
 * PostgreSQL restarted under write and read traffic (issue "Hardening", SPEC §2): the hub process
 * (started as `npm start` would) stays up, /readyz says 503 while the database is away and 200 after,
 * requests fail fast with a retryable coded error and succeed again without restarting the hub, and
 * no acknowledged write is lost or stored twice. Restarts the machine's PostgreSQL: CI runs it alone.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/authz/tokens';
import { enterpriseInput } from '../support/factories';
import { FILE_ENTERPRISE } from '../support/registry';

const BASE = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECRET = 'fault-test-secret-fault-test-secret-0123456789';
const DB = `hub_fault_${Date.now().toString(36)}`;
const PORT = 41000 + Math.floor(Math.random() * 5000);
const URL_ = `http://127.0.0.1:${PORT}`;
const dbUrl = () => { const u = new URL(BASE); u.pathname = `/${DB}`; return u.toString(); };
const cluster = () => execFileSync('ls', ['/etc/postgresql'], { encoding: 'utf8' }).trim().split('\n')[0]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let hub: ChildProcess;
let exited: number | null = null;
let token = '';

async function gql(query: string, variables?: unknown): Promise<any> {
  try {
    const res = await fetch(`${URL_}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }), signal: AbortSignal.timeout(20_000),
    });
    return await res.json();
  } catch (e) {
    return { transport: String(e) };
  }
}

beforeAll(async () => {
  const admin = postgres(BASE, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${DB}"`);
  await admin.end();
  token = await signToken(new TextEncoder().encode(SECRET), { agency: 'COMMERCE', sub: 'fault' });
  hub = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, DATABASE_URL: dbUrl(), PORT: String(PORT), HOST: '127.0.0.1', JWT_SECRET: SECRET, NODE_ENV: 'production',
      SEED_ON_START: 'false', LOG_LEVEL: 'warn', DATA_DIR: mkdtempSync(join(tmpdir(), 'hub-fault-')) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  hub.on('exit', (code) => { exited = code ?? -1; });
  for (let i = 0; i < 120; i++) {
    if ((await fetch(`${URL_}/readyz`).catch(() => null))?.status === 200) return;
    await sleep(500);
  }
  throw new Error('the hub did not become ready');
});

afterAll(async () => {
  hub?.kill('SIGTERM');
  await sleep(1000);
  const admin = postgres(BASE, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${DB}" with (force)`).catch(() => {});
  await admin.end();
});

describe('PostgreSQL restart', () => {
  it('the hub survives, reports not-ready while the database is away, recovers by itself and loses no acknowledged write', async () => {
    const acknowledged: string[] = [];
    const failures: any[] = [];
    const readiness = new Set<number>();
    let stop = false;
    const writer = async () => {
      while (!stop) {
        const r = await gql(FILE_ENTERPRISE, { input: enterpriseInput() });
        if (r.data?.fileEnterprise?.id) acknowledged.push(r.data.fileEnterprise.id);
        else failures.push(r.errors?.[0]?.extensions ?? r);
      }
    };
    const reader = async () => {
      while (!stop) {
        const r = await gql('{ enterprises(first: 5) { totalCount } }');
        if (!r.data?.enterprises) failures.push(r.errors?.[0]?.extensions ?? r);
      }
    };
    const probe = async () => {
      while (!stop) {
        readiness.add((await fetch(`${URL_}/readyz`).catch(() => ({ status: 0 }))).status);
        await sleep(50);
      }
    };
    const load = [writer(), writer(), reader(), probe()];
    await sleep(1000);
    // A restart with a few seconds of downtime (stop, wait, start), so the outage is observable.
    execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', cluster(), 'main', 'stop', '--', '-m', 'fast'], { stdio: 'inherit' });
    try {
      await sleep(4000);
    } finally {
      execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', cluster(), 'main', 'start'], { stdio: 'inherit' });
    }
    await sleep(3000);
    stop = true;
    await Promise.all(load);

    expect(exited).toBeNull();
    expect(readiness.has(503)).toBe(true);
    // Back to ready, without a restart of the hub.
    let ready = 0;
    for (let i = 0; i < 60 && ready !== 200; i++) { ready = (await fetch(`${URL_}/readyz`)).status; if (ready !== 200) await sleep(500); }
    expect(ready).toBe(200);
    for (const f of failures) expect(f).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', reason: expect.stringMatching(/^DATABASE_(UNAVAILABLE|TIMEOUT)$/), retryable: true });
    // Page through every stored enterprise: a fast machine files well over one page in these seconds.
    const ids: string[] = [];
    for (let after: string | null = null, more = true; more;) {
      const page: any = await gql('query($after: String) { enterprises(first: 500, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }', { after });
      ids.push(...page.data.enterprises.edges.map((e: any) => e.node.id));
      ({ hasNextPage: more, endCursor: after } = page.data.enterprises.pageInfo);
    }
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const id of acknowledged) expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
