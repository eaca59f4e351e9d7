/**
 * How /graphql writes its answers (src/http/apollo-express.ts): a POST's answer is written as is,
 * with its length and without the ETag express would compute by hashing every answer (issue 15: no
 * client revalidates a POST); a GET keeps express's ETag and answers 304 to a matching
 * If-None-Match. Headers and bodies otherwise as Apollo gives them.
 */
import request from 'supertest';
import { signToken } from '../../../src/authz/tokens';
import { describe, expect, test } from '../../support/fixtures';
import { TEST_SECRET } from '../../support/hub';

const bearer = async (agency: string) => `Bearer ${await signToken(new TextEncoder().encode(TEST_SECRET), { agency })}`;

describe('/graphql answers', () => {
  test('a POST: Apollo\'s status, content type and body, its length, no ETag', async ({ hub }) => {
    const auth = await bearer('TAX');
    const ok = await request(hub.app.app).post('/graphql').set('authorization', auth).send({ query: '{ me { agency } }' });
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(ok.text).toBe('{"data":{"me":{"agency":"TAX"}}}');
    expect(ok.headers['content-length']).toBe(String(Buffer.byteLength(ok.text)));
    expect(ok.headers.etag).toBeUndefined();
    // An answer with Chinese text: the length is in bytes, not characters.
    const bad = await request(hub.app.app).post('/graphql').set('authorization', auth).send({ query: '{ me { agenc } }' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].message).toMatch(/^查询不符合接口定义/);
    expect(bad.headers['content-length']).toBe(String(Buffer.byteLength(bad.text)));
    expect(bad.headers.etag).toBeUndefined();
  });

  test('a GET: express\'s ETag, and 304 when the client has that answer', async ({ hub }) => {
    const get = () => request(hub.app.app).get('/graphql').query({ query: '{ me { agency } }' })
      .set('accept', 'application/json').set('apollo-require-preflight', 'true');
    const auth = await bearer('CUSTOMS');
    const first = await get().set('authorization', auth);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ data: { me: { agency: 'CUSTOMS' } } });
    expect(first.headers.etag).toMatch(/^W\/"/);
    const again = await get().set('authorization', auth).set('if-none-match', first.headers.etag!);
    expect(again.status).toBe(304);
  });

  test('a query string on a POST reaches Apollo as its search (a GET-only parameter is ignored)', async ({ hub }) => {
    const res = await request(hub.app.app).post('/graphql?query=%7B__typename%7D').set('authorization', await bearer('TAX'))
      .send({ query: '{ me { agency } }' });
    expect(res.body).toEqual({ data: { me: { agency: 'TAX' } } });
  });
});
