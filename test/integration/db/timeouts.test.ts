/**
 * Statement and lock timeouts (issue "Hardening"): a request blocked by a lock fails fast with a
 * coded, retryable error, and requests queued behind one lock do not starve the pool. PostgreSQL
 * only: the embedded database has one connection, so nothing there can wait on another's lock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startHub, type TestHub } from '../../support/hub';

const onPostgres = inject('testDb').kind === 'postgres';
let hub: TestHub;
beforeAll(async () => { hub = await startHub({ lockTimeoutMs: 300 }); });
afterAll(async () => { await hub?.close(); });

describe.runIf(onPostgres)('a lock held elsewhere', () => {
  it('cancels the waiting requests after the lock timeout with reason DATABASE_TIMEOUT; other work goes on; after release all answer', async () => {
    type Reserved = ((s: TemplateStringsArray) => Promise<unknown>) & { release(): void };
    const sql = hub.database.raw as { reserve(): Promise<Reserved> };
    const holder = await sql.reserve();
    await holder`begin`;
    await holder`lock table enterprises in access exclusive mode`;
    try {
      const started = Date.now();
      const waiting = await Promise.all(Array.from({ length: 12 }, () => hub.as('COMMERCE').gql('{ enterprises(first: 1) { totalCount } }')));
      expect(Date.now() - started).toBeLessThan(10_000);
      for (const r of waiting) {
        expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', reason: 'DATABASE_TIMEOUT', retryable: true });
        expect(r.errors?.[0]?.message).toMatch(/^数据库繁忙.*Retry/s);
      }
      // A table nobody locked still answers while the lock is held: the pool was not starved.
      const other = await hub.as('MARKET_REGULATION').gql('{ dishonestList(first: 1) { totalCount } }');
      expect(other.errors).toBeUndefined();
    } finally {
      await holder`rollback`;
      holder.release();
    }
    const after = await hub.as('COMMERCE').gql('{ enterprises(first: 1) { totalCount } }');
    expect(after.errors).toBeUndefined();
  }, 30_000);
});
