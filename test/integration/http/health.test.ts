import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../../src/authz/tokens';
import { createApp, type App } from '../../../src/app';
import type { Database } from '../../../src/db/client';
import { openTestDatabase, testConfig, TEST_SECRET } from '../../support/hub';

const secret = new TextEncoder().encode(TEST_SECRET);
const opened: { app: App; database: Database }[] = [];
async function hub() {
  const database = await openTestDatabase();
  const app = await createApp({ config: testConfig(), database });
  opened.push({ app, database });
  return { app, database };
}
afterAll(async () => {
  for (const h of opened) {
    await h.app.stop();
    await h.database.close().catch(() => {});
  }
});

const sample = (text: string, name: string, labels: Record<string, string> = {}) => {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `) ? want.every((w) => l.includes(w)) : false);
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
};

describe('/healthz and /readyz (SPEC §2)', () => {
  it('answers /healthz and /readyz without a token when the database is up and migrated', async () => {
    const { app } = await hub();
    expect((await request(app.app).get('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await request(app.app).get('/readyz');
    expect(ready.status).toBe(200);
    // (from 1 December a missing next-year calendar adds `warnings`, still ready)
    expect(ready.body.status).toBe('ready');
  });

  it('stays ready but warns when this year has no calendar data (issue 13)', async () => {
    const { app, database } = await hub();
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    await database.db.execute(sql`delete from calendar_days where extract(year from date) = ${year}`);
    const ready = await request(app.app).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.warnings).toEqual(expect.arrayContaining([expect.stringContaining(`no calendar data for ${year}`)]));
  });

  it('is not ready (503) while a migration of migrations/ is not applied', async () => {
    const { app, database } = await hub();
    await database.db.execute(sql`delete from drizzle.__drizzle_migrations where id = (select max(id) from drizzle.__drizzle_migrations)`);
    const res = await request(app.app).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.status).toBe('migrations pending');
    expect((await request(app.app).get('/healthz')).status).toBe(200);
  });

  it('is not ready (503) once the database is closed, while /healthz still answers', async () => {
    const { app, database } = await hub();
    await database.close();
    const res = await request(app.app).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.status).toBe('database unreachable');
    expect((await request(app.app).get('/healthz')).status).toBe(200);
  });
});

describe('/metrics (Prometheus text)', () => {
  let a: App;
  let b: App;
  beforeAll(async () => {
    a = (await hub()).app;
    b = (await hub()).app;
  });

  it('counts GraphQL requests by operation name and outcome, with a latency histogram', async () => {
    const token = await signToken(secret, { agency: 'CUSTOMS', sub: 'metrics-test' });
    const gql = (query: string, operationName?: string) =>
      request(a.app).post('/graphql').set('authorization', `Bearer ${token}`).send({ query, operationName });
    await gql('query MetricsMe { me { agency } }');
    await gql('query MetricsMe { me { agency } }');
    await gql('query MetricsBad { nope }');
    await request(a.app).post('/graphql').send({ query: 'query MetricsAnon { me { agency } }' });
    const res = await request(a.app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    const text = res.text;
    expect(sample(text, 'hub_graphql_requests_total', { operation: 'MetricsMe', outcome: 'ok' })).toBe(2);
    expect(sample(text, 'hub_graphql_requests_total', { operation: 'MetricsBad', outcome: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
    // An unauthenticated caller does not name a series (it could fill the registry with free text).
    expect(sample(text, 'hub_graphql_requests_total', { operation: 'unauthenticated', outcome: 'UNAUTHENTICATED' })).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain('MetricsAnon');
    expect(sample(text, 'hub_graphql_request_duration_seconds_count', { operation: 'MetricsMe' })).toBe(2);
    expect(sample(text, 'hub_graphql_request_duration_seconds_bucket', { operation: 'MetricsMe', le: '+Inf' })).toBe(2);
  });

  it('reports the database driver, its pool size and whether it answers, and the process metrics', async () => {
    const text = (await request(a.app).get('/metrics')).text;
    const driver = opened[0]!.database.driver;
    expect(sample(text, 'hub_database_up', { driver })).toBe(1);
    expect(sample(text, 'hub_database_pool_max_connections', { driver })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'hub_database_statements_total')).toBeGreaterThan(0);
    expect(sample(text, 'hub_process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sample(text, 'hub_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(sample(text, 'hub_nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('keeps one registry per app: another hub in the same process has not counted these requests', async () => {
    const text = (await request(b.app).get('/metrics')).text;
    expect(sample(text, 'hub_graphql_requests_total', { operation: 'MetricsMe' })).toBeUndefined();
  });
});
