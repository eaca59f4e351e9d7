/**
 * One structured line per request, and never personal data in it (SPEC §9): the requests below
 * return ID numbers, phones and names, send them as variables and in a GET query string; the
 * captured log stream must contain none of them.
 */
import { Writable } from 'node:stream';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../../src/authz/tokens';
import { createApp, type App } from '../../../src/app';
import type { Database } from '../../../src/db/client';
import { createLogger } from '../../../src/observability/logger';
import * as f from '../../support/factories';
import { openTestDatabase, testConfig, TEST_SECRET } from '../../support/hub';

const secret = new TextEncoder().encode(TEST_SECRET);
let database: Database;
let hub: App;
let captured = '';
const lines = () => captured.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>);
const lineOf = (reqId: string) => lines().find((l) => l.reqId === reqId && l.msg === 'request');

beforeAll(async () => {
  database = await openTestDatabase();
  const sink = new Writable({ write(chunk, _enc, done) { captured += chunk.toString(); done(); } });
  hub = await createApp({ config: testConfig(), database, logger: createLogger('info', sink) });
});
afterAll(async () => {
  await hub?.stop();
  await database?.close();
});

const bearer = async (agency: 'COMMERCE' | 'CUSTOMS', sub: string) => `Bearer ${await signToken(secret, { agency, sub })}`;

describe('request log', () => {
  it('writes one line per GraphQL request with request id, agency, sub, operation, duration and outcome', async () => {
    const res = await request(hub.app).post('/graphql').set('authorization', await bearer('CUSTOMS', 'customs-h2018'))
      .send({ query: 'query LogMe { me { agency } }' });
    expect(res.status).toBe(200);
    const reqId = res.headers['x-request-id']!;
    const mine = lines().filter((l) => l.reqId === reqId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      msg: 'request', level: 30, method: 'POST', path: '/graphql', status: 200,
      agency: 'CUSTOMS', sub: 'customs-h2018', operation: 'LogMe', outcome: 'ok',
    });
    expect(typeof mine[0]!.durationMs).toBe('number');
  });

  it('records the error codes as the outcome: FORBIDDEN for a denied field, UNAUTHENTICATED without a token', async () => {
    const e = await f.enterprise(database.db);
    const denied = await request(hub.app).post('/graphql').set('authorization', await bearer('CUSTOMS', 'customs-h2018'))
      .send({ query: 'query LogPhone($id: ID) { enterprise(id: $id) { legalRepresentative { phone } } }', variables: { id: e.id } });
    expect(lineOf(denied.headers['x-request-id']!)).toMatchObject({ operation: 'LogPhone', outcome: 'FORBIDDEN', status: 200 });
    const anon = await request(hub.app).post('/graphql').send({ query: 'query LogAnon { me { agency } }' });
    expect(lineOf(anon.headers['x-request-id']!)).toMatchObject({ operation: 'LogAnon', outcome: 'UNAUTHENTICATED', status: 401 });
    expect(lineOf(anon.headers['x-request-id']!)!.agency).toBeUndefined();
  });

  it('never logs an ID number, phone or name, though the responses, variables and query string carry them', async () => {
    const e = await f.enterprise(database.db);
    const c = await f.cooperative(database.db, { members: 2 });
    const idNumber = c.memberIds[0]!;
    const before = captured.length;

    const contact = await request(hub.app).post('/graphql').set('authorization', await bearer('COMMERCE', 'commerce-bureau'))
      .send({ query: 'query Contact($uscc: String) { enterprise(uscc: $uscc) { name uscc legalRepresentative { name phone address } } }', variables: { uscc: e.uscc } });
    expect(contact.body.data.enterprise.legalRepresentative).toMatchObject({ name: '王建国', phone: '13912345678' });

    const resident = await request(hub.app).post('/graphql').set('authorization', await bearer('CUSTOMS', 'customs-h2018'))
      .send({ query: 'query Resident($idNumber: String!) { resident(idNumber: $idNumber) { name idNumber } }', variables: { idNumber } });
    expect(resident.body.data.resident).toEqual({ name: '边民0', idNumber });

    const viaGet = await request(hub.app).get('/graphql').set('authorization', await bearer('CUSTOMS', 'customs-h2018'))
      .set('accept', 'application/json').set('apollo-require-preflight', 'true')
      .query({ query: 'query ResidentGet($idNumber: String!) { resident(idNumber: $idNumber) { name idNumber } }', variables: JSON.stringify({ idNumber }) });
    expect(viaGet.body.data.resident.idNumber).toBe(idNumber);

    const bad = await request(hub.app).post('/graphql').set('authorization', await bearer('CUSTOMS', 'customs-h2018'))
      .send({ query: `{ resident(idNumber: "${c.memberIds[1]}") { name } }` });
    expect(bad.status).toBe(200);

    const written = captured.slice(before);
    expect(lines().filter((l) => [contact, resident, viaGet, bad].some((r) => r.headers['x-request-id'] === l.reqId))).toHaveLength(4);
    for (const secretValue of [idNumber, c.memberIds[1]!, '13912345678', '王建国', '阿拉山口市友谊路1号', '边民0', '边民1', '阿依古丽', '13812345678', e.name, e.uscc]) {
      expect(written, `log contains ${secretValue}`).not.toContain(secretValue);
    }
    expect(written).not.toContain('idNumber');
    expect(lineOf(viaGet.headers['x-request-id']!)).toMatchObject({ path: '/graphql', operation: 'ResidentGet', outcome: 'ok' });
  });

  it('is silent at the configured level silent (the default in tests)', async () => {
    let written = '';
    const sink = new Writable({ write(chunk, _enc, done) { written += chunk.toString(); done(); } });
    const quiet = await createApp({ config: testConfig(), database, logger: createLogger(testConfig().logLevel, sink) });
    await request(quiet.app).get('/healthz');
    await request(quiet.app).post('/graphql').send({ query: '{ me { agency } }' });
    await quiet.stop();
    expect(written).toBe('');
  });
});
