/**
 * `npm start` serves the bundle `npm run build` makes (esbuild, dist/main.mjs), not the sources:
 * the bundle must serve the very schema the sources build (type names kept: esbuild would rename
 * two classes of the same name in one file), find the files shipped beside the code (migrations,
 * the holiday calendar) from wherever it sits, answer, and stop cleanly on SIGTERM.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { signToken } from '../../../src/authz/tokens';
import { rows } from '../../../src/db/client';
import { freePort } from '../../support/cli';
import { withDatabase } from '../../support/global-setup';
import { startHub } from '../../support/hub';

// A folder of its own, one level deeper than dist/main.mjs: the project root is looked up, not assumed.
const outDir = join('dist', `bundle-test-${process.pid}`);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the bundle npm start runs', () => {
  it.runIf(inject('testDb').kind === 'postgres')('serves the sources\' schema and answers, from another folder', { timeout: 120_000 }, async () => {
    // package.json's build script, with its output moved.
    const build = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts.build!;
    const args = build.split(/\s+/).slice(1).map((a) => a.replace(/^--outfile=.*/, `--outfile=${join(outDir, 'main.mjs')}`));
    execFileSync(join('node_modules', '.bin', 'esbuild'), args, { stdio: 'pipe' });

    const hub = await startHub();
    const secret = 'bundle-secret-bundle-secret-bundle-secret-0';
    const [{ name }] = await rows<{ name: string }>(hub.db, sql`select current_database() as name`) as [{ name: string }];
    // Inserted again on start from the holiday file, which the bundle must find.
    await hub.db.execute(sql`delete from calendar_days`);
    const port = await freePort();
    const child = spawn(process.execPath, [join(outDir, 'main.mjs')], {
      env: { ...process.env, DATABASE_URL: withDatabase((inject('testDb') as { url: string }).url, name), PORT: String(port), HOST: '127.0.0.1',
        SEED_ON_START: 'false', FEED_WORKER: 'false', JWT_SECRET: secret, NODE_ENV: 'production', LOG_LEVEL: 'silent', DATA_DIR: outDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += String(d); });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      const url = `http://127.0.0.1:${port}`;
      for (let i = 0; i < 100; i++) {
        if (await fetch(`${url}/readyz`).then((r) => r.ok, () => false)) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const token = await signToken(new TextEncoder().encode(secret), { agency: 'CUSTOMS' });
      const ask = (query: string) => fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) })
        .then((r) => r.json() as Promise<any>);
      expect(await ask('{ me { agency } }'), stderr).toEqual({ data: { me: { agency: 'CUSTOMS' } } });
      const bundled = await ask(getIntrospectionQuery({ descriptions: true }));
      const sources = await hub.as('CUSTOMS').gql(getIntrospectionQuery({ descriptions: true }));
      expect(bundled.data.__schema.types.length).toBeGreaterThan(100);
      expect(bundled.data).toEqual(sources.data);
      // The working-day calendar came from the holiday file found from the project root.
      const days = await rows<{ n: number }>(hub.db, sql`select count(*)::int as n from calendar_days`);
      expect(days[0]!.n).toBeGreaterThan(0);
      child.kill('SIGTERM');
      expect(await exited, stderr).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await hub.close();
    }
  });
});
