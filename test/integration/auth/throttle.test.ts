/**
 * Throttling of failed authentication (issue 16): per client address and per token, 10 failures
 * a minute, then 429 with Retry-After; a valid token is always served.
 */
import request from 'supertest';
import { describe, expect, test } from '../../support/fixtures';

test.override('hubConfig', { authFailureLimit: 10 });

const ME = '{ me { agency } }';

describe('failed authentication', () => {
  test('answers 429 with Retry-After after 10 failures from one address in a minute; valid tokens keep working', async ({ hub }) => {
    const app = hub.app.app;
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await request(app).post('/graphql').set('authorization', `Bearer guess.${i}.x`).send({ query: ME });
      statuses.push(res.status);
      if (res.status === 429) {
        const wait = Number(res.headers['retry-after']);
        expect(wait).toBeGreaterThanOrEqual(1);
        expect(wait).toBeLessThanOrEqual(60);
        expect(res.body.errors[0].message).toMatch(/^[\u4e00-\u9fff]/);
        expect(res.body.data).toBeUndefined();
      }
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429, 429]);
    // no header at all counts for the same address
    expect((await request(app).post('/graphql').send({ query: ME })).status).toBe(429);
    // a caller with a valid token from the same address is served
    const ok = await hub.as('CUSTOMS').gql(ME);
    expect(ok.status).toBe(200);
    expect(ok.data.me.agency).toBe('CUSTOMS');
  });
});
