/**
 * One log line and one metrics observation per HTTP request. The express middleware owns the
 * timing and writes the line when the response finishes; the Apollo plugin fills in what only
 * GraphQL knows (operation name, error codes) on the request's `Observation`.
 *
 * The line is an allow-list: request id, method, path (never the query string: GET /graphql may
 * carry a query and variables there), status, duration, agency, sub, org, operation, outcome.
 * No query text, variables or response data is ever logged (personal data, SPEC §9).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { NextFunction, Request, Response } from 'express';
import type { Viewer } from '../authz/agencies';
import type { Logger } from '../observability/logger';
import type { HubMetrics } from '../observability/metrics';
import { STATIC_PATH } from './graphiql';

export interface Observation {
  graphql: boolean;
  operation: string | null;
  /** Error codes of the response (extensions.code), deduplicated, in order of first appearance. */
  codes: string[];
}

type ObservedRequest = Request & { viewer?: Viewer; requestId?: string };

export const observationOf = (res: Response): Observation => res.locals.observation as Observation;

/** Adds a code to the request's outcome (used by handlers that answer before Apollo does). */
export function noteCode(res: Response, code: string): void {
  const o = res.locals.observation as Observation | undefined;
  if (o && !o.codes.includes(code)) o.codes.push(code);
}

/** The operation name a request body announces: `operationName`, else the first named operation of `query`. */
export function nameFromBody(body: unknown): string | null {
  if (!body || typeof body !== 'object') return null;
  const { operationName, query } = body as { operationName?: unknown; query?: unknown };
  if (typeof operationName === 'string' && operationName) return operationName;
  if (typeof query !== 'string') return null;
  return /^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/m.exec(query)?.[1] ?? null;
}

function routeOf(path: string): string {
  if (path === '/graphql' || path === '/healthz' || path === '/readyz' || path === '/metrics') return path;
  if (path.startsWith('/dev/')) return '/dev';
  if (path.startsWith(STATIC_PATH)) return STATIC_PATH;
  return 'other';
}

const UNAUTHENTICATED = 'unauthenticated';
const OUTCOME = /^(ok|HTTP_\d{1,3}|[A-Z_]{1,40}(,[A-Z_]{1,40}){0,5})$/;

const QUIET = new Set(['/healthz', '/readyz', '/metrics', STATIC_PATH]);

export function requestObserver(logger: Logger, metrics: HubMetrics) {
  return (req: ObservedRequest, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const observation: Observation = { graphql: false, operation: null, codes: [] };
    res.locals.observation = observation;
    metrics.inFlight.inc();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      metrics.inFlight.dec();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const path = req.originalUrl.split('?')[0]!;
      const route = routeOf(path);
      const status = res.headersSent ? res.statusCode : 0; // 0: the client went away before an answer
      metrics.observeHttp(route, req.method, status);
      const line: Record<string, unknown> = {
        reqId: req.requestId, method: req.method, path: route === 'other' ? 'other' : path, status,
        durationMs: Math.round(seconds * 1e4) / 10,
      };
      if (req.viewer) Object.assign(line, { agency: req.viewer.agency, sub: req.viewer.sub, org: req.viewer.org ?? undefined });
      if (observation.graphql) {
        // Refused before the document was resolved (401, invalid query): name it from the body.
        observation.operation ??= nameFromBody(req.body);
        const outcome = observation.codes.length ? observation.codes.join(',') : status >= 400 || status === 0 ? `HTTP_${status}` : 'ok';
        Object.assign(line, { operation: observation.operation, outcome });
        // An unauthenticated caller cannot name a metrics series (metrics.ts caps the names of
        // authenticated ones); the log line keeps what was sent.
        metrics.observeGraphql(req.viewer ? observation.operation : UNAUTHENTICATED, OUTCOME.test(outcome) ? outcome : 'other', seconds);
      }
      if (status >= 500 || status === 0) logger.warn(line, 'request');
      else if (QUIET.has(route)) logger.debug(line, 'request');
      else logger.info(line, 'request');
    };
    res.on('finish', finish);
    res.on('close', finish);
    next();
  };
}

/**
 * Key of the Observation on a request's context. A symbol property, not a WeakMap: Apollo
 * shallow-clones the context per operation, and the clone keeps own properties.
 */
export const OBSERVATION = Symbol('observation');

export function attachObservation<C extends object>(context: C, res: Response): C {
  Object.defineProperty(context, OBSERVATION, { value: observationOf(res), enumerable: true });
  return context;
}

/** The GraphQL half: the context carries the express request's Observation (attachObservation). */
export function observePlugin<C extends object>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart({ contextValue, request }) {
      const o = (contextValue as { [OBSERVATION]?: Observation })[OBSERVATION];
      if (!o) return;
      o.graphql = true;
      // A name the client sent is the best we have until the document is resolved.
      if (typeof request.operationName === 'string') o.operation = request.operationName;
      return {
        async didResolveOperation({ operationName }) {
          o.operation = operationName ?? null;
        },
        async willSendResponse({ response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : response.body.initialResult.errors;
          for (const e of errors ?? []) {
            const code = String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
            if (!o.codes.includes(code)) o.codes.push(code);
          }
        },
      };
    },
  };
}
