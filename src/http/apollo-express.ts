import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLRequest } from '@apollo/server';
import type { Request, RequestHandler, Response } from 'express';

/**
 * Apollo Server as an express handler: what `@as-integrations/express5`'s `expressMiddleware` does
 * (MIT; same request mapping, same errors), with two per-request costs left out (issue 15): a POST's
 * answer is written with `res.end` instead of express's `res.send`, which hashes every answer with
 * SHA-1 for an ETag that no client of a POST revalidates; and the query string is cut off the URL
 * instead of parsed by the legacy `url.parse`. GET requests (queries in the URL) still go through
 * `res.send`: their ETag and 304 answers are kept.
 */
export function graphqlHandler<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  options: { context: (args: { req: Request; res: Response }) => Promise<TContext> },
): RequestHandler {
  server.assertStarted('graphqlHandler()');
  return async (req, res) => {
    if (!('body' in req)) {
      res.status(500);
      res.send('`req.body` is not set; this probably means you forgot to set up the `json` middleware before the Apollo Server middleware.');
      return;
    }
    const headers = new HeaderMap();
    for (const key in req.headers) {
      const value = req.headers[key];
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const url = req.url;
    const q = url.indexOf('?');
    const h = url.indexOf('#', q);
    const httpGraphQLRequest: HTTPGraphQLRequest = {
      method: req.method.toUpperCase(),
      headers,
      search: q < 0 ? '' : h < 0 ? url.slice(q) : url.slice(q, h),
      body: req.body,
    };
    const response = await server.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: () => options.context({ req, res }) });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status || 200;
    if (response.body.kind === 'complete') {
      if (req.method !== 'POST') return void res.send(response.body.string);
      // Encoded once: its length is the buffer's (Buffer.byteLength then end(string) encoded twice).
      // The first touch of a large answer also flattens the rope JSON.stringify returns (~0.7 ms
      // for 160 KB): that is stringify's cost, paid here whichever call comes first.
      const body = Buffer.from(response.body.string, 'utf8');
      res.setHeader('content-length', body.length);
      res.end(body);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
