/**
 * Two hub instances started at once on one database (a rolling deploy, two replicas): both webhook
 * workers must start. pg-boss's createQueue, run by both at the same moment on a database that has
 * no queue yet, deadlocked in PostgreSQL and one instance failed to start.
 */
import { inject } from 'vitest';
import { startFeedWorker } from '../../../src/modules/feed';
import { describe, expect, test } from '../../support/fixtures';

const onPostgres = inject('testDb').kind === 'postgres';
const quiet = { warn: () => {}, error: () => {}, info: () => {}, debug: () => {} } as never;

describe('webhook workers', () => {
  // PGlite has one connection: two workers there cannot race.
  test.runIf(onPostgres)('two started at once on a database without the queue both start', async ({ hub }) => {
    const opts = { database: hub.database, logger: quiet, retryDelaySeconds: 1, pollMs: 60_000, requestTimeoutMs: 1000 };
    for (let round = 0; round < 3; round++) {
      // As on a fresh database: no queue schema yet.
      await hub.database.db.execute((await import('drizzle-orm')).sql`drop schema if exists pgboss cascade`);
      const started = await Promise.allSettled([startFeedWorker(opts), startFeedWorker(opts), startFeedWorker(opts)]);
      const failed = started.filter((s) => s.status === 'rejected').map((s) => String((s as PromiseRejectedResult).reason));
      await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
      expect(failed, `round ${round}`).toEqual([]);
    }
  }, 60_000);
});
