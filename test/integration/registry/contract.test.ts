/** signSupplyContract over HTTP (SPEC §4, §12). */
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { supplyContractsTable } from '../../../src/modules/registry/table';
import { CooperativeKind } from '../../../src/modules/registry/types';
import * as f from '../../support/factories';
import { startHub, type TestHub } from '../../support/hub';
import { SIGN_CONTRACT } from '../../support/registry';

let hub: TestHub;
beforeAll(async () => { hub = await startHub(); });
afterAll(async () => { await hub?.close(); });

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const sign = (input: Record<string, unknown>) => hub.as('COMMERCE').gql(SIGN_CONTRACT, { input });
const contractCount = async () => Number((await hub.db.select({ n: count() }).from(supplyContractsTable))[0]!.n);
const input = (e: { id: string }, c: { id: string }, over: Record<string, unknown> = {}) =>
  ({ enterpriseId: e.id, cooperativeId: c.id, hsCodes: ['1206'], validFrom: '2025-01-01', validTo: '2025-12-31', ...over });

async function rejected(i: Record<string, unknown>, field: string, reason: string) {
  const before = await contractCount();
  const r = await sign(i);
  expect(r.errors?.[0]?.extensions, JSON.stringify(r.errors)).toMatchObject({ code: 'BAD_USER_INPUT', field, reason });
  expect(r.data?.signSupplyContract ?? null).toBeNull();
  expect(await contractCount()).toBe(before);
}

describe('signSupplyContract', () => {
  it('stores a contract between a FILED enterprise and a FILED mutual-aid group (no licence needed)', async () => {
    const e = await f.enterprise(hub.db);
    const c = await f.cooperative(hub.db, { kind: CooperativeKind.MUTUAL_AID_GROUP });
    const r = await sign(input(e, c, { hsCodes: ['1206', '120190'] }));
    expect(r.data.signSupplyContract).toMatchObject({
      hsCodes: ['1206', '120190'], validFrom: '2025-01-01', validTo: '2025-12-31', source: 'COMMERCE', enterprise: { id: e.id }, cooperative: { id: c.id },
    });
  });

  it('accepts a one-day contract (validFrom = validTo, both inclusive)', async () => {
    const r = await sign(input(await f.enterprise(hub.db), await f.cooperative(hub.db), { validFrom: '2025-06-01', validTo: '2025-06-01' }));
    expect(r.data.signSupplyContract.validTo).toBe('2025-06-01');
  });

  it('lets a WARNED enterprise sign', async () => {
    const e = await f.enterprise(hub.db);
    const { eq } = await import('drizzle-orm');
    const { enterprisesTable } = await import('../../../src/modules/registry/table');
    await hub.db.update(enterprisesTable).set({ status: 'WARNED' }).where(eq(enterprisesTable.id, e.id));
    expect((await sign(input(e, await f.cooperative(hub.db)))).data.signSupplyContract).toBeTruthy();
  });

  it('refuses a PENDING enterprise with ENTERPRISE_NOT_FILED', async () => {
    await rejected(input(await f.enterprise(hub.db, { approve: false }), await f.cooperative(hub.db)), 'enterpriseId', 'ENTERPRISE_NOT_FILED');
  });

  it.each(['SUSPENDED', 'EXITED'] as const)('refuses a %s enterprise with ENTERPRISE_NOT_FILED', async (status) => {
    const e = await f.enterprise(hub.db);
    const { eq } = await import('drizzle-orm');
    const { enterprisesTable } = await import('../../../src/modules/registry/table');
    await hub.db.update(enterprisesTable).set({ status }).where(eq(enterprisesTable.id, e.id));
    await rejected(input(e, await f.cooperative(hub.db)), 'enterpriseId', 'ENTERPRISE_NOT_FILED');
  });

  it('refuses a COOPERATIVE-kind cooperative without a business licence with LICENSE_REQUIRED', async () => {
    await rejected(input(await f.enterprise(hub.db), await f.cooperative(hub.db, { kind: CooperativeKind.COOPERATIVE })), 'cooperativeId', 'LICENSE_REQUIRED');
  });

  it('lets a licensed COOPERATIVE-kind cooperative sign', async () => {
    const c = await f.cooperative(hub.db, { kind: CooperativeKind.COOPERATIVE, licensed: true });
    expect((await sign(input(await f.enterprise(hub.db), c))).data.signSupplyContract).toBeTruthy();
  });

  it('refuses a cooperative that is still PENDING', async () => {
    await rejected(input(await f.enterprise(hub.db), await f.cooperative(hub.db, { approve: false })), 'cooperativeId', 'INVALID_STATUS');
  });

  it('refuses validTo before validFrom with INVALID_DATE_RANGE', async () => {
    await rejected(input(await f.enterprise(hub.db), await f.cooperative(hub.db), { validFrom: '2025-06-02', validTo: '2025-06-01' }), 'validTo', 'INVALID_DATE_RANGE');
  });

  it('refuses HS codes that are not 2–10 digit prefixes, and an empty list, with INVALID_HS_CODE', async () => {
    const e = await f.enterprise(hub.db);
    const c = await f.cooperative(hub.db);
    await rejected(input(e, c, { hsCodes: ['1206', '1'] }), 'hsCodes[1]', 'INVALID_HS_CODE');
    await rejected(input(e, c, { hsCodes: ['12061000001'] }), 'hsCodes[0]', 'INVALID_HS_CODE');
    await rejected(input(e, c, { hsCodes: ['12.06'] }), 'hsCodes[0]', 'INVALID_HS_CODE');
    await rejected(input(e, c, { hsCodes: [] }), 'hsCodes', 'INVALID_HS_CODE');
  });

  it('refuses unknown or malformed enterprise and cooperative ids', async () => {
    const e = await f.enterprise(hub.db);
    const c = await f.cooperative(hub.db);
    await rejected(input({ id: UNKNOWN }, c), 'enterpriseId', 'NOT_FOUND');
    await rejected(input({ id: 'E-1' }, c), 'enterpriseId', 'NOT_FOUND');
    await rejected(input(e, { id: UNKNOWN }), 'cooperativeId', 'NOT_FOUND');
    await rejected(input(e, { id: 'C-1' }), 'cooperativeId', 'NOT_FOUND');
  });

  it('refuses a date that does not exist before the resolver runs', async () => {
    const before = await contractCount();
    const r = await sign(input(await f.enterprise(hub.db), await f.cooperative(hub.db), { validTo: '2025-02-30' }));
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await contractCount()).toBe(before);
  });
});
