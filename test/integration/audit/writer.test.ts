/**
 * The access log's writer (issue 15 item 3 and 5): one writer per process extends the chain in
 * batches under one lock per flush; several writers (processes) on one database keep one chain;
 * nothing queued is lost on a clean shutdown; personal-record ids are kept once per list.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { rows as rowsOf } from '../../../src/db/client';
import { AccessLogWriter, verifyAccessLog, type AccessEvent } from '../../../src/modules/audit';
import { describe, expect, test } from '../../support/fixtures';
import { startHub } from '../../support/hub';

const quiet = { error: () => {}, warn: () => {} };
const event = (requestId: string, n = 0): AccessEvent => ({
  at: new Date(), requestId, viewer: { sub: 'writer-test', agency: 'OPERATOR', org: null } as AccessEvent['viewer'], operationName: 'W',
  document: '{ me { agency } }', variables: { n }, outcome: 'OK', durationMs: 1, personalRecordIds: [],
});

describe('batched writer', () => {
  test('after its first flush a writer moves its own head in one statement, without the lock', async ({ hub, as }) => {
    await as('OPERATOR').gql('{ me { agency } }');
    await hub.app.accessLog.flush();
    const before = { ...hub.app.accessLog.stats };
    for (let i = 0; i < 5; i++) {
      await as('OPERATOR').gql('{ me { agency } }');
      await hub.app.accessLog.flush();
    }
    expect(hub.app.accessLog.stats.flushes - before.flushes).toBeGreaterThanOrEqual(5);
    expect(hub.app.accessLog.stats.locked - before.locked).toBe(0);
    expect((await verifyAccessLog(hub.db)).breaks).toEqual([]);
  });

  test('a burst of requests is written in a few flushes, each extending one intact chain', async ({ hub, as }) => {
    await hub.app.accessLog.flush();
    const before = { ...hub.app.accessLog.stats };
    const sub = `burst-${randomUUID().slice(0, 8)}`;
    await Promise.all(Array.from({ length: 40 }, () => as('OPERATOR', null, sub).gql('{ me { agency } }')));
    await hub.app.accessLog.flush();
    expect(hub.app.accessLog.stats.rows - before.rows).toBe(40);
    expect(hub.app.accessLog.stats.flushes - before.flushes).toBeLessThan(40);
    expect((await verifyAccessLog(hub.db)).breaks).toEqual([]);
  });

  test('two writers (two hub processes) on one database keep one chain: their flushes take turns', async ({ hub }) => {
    const a = new AccessLogWriter(hub.db, quiet, { batchDelayMs: 0 });
    const b = new AccessLogWriter(hub.db, quiet, { batchDelayMs: 0 });
    const tag = randomUUID().slice(0, 8);
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 5; i++) {
        a.enqueue(event(`${tag}-a-${round}-${i}`, i));
        b.enqueue(event(`${tag}-b-${round}-${i}`, i));
      }
      await Promise.all([a.flush(), b.flush()]);
    }
    expect(a.stats.rows + b.stats.rows).toBe(100);
    const [{ n }] = await rowsOf<{ n: string }>(hub.db, sql`select count(*) as n from access_log where request_id like ${`${tag}-%`}`);
    expect(Number(n)).toBe(100);
    expect((await verifyAccessLog(hub.db)).breaks).toEqual([]);
  });

  test('close() stores everything queued, however long the writer meant to wait, and signs a checkpoint', async ({ hub }) => {
    const key = new TextEncoder().encode('a-key-of-at-least-32-characters-for-hmac');
    const w = new AccessLogWriter(hub.db, quiet, { batchDelayMs: 60_000, anchorKey: key });
    const tag = randomUUID().slice(0, 8);
    for (let i = 0; i < 7; i++) w.enqueue(event(`${tag}-${i}`, i));
    await w.close();
    const [{ n }] = await rowsOf<{ n: string }>(hub.db, sql`select count(*) as n from access_log where request_id like ${`${tag}-%`}`);
    expect(Number(n)).toBe(7);
    const [head] = await rowsOf<{ seq: string; hash: string }>(hub.db, sql`select seq, hash from access_log_head`);
    const [anchor] = await rowsOf<{ head_seq: string; head_hash: string }>(hub.db, sql`select head_seq, head_hash from access_log_anchor order by n desc limit 1`);
    expect(anchor).toEqual({ head_seq: head!.seq, head_hash: head!.hash });
    expect((await verifyAccessLog(hub.db, { anchorKey: key })).breaks).toEqual([]);
  });
});

describe('shutdown', () => {
  test('the app stops with every request logged and the head checkpointed', async () => {
    const hub = await startHub();
    try {
      const ids = Array.from({ length: 5 }, (_, i) => `stop-${i}-${randomUUID().slice(0, 8)}`);
      const token = await import('../../../src/authz/tokens').then((t) => t.signToken(hub.config.jwt.secret!, { agency: 'TAX', sub: 'stopper' }));
      await Promise.all(ids.map((i) => request(hub.app.app).post('/graphql').set('x-request-id', i).set('authorization', `Bearer ${token}`).send({ query: '{ me { agency } }' })));
      await hub.app.stop();
      const [{ n }] = await rowsOf<{ n: string }>(hub.db, sql`select count(*) as n from access_log where sub = 'stopper'`);
      expect(Number(n)).toBe(5);
      const [head] = await rowsOf<{ seq: string }>(hub.db, sql`select seq from access_log_head`);
      const [anchor] = await rowsOf<{ head_seq: string }>(hub.db, sql`select head_seq from access_log_anchor order by n desc limit 1`);
      expect(anchor?.head_seq).toBe(head!.seq);
      expect((await verifyAccessLog(hub.db, { anchorKey: hub.config.audit.anchorKey })).breaks).toEqual([]);
    } finally {
      await hub.database.close();
    }
  });
});

describe('compact personal-record ids (issue 15 item 5)', () => {
  test('the row keeps the hash of the id list, the list is kept once, auditLog still shows the ids', async ({ hub, as, seed }) => {
    const c = await seed.cooperative({ members: 5 });
    const sub = `pii-${randomUUID().slice(0, 8)}`;
    const q = 'query($c: ID) { cooperative(id: $c) { members { idNumber } } }';
    await as('CUSTOMS', null, sub).gql(q, { c: c.id });
    await as('CUSTOMS', null, sub).gql(q, { c: c.id });
    const log = await as('AUDITOR').gql('query($sub: String) { auditLog(filter: { sub: $sub }) { edges { node { personalRecordIds personalRecordSet } } } }', { sub });
    const nodes = log.data.auditLog.edges.map((e: any) => e.node);
    const residents = await rowsOf<{ id: string }>(hub.db, sql`select resident_id as id from cooperative_memberships where cooperative_id = ${c.id} order by resident_id`);
    expect(nodes).toHaveLength(2);
    for (const node of nodes) expect(node.personalRecordIds).toEqual(residents.map((r) => r.id).sort());
    expect(nodes[0].personalRecordSet).toMatch(/^[0-9a-f]{64}$/);
    expect(nodes[1].personalRecordSet).toBe(nodes[0].personalRecordSet);
    const stored = await rowsOf<{ ids: string[]; set: string }>(hub.db, sql`select personal_record_ids as ids, personal_record_set as set from access_log where sub = ${sub}`);
    expect(stored.map((r) => r.ids)).toEqual([[], []]);
    const [{ n }] = await rowsOf<{ n: string }>(hub.db, sql`select count(*) as n from access_log_record_set where hash = ${nodes[0].personalRecordSet}`);
    expect(Number(n)).toBe(1);
  });

  test('an edited id list is found by verification', async ({ hub, as, seed }) => {
    const c = await seed.cooperative({ members: 2 });
    await as('CUSTOMS').gql('query($c: ID) { cooperative(id: $c) { members { idNumber } } }', { c: c.id });
    await hub.app.accessLog.flush();
    expect((await verifyAccessLog(hub.db)).breaks).toEqual([]);
    const [resident] = await rowsOf<{ id: string }>(hub.db, sql`select resident_id as id from cooperative_memberships where cooperative_id = ${c.id} limit 1`);
    // Someone removes a resident from the list of records a request returned.
    await hub.db.execute(sql`update access_log_record_set set ids = array_remove(ids, ${resident!.id}::text) where ids @> array[${resident!.id}::text]`);
    expect((await verifyAccessLog(hub.db)).breaks.map((b) => b.problem)).toContain('RECORDS_EDITED');
    // Put it back: the file's later tests verify the whole log.
    await hub.db.execute(sql`update access_log_record_set set ids = (select array_agg(resident_id::text order by resident_id::text) from cooperative_memberships where cooperative_id = ${c.id}) where cardinality(ids) = 1 and not (ids @> array[${resident!.id}::text])`);
    expect((await verifyAccessLog(hub.db)).breaks).toEqual([]);
  });
});

describe('the database refusing whole flushes', () => {
  test('rows stay queued and are written once the database takes them again', async ({ hub }) => {
    // Stands for the database being away: every flush fails when it moves the head.
    await hub.db.execute(sql.raw(`create function refuse_head() returns trigger language plpgsql as $$
      begin raise exception 'away'; end $$`));
    await hub.db.execute(sql.raw('create trigger refuse_head before update on access_log_head for each row execute function refuse_head()'));
    const w = new AccessLogWriter(hub.db, quiet, { batchDelayMs: 0 });
    const tag = randomUUID().slice(0, 8);
    const count = async () => Number((await rowsOf<{ n: string }>(hub.db, sql`select count(*) as n from access_log where request_id like ${`${tag}-%`}`))[0]!.n);
    try {
      for (let i = 0; i < 3; i++) w.enqueue(event(`${tag}-${i}`, i));
      await w.flush();
      expect(await count()).toBe(0);
    } finally {
      await hub.db.execute(sql.raw('drop trigger refuse_head on access_log_head'));
      await hub.db.execute(sql.raw('drop function refuse_head()'));
    }
    w.enqueue(event(`${tag}-3`, 3));
    await w.flush();
    expect(await count()).toBe(4);
    expect((await verifyAccessLog(hub.db)).breaks).toEqual([]);
    await w.close();
  });

  test('a personal-record id list of a refused flush is stored by the flush that succeeds (the writer remembers only committed lists)', async ({ hub }) => {
    await hub.db.execute(sql.raw(`create function refuse_head2() returns trigger language plpgsql as $$
      begin raise exception 'away'; end $$`));
    await hub.db.execute(sql.raw('create trigger refuse_head2 before update on access_log_head for each row execute function refuse_head2()'));
    const w = new AccessLogWriter(hub.db, quiet, { batchDelayMs: 0 });
    const ids = [randomUUID(), randomUUID()];
    const withIds = (requestId: string): AccessEvent => ({ ...event(requestId), personalRecordIds: ids });
    const tag = randomUUID().slice(0, 8);
    try {
      w.enqueue(withIds(`${tag}-0`));
      await w.flush();
    } finally {
      await hub.db.execute(sql.raw('drop trigger refuse_head2 on access_log_head'));
      await hub.db.execute(sql.raw('drop function refuse_head2()'));
    }
    w.enqueue(withIds(`${tag}-1`));
    await w.flush();
    w.enqueue(withIds(`${tag}-2`));
    await w.flush();
    const stored = await rowsOf<{ set: string }>(hub.db, sql`select personal_record_set as set from access_log where request_id like ${`${tag}-%`}`);
    expect(stored).toHaveLength(3);
    const [{ n }] = await rowsOf<{ n: string }>(hub.db, sql`select count(*) as n from access_log_record_set where hash = ${stored[0]!.set}`);
    expect(Number(n)).toBe(1);
    expect((await verifyAccessLog(hub.db)).breaks).toEqual([]);
    await w.close();
  });
});
