/** src/config.ts: the environment is validated once and every bad key is reported together. */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';

const SECRET = 'x'.repeat(40);
const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
};

describe('loadConfig', () => {
  it('reports every bad key in one error', () => {
    const problems = problemsOf({
      PORT: 'eighty', DATABASE_URL: 'mysql://x', NODE_ENV: 'staging', LOG_LEVEL: 'loud', DAILY_ALLOWANCE_YUAN: '8k',
      JWT_JWKS_URL: 'ftp://keys', JWT_SECRET: 'short', JWT_PUBLIC_KEY: 'not a key', SEED_ON_START: 'maybe',
    });
    const keys = ['PORT', 'DATABASE_URL', 'NODE_ENV', 'LOG_LEVEL', 'DAILY_ALLOWANCE_YUAN', 'JWT_JWKS_URL', 'JWT_SECRET', 'JWT_PUBLIC_KEY', 'SEED_ON_START'];
    for (const k of keys) expect(problems.some((p) => p.startsWith(k)), k).toBe(true);
    expect(problems).toHaveLength(keys.length);
  });

  it('names the bad keys in the error message', () => {
    expect(() => loadConfig({ PORT: '70000', LOG_LEVEL: 'loud' })).toThrow(/PORT[\s\S]*LOG_LEVEL/);
  });

  it.each(['', ' ', '-1', '65536', '4000.5'])('refuses PORT=%j', (port) => {
    expect(problemsOf({ PORT: port, JWT_SECRET: SECRET })).toHaveLength(1);
  });

  it('has the defaults of SPEC §2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-config-'));
    const c = loadConfig({ DATA_DIR: dir });
    expect(c).toMatchObject({ port: 4000, host: '127.0.0.1', databaseUrl: undefined, nodeEnv: 'production', logLevel: 'info', seedOnStart: true, dataDir: dir });
    // Unset NODE_ENV behaves like production but still signs with the generated development secret.
    expect(c.jwt.secret).toBeDefined();
    expect(c.jwt).toMatchObject({ issuer: 'border-trade-hub', audience: 'border-trade-hub' });
  });

  it('generates the development secret once into DATA_DIR and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-config-'));
    const a = loadConfig({ DATA_DIR: dir }).jwt.secret!;
    const b = loadConfig({ DATA_DIR: dir }).jwt.secret!;
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(readFileSync(join(dir, 'jwt-dev-secret'), 'utf8').trim().length).toBeGreaterThanOrEqual(32);
  });

  it('audit anchors: AUDIT_ANCHOR_KEY of 32+ characters, else a key generated once into DATA_DIR; the anchor file beside it', () => {
    expect(problemsOf({ AUDIT_ANCHOR_KEY: 'short', AUDIT_ANCHOR_INTERVAL_MS: 'soon', JWT_SECRET: SECRET }).map((p) => p.split(' ')[0])).toEqual(['AUDIT_ANCHOR_INTERVAL_MS', 'AUDIT_ANCHOR_KEY']);
    const dir = mkdtempSync(join(tmpdir(), 'hub-config-'));
    const a = loadConfig({ DATA_DIR: dir, JWT_SECRET: SECRET }).audit;
    const b = loadConfig({ DATA_DIR: dir, JWT_SECRET: SECRET }).audit;
    expect(Buffer.from(a.anchorKey).equals(Buffer.from(b.anchorKey))).toBe(true);
    expect(readFileSync(join(dir, 'audit-anchor-key'), 'utf8').trim().length).toBeGreaterThanOrEqual(32);
    expect(a).toMatchObject({ anchorIntervalMs: 60_000, anchorFile: join(dir, 'audit-anchor.json') });
    const given = loadConfig({ DATA_DIR: dir, JWT_SECRET: SECRET, AUDIT_ANCHOR_KEY: 'k'.repeat(32), AUDIT_ANCHOR_FILE: 'off', AUDIT_ANCHOR_INTERVAL_MS: '5000' }).audit;
    expect(new TextDecoder().decode(given.anchorKey)).toBe('k'.repeat(32));
    expect(given).toMatchObject({ anchorFile: null, anchorIntervalMs: 5000 });
    expect(loadConfig({ DATA_DIR: dir, JWT_SECRET: SECRET, NODE_ENV: 'test' }).audit.anchorFile).toBeNull();
  });

  it('refuses the generated development secret in production', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([expect.stringMatching(/JWT_PUBLIC_KEY/)]);
  });

  it('accepts an RSA or EC public key PEM, also with escaped newlines', () => {
    for (const type of ['rsa', 'ec'] as const) {
      const { publicKey } = type === 'rsa'
        ? generateKeyPairSync('rsa', { modulusLength: 2048 })
        : generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
      expect(loadConfig({ NODE_ENV: 'production', JWT_PUBLIC_KEY: pem }).jwt.publicKeyPem).toBe(pem);
      expect(loadConfig({ NODE_ENV: 'production', JWT_PUBLIC_KEY: pem.replace(/\n/g, '\\n') }).jwt.publicKeyPem).toBe(pem);
    }
  });

  it('refuses a public key that cannot verify RS256/ES256', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(problemsOf({ JWT_PUBLIC_KEY: pem })).toEqual([expect.stringMatching(/^JWT_PUBLIC_KEY .*RSA/)]);
    expect(problemsOf({ JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----' })).toEqual([expect.stringMatching(/^JWT_PUBLIC_KEY/)]);
  });

  it.each([['false', false], ['0', false], ['true', true], ['1', true]])('SEED_ON_START=%s gives %s', (v, want) => {
    expect(loadConfig({ SEED_ON_START: v, JWT_SECRET: SECRET }).seedOnStart).toBe(want);
  });
});
