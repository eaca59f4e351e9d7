/** SPEC §3 and §9 rows checked in the conformance review (ledger2): each test guards one fix. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { landing, landingChain, submit } from '../../support/customs';
import * as f from '../../support/factories';
import { codeOf, startHub, type TestHub } from '../../support/hub';

let hub: TestHub;
beforeAll(async () => { hub = await startHub(); });
afterAll(async () => { await hub?.close(); });

describe('identity data on declarations (SPEC §9 identity row)', () => {
  const Q = 'query($no: String!) { declaration(declarationNo: $no) { declarationNo agentIdNumber } }';

  it('shows the agent\'s ID number in full to customs and the declaring cooperative, masked to commerce, and not to the receiving enterprise or the operator', async () => {
    const chain = await landingChain(hub.db, { members: 2 });
    const agent = chain.members[1]!;
    const d = landing(chain, { agentIdNumber: agent, entrustmentProofNo: `WT-${Date.now()}` });
    expect((await submit(hub.as('CUSTOMS'), [d])).accepted).toBe(1);
    const read = (agency: Parameters<TestHub['as']>[0], org: string | null = null) => hub.as(agency, org).gql(Q, { no: d.declarationNo });

    expect((await read('CUSTOMS')).data.declaration.agentIdNumber).toBe(agent);
    expect((await read('COOPERATIVE', chain.cooperativeId)).data.declaration.agentIdNumber).toBe(agent);
    expect((await read('COMMERCE')).data.declaration.agentIdNumber).toBe(`${agent.slice(0, 6)}********${agent.slice(-4)}`);
    for (const [agency, org] of [['ENTERPRISE', chain.enterpriseId], ['OPERATOR', null]] as const) {
      const r = await read(agency, org);
      expect(r.data.declaration, agency).toEqual({ declarationNo: d.declarationNo, agentIdNumber: null });
      expect(codeOf(r), agency).toBe('FORBIDDEN');
    }
  });

  it('logs the declaration whose agent ID number was returned (SPEC §10)', async () => {
    const chain = await landingChain(hub.db, { members: 2 });
    const d = landing(chain, { agentIdNumber: chain.members[1], entrustmentProofNo: `WT-${Date.now()}` });
    await submit(hub.as('CUSTOMS'), [d]);
    const sub = `agent-${Date.now()}`;
    const r = await hub.as('CUSTOMS', null, sub).gql('query($no: String!) { declaration(declarationNo: $no) { id agentIdNumber } }', { no: d.declarationNo });
    const log = await hub.as('AUDITOR').gql('query($sub: String) { auditLog(filter: { sub: $sub }) { edges { node { personalRecordIds } } } }', { sub });
    expect(log.data.auditLog.edges.map((x: any) => x.node.personalRecordIds)).toEqual([[r.data.declaration.id]]);
  });
});

describe('every entity has id, createdAt, updatedAt and source (SPEC §3)', () => {
  it('returns them on an assessment target', async () => {
    const e = await f.enterprise(hub.db);
    const r = await hub.as('COMMERCE').gql(`mutation($e: ID!) { setAssessmentTarget(input: { enterpriseId: $e, year: 2031, importTradeTargetYuan: "1000", valueAddRateTarget: 0.2 }) { id createdAt updatedAt source } }`, { e: e.id });
    expect(r.errors).toBeUndefined();
    expect(r.data.setAssessmentTarget).toMatchObject({ source: 'COMMERCE' });
    expect(Date.parse(r.data.setAssessmentTarget.createdAt)).toBeLessThanOrEqual(Date.parse(r.data.setAssessmentTarget.updatedAt));
  });
});
