/**
 * The cost limit prices unpaged lists by what the data can return (issue "Hardening": nested rosters
 * returned 520,410 objects against an estimate of ~32). Bounds are read from the registry at most
 * once a minute, so each test file starts a fresh hub after its data is in place.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkRegistry } from '../../support/factories';
import { startHub, type TestHub } from '../../support/hub';

let hub: TestHub;
beforeAll(async () => {
  hub = await startHub();
  // 4 enterprises × 3 contracts, each cooperative with 80 members.
  await bulkRegistry(hub.db, { enterprises: 4, contractsPer: 3, membersPer: 80 });
});
afterAll(async () => { await hub?.close(); });

const NESTED = `{ cooperatives(first: 4) { edges { node { members { cooperative { members { cooperative { members { name } } } } } } } } }`;

describe('unpaged lists priced by their real bound', () => {
  it('refuses rosters nested in rosters before running them', async () => {
    const r = await hub.as('COMMERCE').gql(NESTED);
    expect(r.data).toBeUndefined();
    expect(r.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    // 4 × 80 × 80 × 80 members ≈ 2 million objects
    expect(r.errors?.[0]?.message).toMatch(/about \d{7,} objects/);
  });

  it('still answers the registry nesting an agency really asks (enterprises → contracts → cooperative → members)', async () => {
    const r = await hub.as('CUSTOMS').gql('{ enterprises(first: 50) { edges { node { name contracts { cooperative { name members { name } } } } } } }');
    expect(r.errors).toBeUndefined();
    expect(r.data.enterprises.edges.length).toBeGreaterThanOrEqual(4);
  });
});
