/** PostgreSQL error details through drizzle's wrapper, on either driver. */
export interface PgErrorInfo { code?: string; constraint?: string; detail?: string }

export function pgError(e: unknown): PgErrorInfo | undefined {
  for (let cur: any = e, depth = 0; cur && depth < 4; cur = cur.cause, depth++) {
    if (typeof cur.code === 'string' && /^[0-9A-Z]{5}$/.test(cur.code)) {
      return { code: cur.code, constraint: cur.constraint ?? cur.constraint_name, detail: cur.detail };
    }
  }
  return undefined;
}

export const isUniqueViolation = (e: unknown) => pgError(e)?.code === '23505';
export const isSerializationFailure = (e: unknown) => ['40001', '40P01'].includes(pgError(e)?.code ?? '');

/** postgres.js codes of a connection that is gone or cannot be made; Node's socket errors. */
const CONNECTION_CODES = new Set([
  'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT',
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN',
]);

/**
 * Why the database could not answer, when that is the reason a request failed: `DATABASE_TIMEOUT`
 * (a statement or lock wait was cancelled: 57014, 55P03), `DATABASE_UNAVAILABLE` (shutting down,
 * starting up, connection lost: 57P01–57P03, class 08, a closed socket). Both are worth a retry.
 */
export function databaseTrouble(e: unknown): 'DATABASE_TIMEOUT' | 'DATABASE_UNAVAILABLE' | null {
  for (let cur: any = e, depth = 0; cur && depth < 5; cur = cur.cause ?? cur.originalError, depth++) {
    const code = typeof cur.code === 'string' ? cur.code : '';
    if (code === '57014' || code === '55P03') return 'DATABASE_TIMEOUT';
    if (/^57P0[123]$/.test(code) || /^08/.test(code) || CONNECTION_CODES.has(code)) return 'DATABASE_UNAVAILABLE';
  }
  return null;
}
