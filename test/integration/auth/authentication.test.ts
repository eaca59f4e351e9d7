/** SPEC §9 authentication: bad tokens get HTTP 401 and nothing else; RS256/ES256 against JWT_PUBLIC_KEY. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, exportSPKI, generateKeyPair } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../../src/authz/tokens';
import { loadConfig } from '../../../src/config';
import { freePort } from '../../support/cli';
import { TEST_SECRET, startHub, type TestHub } from '../../support/hub';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
const ME = '{ me { sub agency org } }';
const ORG = '0f8fad5b-d9cb-469f-a165-70867728950e';
const secret = new TextEncoder().encode(TEST_SECRET);

let hub: TestHub;
beforeAll(async () => { hub = await startHub(); });
afterAll(async () => { await hub?.close(); });

function expect401(res: { status: number; body: any }) {
  expect(res.status).toBe(401);
  expect(res.body.data).toBeUndefined();
  expect(res.body.errors).toHaveLength(1);
  expect(res.body.errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
}

const post = (h: TestHub, authorization?: string) => {
  const req = request(h.app.app).post('/graphql').set('content-type', 'application/json');
  if (authorization !== undefined) req.set('authorization', authorization);
  return req.send({ query: ME });
};

const hs = (claims: Record<string, unknown>, opts: { exp?: number | string; iss?: string; aud?: string; key?: Uint8Array; sub?: string | null } = {}) => {
  let t = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer(opts.iss ?? 'border-trade-hub')
    .setAudience(opts.aud ?? 'border-trade-hub').setIssuedAt().setExpirationTime(opts.exp ?? '1h');
  if (opts.sub !== null) t = t.setSubject(opts.sub ?? 'test-system');
  return t.sign(opts.key ?? secret);
};

describe('HS256 (development secret)', () => {
  it('accepts a valid token and answers me', async () => {
    const res = await post(hub, `Bearer ${await hs({ agency: 'TAX' })}`);
    expect(res.status).toBe(200);
    expect(res.body.data.me).toEqual({ sub: 'test-system', agency: 'TAX', org: null });
  });

  it('accepts ENTERPRISE and COOPERATIVE tokens with an org', async () => {
    for (const agency of ['ENTERPRISE', 'COOPERATIVE']) {
      const res = await post(hub, `Bearer ${await hs({ agency, org: ORG.toUpperCase() })}`);
      expect(res.body.data.me).toEqual({ sub: 'test-system', agency, org: ORG });
    }
  });

  it.each([
    ['a missing header', async () => undefined],
    ['an empty header', async () => ''],
    ['a Basic header', async () => 'Basic dXNlcjpwYXNz'],
    ['a bearer without token', async () => 'Bearer '],
    ['a malformed token', async () => 'Bearer not.a.jwt'],
    ['two tokens', async () => `Bearer ${await hs({ agency: 'TAX' })} ${await hs({ agency: 'TAX' })}`],
    ['an expired token', async () => `Bearer ${await hs({ agency: 'TAX' }, { exp: Math.floor(Date.now() / 1000) - 60 })}`],
    ['a forged signature', async () => `Bearer ${await hs({ agency: 'COMMERCE' }, { key: new TextEncoder().encode('another-secret-that-is-long-enough-0123456789') })}`],
    ['a tampered payload', async () => {
      const [h, , s] = (await hs({ agency: 'TAX' })).split('.');
      const p = Buffer.from(JSON.stringify({ agency: 'COMMERCE', sub: 'x', iss: 'border-trade-hub', aud: 'border-trade-hub', exp: 9e9 })).toString('base64url');
      return `Bearer ${h}.${p}.${s}`;
    }],
    ['an unsigned token (alg none)', async () => {
      const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      return `Bearer ${enc({ alg: 'none', typ: 'JWT' })}.${enc({ agency: 'COMMERCE', sub: 'x', iss: 'border-trade-hub', aud: 'border-trade-hub', exp: 9e9 })}.`;
    }],
    ['a wrong issuer', async () => `Bearer ${await hs({ agency: 'TAX' }, { iss: 'someone-else' })}`],
    ['a wrong audience', async () => `Bearer ${await hs({ agency: 'TAX' }, { aud: 'another-service' })}`],
    ['an unknown agency', async () => `Bearer ${await hs({ agency: 'POLICE' })}`],
    ['no agency', async () => `Bearer ${await hs({})}`],
    ['no sub', async () => `Bearer ${await hs({ agency: 'TAX' }, { sub: null })}`],
    ['no exp', async () => `Bearer ${await new SignJWT({ agency: 'TAX' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer('border-trade-hub').setAudience('border-trade-hub').sign(secret)}`],
    ['an ENTERPRISE token without org', async () => `Bearer ${await hs({ agency: 'ENTERPRISE' })}`],
    ['a COOPERATIVE token without org', async () => `Bearer ${await hs({ agency: 'COOPERATIVE' })}`],
    ['an ENTERPRISE token whose org is not a UUID', async () => `Bearer ${await hs({ agency: 'ENTERPRISE', org: '------------------------------------' })}`],
  ])('refuses %s with HTTP 401 and no data', async (_what, header) => {
    expect401(await post(hub, await header()));
  });

  it('refuses a bad token before looking at the query (no SQL, even for a mutation)', async () => {
    const res = await request(hub.app.app).post('/graphql').set('authorization', 'Bearer nope')
      .send({ query: 'mutation { approveEnterprise(id: "x") { id } }' });
    expect401(res);
    expect(res.headers['x-sql-statements']).toBeUndefined();
  });
});

describe.each(['RS256', 'ES256'] as const)('%s against JWT_PUBLIC_KEY', (alg) => {
  let keyHub: TestHub;
  let privateKey: PrivateKey;
  beforeAll(async () => {
    const pair = await generateKeyPair(alg, { extractable: true });
    privateKey = pair.privateKey;
    const pem = await exportSPKI(pair.publicKey);
    const dir = mkdtempSync(join(tmpdir(), 'hub-auth-'));
    // With a public key configured the hub keeps no HS256 secret at all.
    const jwt = loadConfig({ NODE_ENV: 'production', JWT_PUBLIC_KEY: pem, DATA_DIR: dir }).jwt;
    expect(jwt.secret).toBeUndefined();
    keyHub = await startHub({ jwt });
  });
  afterAll(async () => { await keyHub?.close(); });

  const signed = (claims: Record<string, unknown>, key: PrivateKey = privateKey, exp: string | number = '1h') =>
    new SignJWT(claims).setProtectedHeader({ alg }).setSubject('customs-h2018').setIssuer('border-trade-hub')
      .setAudience('border-trade-hub').setIssuedAt().setExpirationTime(exp).sign(key);

  it('accepts a token signed with the private key', async () => {
    const res = await post(keyHub, `Bearer ${await signed({ agency: 'CUSTOMS' })}`);
    expect(res.status).toBe(200);
    expect(res.body.data.me).toEqual({ sub: 'customs-h2018', agency: 'CUSTOMS', org: null });
  });

  it('refuses a token signed with another key pair', async () => {
    const other = await generateKeyPair(alg);
    expect401(await post(keyHub, `Bearer ${await signed({ agency: 'CUSTOMS' }, other.privateKey)}`));
  });

  it('refuses an expired token and an unknown agency', async () => {
    expect401(await post(keyHub, `Bearer ${await signed({ agency: 'CUSTOMS' }, privateKey, Math.floor(Date.now() / 1000) - 5)}`));
    expect401(await post(keyHub, `Bearer ${await signed({ agency: 'NOBODY' })}`));
  });

  it('refuses an HS256 token, whatever secret signed it', async () => {
    expect401(await post(keyHub, `Bearer ${await signToken(secret, { agency: 'COMMERCE' })}`));
    expect401(await post(keyHub, `Bearer ${await hs({ agency: 'COMMERCE' })}`));
  });
});

describe('npm run token', () => {
  it('prints a token that the hub of the same DATA_DIR accepts, and that another DATA_DIR refuses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-token-'));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/token.ts', 'ENTERPRISE', '--org', ORG, '--sub', 'erp-1'], {
      // A fresh DATA_DIR: the secret is created only while nothing answers on PORT (src/cli/token.ts).
      env: { PATH: process.env.PATH, DATA_DIR: dir, NODE_ENV: 'development', PORT: String(await freePort()) }, encoding: 'utf8', timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const token = run.stdout.trim();
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    const same = await startHub({ jwt: loadConfig({ DATA_DIR: dir }).jwt });
    const other = await startHub({ jwt: loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'hub-token-')) }).jwt });
    try {
      const ok = await post(same, `Bearer ${token}`);
      expect(ok.status).toBe(200);
      expect(ok.body.data.me).toEqual({ sub: 'erp-1', agency: 'ENTERPRISE', org: ORG });
      expect401(await post(other, `Bearer ${token}`));
    } finally {
      await same.close();
      await other.close();
    }
  });

  it('refuses an unknown agency and an ENTERPRISE token without --org', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-token-'));
    for (const args of [['POLICE'], ['ENTERPRISE']]) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/token.ts', ...args], {
        env: { PATH: process.env.PATH, DATA_DIR: dir }, encoding: 'utf8', timeout: 60_000,
      });
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
    }
  });
});
