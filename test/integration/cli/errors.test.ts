/**
 * Every command refuses an unknown flag with a clean bilingual line and the usage (exit 2), and
 * fails on what the user can fix — a missing file, a bad environment, a database that is missing,
 * unreachable or held by another process, a port in use — with one line saying what to do
 * (exit 1), never a stack trace.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { rows } from '../../../src/db/client';
import { freePort, hasStack, linesOf, runCli } from '../../support/cli';
import { withDatabase } from '../../support/global-setup';
import { startHub } from '../../support/hub';

const dir = mkdtempSync(join(tmpdir(), 'hub-cli-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = (more: Record<string, string> = {}) => ({ DATA_DIR: dir, NODE_ENV: 'test', PORT: '1', ...more });

const CLIS: [string, string[]][] = [
  ['src/cli/token.ts', ['CUSTOMS']], ['src/cli/seed.ts', []], ['src/cli/import.ts', ['declarations', 'x.csv']],
  ['src/cli/report.ts', ['assessment']], ['src/cli/audit-verify.ts', []], ['src/cli/migrate.ts', []],
  // bench: a database URL that cannot connect, so a regression cannot leave a bench database behind.
  ['src/cli/bench.ts', ['--database-url', 'postgres://postgres@127.0.0.1:1/none']], ['src/cli/print-schema.ts', []],
];

describe('unknown flags', () => {
  it('every CLI refuses --bogus: exit 2, "未知选项 / unknown option --bogus", the usage, no stack', { timeout: 120_000 }, async () => {
    const runs = await Promise.all(CLIS.map(([script, args]) => runCli(script, [...args, '--bogus'], env())));
    runs.forEach((r, i) => {
      const what = `${CLIS[i]![0]}: ${r.stderr}`;
      expect(r.code, what).toBe(2);
      expect(linesOf(r.stderr)[0], what).toBe('错误 / error: 未知选项 / unknown option --bogus');
      expect(r.stderr, what).toMatch(/用法 \/ usage: npm run /);
      expect(hasStack(r.stderr), what).toBe(false);
      expect(r.stdout, what).toBe('');
    });
  });
});

describe('expected failures are one line, exit 1', () => {
  it('a missing file', async () => {
    const r = await runCli('src/cli/import.ts', ['declarations', join(dir, 'nope.csv')], env());
    expect(r.code).toBe(1);
    expect(linesOf(r.stderr)).toEqual([`找不到文件 / file not found: ${join(dir, 'nope.csv')}`]);
  });

  it('a bad environment (ConfigError), for a CLI and for npm start', { timeout: 90_000 }, async () => {
    for (const script of ['src/cli/migrate.ts', 'src/main.ts']) {
      const r = await runCli(script, [], env({ PORT: 'abc' }));
      expect(r.code, r.stderr).toBe(1);
      expect(linesOf(r.stderr), script).toEqual([expect.stringMatching(/环境变量有误 \/ invalid environment: PORT must be an integer 0–65535, got "abc"/)]);
    }
  });

  it('an embedded database held by another process (DatabaseBusyError), for a CLI and for npm start', { timeout: 90_000 }, async () => {
    const busy = join(dir, 'busy');
    mkdirSync(join(busy, 'pglite'), { recursive: true });
    writeFileSync(join(busy, 'pglite', 'hub.pid'), String(process.pid)); // this test process: alive
    for (const script of ['src/cli/audit-verify.ts', 'src/main.ts']) {
      const r = await runCli(script, [], env({ DATA_DIR: busy }));
      expect(r.code, r.stderr).toBe(1);
      expect(linesOf(r.stderr), script).toEqual([expect.stringMatching(new RegExp(`嵌入式数据库正由另一进程（pid ${process.pid}）使用.*in use by process ${process.pid}`))]);
    }
  });

  it('an unreachable database server', async () => {
    const r = await runCli('src/cli/migrate.ts', [], env({ DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/hub` }));
    expect(r.code).toBe(1);
    expect(linesOf(r.stderr)).toEqual([expect.stringMatching(/^无法连接数据库 \/ cannot reach the database of DATABASE_URL: start PostgreSQL, or fix DATABASE_URL/)]);
    // A command that needs no token leaves no signing secret behind for `npm run token` to trust.
    expect(existsSync(join(dir, 'jwt-dev-secret'))).toBe(false);
  });

  it.runIf(inject('testDb').kind === 'postgres')('a database that does not exist', async () => {
    const t = inject('testDb') as { url: string };
    const r = await runCli('src/cli/audit-verify.ts', [], env({ DATABASE_URL: withDatabase(t.url, 'hub_no_such_database_x') }));
    expect(r.code).toBe(1);
    expect(linesOf(r.stderr)).toEqual([expect.stringMatching(/^数据库不存在 \/ the database named in DATABASE_URL does not exist/)]);
  });

  it('bench --reuse: a name that is not a kept bench database is a usage error (exit 2)', async () => {
    const r = await runCli('src/cli/bench.ts', ['--reuse', 'postgres', '--database-url', 'postgres://postgres@127.0.0.1:1/none'], env());
    expect(r.code, r.stderr).toBe(2);
    expect(linesOf(r.stderr)[0]).toMatch(/^错误 \/ error: --reuse 须为本命令保留的数据库名 \/ --reuse takes the name of a database a run kept/);
    expect(hasStack(r.stderr)).toBe(false);
  });

  it.runIf(inject('testDb').kind === 'postgres')('bench --reuse of a database that is not there: one line, exit 1', async () => {
    const t = inject('testDb') as { url: string };
    const r = await runCli('src/cli/bench.ts', ['--reuse', 'hub_bench_20_0f0f0f', '--database-url', t.url], env());
    expect(r.code, r.stderr).toBe(1);
    expect(linesOf(r.stderr)).toEqual([expect.stringMatching(/^错误 \/ error: 没有数据库 hub_bench_20_0f0f0f \/ no database hub_bench_20_0f0f0f on .*: run without --reuse/)]);
  });

  /** npm start on a port already taken, against a migrated PostgreSQL database (this file's test database). */
  it.runIf(inject('testDb').kind === 'postgres')('npm start on a port in use', { timeout: 90_000 }, async () => {
    const hub = await startHub();
    let taken: Server | undefined;
    try {
      taken = createServer();
      await new Promise<void>((r) => taken!.listen(0, '127.0.0.1', r));
      const port = (taken.address() as { port: number }).port;
      const t = inject('testDb') as { url: string };
      const [{ name }] = await rows<{ name: string }>(hub.db, sql`select current_database() as name`) as [{ name: string }];
      const r = await runCli('src/main.ts', [], env({ DATABASE_URL: withDatabase(t.url, name), PORT: String(port), HOST: '127.0.0.1', SEED_ON_START: 'false', JWT_SECRET: 'x'.repeat(40) }));
      expect(r.code, r.stderr).toBe(1);
      expect(linesOf(r.stderr)).toEqual([expect.stringMatching(new RegExp(`^中心无法启动 / the hub could not start: 端口 ${port} 已被占用.*port ${port} on 127\\.0\\.0\\.1 is in use.*set another PORT`))]);
    } finally {
      taken?.close();
      await hub.close();
    }
  });
});
