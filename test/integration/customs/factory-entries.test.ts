import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { landing, landingChain, marketSale, submit, uniqueNo, type Chain } from '../../support/customs';
import { codeOf, startHub, type TestHub } from '../../support/hub';

let hub: TestHub;
beforeAll(async () => { hub = await startHub(); });
afterAll(async () => { await hub?.close(); });

const RECORD = `mutation($input: [FactoryEntryInput!]!) { recordFactoryEntries(input: $input) { accepted duplicates rejected rows { status code reason field } } }`;
const ENTRIES = `query($f: FactoryEntryFilter) { factoryEntries(filter: $f) { totalCount edges { node { externalRef sealIntact declarationNos enterprise { id } declarations { declarationNo sealBroken } } } } }`;

async function inbound(chain: Chain) {
  const d = landing(chain);
  await submit(hub.as('CUSTOMS'), [d]);
  return d.declarationNo;
}
const entry = (nos: string[], over: Record<string, unknown> = {}) => ({
  externalRef: uniqueNo('FE'), declarations: nos, commodityName: '葵花籽', vehiclePlate: '新E12345', arrivedAt: '2025-06-11T09:00:00+08:00',
  unsealedBy: '李明', sealNo: 'S-001', unsealedAt: '2025-06-11T09:30:00+08:00', sealIntact: true, receivedKg: 500.5, warehouseKeeper: '王芳', ...over,
});

describe('recordFactoryEntries (附件6)', () => {
  it('records an entry of the receiving enterprise, idempotently', async () => {
    const chain = await landingChain(hub.db);
    const no = await inbound(chain);
    const e = entry([no]);
    const asE = hub.as('ENTERPRISE', chain.enterpriseId);
    expect((await asE.gql(RECORD, { input: [e] })).data.recordFactoryEntries).toMatchObject({ accepted: 1 });
    expect((await asE.gql(RECORD, { input: [e] })).data.recordFactoryEntries).toMatchObject({ duplicates: 1 });
    expect((await asE.gql(RECORD, { input: [{ ...e, remarks: '改' }] })).data.recordFactoryEntries.rows[0]).toMatchObject({ status: 'REJECTED', reason: 'KEY_CONFLICT' });
    const list = await asE.gql(ENTRIES, { f: {} });
    expect(list.data.factoryEntries.edges.map((x: any) => x.node)).toEqual([
      { externalRef: e.externalRef, sealIntact: true, declarationNos: [no], enterprise: { id: chain.enterpriseId }, declarations: [{ declarationNo: no, sealBroken: false }] },
    ]);
  });

  it('refuses entries for another enterprise from an enterprise token', async () => {
    const chain = await landingChain(hub.db);
    const other = await landingChain(hub.db);
    const no = await inbound(chain);
    const r = await hub.as('ENTERPRISE', other.enterpriseId).gql(RECORD, { input: [entry([no], { enterpriseId: chain.enterpriseId })] });
    expect(r.data.recordFactoryEntries.rows[0]).toMatchObject({ status: 'REJECTED', code: 'FORBIDDEN' });
  });

  it('lets commerce record on behalf of an enterprise by passing enterpriseId', async () => {
    const chain = await landingChain(hub.db);
    const no = await inbound(chain);
    expect((await hub.as('COMMERCE').gql(RECORD, { input: [entry([no])] })).data.recordFactoryEntries.rows[0]).toMatchObject({ reason: 'MISSING_FIELD', field: 'enterpriseId' });
    expect((await hub.as('COMMERCE').gql(RECORD, { input: [entry([no], { enterpriseId: chain.enterpriseId })] })).data.recordFactoryEntries.accepted).toBe(1);
  });

  it('is not open to customs, cooperatives or tax', async () => {
    for (const agency of ['CUSTOMS', 'TAX', 'COOPERATIVE'] as const) {
      expect(codeOf(await hub.as(agency, agency === 'COOPERATIVE' ? '00000000-0000-0000-0000-000000000001' : null).gql(RECORD, { input: [] })), agency).toBe('FORBIDDEN');
    }
  });

  it('links only landing-processing declarations destined to the enterprise', async () => {
    const chain = await landingChain(hub.db);
    const other = await landingChain(hub.db);
    const foreign = await inbound(other);
    const sale = marketSale();
    await submit(hub.as('CUSTOMS'), [sale]);
    const asE = hub.as('ENTERPRISE', chain.enterpriseId);
    // To the enterprise, another's declaration does not exist (no existence oracle, SPEC §9) …
    expect((await asE.gql(RECORD, { input: [entry([foreign])] })).data.recordFactoryEntries.rows[0].reason).toBe('NOT_FOUND');
    expect((await asE.gql(RECORD, { input: [entry([sale.declarationNo])] })).data.recordFactoryEntries.rows[0].reason).toBe('NOT_FOUND');
    expect((await asE.gql(RECORD, { input: [entry([uniqueNo()])] })).data.recordFactoryEntries.rows[0].reason).toBe('NOT_FOUND');
    // … while commerce, who reads every declaration, is told why
    const asC = hub.as('COMMERCE');
    expect((await asC.gql(RECORD, { input: [entry([foreign], { enterpriseId: chain.enterpriseId })] })).data.recordFactoryEntries.rows[0].reason).toBe('DECLARATION_NOT_INBOUND');
    expect((await asC.gql(RECORD, { input: [entry([sale.declarationNo], { enterpriseId: chain.enterpriseId })] })).data.recordFactoryEntries.rows[0].reason).toBe('DECLARATION_NOT_INBOUND');
  });

  it('flags a broken seal on the entry and on the declaration for customs and commerce, and touches the declaration for sync', async () => {
    const chain = await landingChain(hub.db);
    const no = await inbound(chain);
    const before = (await hub.as('CUSTOMS').gql('query($no: String!) { declaration(declarationNo: $no) { updatedAt } }', { no })).data.declaration.updatedAt;
    await hub.as('ENTERPRISE', chain.enterpriseId).gql(RECORD, { input: [entry([no], { sealIntact: false, remarks: '施封锁断裂' })] });
    for (const agency of ['CUSTOMS', 'COMMERCE'] as const) {
      const d = await hub.as(agency).gql('query($no: String!) { declaration(declarationNo: $no) { sealBroken updatedAt } }', { no });
      expect(d.data.declaration.sealBroken, agency).toBe(true);
      expect(d.data.declaration.updatedAt > before).toBe(true);
      const broken = await hub.as(agency).gql(ENTRIES, { f: { enterpriseId: chain.enterpriseId, sealIntact: false } });
      expect(broken.data.factoryEntries.totalCount).toBe(1);
    }
  });

  it('filters by arrival date in Beijing time and scopes rows to the enterprise and the declaring cooperative', async () => {
    const chain = await landingChain(hub.db);
    const other = await landingChain(hub.db);
    const no = await inbound(chain);
    const no2 = await inbound(other);
    await hub.as('ENTERPRISE', chain.enterpriseId).gql(RECORD, { input: [entry([no], { arrivedAt: '2025-07-01T23:30:00+08:00', unsealedAt: null })] });
    await hub.as('ENTERPRISE', other.enterpriseId).gql(RECORD, { input: [entry([no2])] });
    const mine = async (agency: 'ENTERPRISE' | 'COOPERATIVE', org: string, fl: Record<string, unknown> = {}) =>
      (await hub.as(agency, org).gql(ENTRIES, { f: fl })).data.factoryEntries.totalCount;
    expect(await mine('ENTERPRISE', chain.enterpriseId)).toBe(1);
    expect(await mine('COOPERATIVE', chain.cooperativeId)).toBe(1);
    expect(await mine('COOPERATIVE', other.cooperativeId)).toBe(1);
    const byDate = async (from: string, to: string) => (await hub.as('CUSTOMS').gql(ENTRIES, { f: { enterpriseId: chain.enterpriseId, from, to } })).data.factoryEntries.totalCount;
    expect(await byDate('2025-07-01', '2025-07-01')).toBe(1);
    expect(await byDate('2025-07-02', '2025-07-02')).toBe(0);
    const coop = await hub.as('COOPERATIVE', chain.cooperativeId).gql(ENTRIES, { f: {} });
    expect(coop.errors).toBeUndefined();
    expect(coop.data.factoryEntries.edges[0].node.declarationNos).toEqual([no]);
    expect(codeOf(await hub.as('TAX').gql(ENTRIES, { f: {} }))).toBe('FORBIDDEN');
  });
});
