import type { RequestHandler } from 'express';

/**
 * Express handlers run in order as ONE router layer, with express's own rules: `next(err)` and a
 * thrown error or rejected promise go to the error handlers, a handler that answers stops the
 * sequence. Each router layer costs a path match, a prefix trim and restore, and a `next` per
 * request; the GraphQL route had six of them on every request.
 */
export function inSequence(...handlers: RequestHandler[]): RequestHandler {
  return (req, res, done) => {
    let i = 0;
    const next = (err?: unknown): void => {
      if (err) return done(err);
      const handler = handlers[i++];
      if (!handler) return done();
      try {
        const r = handler(req, res, next) as unknown;
        if (r instanceof Promise) r.then(null, (e: unknown) => done(e || new Error('Rejected promise')));
      } catch (e) {
        done(e);
      }
    };
    next();
  };
}
