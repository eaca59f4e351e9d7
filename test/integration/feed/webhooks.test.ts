/** SPEC §16: webhooks — signed batches to a loopback receiver, retries with backoff, survival across a restart. */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createApp } from '../../../src/app';
import { signToken } from '../../../src/authz/tokens';
import { describe, expect, test } from '../../support/fixtures';
import { codeOf, reasonOf, TEST_SECRET } from '../../support/hub';
import { insertPlan } from './helpers';

// Fast retries (1 s, 2 s, 4 s …) and a short receiver timeout, so backoff fits in a test.
test.override('hubConfig', { feed: { worker: true, retryDelaySeconds: 1, pollMs: 200, requestTimeoutMs: 1500 } });

interface Received { headers: http.IncomingHttpHeaders; raw: string; body: any }

/** A receiver on 127.0.0.1; `respond` decides each answer (status, or 'hang' to never answer in time). */
async function receiver(respond: (n: number) => number | 'hang' = () => 200) {
  const got: Received[] = [];
  let n = 0;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const answer = respond(n++);
      if (answer === 'hang') return void setTimeout(() => res.end(), 3000);
      if (answer >= 200 && answer < 300) got.push({ headers: req.headers, raw, body: JSON.parse(raw) });
      res.statusCode = answer;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url, got, attempts: () => n,
    /** Ids of the changes accepted so far. */
    ids: () => got.flatMap((g) => g.body.changes.map((c: any) => c.id)),
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 20_000) {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const CREATE = `mutation($input: WebhookInput!) { createWebhook(input: $input) { id url entities deliveredCursor failingSince } }`;
const LIST = `{ webhooks { id url entities } }`;
const DELETE = `mutation($id: ID!) { deleteWebhook(id: $id) }`;
const DELIVERIES = `query($id: ID!) { webhookDeliveries(webhookId: $id) { attempt ok statusCode error idempotencyKey changeCount } }`;
const SECRET = 'a-shared-secret-of-the-receiver';

describe('webhooks', () => {
  test('a webhook is the caller\'s own, needs an http(s) URL and never shows its secret', async ({ as }) => {
    const mine = as('CUSTOMS', null, 'customs-sync');
    expect(reasonOf(await mine.gql(CREATE, { input: { url: 'ftp://127.0.0.1/x', secret: SECRET } }))).toBe('INVALID_VALUE');
    expect(reasonOf(await mine.gql(CREATE, { input: { url: 'http://127.0.0.1/x', secret: 'short' } }))).toBe('INVALID_VALUE');
    expect(codeOf(await as('TAX').gql(CREATE, { input: { url: 'http://127.0.0.1/x', secret: SECRET, entities: ['CUSTOMS_DECLARATION'] } }))).toBe('FORBIDDEN');
    const made = await mine.gql(CREATE, { input: { url: 'http://127.0.0.1:9/x', secret: SECRET, entities: ['CUSTOMS_DECLARATION'] } });
    expect(made.errors).toBeUndefined();
    const id = made.data.createWebhook.id;
    expect(JSON.stringify(made.body)).not.toContain(SECRET);
    expect((await mine.gql(LIST)).data.webhooks.map((w: any) => w.id)).toEqual([id]);
    // Another system of the same agency sees none of it and cannot delete it.
    const other = as('CUSTOMS', null, 'customs-other');
    expect((await other.gql(LIST)).data.webhooks).toEqual([]);
    expect(codeOf(await other.gql(DELETE, { id }))).toBe('NOT_FOUND');
    expect(codeOf(await other.gql(DELIVERIES, { id }))).toBe('NOT_FOUND');
    expect((await mine.gql(DELETE, { id })).data.deleteWebhook).toBe(true);
    expect((await mine.gql(LIST)).data.webhooks).toEqual([]);
  });

  test('a receiver gets signed batches of at most 500, the last cursor as Idempotency-Key', async ({ as, db, hub }) => {
    const rx = await receiver();
    try {
      const commerce = as('COMMERCE', null, 'batches');
      const w = (await commerce.gql(CREATE, { input: { url: rx.url, secret: SECRET, entities: ['ANNUAL_PLAN'] } })).data.createWebhook;
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push(await insertPlan(db));
      await hub.app.feed!.tick();
      await until('3 changes', () => rx.ids().length >= 3);
      // 600 changes in one transaction: two or more requests, none over 500.
      await db.execute((await import('drizzle-orm')).sql`insert into annual_plans (year, import_scale_yuan, landing_processing_scale_yuan, source)
        select 20000 + g, 1, 1, 'COMMERCE' from generate_series(1, 600) g`);
      await until('603 changes', () => rx.ids().length >= 603);
      expect(rx.ids().slice(0, 3)).toEqual(ids);
      expect(new Set(rx.ids()).size).toBe(603);
      expect(Math.max(...rx.got.map((g) => g.body.changes.length))).toBeLessThanOrEqual(500);
      for (const g of rx.got) {
        const expected = `sha256=${createHmac('sha256', SECRET).update(g.raw).digest('hex')}`;
        expect(g.headers['x-hub-signature-256']).toBe(expected);
        expect(g.headers['content-type']).toBe('application/json');
        expect(g.headers['idempotency-key']).toBe(g.body.changes.at(-1).cursor);
        expect(g.body.cursor).toBe(g.headers['idempotency-key']);
        // The same change as the GraphQL feed shows it: seq as text, at in Beijing time.
        for (const c of g.body.changes) {
          expect(Object.keys(c).sort()).toEqual(['at', 'cursor', 'entity', 'id', 'op', 'seq']);
          expect(c.seq).toMatch(/^\d+$/);
          expect(c.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/);
        }
      }
      const log = (await commerce.gql(DELIVERIES, { id: w.id })).data.webhookDeliveries;
      expect(log.every((d: any) => d.ok && d.statusCode === 200)).toBe(true);
      expect(log.reduce((s: number, d: any) => s + d.changeCount, 0)).toBe(603);
    } finally {
      await rx.close();
    }
  }, 40_000);

  test('a failing and a silent receiver get retries with backoff until one succeeds, with the same key', async ({ as, db }) => {
    // 1st attempt: no answer in time; 2nd: 500; then 200.
    const rx = await receiver((n) => (n === 0 ? 'hang' : n === 1 ? 500 : 200));
    try {
      const commerce = as('COMMERCE', null, 'retries');
      const w = (await commerce.gql(CREATE, { input: { url: rx.url, secret: SECRET, entities: ['ANNUAL_PLAN'] } })).data.createWebhook;
      const id = await insertPlan(db);
      await until('the first attempt', () => rx.attempts() >= 1);
      const later = await insertPlan(db); // committed while the first batch is failing
      await until('both deliveries', () => rx.ids().includes(later), 30_000);
      const log = (await commerce.gql(DELIVERIES, { id: w.id })).data.webhookDeliveries.reverse();
      expect(log.map((d: any) => [d.attempt, d.ok, d.statusCode, d.changeCount])).toEqual([
        [1, false, null, 1], [2, false, 500, 1], [3, true, 200, 1], [1, true, 200, 1]]);
      expect(log[0].error).toMatch(/no answer/);
      // The retried batch is the same batch (same key), and the later change follows it, once.
      expect(new Set(log.slice(0, 3).map((d: any) => d.idempotencyKey)).size).toBe(1);
      expect(rx.got.map((g) => g.body.changes.map((c: any) => c.id))).toEqual([[id], [later]]);
      expect((await commerce.gql(`{ webhooks { failingSince deliveredCursor } }`)).data.webhooks[0]).toEqual({ failingSince: null, deliveredCursor: log[3].idempotencyKey });
    } finally {
      await rx.close();
    }
  }, 40_000);

  test('deliveries survive a restart: a receiver down while the hub stops gets every change after it comes back', async ({ hub, as, db }) => {
    let up = false;
    const rx = await receiver(() => (up ? 200 : 503));
    try {
      const commerce = as('COMMERCE', null, 'restart');
      const w = (await commerce.gql(CREATE, { input: { url: rx.url, secret: SECRET, entities: ['ANNUAL_PLAN'] } })).data.createWebhook;
      const first = await insertPlan(db);
      await until('a failed attempt', () => rx.attempts() >= 1);
      await hub.app.stop(); // the hub goes away with the delivery backing off
      const second = await insertPlan(db); // written while no worker runs
      up = true;
      const app2 = await createApp({ config: hub.config, database: hub.database });
      try {
        await until('both changes', () => rx.ids().includes(first) && rx.ids().includes(second), 30_000);
        expect(rx.ids().filter((x) => x === first)).toHaveLength(1);
        const keys = rx.got.map((g) => g.headers['idempotency-key']);
        expect(new Set(keys).size).toBe(keys.length);
        const token = await signToken(new TextEncoder().encode(TEST_SECRET), { agency: 'COMMERCE', sub: 'restart' });
        const res = await request(app2.app).post('/graphql').set('authorization', `Bearer ${token}`).send({ query: DELIVERIES, variables: { id: w.id } });
        const log = res.body.data.webhookDeliveries;
        expect(log.some((d: any) => !d.ok && d.statusCode === 503)).toBe(true);
        expect(log[0]).toMatchObject({ ok: true, statusCode: 200 });
      } finally {
        // The fixture stops hub.app again at the end of the file: hand it the running app's stop.
        hub.app.stop = app2.stop;
      }
    } finally {
      await rx.close();
    }
  }, 60_000);
});
