/**
 * Enterprise.inboundDeclarations read with the registry's enterprises page (customs' loaders.ts
 * inboundReadAhead, wired in src/modules/wiring.ts): the customs processor query in two statements,
 * with the answer the inboundTotals loader gives. A named fragment under `node` is not read ahead,
 * so the same question through one is the loaders' path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENCIES, type Agency } from '../../../src/authz/agencies';
import * as customsStore from '../../../src/modules/customs/store';
import * as registryStore from '../../../src/modules/registry/store';
import { landing, submit } from '../../support/customs';
import * as f from '../../support/factories';
import { startHub, type TestHub } from '../../support/hub';

let hub: TestHub;
let hs: string;
let ids: string[];
let coop: { id: string };
beforeAll(async () => {
  hub = await startHub();
  hs = `96${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  ids = [];
  for (let i = 0; i < 3; i++) {
    const e = await f.enterprise(hub.db, { rawMaterials: [hs] });
    const c = await f.cooperative(hub.db, { members: 2 });
    await f.contract(hub.db, e, c, { hsCodes: ['1206'] });
    ids.push(e.id);
    coop ??= c;
    // The first two received declarations in June (counted) and in July (outside the range); the third none.
    if (i < 2) {
      await submit(hub.as('CUSTOMS'), [
        landing({ enterpriseId: e.id, cooperativeId: c.id, members: c.memberIds }, { declaredAt: '2025-06-10T10:00:00+08:00' }),
        landing({ enterpriseId: e.id, cooperativeId: c.id, members: c.memberIds }, { declarantIdNumber: c.memberIds[1], declaredAt: '2025-07-01T10:00:00+08:00' }),
      ]);
    }
  }
});
afterAll(async () => { await hub?.close(); });

const NODE = `id name uscc contracts { hsCodes validFrom validTo cooperative { name filingNo } }
  inboundDeclarations(from: $from, to: $to) { count valueYuan quantityKg }`;
const query = (node: string, fragment = '') => `query($hs: String, $from: Date!, $to: Date!) {
  enterprises(filter: { status: [FILED, WARNED], hsCode: $hs }, first: 100) { edges { node ${node} } } } ${fragment}`;
const AHEAD = query(`{ ${NODE} }`);
const THROUGH_LOADERS = query('{ ...E }', `fragment E on Enterprise { ${NODE} }`);
const JUNE = { from: '2025-06-01', to: '2025-06-30' };
/** Who reads inboundDeclarations (an ENTERPRISE: its own, the only one in its row scope). */
const READS_TOTALS: Agency[] = ['CUSTOMS', 'COMMERCE', 'OPERATOR', 'PREFECTURE_COMMERCE', 'TAX', 'ANALYST', 'ENTERPRISE'];
const errorsOf = (body: any) => (body.errors ?? []).map((e: any) => `${e.path?.join('.')} ${e.extensions?.code}`).sort();

describe('inboundDeclarations read with the enterprises page', () => {
  it('answers as the loader does, for every agency and row scope, one statement for the processor query', async () => {
    const viewers: [Agency, string | null][] = [
      ...AGENCIES.filter((a) => a !== 'ENTERPRISE' && a !== 'COOPERATIVE').map((a) => [a, null] as [Agency, null]),
      ['ENTERPRISE', ids[0]!], ['ENTERPRISE', ids[2]!], ['COOPERATIVE', coop.id],
    ];
    for (const [agency, org] of viewers) {
      const who = `${agency} ${org ?? ''}`;
      const ahead = await hub.as(agency, org).gql(AHEAD, { hs, ...JUNE });
      const loaders = await hub.as(agency, org).gql(THROUGH_LOADERS, { hs, ...JUNE });
      expect(ahead.data, who).toEqual(loaders.data);
      expect(errorsOf(ahead.body), who).toEqual(errorsOf(loaders.body));
      expect(ahead.data.enterprises.edges.length, who).toBeGreaterThan(0);
      // Contracts, their cooperatives and the totals come with the page (through the loaders: an
      // agency denied the totals, authz/matrix.ts, does not load them: 3 there).
      expect(ahead.statements, who).toBe(1);
      expect(loaders.statements, who).toBe(READS_TOTALS.includes(agency) ? 4 : 3);
    }
    const customs = await hub.as('CUSTOMS').gql(AHEAD, { hs, ...JUNE });
    const totals = new Map(customs.data.enterprises.edges.map((x: any) => [x.node.id, x.node.inboundDeclarations]));
    expect(totals.get(ids[0])).toEqual({ count: 1, valueYuan: '2000.00', quantityKg: 500.5 });
    expect(totals.get(ids[2])).toEqual({ count: 0, valueYuan: '0.00', quantityKg: 0 });
  });

  it('does not read the totals for an agency the matrix never lets see them', async () => {
    const denied = AGENCIES.filter((a) => !READS_TOTALS.includes(a) && a !== 'COOPERATIVE');
    expect(denied.length).toBeGreaterThan(0);
    for (const agency of denied) {
      const { result, statements } = await hub.countStatements(() => hub.as(agency).gql(AHEAD, { hs, ...JUNE }));
      expect(errorsOf(result.body).every((e: string) => e.endsWith('inboundDeclarations FORBIDDEN')), agency).toBe(true);
      expect(errorsOf(result.body).length, agency).toBeGreaterThan(0);
      expect(statements.filter((s) => s.includes('customs_declarations')), agency).toEqual([]);
    }
    // The same question as CUSTOMS does read them with the page.
    const { statements } = await hub.countStatements(() => hub.as('CUSTOMS').gql(AHEAD, { hs, ...JUNE }));
    expect(statements.filter((s) => s.includes('customs_declarations'))).toHaveLength(1);
  });

  it('primes the loader with the totals it would have read', async () => {
    const viewer = { agency: 'CUSTOMS' as const, org: null, sub: 't' };
    for (const range of [JUNE, { from: '2025-06-01', to: '2025-07-31' }, { from: '2024-01-01', to: '2024-01-31' }]) {
      const { connection, extras } = await registryStore.listEnterprisesWith(hub.db, viewer, { hsCode: hs }, { first: 100 },
        { contracts: false, more: [{ key: 'inbound', column: (id, value) => customsStore.inboundTotalsSql(id, value('from'), value('to')), values: range }] });
      const read = await customsStore.inboundTotals(hub.db, ids, range.from, range.to);
      expect(connection.edges).toHaveLength(3);
      connection.edges.forEach((x, i) => {
        const loader = read.get(x.node.id) ?? { count: 0, valueYuan: '0', quantityKg: 0 };
        expect(customsStore.inboundTotalsOf(extras[i]!.more![0]), range.to).toStrictEqual(loader);
      });
    }
  });

  it('leaves to the loader what it cannot read ahead: aliases with two ranges, an inverted range', async () => {
    const two = query(`{ id june: inboundDeclarations(from: $from, to: $to) { count valueYuan } both: inboundDeclarations(from: $from, to: "2025-07-31") { count valueYuan } }`);
    const ahead = await hub.as('CUSTOMS').gql(two, { hs, ...JUNE });
    const loaders = await hub.as('CUSTOMS').gql(query('{ ...E }', 'fragment E on Enterprise { id june: inboundDeclarations(from: $from, to: $to) { count valueYuan } both: inboundDeclarations(from: $from, to: "2025-07-31") { count valueYuan } }'), { hs, ...JUNE });
    expect(ahead.errors).toBeUndefined();
    expect(ahead.data).toEqual(loaders.data);
    expect(ahead.data.enterprises.edges.find((x: any) => x.node.id === ids[0]).node).toMatchObject({ june: { count: 1 }, both: { count: 2 } });
    const inverted = { from: '2025-06-30', to: '2025-06-01' };
    const bad = await hub.as('CUSTOMS').gql(AHEAD, { hs, ...inverted });
    const badLoaders = await hub.as('CUSTOMS').gql(THROUGH_LOADERS, { hs, ...inverted });
    expect(errorsOf(bad.body)).toEqual(errorsOf(badLoaders.body));
    expect(bad.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(bad.data).toEqual(badLoaders.data);
  });
});
