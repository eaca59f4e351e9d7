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
