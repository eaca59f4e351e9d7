import { codeOf, describe, expect, it } from '../../support/fixtures';

describe('authentication (SPEC §9)', () => {
  it('answers me with the token\'s agency', async ({ as }) => {
    const r = await as('CUSTOMS').gql('{ me { agency sub org } }');
    expect(r.data.me).toEqual({ agency: 'CUSTOMS', sub: 'test-customs', org: null });
  });

  it('refuses a request without a token with HTTP 401 and no data', async ({ hub }) => {
    const { default: request } = await import('supertest');
    const res = await request(hub.app.app).post('/graphql').send({ query: '{ me { agency } }' });
    expect(res.status).toBe(401);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('field-level authorization', () => {
  it('customs sees the legal representative name but not the phone', async ({ as, seed }) => {
    const e = await seed.enterprise();
    const r = await as('CUSTOMS').gql('query($id: ID) { enterprise(id: $id) { name legalRepresentative { name phone } } }', { id: e.id });
    expect(r.data.enterprise.legalRepresentative).toEqual({ name: '王建国', phone: null });
    expect(codeOf(r)).toBe('FORBIDDEN');
    expect(r.errors![0]!.path).toEqual(['enterprise', 'legalRepresentative', 'phone']);
  });
});
