/**
 * Structured logs (pino). One line per HTTP request, written by `requestLog` in src/http/observe.ts.
 * What may reach a line is an allow-list of fields (request id, agency, sub, operation name,
 * duration, outcome): never a query text, a variable's value or a response, so no ID number,
 * phone or name can leak (SPEC §9/§10). Errors are logged by code and SQLSTATE, not by message.
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config';

export type { Logger };

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'border-trade-hub' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Belt and braces: nothing logs these paths, and if someone ever does they are censored.
      redact: { paths: ['variables', '*.variables', 'query', '*.query', 'authorization', '*.authorization', 'headers.authorization'], censor: '[redacted]' },
    },
    // Synchronous stdout: a line written just before process.exit (shutdown) is not lost.
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

let processLogger: Logger | undefined;

/** The process's one logger: the app's (createApp installs it), else an info-level logger to stdout (CLIs). */
export function log(): Logger {
  processLogger ??= createLogger((process.env.LOG_LEVEL as LogLevel | undefined) ?? 'info');
  return processLogger;
}

export function setProcessLogger(logger: Logger): void {
  processLogger = logger;
}

/**
 * What of an error may be logged: its class, SQLSTATE and constraint. Never the message of a
 * driver error (it can quote a parameter, e.g. an ID number, or a detail line with row values).
 */
export function errorFields(e: unknown): { error: string; sqlstate?: string; constraint?: string } {
  const x = (e ?? {}) as { name?: string; code?: unknown; constraint_name?: string; constraint?: string; cause?: unknown };
  const cause = (x.cause ?? x) as typeof x;
  const sqlstate = typeof cause.code === 'string' && /^[0-9A-Z]{5}$/.test(cause.code) ? cause.code : undefined;
  return { error: x.name ?? 'Error', ...(sqlstate ? { sqlstate } : {}), ...(cause.constraint_name ?? cause.constraint ? { constraint: cause.constraint_name ?? cause.constraint } : {}) };
}
