/** SPEC §3: every error message the API returns is bilingual, Chinese first — asserted on the raw answers. */
import request from 'supertest';
import { enterpriseInput } from '../../support/factories';
import { describe, expect, test } from '../../support/fixtures';

const CHINESE_FIRST = /^[\u4e00-\u9fff]/;
const FILE = 'mutation($input: EnterpriseInput!) { fileEnterprise(input: $input) { id } }';

describe('error messages', () => {
  test('start with Chinese for domain, coercion, validation, authorization, guard and authentication errors', async ({ hub }) => {
    const token = (await import('../../../src/authz/tokens')).signToken;
    const secret = new TextEncoder().encode((await import('../../support/hub')).TEST_SECRET);
    const commerce = await token(secret, { agency: 'COMMERCE' });
    const tax = await token(secret, { agency: 'TAX' });
    const post = (t: string | null, body: object) => {
      const r = request(hub.app.app).post('/graphql').set('content-type', 'application/json');
      if (t) r.set('authorization', `Bearer ${t}`);
      return r.send(body);
    };
    const answers = await Promise.all([
      post(commerce, { query: FILE, variables: { input: enterpriseInput({ uscc: 'NOT-A-USCC' }) } }), // domain (INVALID_USCC)
      post(commerce, { query: FILE, variables: { input: { ...enterpriseInput(), capacityTonnesPerYear: 'lots' } } }), // coercion
      post(commerce, { query: '{ enterprises { nope } }' }), // validation
      post(commerce, { query: '{ enterprises(' }), // syntax
      post(tax, { query: FILE, variables: { input: enterpriseInput() } }), // FORBIDDEN
      post(commerce, { query: 'mutation($id: ID!) { approveEnterprise(id: $id) { id } }', variables: { id: '00000000-0000-4000-8000-000000000000' } }), // NOT_FOUND
      post(commerce, { query: FILE, variables: { input: { ...enterpriseInput(), name: 'a\u0000b' } } }), // input guard
      post(null, { query: '{ me { sub } }' }), // 401
      post('forged.token.x', { query: '{ me { sub } }' }), // 401
    ]);
    const messages = answers.map((a) => a.body.errors?.[0]?.message);
    expect(messages.every((m) => typeof m === 'string')).toBe(true);
    for (const m of messages) expect(m).toMatch(CHINESE_FIRST);
    expect(answers[0]!.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_USCC', field: 'uscc' });
  });
});
