/**
 * The only reader of process.env (STYLE: environment validated once). Every bad key is reported
 * together so an operator fixes the whole environment in one go.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createPublicKey, randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface JwtConfig {
  /** HS256 shared secret (development, or a deployment that chooses a shared secret). */
  secret?: Uint8Array;
  /** PEM public key (SPKI) for RS256/ES256. */
  publicKeyPem?: string;
  jwksUrl?: string;
  issuer: string;
  audience: string;
}

export interface Config {
  port: number;
  host: string;
  /** postgres:// URL; absent means the embedded PGlite under dataDir. */
  databaseUrl?: string;
  dataDir: string;
  jwt: JwtConfig;
  logLevel: LogLevel;
  nodeEnv: 'development' | 'production' | 'test';
  /** Daily duty-free allowance per border resident in yuan (财关税〔2010〕18号). */
  dailyAllowanceYuan: string;
  /** Load the demo seed when the registry is empty at start. */
  seedOnStart: boolean;
  /**
   * PostgreSQL guards for the served process (CLIs run without them): a statement that runs longer,
   * or waits longer for a lock, is cancelled, so requests queued behind one lock cannot starve the pool.
   */
  statementTimeoutMs: number;
  lockTimeoutMs: number;
  /**
   * Failed authentications allowed per client address and per token within a minute; the next
   * ones get 429 with Retry-After (http/auth-throttle.ts). A valid token is never throttled.
   */
  authFailureLimit: number;
  /** The access log's anchors (SPEC §10): HMAC key, how often the head is anchored, and a copy outside the database. */
  audit: AuditConfig;
  /**
   * Webhook delivery (SPEC §16): run the worker in this process (FEED_WORKER; on by default, off
   * under NODE_ENV=test unless asked), its first retry delay (doubled per retry, for 24 h), how often
   * it looks for new changes, and how long a receiver may take to answer.
   */
  feed: { worker: boolean; retryDelaySeconds: number; pollMs: number; requestTimeoutMs: number };
}

export interface AuditConfig {
  /** HMAC-SHA256 key of the signed checkpoints (AUDIT_ANCHOR_KEY, else generated once into DATA_DIR). */
  anchorKey: Uint8Array;
  /** A checkpoint of the chain's head at most this often while rows arrive (AUDIT_ANCHOR_INTERVAL_MS), and on shutdown. */
  anchorIntervalMs: number;
  /** The latest checkpoint is also written here (AUDIT_ANCHOR_FILE; `off` for none). */
  anchorFile: string | null;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid environment:\n  - ${problems.join('\n  - ')}`);
  }
}

export const JWT_ISSUER = 'border-trade-hub';
export const JWT_AUDIENCE = 'border-trade-hub';

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * `createDevSecret: false` (npm run token) leaves jwt without a key when no secret was configured
 * and none was generated yet, instead of generating one that a running hub would not know.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, opts: { createDevSecret?: boolean } = {}): Config {
  const problems: string[] = [];
  // Number('') is 0 (a random port): an empty or non-numeric PORT is a mistake, not a choice.
  const port = env.PORT === undefined ? 4000 : /^\d+$/.test(env.PORT.trim()) ? Number(env.PORT) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`PORT must be an integer 0–65535, got "${env.PORT}"`);
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('DATABASE_URL must start with postgres:// (or leave it unset for the embedded database)');
  // Unset NODE_ENV runs like production (no /dev routes, no stack traces): development
  // conveniences need NODE_ENV=development said out loud (`npm run dev`). Only an explicit
  // NODE_ENV=production refuses the generated secret, so `npm start` still works out of the box.
  const nodeEnv = (env.NODE_ENV ?? 'production') as Config['nodeEnv'];
  if (!['development', 'production', 'test'].includes(nodeEnv)) problems.push(`NODE_ENV must be development, production or test, got "${env.NODE_ENV}"`);
  const logLevel = (env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info')) as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const dailyAllowanceYuan = env.DAILY_ALLOWANCE_YUAN ?? '8000.00';
  if (!/^\d+(\.\d{1,2})?$/.test(dailyAllowanceYuan)) problems.push('DAILY_ALLOWANCE_YUAN must be a yuan amount such as 8000.00');
  const dataDir = resolve(env.DATA_DIR ?? '.data');

  const jwt: JwtConfig = { issuer: JWT_ISSUER, audience: JWT_AUDIENCE };
  if (env.JWT_PUBLIC_KEY) {
    jwt.publicKeyPem = env.JWT_PUBLIC_KEY.replace(/\\n/g, '\n');
    // A key that cannot be read would otherwise refuse every request at runtime with a 401.
    const problem = publicKeyProblem(jwt.publicKeyPem);
    if (problem) problems.push(`JWT_PUBLIC_KEY ${problem}`);
  }
  if (env.JWT_JWKS_URL) {
    if (!/^https?:\/\//.test(env.JWT_JWKS_URL)) problems.push('JWT_JWKS_URL must be an http(s) URL');
    jwt.jwksUrl = env.JWT_JWKS_URL;
  }
  if (env.JWT_SECRET) {
    if (env.JWT_SECRET.length < 32) problems.push('JWT_SECRET must be at least 32 characters');
    jwt.secret = new TextEncoder().encode(env.JWT_SECRET);
  }
  if (env.NODE_ENV === 'production' && !jwt.secret && !jwt.publicKeyPem && !jwt.jwksUrl) {
    problems.push('in production set JWT_PUBLIC_KEY or JWT_JWKS_URL (or JWT_SECRET): the generated development secret is refused');
  }
  const seedOnStart = env.SEED_ON_START === undefined || ['true', '1', ''].includes(env.SEED_ON_START.trim());
  if (env.SEED_ON_START !== undefined && !['true', '1', '', 'false', '0'].includes(env.SEED_ON_START.trim())) {
    problems.push(`SEED_ON_START must be true or false, got "${env.SEED_ON_START}"`);
  }
  const ms = (key: string, fallback: number) => {
    const v = env[key]?.trim();
    if (v === undefined || v === '') return fallback;
    if (!/^\d{1,7}$/.test(v) || Number(v) < 1) { problems.push(`${key} must be a number of milliseconds ≥ 1, got "${v}"`); return fallback; }
    return Number(v);
  };
  const statementTimeoutMs = ms('DB_STATEMENT_TIMEOUT_MS', 30_000);
  const lockTimeoutMs = ms('DB_LOCK_TIMEOUT_MS', 5_000);
  const authFailureLimit = env.AUTH_FAILURE_LIMIT?.trim() ? Number(env.AUTH_FAILURE_LIMIT.trim()) : 10;
  if (!Number.isInteger(authFailureLimit) || authFailureLimit < 1) problems.push(`AUTH_FAILURE_LIMIT must be an integer ≥ 1, got "${env.AUTH_FAILURE_LIMIT}"`);
  const anchorIntervalMs = ms('AUDIT_ANCHOR_INTERVAL_MS', 60_000);
  if (env.AUDIT_ANCHOR_KEY !== undefined && env.AUDIT_ANCHOR_KEY.length < 32) problems.push('AUDIT_ANCHOR_KEY must be at least 32 characters');
  const feedWorker = env.FEED_WORKER === undefined || env.FEED_WORKER.trim() === '' ? nodeEnv !== 'test' : ['true', '1'].includes(env.FEED_WORKER.trim());
  if (env.FEED_WORKER !== undefined && !['true', '1', '', 'false', '0'].includes(env.FEED_WORKER.trim())) {
    problems.push(`FEED_WORKER must be true or false, got "${env.FEED_WORKER}"`);
  }
  const feed = {
    worker: feedWorker,
    retryDelaySeconds: Math.max(1, Math.round(ms('FEED_RETRY_DELAY_MS', 10_000) / 1000)),
    pollMs: ms('FEED_POLL_MS', 1_000),
    requestTimeoutMs: ms('FEED_REQUEST_TIMEOUT_MS', 10_000),
  };
  if (problems.length) throw new ConfigError(problems);
  if (!jwt.secret && !jwt.publicKeyPem && !jwt.jwksUrl && (opts.createDevSecret !== false || existsSync(devSecretFile(dataDir)))) {
    jwt.secret = devSecret(dataDir);
  }
  // Tests share one DATA_DIR between parallel databases: no anchor file there unless asked for.
  const anchorFileSetting = env.AUDIT_ANCHOR_FILE?.trim() || (nodeEnv === 'test' ? 'off' : join(dataDir, 'audit-anchor.json'));
  const audit: AuditConfig = {
    anchorKey: env.AUDIT_ANCHOR_KEY ? new TextEncoder().encode(env.AUDIT_ANCHOR_KEY)
      // A CLI that creates no secrets (token, audit:verify) reads the key the hub generated, if any.
      : opts.createDevSecret === false
        ? (existsSync(join(dataDir, 'audit-anchor-key')) ? generatedSecret(dataDir, 'audit-anchor-key') : new Uint8Array())
        : generatedSecret(dataDir, 'audit-anchor-key'),
    anchorIntervalMs,
    anchorFile: anchorFileSetting === 'off' ? null : resolve(anchorFileSetting),
  };

  return {
    port, host: env.HOST ?? '127.0.0.1', databaseUrl, dataDir, jwt, logLevel, nodeEnv, dailyAllowanceYuan,
    seedOnStart, statementTimeoutMs, lockTimeoutMs, authFailureLimit, audit, feed,
  };
}

export const devSecretFile = (dataDir: string) => join(dataDir, 'jwt-dev-secret');

/** The development signing secret: generated once into DATA_DIR so tokens survive restarts. */
export function devSecret(dataDir: string): Uint8Array {
  return generatedSecret(dataDir, 'jwt-dev-secret');
}

/** A random secret generated once into DATA_DIR/<name> (mode 0600) and read back on every start. */
function generatedSecret(dataDir: string, name: string): Uint8Array {
  const file = join(dataDir, name);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    // 'wx': a second process starting at the same moment keeps the first one's secret.
    try { writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' }); } catch { /* already there */ }
  }
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
}

/** Why a PEM cannot verify RS256/ES256 tokens, or null when it can. */
function publicKeyProblem(pem: string): string | null {
  if (!/-----BEGIN PUBLIC KEY-----/.test(pem)) return 'must be a PEM public key (-----BEGIN PUBLIC KEY-----, SPKI)';
  try {
    const type = createPublicKey(pem).asymmetricKeyType;
    return type === 'rsa' || type === 'ec' ? null : `must be an RSA (RS256) or EC P-256 (ES256) key, got ${type}`;
  } catch {
    return 'is not a readable PEM public key';
  }
}
