/**
 * createApp({ config, database }) → the HTTP app: GraphQL with authentication, GraphiQL (offline),
 * health, readiness and metrics, structured request logs. No process.env here (config.ts) and no
 * listen (main.ts).
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { graphqlHandler } from './http/apollo-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import type { Viewer } from './authz/agencies';
import { createVerifier } from './authz/tokens';
import type { Config } from './config';
import { createContext, type Context } from './context';
import type { Database } from './db/client';
import { jitGateway, type JitStats } from './graphql/jit';
import { queryLimitsPlugin } from './graphql/limits';
import { AccessLogWriter, accessLogEdge, accessLogPlugin, attachAccessNote } from './modules/audit';
import { mountDevRoutes } from './http/dev';
import { mountGraphiql } from './http/graphiql';
import { mountHealth } from './http/health';
import { attachObservation, noteCode, observationOf, observePlugin, requestObserver } from './http/observe';
import { inputGuard } from './http/input-guard';
import { inSequence } from './http/in-sequence';
import { AuthThrottle } from './http/auth-throttle';
import { listBounds, type Fanouts } from './graphql/list-bounds';
import { declarationsPerFactoryEntry } from './modules/customs';
import { registryFanouts } from './modules/registry';
import { databaseTrouble } from './db/errors';
import { bilingual } from './shared/errors';
import { createLogger, errorFields, setProcessLogger, type Logger } from './observability/logger';
import { createMetrics, type HubMetrics } from './observability/metrics';
import { reportsRouter } from './modules/reports';
import { startFeedWorker, type FeedWorker } from './modules/feed';
import { buildHubSchema } from './schema';

export interface App {
  app: express.Express;
  server: http.Server;
  apollo: ApolloServer<Context>;
  accessLog: AccessLogWriter;
  logger: Logger;
  metrics: HubMetrics;
  /** How many operations ran compiled (graphql-jit) and how many on graphql-js (graphql/jit.ts). */
  jit: JitStats;
  /** The webhook delivery worker, when config.feed.worker is on (SPEC §16). */
  feed: FeedWorker | null;
  /** Stops accepting connections, waits for in-flight requests (Apollo's drain plugin), stops Apollo. */
  stop(): Promise<void>;
}

export interface AppOptions {
  config: Config;
  database: Database;
  /** A logger to use instead of one built from config.logLevel (tests capture the stream). */
  logger?: Logger;
  /** For the pool gauge: the connection limit the database was opened with. */
  maxConnections?: number;
}

type AuthedRequest = Request & { viewer?: Viewer; requestId?: string };

const unauthenticated = (res: Response, message: string) => {
  noteCode(res, 'UNAUTHENTICATED');
  return res.status(401).json({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
};

/** Sets `x-sql-statements` so clients and tests see how many statements a request cost. */
const statementHeader: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        response.http.headers.set('x-sql-statements', String(contextValue.statements.count));
        // Warnings about fields (a due date guessed without calendar data), beside data and errors.
        if (contextValue.warnings?.length && response.body.kind === 'single') {
          response.body.singleResult.extensions = { ...response.body.singleResult.extensions, warnings: contextValue.warnings };
        }
      },
    };
  },
};

/**
 * Variable coercion errors (a scalar refused a value, a required field missing, more than 50 such
 * errors) get what every BAD_USER_INPUT of this API carries: reason INVALID_VALUE and the field's
 * path ("input[0].lines[0].quantityKg"), so a client can point at the bad cell.
 */
export function explainInputError(e: GraphQLFormattedError): GraphQLFormattedError {
  const x = e.extensions ?? {};
  if (/^Too many errors processing variables/.test(e.message)) {
    return { ...e, extensions: { ...x, code: 'BAD_USER_INPUT', reason: 'INVALID_VALUE', field: null } };
  }
  if (x.code !== 'BAD_USER_INPUT' || x.reason) return e;
  const m = /^Variable "\$(\w+)" (?:got invalid value .*? at "([^"]+)"|got invalid value|of (?:required|non-null) type)/s.exec(e.message);
  if (!m) return e;
  return { ...e, extensions: { ...x, reason: 'INVALID_VALUE', field: m[2] ?? m[1] } };
}

/** Tokens a GraphQL document may have (SPEC §10's limits apply after parsing; this bounds the parse). */
export const MAX_TOKENS = 10_000;

/** What the unpaged lists of the schema can return at most today, read from the owning modules (cost limit, SPEC §10). */
async function dataFanouts(db: Database['db']): Promise<Fanouts> {
  const [r, perEntry] = await Promise.all([registryFanouts(db), declarationsPerFactoryEntry(db)]);
  const atLeast1 = (n: number) => Math.max(n, 1);
  return {
    'Cooperative.members': atLeast1(r.membersPerCooperative),
    'BorderResident.memberships': atLeast1(r.membershipsPerResident),
    'Enterprise.contracts': atLeast1(r.contractsPerEnterprise),
    'Cooperative.contracts': atLeast1(r.contractsPerCooperative),
    'Enterprise.cooperatives': atLeast1(r.cooperativesPerEnterprise),
    'FactoryEntry.declarations': atLeast1(perEntry),
    // one row per enterprise
    'Query.ledgerSummaries': atLeast1(r.enterprises),
    'Query.enterpriseAssessments': atLeast1(r.enterprises),
    'Query.monthlyReturn': atLeast1(r.enterprises),
  };
}

export async function createApp({ config, database, logger: givenLogger, maxConnections }: AppOptions): Promise<App> {
  const app = express();
  app.disable('x-powered-by');
  const server = http.createServer(app);
  const verify = createVerifier(config.jwt);
  const production = config.nodeEnv === 'production';
  const logger = givenLogger ?? createLogger(config.logLevel);
  setProcessLogger(logger);
  const metrics = createMetrics(database, { maxConnections });
  const accessLog = new AccessLogWriter(database.db, logger, config.audit);
  let stopping = false;

  const gateway = jitGateway(await buildHubSchema());
  const apollo = new ApolloServer<Context>({
    // Queries run on graphql-jit (compiled once per document), the rest on graphql-js: graphql/jit.ts.
    gateway,
    introspection: true,
    // main.ts owns SIGTERM/SIGINT; Apollo's own handler would stop and re-raise the signal mid-drain.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: config.nodeEnv === 'development',
    // A document is parsed before any limit can look at it: cap its tokens (a real operation of
    // this API has a few hundred; batch rows travel in variables, which are not tokens).
    parseOptions: { maxTokens: MAX_TOKENS },
    // Compact JSON on the wire: Apollo's default indents every response (2 % of the CPU of a large answer).
    stringifyResult: (result) => JSON.stringify(result),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      statementHeader,
      queryLimitsPlugin(listBounds(() => dataFanouts(database.db))) as ApolloServerPlugin<Context>,
      accessLogPlugin(accessLog),
      observePlugin<Context>(),
    ],
    formatError: (given: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
      const formatted = explainInputError(given);
      const code = formatted.extensions?.code;
      const trouble = code === 'INTERNAL_SERVER_ERROR' || code === undefined ? databaseTrouble(error) : null;
      if (trouble) {
        // The database is away or busy: say so, so clients retry instead of reporting a bug.
        logger.warn({ path: formatted.path, reason: trouble, ...errorFields((error as { originalError?: unknown })?.originalError) }, 'database trouble');
        return {
          message: trouble === 'DATABASE_TIMEOUT'
            ? '数据库繁忙，请求已取消，请稍后重试 / The database was busy (a lock or statement timed out); nothing was changed. Retry shortly.'
            : '数据库暂时不可用，请稍后重试 / The database is unavailable at the moment; nothing was changed. Retry shortly.',
          path: formatted.path,
          extensions: { code: 'INTERNAL_SERVER_ERROR', reason: trouble, retryable: true },
        };
      }
      if (code === 'INTERNAL_SERVER_ERROR' || code === undefined) {
        // Operators get the error class, SQLSTATE and constraint; never the message, which may quote
        // a row's values (an ID number in a unique-violation detail, for instance).
        const original = (error as { originalError?: Record<string, unknown> } | undefined)?.originalError ?? {};
        const cause = (original.cause ?? original) as Record<string, unknown>;
        logger.error({ path: formatted.path, error: original.name ?? 'Error', sqlstate: cause.code, constraint: cause.constraint_name ?? cause.constraint }, 'resolver error');
      }
      // No stack trace, SQL or driver message leaves the hub in production (SPEC §3).
      if (production && (code === 'INTERNAL_SERVER_ERROR' || code === undefined)) {
        return { message: bilingual('Internal server error', 'INTERNAL_SERVER_ERROR'), path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
      }
      // Every message Chinese first (SPEC §3): GraphQL's own (validation, coercion) get a label.
      return { ...formatted, message: bilingual(formatted.message, code, formatted.extensions?.reason) };
    },
  });
  await apollo.start();
  const feed = config.feed.worker
    ? await startFeedWorker({ database, logger, ...config.feed })
    : null;

  app.use(inSequence(
    (req: AuthedRequest, res, next) => {
      const incoming = req.header('x-request-id');
      req.requestId = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
      res.setHeader('x-request-id', req.requestId);
      next();
    },
    requestObserver(logger, metrics),
  ));

  mountHealth(app, { database, metrics, isStopping: () => stopping });
  const devConveniences = config.nodeEnv === 'development' || config.nodeEnv === 'test';
  if (devConveniences) mountDevRoutes(app, { config, database });
  // Browsers asking for /graphql get the explorer page; API clients fall through to Apollo.
  mountGraphiql(app, { dev: devConveniences && Boolean(config.jwt.secret) });

  // Failed authentication is throttled per client address and per token (http/auth-throttle.ts):
  // a valid token is always served; past the limit, failures get 429 with Retry-After.
  const throttle = new AuthThrottle({ limit: config.authFailureLimit });
  const refuse = (req: AuthedRequest, res: Response, token: string | null, message: string) => {
    const keys = AuthThrottle.keysOf(req.ip ?? req.socket.remoteAddress, token);
    const wait = throttle.retryAfter(keys);
    if (wait != null) {
      noteCode(res, 'UNAUTHENTICATED');
      res.setHeader('retry-after', String(wait));
      return void res.status(429).json({ errors: [{
        message: `认证失败次数过多，请 ${wait} 秒后重试 / Too many failed authentication attempts; retry in ${wait} s.`,
        extensions: { code: 'UNAUTHENTICATED', reason: 'TOO_MANY_FAILURES', retryAfter: wait },
      }] });
    }
    if (throttle.fail(keys)) logger.warn({ limit: throttle.limit, windowMs: throttle.windowMs }, 'failed authentication throttled');
    unauthenticated(res, message);
  };
  const authenticate = async (req: AuthedRequest, res: Response, next: NextFunction) => {
    const header = req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) return refuse(req, res, null, '缺少令牌 / Send Authorization: Bearer <token>; get one with `npm run token -- <AGENCY>`.');
    let viewer: Viewer;
    try {
      viewer = await verify(m[1]!);
    } catch (e) {
      return refuse(req, res, m[1]!, `令牌无效 / The token was refused: ${(e as Error).message}.`);
    }
    req.viewer = viewer;
    next();
  };

  app.use('/reports', reportsRouter({ database, authenticate }));

  const createContextFor = (req: AuthedRequest) => {
    const statements = { count: 0 };
    return createContext({ viewer: req.viewer!, db: database.counting(statements), statements, config, requestId: req.requestId!, accessLog });
  };

  app.use(
    '/graphql',
    inSequence(
      (_req, res, next) => {
        observationOf(res).graphql = true;
        next();
      },
      // Before the body is read: a request refused by any step below still leaves its row (SPEC §10).
      accessLogEdge(accessLog),
      express.json({ limit: '5mb' }),
      authenticate,
      inputGuard,
      graphqlHandler(apollo, {
        context: async ({ req, res }) => attachAccessNote(attachObservation(
          createContextFor(req as AuthedRequest), res), res),
      }),
    ),
  );

  app.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    if (err.type === 'entity.too.large') {
      noteCode(res, 'BAD_USER_INPUT');
      return void res.status(413).json({ errors: [{ message: '请求体超过 5 MB / Request body exceeds 5 MB (SPEC §10); split the batch.', extensions: { code: 'BAD_USER_INPUT' } }] });
    }
    if (err.status && err.status < 500) {
      noteCode(res, 'BAD_USER_INPUT');
      return void res.status(err.status).json({ errors: [{ message: bilingual(err.message, 'BAD_REQUEST'), extensions: { code: 'BAD_USER_INPUT' } }] });
    }
    noteCode(res, 'INTERNAL_SERVER_ERROR');
    logger.error({ error: err.name, status: err.status }, 'unhandled error');
    res.status(500).json({ errors: [{ message: bilingual('Internal server error', 'INTERNAL_SERVER_ERROR'), extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  });

  return {
    app,
    server,
    apollo,
    accessLog,
    logger,
    metrics,
    jit: gateway.stats,
    feed,
    async stop() {
      stopping = true;
      await apollo.stop();
      // After the last request (no new webhooks), before the database closes: POSTs in flight finish.
      await feed?.stop();
      // Every row queued is stored, and a last checkpoint of the chain's head is signed.
      await accessLog.close();
    },
  };
}
