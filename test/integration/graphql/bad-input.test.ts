/**
 * Bad input is BAD_USER_INPUT with a reason and a field, never INTERNAL_SERVER_ERROR, and changes
 * nothing (issue "Hardening": fuzzing in production mode).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { signToken } from '../../../src/authz/tokens';
import { startHub, TEST_SECRET, type TestHub } from '../../support/hub';

let hub: TestHub;
beforeAll(async () => { hub = await startHub({ nodeEnv: 'production' }); });
afterAll(async () => { await hub?.close(); });

const SUBMIT = 'mutation($input: [DeclarationInput!]!) { submitDeclarations(input: $input) { accepted rejected } }';
const row = (i: number, over: Record<string, unknown> = {}) => ({
  declarationNo: `FUZZ-${i}`, declaredAt: '2025-03-01T09:30:00+08:00', declarantIdNumber: '652702199001011234', purpose: 'MARKET_SALE',
  lines: [{ hsCode: '08062000', commodityName: '葡萄干', quantityKg: 10, valueYuan: '100.00' }], ...over,
});

describe('refused at the edge', () => {
  it.each([
    ['a NUL character', { declarantName: 'a\u0000b' }, /NUL/],
    ['a lone surrogate', { declarantName: 'x\uD800y' }, /surrogate/],
    ['a 1 MB value', { declarantName: 'x'.repeat(1_000_000) }, /longer than 2000/],
  ])('%s in a text field', async (_what, over, message) => {
    const r = await hub.as('CUSTOMS').gql(SUBMIT, { input: [row(1, over)] });
    expect(r.status).toBe(400);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_VALUE', field: 'variables.input[0].declarantName' });
    expect(r.errors?.[0]?.message).toMatch(message);
  });

  it('an array nested 20,000 levels deep in an undeclared variable', async () => {
    const body = `{"query":"{ me { agency } }","variables":{"junk":${'['.repeat(20_000)}1${']'.repeat(20_000)}}}`;
    const res = await request(hub.app.app).post('/graphql').set('authorization', `Bearer ${await signToken(new TextEncoder().encode(TEST_SECRET), { agency: 'CUSTOMS', org: null, sub: 'fuzz' })}`)
      .set('content-type', 'application/json').send(body);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_VALUE' });
  });

  it('a NUL in the document itself', async () => {
    const r = await hub.as('CUSTOMS').gql('{ me { agency } }\u0000');
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('refused by the scalars and resolvers', () => {
  it('more than 50 badly typed rows', async () => {
    const input = Array.from({ length: 60 }, (_, i) => row(i, { lines: [{ hsCode: '08062000', commodityName: 'x', quantityKg: 'lots', valueYuan: '1.00' }] }));
    const r = await hub.as('CUSTOMS').gql(SUBMIT, { input });
    expect(r.errors?.length).toBeGreaterThan(0);
    for (const e of r.errors ?? []) expect(e.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.extensions).toMatchObject({ reason: 'INVALID_VALUE', field: expect.stringMatching(/^input\[0\]\.lines\[0\]\.quantityKg$/) });
  });

  it('a year 0000 date', async () => {
    const r = await hub.as('CUSTOMS').gql(SUBMIT, { input: [row(2, { declaredAt: '0000-03-01T09:30:00+08:00' })] });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_VALUE', field: 'input[0].declaredAt' });
  });

  it('a huge cursor', async () => {
    const after = 'A'.repeat(1_900);
    const r = await hub.as('COMMERCE').gql('query($after: String) { enterprises(first: 1, after: $after) { totalCount } }', { after });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
  });
});
