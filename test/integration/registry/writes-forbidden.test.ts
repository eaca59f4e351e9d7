/** SPEC §9: registry writes belong to COMMERCE; every other agency gets FORBIDDEN and nothing is written. */
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENCIES, ORG_AGENCIES } from '../../../src/authz/agencies';
import { borderResidentsTable, cooperativesTable, enterprisesTable, filingCountersTable, supplyContractsTable } from '../../../src/modules/registry/table';
import * as f from '../../support/factories';
import { startHub, type TestHub } from '../../support/hub';
import { APPROVE_COOPERATIVE, APPROVE_ENTERPRISE, FILE_COOPERATIVE, FILE_ENTERPRISE, SIGN_CONTRACT, cooperativeInput, enterpriseInput } from '../../support/registry';

let hub: TestHub;
let pendingE: { id: string };
let pendingC: { id: string };
let filedE: { id: string };
let filedC: { id: string };
beforeAll(async () => {
  hub = await startHub();
  pendingE = await f.enterprise(hub.db, { approve: false });
  pendingC = await f.cooperative(hub.db, { approve: false });
  filedE = await f.enterprise(hub.db);
  filedC = await f.cooperative(hub.db);
});
afterAll(async () => { await hub?.close(); });

async function snapshot() {
  const n = async (t: any) => Number((await hub.db.select({ n: count() }).from(t))[0]!.n);
  return {
    enterprises: await n(enterprisesTable), cooperatives: await n(cooperativesTable), residents: await n(borderResidentsTable),
    contracts: await n(supplyContractsTable), counters: await hub.db.select().from(filingCountersTable),
    statuses: (await hub.db.select({ id: enterprisesTable.id, s: enterprisesTable.status }).from(enterprisesTable)).map((r) => `${r.id}:${r.s}`).sort(),
    coopStatuses: (await hub.db.select({ id: cooperativesTable.id, s: cooperativesTable.status }).from(cooperativesTable)).map((r) => `${r.id}:${r.s}`).sort(),
  };
}

const others = AGENCIES.filter((a) => a !== 'COMMERCE');

describe.each(others)('%s', (agency) => {
  const org = () => (ORG_AGENCIES.includes(agency) ? (agency === 'ENTERPRISE' ? filedE.id : filedC.id) : null);
  const writes = () => [
    ['fileEnterprise', FILE_ENTERPRISE, { input: enterpriseInput() }],
    ['approveEnterprise', APPROVE_ENTERPRISE, { id: pendingE.id }],
    ['fileCooperative', FILE_COOPERATIVE, { input: cooperativeInput() }],
    ['approveCooperative', APPROVE_COOPERATIVE, { id: pendingC.id }],
    ['signSupplyContract', SIGN_CONTRACT, { input: { enterpriseId: filedE.id, cooperativeId: filedC.id, hsCodes: ['1206'], validFrom: '2025-01-01', validTo: '2025-12-31' } }],
  ] as const;

  it('cannot file, approve or sign anything in the registry', async () => {
    for (const [name, doc, vars] of writes()) {
      const before = await snapshot();
      const r = await hub.as(agency, org()).gql(doc, vars);
      expect(r.errors?.[0]?.extensions?.code, `${agency} ${name}`).toBe('FORBIDDEN');
      expect(r.errors![0]!.path).toEqual([name]);
      expect(r.data?.[name] ?? null).toBeNull();
      expect(await snapshot(), `${agency} ${name} wrote something`).toEqual(before);
    }
  });
});

it('COMMERCE can do each of these writes (the denials above are about the agency, not the input)', async () => {
  const c = hub.as('COMMERCE');
  expect((await c.gql(FILE_ENTERPRISE, { input: enterpriseInput() })).data.fileEnterprise.status).toBe('PENDING');
  expect((await c.gql(APPROVE_ENTERPRISE, { id: pendingE.id })).data.approveEnterprise.status).toBe('FILED');
  expect((await c.gql(FILE_COOPERATIVE, { input: cooperativeInput() })).data.fileCooperative.status).toBe('PENDING');
  expect((await c.gql(APPROVE_COOPERATIVE, { id: pendingC.id })).data.approveCooperative.status).toBe('FILED');
  expect((await c.gql(SIGN_CONTRACT, { input: { enterpriseId: filedE.id, cooperativeId: filedC.id, hsCodes: ['1206'], validFrom: '2025-01-01', validTo: '2025-12-31' } })).data.signSupplyContract.hsCodes).toEqual(['1206']);
});
