/** Documents that would cost the hub before any limit applies (issue "Hardening"): token cap and fragment fan-out. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TOKENS } from '../../../src/app';
import { startHub, type TestHub } from '../../support/hub';

let hub: TestHub;
beforeAll(async () => { hub = await startHub(); });
afterAll(async () => { await hub?.close(); });

describe('document limits', () => {
  it('refuses a document over the token cap before parsing it whole', async () => {
    const query = `{ ${Array.from({ length: MAX_TOKENS }, (_, i) => `a${i}: me { agency }`).join(' ')} }`;
    const r = await hub.as('CUSTOMS').gql(query);
    expect(r.data).toBeUndefined();
    expect(r.errors?.[0]?.message).toMatch(/10000 tokens/);
  });

  it('refuses 30 levels of doubling fragment spreads at once, and the next request is answered', async () => {
    let query = 'query Q { ...F0 }\n';
    for (let i = 0; i < 30; i++) query += `fragment F${i} on Query { ${i < 29 ? `me { agency } ...F${i + 1} ...F${i + 1}` : 'me { agency }'} }\n`;
    const started = Date.now();
    const r = await hub.as('CUSTOMS').gql(query);
    expect(r.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await hub.as('CUSTOMS').gql('{ me { agency } }')).data).toEqual({ me: { agency: 'CUSTOMS' } });
  });
});
