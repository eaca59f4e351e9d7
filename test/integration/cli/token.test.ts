/**
 * `npm run token` without the hub's DATA_DIR: a token signed with a secret the running hub does not
 * know is answered 401 with no hint, so the command creates the secret only when no hub can be
 * using another one (no embedded database in DATA_DIR, nothing answering on HOST:PORT), says so on
 * stderr, and otherwise refuses with the DATA_DIR it read and what to do.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, linesOf, runCli } from '../../support/cli';

const root = mkdtempSync(join(tmpdir(), 'hub-token-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `d${n++}`);
const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

describe('npm run token without a secret in DATA_DIR', () => {
  it('no hub anywhere: creates the secret, prints the token, and says on stderr which DATA_DIR the hub must use', async () => {
    const dir = freshDir();
    const r = await runCli('src/cli/token.ts', ['CUSTOMS'], { DATA_DIR: dir, PORT: String(await freePort()) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toMatch(JWT);
    expect(existsSync(join(dir, 'jwt-dev-secret'))).toBe(true);
    expect(linesOf(r.stderr)).toEqual([expect.stringMatching(new RegExp(`^提示 / note: 已新建开发签名密钥 .*DATA_DIR.* / created a new development signing secret in ${dir}/jwt-dev-secret: the hub accepts this token only when it runs with DATA_DIR=${dir}`))]);

    // The second time the secret is there: silent.
    const again = await runCli('src/cli/token.ts', ['CUSTOMS'], { DATA_DIR: dir, PORT: String(await freePort()) });
    expect(again.code).toBe(0);
    expect(again.stderr).toBe('');
  });

  it('a hub answers on HOST:PORT: refuses, creates nothing, names the DATA_DIR it read and JWT_SECRET', async () => {
    const dir = freshDir();
    const hub: Server = createServer((_req, res) => res.end('{"status":"ok"}'));
    await new Promise<void>((r) => hub.listen(0, '127.0.0.1', r));
    try {
      const port = (hub.address() as { port: number }).port;
      const r = await runCli('src/cli/token.ts', ['CUSTOMS'], { DATA_DIR: dir, PORT: String(port), HOST: '127.0.0.1' });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(existsSync(join(dir, 'jwt-dev-secret'))).toBe(false);
      expect(linesOf(r.stderr)).toEqual([expect.stringMatching(new RegExp(
        `^错误 / error: DATA_DIR=${dir} 中没有签名密钥.*http://127\\.0\\.0\\.1:${port} 上已有中心在运行.* / no signing secret in DATA_DIR=${dir}, but a hub is running at http://127\\.0\\.0\\.1:${port}.*run this command with the hub's DATA_DIR.*JWT_SECRET`,
      ))]);
    } finally {
      hub.close();
    }
  });

  it('DATA_DIR holds an embedded database but no secret (the hub runs with JWT_SECRET): refuses', async () => {
    const dir = freshDir();
    mkdirSync(join(dir, 'pglite'), { recursive: true });
    const r = await runCli('src/cli/token.ts', ['TAX'], { DATA_DIR: dir, PORT: String(await freePort()) });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(existsSync(join(dir, 'jwt-dev-secret'))).toBe(false);
    expect(r.stderr).toMatch(/嵌入式数据库.*JWT_SECRET/);
  });

  it('JWT_SECRET set: signs with it, whatever DATA_DIR holds', async () => {
    const dir = freshDir();
    const r = await runCli('src/cli/token.ts', ['TAX'], { DATA_DIR: dir, JWT_SECRET: 'y'.repeat(40), PORT: String(await freePort()) });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(JWT);
    expect(r.stderr).toBe('');
    expect(existsSync(dir)).toBe(false);
  });
});
