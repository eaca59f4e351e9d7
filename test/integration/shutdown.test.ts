/**
 * Graceful shutdown of the real process (SPEC §2): `node --import tsx src/main.ts` on a fresh
 * embedded database, a request in flight when SIGTERM arrives finishes with 200, new connections
 * are refused meanwhile, the process exits 0, and the database it closed opens again cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client';
import { migrationsApplied } from '../../src/db/migrate';

const dataDir = mkdtempSync(join(tmpdir(), 'hub-shutdown-'));
let child: ChildProcess | undefined;
afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('graceful shutdown', () => {
  it('finishes the in-flight request with 200 after SIGTERM, refuses new connections, closes the database and exits 0', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let output = '';
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: process.cwd(),
      env: { ...process.env, DATA_DIR: dataDir, SEED_ON_START: 'false', PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'development', LOG_LEVEL: 'info', DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => { output += d; });
    child.stderr!.on('data', (d) => { output += d; });
    const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));

    await until('/readyz', async () => (await fetch(`${base}/readyz`)).ok);

    // A request that waits 4 s and then needs the database.
    let settled = false;
    const slow = fetch(`${base}/dev/slow?ms=4000`, { method: 'POST' }).then(async (r) => ({ status: r.status, body: await r.json() }))
      .finally(() => { settled = true; });
    // It is in flight once the server counts two requests in flight (it and this scrape).
    await until('the slow request in flight', async () => /^hub_http_requests_in_flight 2$/m.test(await (await fetch(`${base}/metrics`)).text()));

    child.kill('SIGTERM');
    await until('the shutdown to begin', async () => output.includes('SIGTERM: finishing in-flight requests'));
    // New connections are refused while the slow request is still being served.
    await until('new connections to be refused', async () => {
      try {
        await fetch(`${base}/healthz`, { headers: { connection: 'close' } });
        return false;
      } catch {
        return true;
      }
    }, 10_000);
    expect(settled).toBe(false);

    const answer = await slow;
    expect(answer).toEqual({ status: 200, body: { sleptMs: 4000, database: 'answered' } });
    expect(await exited).toBe(0);
    expect(output.indexOf('Requests finished; closing the database')).toBeGreaterThan(output.indexOf('SIGTERM: finishing'));
    expect(output).toContain('Stopped.');

    // PGlite flushed on close: the data directory opens again with every migration applied.
    const reopened = await openDatabase({ dataDir });
    try {
      expect(await migrationsApplied(reopened)).toBe(true);
    } finally {
      await reopened.close();
    }
  }, 180_000);
});
