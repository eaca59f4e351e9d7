/**
 * npm run token -- <AGENCY> [--org <enterpriseId|cooperativeId>] [--sub <name>] [--ttl 8h]
 * Prints a development bearer token signed with the hub's HS256 secret (SPEC §2, §9): JWT_SECRET,
 * or the secret the hub generated into DATA_DIR/jwt-dev-secret.
 *
 * No secret in DATA_DIR: a token signed with a fresh secret is useless to a hub that already runs
 * with another DATA_DIR (it answers 401 with no hint), so the secret is generated here only when
 * nothing suggests such a hub — no embedded database in DATA_DIR and nothing answering on
 * HOST:PORT — with a note on stderr; otherwise the command refuses and says which DATA_DIR it read.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AGENCIES, ORG_AGENCIES, isAgency } from '../authz/agencies';
import { signToken } from '../authz/tokens';
import { devSecret, devSecretFile, loadConfig, type Config } from '../config';
import { CliFailure, parseCli, runCli, UsageError } from './run';

const USAGE = `用法 / usage: npm run token -- <AGENCY> [--org <id>] [--sub <name>] [--ttl 8h]
  AGENCY: ${AGENCIES.join(' ')}
  --org is required for ENTERPRISE and COOPERATIVE (the enterprise or cooperative id).
  The token is signed with JWT_SECRET, or DATA_DIR/jwt-dev-secret: use the same DATA_DIR (default .data) as the hub.
  example: curl -H "authorization: Bearer $(npm run -s token -- CUSTOMS)" …`;

await runCli(USAGE, async () => {
  const { values, positionals } = parseCli({
    usage: USAGE,
    options: { org: { type: 'string' }, sub: { type: 'string' }, ttl: { type: 'string' } },
    positionals: { min: 1, max: 1 },
  });
  const agency = positionals[0]!.toUpperCase();
  if (!isAgency(agency)) throw new UsageError(`未知机构 / unknown agency "${positionals[0]}"`);
  if (ORG_AGENCIES.includes(agency) && !values.org) throw new UsageError(`${agency} 令牌需要 --org <id> / ${agency} tokens need --org <id>`);
  const config = loadConfig(process.env, { createDevSecret: false });
  if (config.jwt.publicKeyPem || config.jwt.jwksUrl) {
    throw new CliFailure('本中心用公钥验证令牌 / this hub verifies tokens with a public key (JWT_PUBLIC_KEY/JWT_JWKS_URL): get tokens from your identity provider');
  }
  const secret = config.jwt.secret ?? (await firstSecret(config));
  const token = await signToken(secret, { agency, org: values.org ?? null, sub: values.sub }, { ttl: values.ttl ?? '8h' });
  process.stdout.write(`${token}\n`);
});

/** No JWT_SECRET and no DATA_DIR/jwt-dev-secret: generate it only when no hub can be using another one. */
async function firstSecret(config: Config): Promise<Uint8Array> {
  const dir = config.dataDir;
  const host = ['0.0.0.0', '::', ''].includes(config.host) ? '127.0.0.1' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
  const why = existsSync(join(dir, 'pglite'))
    ? { zh: '该目录有嵌入式数据库，中心在此运行时未生成密钥（它用 JWT_SECRET）', en: 'it holds an embedded database, so the hub ran here with JWT_SECRET' }
    : (await answers(`${url}/healthz`))
      ? { zh: `${url} 上已有中心在运行，它用的是别的 DATA_DIR 或 JWT_SECRET`, en: `a hub is running at ${url} with another DATA_DIR or JWT_SECRET` }
      : null;
  if (why) {
    throw new CliFailure(`DATA_DIR=${dir} 中没有签名密钥 jwt-dev-secret，而${why.zh}：请用中心的同一 DATA_DIR 或同一 JWT_SECRET 运行本命令 / `
      + `no signing secret in DATA_DIR=${dir}, but ${why.en}: run this command with the hub's DATA_DIR `
      + `(DATA_DIR=<hub's directory> npm run -s token -- …) or its JWT_SECRET — a token signed with a new secret would get 401.`);
  }
  const secret = devSecret(dir);
  console.error(`提示 / note: 已新建开发签名密钥 ${devSecretFile(dir)}；中心须使用同一 DATA_DIR 才接受此令牌 / `
    + `created a new development signing secret in ${devSecretFile(dir)}: the hub accepts this token only when it runs with DATA_DIR=${dir} (or start it from this directory with the default .data).`);
  return secret;
}

/** Whether anything answers HTTP there (a running hub), within a second. */
async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}
