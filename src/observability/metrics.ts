/**
 * Prometheus metrics (prom-client), one registry per app instance so two hubs in one process
 * (tests) never share counters. Served as text on GET /metrics.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { ping, statementsIssued, type Database } from '../db/client';

/** Operation names come from clients: cap the label's cardinality so a client cannot blow up the registry. */
const MAX_OPERATION_LABELS = 200;

export interface HubMetrics {
  registry: Registry;
  /** Records one finished GraphQL request. */
  observeGraphql(operation: string | null, outcome: string, seconds: number): void;
  /** Records one finished HTTP request (every route). */
  observeHttp(route: string, method: string, status: number): void;
  inFlight: Gauge;
}

export function createMetrics(database: Database, opts: { maxConnections?: number } = {}): HubMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'hub_' });

  const requests = new Counter({
    name: 'hub_graphql_requests_total',
    help: 'GraphQL requests by operation name and outcome (ok, or the error codes of the response)',
    labelNames: ['operation', 'outcome'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'hub_graphql_request_duration_seconds',
    help: 'GraphQL request latency in seconds, by operation name',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const http = new Counter({
    name: 'hub_http_requests_total',
    help: 'HTTP requests by route, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: 'hub_http_requests_in_flight',
    help: 'HTTP requests being served',
    registers: [registry],
  });
  new Gauge({
    name: 'hub_database_pool_max_connections',
    help: 'Maximum connections of the database driver (PGlite: 1, single embedded connection)',
    labelNames: ['driver'] as const,
    registers: [registry],
    collect() {
      this.set({ driver: database.driver }, database.driver === 'pglite' ? 1 : (opts.maxConnections ?? 10));
    },
  });
  new Gauge({
    name: 'hub_database_up',
    help: '1 when the database answered `select 1` at scrape time, 0 otherwise',
    labelNames: ['driver'] as const,
    registers: [registry],
    async collect() {
      let up = 0;
      try {
        await withTimeout(ping(database.db), 2000);
        up = 1;
      } catch { /* down */ }
      this.set({ driver: database.driver }, up);
    },
  });
  new Counter({
    name: 'hub_database_statements_total',
    help: 'SQL statements issued by this process (all apps sharing the process)',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(statementsIssued());
    },
  });

  const seen = new Set<string>();
  const opLabel = (operation: string | null): string => {
    const name = operation && /^[_A-Za-z][_0-9A-Za-z]{0,63}$/.test(operation) ? operation : operation ? 'invalid' : 'anonymous';
    if (seen.has(name)) return name;
    if (seen.size >= MAX_OPERATION_LABELS) return 'other';
    seen.add(name);
    return name;
  };

  return {
    registry,
    inFlight,
    observeGraphql(operation, outcome, seconds) {
      const op = opLabel(operation);
      requests.inc({ operation: op, outcome });
      latency.observe({ operation: op }, seconds);
    },
    observeHttp(route, method, status) {
      http.inc({ route, method, status: String(status) });
    },
  };
}

export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms); }),
  ]);
}
