/**
 * createApp({ config, database }) → the HTTP app: GraphQL with authentication, health and
 * readiness, and the browser pages. No process.env here (config.ts) and no listen (main.ts).
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import type { Viewer } from './authz/agencies';
import { createVerifier } from './authz/tokens';
import type { Config } from './config';
import { createContext, type Context } from './context';
import { ping, statementScope, type Database } from './db/client';
import { migrationsApplied } from './db/migrate';
import { queryLimitsPlugin } from './graphql/limits';
import { reportsRouter } from './modules/reports/http';
import { buildHubSchema } from './schema';

export interface App {
  app: express.Express;
  server: http.Server;
  apollo: ApolloServer<Context>;
  stop(): Promise<void>;
}

type AuthedRequest = Request & { viewer?: Viewer; requestId?: string };

const unauthenticated = (res: Response, message: string) =>
  res.status(401).json({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });

/** Sets `x-sql-statements` so clients and tests see how many statements a request cost. */
const statementHeader: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        const scope = statementScope.getStore();
        if (scope) response.http.headers.set('x-sql-statements', String(scope.count));
      },
    };
  },
};

export async function createApp({ config, database }: { config: Config; database: Database }): Promise<App> {
  const app = express();
  app.disable('x-powered-by');
  const server = http.createServer(app);
  const verify = createVerifier(config.jwt);
  const production = config.nodeEnv === 'production';

  const apollo = new ApolloServer<Context>({
    schema: await buildHubSchema(),
    introspection: true,
    includeStacktraceInErrorResponses: config.nodeEnv === 'development',
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      statementHeader,
      queryLimitsPlugin as ApolloServerPlugin<Context>,
    ],
    formatError: (formatted: GraphQLFormattedError): GraphQLFormattedError => {
      const code = formatted.extensions?.code;
      // No stack trace, SQL or driver message leaves the hub in production (SPEC §3).
      if (production && (code === 'INTERNAL_SERVER_ERROR' || code === undefined)) {
        return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
      }
      return formatted;
    },
  });
  await apollo.start();

  app.use((req: AuthedRequest, res, next) => {
    const incoming = req.header('x-request-id');
    req.requestId = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', req.requestId);
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await ping(database.db);
      if (!(await migrationsApplied(database))) return void res.status(503).json({ status: 'migrations pending' });
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'database unreachable' });
    }
  });

  // Browsers asking for /graphql get the explorer page; API clients fall through to Apollo.
  app.get('/graphql', (req, res, next) => {
    if (req.accepts(['application/json', 'text/html']) === 'text/html' && !req.query.query) {
      return void res.type('html').send(graphiqlPlaceholder());
    }
    next();
  });

  const authenticate = async (req: AuthedRequest, res: Response, next: NextFunction) => {
    const header = req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) return void unauthenticated(res, 'Send Authorization: Bearer <token>; get one with `npm run token -- <AGENCY>`.');
    try {
      req.viewer = await verify(m[1]!);
      next();
    } catch (e) {
      unauthenticated(res, `The token was refused: ${(e as Error).message}.`);
    }
  };

  app.use('/reports', reportsRouter({ config, database, verify }));

  app.use(
    '/graphql',
    express.json({ limit: '5mb' }),
    authenticate,
    (req: AuthedRequest, _res, next) => statementScope.run({ count: 0 }, next),
    expressMiddleware(apollo, {
      context: async ({ req }) =>
        createContext({ viewer: (req as AuthedRequest).viewer!, db: database.db, config, requestId: (req as AuthedRequest).requestId! }),
    }),
  );

  app.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    if (err.type === 'entity.too.large') return void res.status(413).json({ errors: [{ message: 'Request body exceeds 5 MB (SPEC §10); split the batch.', extensions: { code: 'BAD_USER_INPUT' } }] });
    if (err.status && err.status < 500) return void res.status(err.status).json({ errors: [{ message: err.message, extensions: { code: 'BAD_USER_INPUT' } }] });
    res.status(500).json({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  });

  return {
    app,
    server,
    apollo,
    async stop() {
      await apollo.stop();
    },
  };
}

function graphiqlPlaceholder(): string {
  return `<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>Border-Trade Data Exchange Hub</title></head>
<body><h1>边民互市数据交换平台 / Border-Trade Data Exchange Hub</h1>
<p>POST GraphQL to this URL with <code>Authorization: Bearer &lt;token&gt;</code>. Get a token with <code>npm run token -- CUSTOMS</code>.</p></body></html>`;
}
