/**
 * The layout of STYLE.md as a test, so `npm test` (and CI) fails on a deliberate cross-module import:
 * dependency-cruiser's rules (.dependency-cruiser.cjs, also `npm run lint`), plus two rules it cannot
 * express: resolvers never touch the database handle, and nothing logs through console (one logger).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const files = (dir: string): string[] => readdirSync(join(ROOT, dir)).flatMap((f) => {
  const p = join(dir, f);
  return statSync(join(ROOT, p)).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
});

describe('architecture', () => {
  it('every module is reached through its index.ts and only stores run SQL (dependency-cruiser)', () => {
    let out = '';
    try {
      out = execFileSync(join(ROOT, 'node_modules/.bin/depcruise'), ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { cwd: ROOT, encoding: 'utf8' });
    } catch (e) {
      out = String((e as { stdout?: string }).stdout ?? e);
    }
    const violations = out.split('\n').filter((l) => /^\s*error /.test(l));
    expect(violations).toEqual([]);
  }, 60_000);

  it('resolvers never touch ctx.db (they call loaders, stores and services)', () => {
    const offenders = files('src/modules').filter((f) => f.endsWith('resolvers.ts'))
      .flatMap((f) => readFileSync(join(ROOT, f), 'utf8').split('\n').map((l, i) => [f, i + 1, l] as const))
      .filter(([, , l]) => /\bctx\.db\b/.test(l)).map(([f, n]) => `${f}:${n}`);
    expect(offenders).toEqual([]);
  });

  it('nothing outside the CLIs and the process entry writes to the console (one logger, no raw driver errors)', () => {
    const offenders = files('src').filter((f) => !f.startsWith('src/cli/') && f !== 'src/main.ts' && !f.includes('/tools/'))
      .flatMap((f) => readFileSync(join(ROOT, f), 'utf8').split('\n').map((l, i) => [f, i + 1, l] as const))
      .filter(([, , l]) => /\bconsole\.(error|log|warn|info|debug)\(/.test(l)).map(([f, n]) => `${f}:${n}`);
    expect(offenders).toEqual([]);
  });
});
