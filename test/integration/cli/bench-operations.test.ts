/**
 * `npm run bench` (SPEC §11) is a command users run: each of its operations must still be a valid
 * question to the hub and to PostgreSQL. The 1,000-row declaration batch once failed for a release
 * (its declarants' ID numbers stopped being eligible when residence began to decide, SPEC §14)
 * without any test noticing. Here every operation runs once, hub and floor, on the demo seed at
 * scale 1 over real HTTP; an answer with errors or refused rows makes the operation throw.
 */
import type { AddressInfo } from 'node:net';
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signToken } from '../../../src/authz/tokens';
import { BENCH_OPERATIONS, type BenchContext } from '../../../src/cli/bench-operations';
import { seedDemo } from '../../../seeds/seed';
import { startHub, TEST_SECRET, type TestHub } from '../../support/hub';

describe.runIf(inject('testDb').kind === 'postgres')('npm run bench: every operation runs (PostgreSQL)', () => {
  let hub: TestHub;
  let ctx: BenchContext;
  beforeAll(async () => {
    hub = await startHub();
    await seedDemo(hub.db, { scale: 1, log: () => {} });
    await new Promise<void>((r) => hub.app.server.listen(0, '127.0.0.1', r));
    const secret = new TextEncoder().encode(TEST_SECRET);
    ctx = {
      sql: hub.database.raw as postgres.Sql,
      endpoint: `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}/graphql`,
      token: (agency, org) => signToken(secret, { agency, org, sub: 'bench-test' }),
    };
  }, 240_000);
  afterAll(async () => {
    hub.app.server.close();
    await hub?.close();
  });

  it.each(BENCH_OPERATIONS.map((op) => [op.name, op] as const))('%s', async (_name, op) => {
    const prepared = await op.prepare(ctx);
    const { statements } = await prepared.hub(0);
    expect(statements).toBeGreaterThanOrEqual(0); // the x-sql-statements header came back
    await prepared.floor(0);
  }, 120_000);

  it('the batch runs again and again on a kept database (--reuse): each run declares for new residents', async () => {
    const batch = BENCH_OPERATIONS.find((op) => op.name.startsWith('submitDeclarations'))!;
    // Six runs of 1,500 yuan each per declarant would pass the day's allowance if the runs shared
    // their declarants (the sixth run was refused DAILY_LIMIT_EXCEEDED).
    for (let run = 0; run < 6; run++) await (await batch.prepare(ctx)).hub(0);
  }, 240_000);
});
