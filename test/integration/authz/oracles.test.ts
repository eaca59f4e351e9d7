/**
 * Privacy oracles (SPEC §9, issue 16): an answer must not tell a caller what its rights hide.
 * Each oracle is checked by comparing two answers byte for byte: "absent" and "exists, not yours".
 */
import { sql } from 'drizzle-orm';
import { landing, landingChain, submit, uniqueNo } from '../../support/customs';
import * as f from '../../support/factories';
import { describe, expect, test } from '../../support/fixtures';
import type { Caller } from '../../support/hub';

/** The response body as sent, minus what differs between any two requests. */
async function raw(caller: Caller, query: string, variables: Record<string, unknown>) {
  const r = await caller.gql(query, variables);
  return JSON.stringify(r.body);
}

const RESIDENT = 'query($id: String!) { resident(idNumber: $id) { id county township cooperative { id } } }';
const BY_DECLARANT = 'query($id: String) { declarations(filter: { declarantIdNumber: $id }) { totalCount edges { node { declarationNo } } } }';

describe('lookups by ID number (identity class)', () => {
  test('COMMERCE and MARKET_REGULATION (masked) get the same FORBIDDEN for a known and an unknown number', async ({ as, seed }) => {
    const c = await seed.cooperative({ members: 1 });
    const known = c.memberIds[0]!;
    const unknown = f.uniqueIdNumber();
    for (const agency of ['COMMERCE', 'MARKET_REGULATION', 'OPERATOR', 'TAX', 'ENTERPRISE'] as const) {
      const caller = as(agency, agency === 'ENTERPRISE' ? '00000000-0000-4000-8000-000000000001' : null);
      const a = await raw(caller, RESIDENT, { id: known });
      const b = await raw(caller, RESIDENT, { id: unknown });
      expect(a, agency).toBe(b);
      expect(JSON.parse(a).errors[0].extensions.code, agency).toBe('FORBIDDEN');
    }
  });

  test('a COOPERATIVE gets the same null for another cooperative\'s member and for nobody; CUSTOMS finds both kinds', async ({ as, seed }) => {
    const mine = await seed.cooperative({ members: 1 });
    const theirs = await seed.cooperative({ members: 1 });
    const me = as('COOPERATIVE', mine.id);
    const a = await raw(me, RESIDENT, { id: theirs.memberIds[0] });
    const b = await raw(me, RESIDENT, { id: f.uniqueIdNumber() });
    expect(a).toBe(b);
    expect(JSON.parse(a)).toEqual({ data: { resident: null } });
    expect((await me.gql(RESIDENT, { id: mine.memberIds[0] })).data.resident.cooperative).toEqual({ id: mine.id });
    expect((await as('CUSTOMS').gql(RESIDENT, { id: theirs.memberIds[0] })).data.resident.cooperative).toEqual({ id: theirs.id });
  });

  test('declarations filtered by declarantIdNumber: the same answer for a trading and a non-trading person unless identity is full', async ({ as, seed }) => {
    const chain = await seed.landingChain();
    const d = landing(chain);
    await submit(as('CUSTOMS'), [d]);
    const trader = chain.members[0]!;
    const stranger = f.uniqueIdNumber();
    for (const [agency, org] of [['COMMERCE', null], ['OPERATOR', null], ['ENTERPRISE', chain.enterpriseId]] as const) {
      const caller = as(agency, org);
      const a = await raw(caller, BY_DECLARANT, { id: trader });
      const b = await raw(caller, BY_DECLARANT, { id: stranger });
      expect(a, agency).toBe(b);
      expect(JSON.parse(a).errors[0].extensions.code, agency).toBe('FORBIDDEN');
    }
    // The cooperative filters its own members' declarations; a non-member answers like nobody.
    const other = await seed.cooperative({ members: 1 });
    const coop = as('COOPERATIVE', chain.cooperativeId);
    expect((await coop.gql(BY_DECLARANT, { id: trader })).data.declarations.totalCount).toBe(1);
    expect(await raw(coop, BY_DECLARANT, { id: other.memberIds[0] })).toBe(await raw(coop, BY_DECLARANT, { id: stranger }));
    expect((await as('CUSTOMS').gql(BY_DECLARANT, { id: trader })).data.declarations.edges).toEqual([{ node: { declarationNo: d.declarationNo } }]);
  });

  test('a lookup or filter by ID number puts the resident in the access log, even with no identity field selected', async ({ as, seed, hub }) => {
    const chain = await seed.landingChain();
    await submit(as('CUSTOMS'), [landing(chain)]);
    const sub = `oracle-${Date.now()}`;
    await as('CUSTOMS', null, sub).gql('query($id: String!) { resident(idNumber: $id) { county } }', { id: chain.members[1] });
    await as('CUSTOMS', null, sub).gql('query($id: String) { declarations(filter: { declarantIdNumber: $id }) { totalCount } }', { id: chain.members[0] });
    await hub.app.accessLog.flush();
    const LOG = 'query($sub: String) { auditLog(filter: { sub: $sub }) { edges { node { personalRecordIds } } } }';
    const rows = (await as('AUDITOR').gql(LOG, { sub })).data.auditLog.edges.map((e: any) => e.node.personalRecordIds);
    const ids = await hub.db.execute(sql`select r.id, r.id_number from border_residents r join cooperative_memberships m on m.resident_id = r.id where m.cooperative_id = ${chain.cooperativeId}`);
    const idOf = new Map(((ids as any).rows ?? ids).map((r: any) => [r.id_number, r.id]));
    expect(rows).toEqual([[idOf.get(chain.members[1])], [idOf.get(chain.members[0])]]);
  });
});

describe('existence of another enterprise\'s declaration', () => {
  const RECORD = `mutation($input: [FactoryEntryInput!]!) { recordFactoryEntries(input: $input) { accepted rejected rows { index key status code reason field message } } }`;
  const LEDGER = `mutation($input: [LedgerEntryInput!]!) { submitLedgerEntries(input: $input) { accepted rejected rows { index key status code reason field message } } }`;

  test('a factory entry and a RAW_IN naming a foreign declaration answer exactly as for a number never issued', async ({ as, seed }) => {
    const mine = await seed.landingChain();
    const theirs = await seed.landingChain();
    const no = uniqueNo('L');
    const me = as('ENTERPRISE', mine.enterpriseId);
    const fe = { externalRef: uniqueNo('FE'), declarations: [no], commodityName: '葵花籽', receivedKg: 1, arrivedAt: '2025-06-11T09:00:00+08:00', sealIntact: true };
    const le = { occurredOn: '2025-06-12', kind: 'RAW_IN', hsCode: '1206', quantityKg: 1, amountYuan: '1.00', externalRef: uniqueNo('LE'), declarationNos: [no] };
    // the same inputs, before and after another enterprise's declaration with that number exists
    const before = [await raw(me, RECORD, { input: [fe] }), await raw(me, LEDGER, { input: [le] })];
    await submit(as('CUSTOMS'), [landing(theirs, { declarationNo: no })]);
    expect((await as('CUSTOMS').gql('query($no: String!) { declaration(declarationNo: $no) { id } }', { no })).data.declaration).not.toBeNull();
    const after = [await raw(me, RECORD, { input: [fe] }), await raw(me, LEDGER, { input: [le] })];
    expect(after).toEqual(before);
    expect(JSON.parse(before[0]!).data.recordFactoryEntries.rows[0]).toMatchObject({ status: 'REJECTED', reason: 'NOT_FOUND' });
    expect(JSON.parse(before[1]!).data.submitLedgerEntries.rows[0]).toMatchObject({ status: 'REJECTED', reason: 'NOT_FOUND' });
  });
});

describe('the agent path', () => {
  test('a declaration\'s agent does not open a foreign cooperative\'s registry row to the enterprise or the cooperative', async ({ as, seed }) => {
    const chain = await seed.landingChain();
    const foreign = await seed.cooperative({ members: 1 });
    // The agent was a member of the declaring cooperative on the declaration's date (SPEC §14) and
    // has since moved to a foreign cooperative.
    const d = landing(chain, { agentIdNumber: chain.members[1], entrustmentProofNo: 'WT-001' });
    const r = await submit(as('CUSTOMS'), [d]);
    expect(r.accepted).toBe(1);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const moved = [
      await as('COMMERCE').gql('mutation($c: ID!, $n: String!, $d: Date!) { removeCooperativeMember(cooperativeId: $c, idNumber: $n, leftOn: $d) { id } }', { c: chain.cooperativeId, n: chain.members[1], d: today }),
      await as('COMMERCE').gql('mutation($c: ID!, $m: [ResidentInput!]!, $d: Date!) { addCooperativeMembers(cooperativeId: $c, members: $m, joinedOn: $d) { id } }', { c: foreign.id, m: [{ name: '边民1', idNumber: chain.members[1] }], d: today }),
    ];
    expect(moved.map((x) => x.errors)).toEqual([undefined, undefined]);
    const Q = 'query($no: String!) { declaration(declarationNo: $no) { agent { cooperative { id name filingNo } } declarant { cooperative { id } } } }';
    for (const [agency, org] of [['ENTERPRISE', chain.enterpriseId], ['COOPERATIVE', chain.cooperativeId]] as const) {
      const x = await as(agency, org).gql(Q, { no: d.declarationNo });
      expect(x.data.declaration.agent, agency).toEqual({ cooperative: null });
      // the declaring cooperative itself stays visible to both parties
      expect(x.data.declaration.declarant, agency).toEqual({ cooperative: { id: chain.cooperativeId } });
    }
    // agencies with full declaration rights still see it
    expect((await as('CUSTOMS').gql(Q, { no: d.declarationNo })).data.declaration.agent.cooperative.id).toBe(foreign.id);
  });
});
