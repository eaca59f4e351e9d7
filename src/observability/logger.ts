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
