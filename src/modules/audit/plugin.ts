/**
 * One access-log row per request to /graphql (SPEC §10), queued for the batched writer:
 * - `accessLogEdge` (express, first on the route) writes the row of a request refused before
 *   GraphQL ran it (401, malformed JSON, a batched array, 413, the input guard's 400): sub and
 *   agency when known, what the body said, the outcome;
 * - `accessLogPlugin` (Apollo) writes the row of a request GraphQL answered, with the operation's
 *   outcome and the personal records returned, and tells the edge the row is written.
 * The request path only builds the event: redaction and hashing happen in the writer.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { NextFunction, Request, Response } from 'express';
import type { Viewer } from '../../authz/agencies';
import type { Context } from '../../context';
import type { AccessLogWriter } from './service';

const NOTE = Symbol('accessLogNote');
interface Note {
  written: boolean;
  /** GraphQL took the request (its context was built): the plugin writes the row, even if the client left early. */
  graphql: boolean;
}

type EdgeRequest = Request & { viewer?: Viewer; requestId?: string };

/** Links a GraphQL context to its HTTP request's note (app.ts's context factory calls it). */
export function attachAccessNote<C extends object>(context: C, res: Response): C {
  const note = res.locals[NOTE as unknown as string] as Note | undefined;
  if (note) {
    note.graphql = true;
    Object.defineProperty(context, NOTE, { value: note, enumerable: true });
  }
  return context;
}

/** What the body announced, whatever it was (an object, a batched array, nothing parseable). */
function announced(body: unknown): { operationName: string | null; document: string; variables: unknown } {
  if (Array.isArray(body)) {
    return { operationName: null, document: body.map((b) => String((b as { query?: unknown })?.query ?? '')).join('\n'), variables: { batch: body.map((b) => (b as { variables?: unknown })?.variables ?? null) } };
  }
  if (!body || typeof body !== 'object') return { operationName: null, document: '', variables: {} };
  const { query, operationName, variables } = body as { query?: unknown; operationName?: unknown; variables?: unknown };
  return {
    operationName: typeof operationName === 'string' && operationName ? operationName
      : typeof query === 'string' ? /^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/m.exec(query)?.[1] ?? null : null,
    document: typeof query === 'string' ? query : '',
    variables: variables ?? {},
  };
}

/**
 * Codes the refusal carried, if the handler that answered noted them (observe.ts noteCode keeps
 * them on res.locals.observation), after the HTTP status: `HTTP_401,UNAUTHENTICATED`.
 */
function refusalOutcome(res: Response): string {
  const codes = ((res.locals.observation as { codes?: string[] } | undefined)?.codes ?? []);
  const status = res.headersSent ? res.statusCode : 0;
  return [`HTTP_${status}`, ...codes].join(',');
}

export function accessLogEdge(writer: AccessLogWriter) {
  return (req: EdgeRequest, res: Response, next: NextFunction): void => {
    const started = performance.now();
    const at = new Date();
    const note: Note = { written: false, graphql: false };
    res.locals[NOTE as unknown as string] = note;
    const done = (event: 'finish' | 'close') => {
      if (note.written || (event === 'close' && !res.writableFinished && note.graphql)) return;
      note.written = true;
      writer.enqueue({
        at,
        requestId: req.requestId ?? '',
        viewer: req.viewer ?? null,
        ...announced(req.body),
        outcome: refusalOutcome(res),
        durationMs: Math.round(performance.now() - started),
        personalRecordIds: [],
      });
    };
    res.on('finish', () => done('finish'));
    // The client left before an answer: the row is written now, unless GraphQL runs the request
    // (then the plugin writes it when the operation ends, with what it returned).
    res.on('close', () => done('close'));
    next();
  };
}

export function accessLogPlugin(writer: AccessLogWriter): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ request, contextValue }) {
      const started = performance.now();
      const at = new Date();
      return {
        async willSendResponse({ response, operationName, operation }) {
          const note = (contextValue as { [NOTE]?: Note })[NOTE];
          if (note?.written) return;
          if (note) note.written = true;
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : response.body.initialResult.errors;
          const codes = [...new Set((errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))];
          writer.enqueue({
            at,
            requestId: contextValue.requestId,
            viewer: contextValue.viewer,
            operationName: operationName ?? operation?.name?.value ?? request.operationName ?? null,
            document: request.query ?? '',
            variables: request.variables,
            outcome: codes.length ? codes.join(',') : 'OK',
            durationMs: Math.round(performance.now() - started),
            // The request's own set: the writer sorts and hashes it after the response.
            personalRecordIds: contextValue.personalRecords,
          });
        },
      };
    },
  };
}
