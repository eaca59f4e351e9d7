/**
 * SPEC §10 / issue 16: every request to /graphql leaves exactly one access-log row, refused ones
 * included, and one bad row never loses the others flushed with it.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import type { Agency } from '../../../src/authz/agencies';
import { signToken } from '../../../src/authz/tokens';
import { NOT_STORED, verifyAccessLog } from '../../../src/modules/audit';
import { describe, expect, test } from '../../support/fixtures';
import type { TestHub } from '../../support/hub';

const ROWS = `query Rows($after: String) { auditLog(first: 500, after: $after) { edges { node {
  requestId sub agency operationName outcome variables personalRecordIds } } pageInfo { endCursor hasNextPage } } }`;

/** Every row of the log, read as an auditor would (the read flushes the queue first). */
async function logRows(hub: TestHub): Promise<any[]> {
  const out: any[] = [];
  let after: string | null = null;
  for (;;) {
    const r: { data: any } = await hub.as('AUDITOR').gql(ROWS, { after });
    out.push(...r.data.auditLog.edges.map((e: any) => e.node));
    if (!r.data.auditLog.pageInfo.hasNextPage) return out;
    after = r.data.auditLog.pageInfo.endCursor;
  }
}

const byRequest = (rows: any[], id: string) => rows.filter((r) => r.requestId === id);

const post = (hub: TestHub, id: string, token?: string) => {
  const r = request(hub.app.app).post('/graphql').set('x-request-id', id).set('content-type', 'application/json');
  return token ? r.set('authorization', `Bearer ${token}`) : r;
};

describe('requests refused before GraphQL leave one row each', () => {
  test('401 without a token, 401 with a bad token, 400 malformed JSON, 400 batched, 413 too large, 400 from the input guard', async ({ hub }) => {
    const token = await tokenOf(hub, 'CUSTOMS', 'edge-caller');
    const id = () => `edge-${randomUUID().slice(0, 8)}`;
    const cases: { id: string; status: number; send: (id: string) => Promise<request.Response> }[] = [
      { id: id(), status: 401, send: (i) => post(hub, i).send({ query: 'query NoToken { me { agency } }' }) },
      { id: id(), status: 401, send: (i) => post(hub, i, 'not-a-jwt').send({ query: 'query BadToken { me { agency } }', variables: { id: '652702199001010011' } }) },
      { id: id(), status: 400, send: (i) => post(hub, i, token).send('{"query": "{ me { agency } }", ') },
      { id: id(), status: 400, send: (i) => post(hub, i, token).send([{ query: '{ me { agency } }' }, { query: '{ me { sub } }' }]) },
      { id: id(), status: 413, send: (i) => post(hub, i, token).send({ query: '{ me { agency } }', variables: { big: 'x'.repeat(5_300_000) } }) },
      { id: id(), status: 400, send: (i) => post(hub, i, token).send({ query: 'query Guarded { me { agency } }', variables: { note: 'a\u0000b' } }) },
    ];
    for (const c of cases) expect((await c.send(c.id)).status, c.id).toBe(c.status);
    const rows = await logRows(hub);
    const [noToken, badToken, malformed, batched, tooLarge, guarded] = cases.map((c) => byRequest(rows, c.id));
    for (const [i, r] of [noToken, badToken, malformed, batched, tooLarge, guarded].entries()) expect(r, `case ${i}`).toHaveLength(1);
    expect(noToken![0]).toMatchObject({ sub: null, agency: null, operationName: 'NoToken', outcome: 'HTTP_401,UNAUTHENTICATED' });
    expect(badToken![0]).toMatchObject({ sub: null, agency: null, operationName: 'BadToken', outcome: 'HTTP_401,UNAUTHENTICATED' });
    expect(JSON.parse(badToken![0].variables)).toEqual({ id: '[REDACTED]' });
    expect(malformed![0].outcome).toMatch(/^HTTP_400/);
    expect(batched![0]).toMatchObject({ sub: 'edge-caller', agency: 'CUSTOMS' });
    expect(batched![0].outcome).toMatch(/^HTTP_400/);
    expect(tooLarge![0].outcome).toBe('HTTP_413,BAD_USER_INPUT');
    expect(guarded![0]).toMatchObject({ sub: 'edge-caller', agency: 'CUSTOMS', operationName: 'Guarded', outcome: 'HTTP_400,BAD_USER_INPUT' });
    expect(JSON.parse(guarded![0].variables)).toEqual({ note: 'a\uFFFDb' });
  });

  test('a request GraphQL answers still has exactly one row', async ({ hub }) => {
    const i = `one-${randomUUID().slice(0, 8)}`;
    const r = await post(hub, i, await tokenOf(hub, 'TAX', 'one-row')).send({ query: 'query Once { me { agency } }' });
    expect(r.status).toBe(200);
    const rows = byRequest(await logRows(hub), i);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ sub: 'one-row', agency: 'TAX', operationName: 'Once', outcome: 'OK' });
  });
});

describe('one poisoned request among six sent together: six rows (issue 16)', () => {
  // Each poisons an undeclared variable of a request that reads a resident's name and ID number.
  const poisons: [string, string][] = [
    ['a NUL character', '"a\\u0000b"'],
    ['a lone surrogate', '"a\\ud800b"'],
    ['an array nested 20,000 levels', `${'['.repeat(20_000)}${']'.repeat(20_000)}`],
  ];
  test.for(poisons)('%s', async ([, poison], { hub, seed }) => {
    const c = await seed.cooperative({ members: 1 });
    const resident = c.memberIds[0]!;
    const token = await tokenOf(hub, 'CUSTOMS', `six-${randomUUID().slice(0, 6)}`);
    const query = 'query Read($id: String!) { resident(idNumber: $id) { name idNumber } }';
    const ids = Array.from({ length: 6 }, (_, i) => `six-${i}-${randomUUID().slice(0, 8)}`);
    const bodies = ids.map((_, i) => (i === 2
      ? `{"query":${JSON.stringify(query)},"variables":{"id":"${resident}","extra":${poison}}}`
      : JSON.stringify({ query, variables: { id: resident } })));
    const answers = await Promise.all(ids.map((i, n) => post(hub, i, token).send(bodies[n]!)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 400, 200, 200, 200]);
    const rows = await logRows(hub);
    expect(ids.map((i) => byRequest(rows, i).length)).toEqual([1, 1, 1, 1, 1, 1]);
    const bad = byRequest(rows, ids[2]!)[0];
    expect(bad.outcome).toBe('HTTP_400,BAD_USER_INPUT');
    const vars = JSON.parse(bad.variables);
    expect(vars.id).toBe('[REDACTED]');
    expect(vars.extra).not.toBeUndefined();
    expect(JSON.stringify(vars)).not.toContain(resident);
    await hub.app.accessLog.flush();
    expect((await verifyAccessLog(hub.db)).breaks).toEqual([]);
  });
});

describe('a row the database refuses does not take the batch with it', () => {
  test('the batch insert fails: rows are stored one by one, the refused one with its variables replaced', async ({ hub }) => {
    // Stands for any value the database refuses: a trigger that rejects rows whose variables name "poison".
    await hub.db.execute(sql.raw(`create function refuse_poison() returns trigger language plpgsql as $$
      begin if new.variables ? 'poison' then raise exception 'refused'; end if; return new; end $$`));
    await hub.db.execute(sql.raw('create trigger refuse_poison before insert on access_log for each row execute function refuse_poison()'));
    try {
      const token = await tokenOf(hub, 'OPERATOR', 'fallback');
      const ids = Array.from({ length: 6 }, (_, i) => `fb-${i}-${randomUUID().slice(0, 8)}`);
      await Promise.all(ids.map((i, n) => post(hub, i, token).send({ query: 'query Me { me { agency } }', variables: n === 3 ? { poison: 1 } : { fine: n } })));
      const rows = await logRows(hub);
      expect(ids.map((i) => byRequest(rows, i).length)).toEqual([1, 1, 1, 1, 1, 1]);
      expect(JSON.parse(byRequest(rows, ids[3]!)[0].variables)).toEqual(NOT_STORED);
      expect(JSON.parse(byRequest(rows, ids[4]!)[0].variables)).toEqual({ fine: 4 });
      expect((await verifyAccessLog(hub.db)).breaks).toEqual([]);
    } finally {
      await hub.db.execute(sql.raw('drop trigger refuse_poison on access_log'));
      await hub.db.execute(sql.raw('drop function refuse_poison()'));
    }
  });
});

const tokenOf = (hub: TestHub, agency: Agency, sub: string) => signToken(hub.config.jwt.secret!, { agency, org: null, sub });
