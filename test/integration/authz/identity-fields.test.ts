/** SPEC §9 identity row on declarations: who sees the agent's ID number, and that reading it is logged (§10). */
import { landing, submit } from '../../support/customs';
import { codeOf, describe, expect, test } from '../../support/fixtures';
import type { TestHub } from '../../support/hub';

describe('identity data on declarations (SPEC §9 identity row)', () => {
  const Q = 'query($no: String!) { declaration(declarationNo: $no) { declarationNo agentIdNumber } }';

  test('shows the agent\'s ID number in full to customs and the declaring cooperative, masked to commerce, and not to the receiving enterprise or the operator', async ({ as, seed }) => {
    const chain = await seed.landingChain({ members: 2 });
    const agent = chain.members[1]!;
    const d = landing(chain, { agentIdNumber: agent, entrustmentProofNo: `WT-${Date.now()}` });
    expect((await submit(as('CUSTOMS'), [d])).accepted).toBe(1);
    const read = (agency: Parameters<TestHub['as']>[0], org: string | null = null) => as(agency, org).gql(Q, { no: d.declarationNo });

    expect((await read('CUSTOMS')).data.declaration.agentIdNumber).toBe(agent);
    expect((await read('COOPERATIVE', chain.cooperativeId)).data.declaration.agentIdNumber).toBe(agent);
    expect((await read('COMMERCE')).data.declaration.agentIdNumber).toBe(`${agent.slice(0, 6)}********${agent.slice(-4)}`);
    for (const [agency, org] of [['ENTERPRISE', chain.enterpriseId], ['OPERATOR', null]] as const) {
      const r = await read(agency, org);
      expect(r.data.declaration, agency).toEqual({ declarationNo: d.declarationNo, agentIdNumber: null });
      expect(codeOf(r), agency).toBe('FORBIDDEN');
    }
  });

  test('logs the declaration whose agent ID number was returned (SPEC §10)', async ({ as, seed }) => {
    const chain = await seed.landingChain({ members: 2 });
    const d = landing(chain, { agentIdNumber: chain.members[1], entrustmentProofNo: `WT-${Date.now()}` });
    await submit(as('CUSTOMS'), [d]);
    const sub = `agent-${Date.now()}`;
    const r = await as('CUSTOMS', null, sub).gql('query($no: String!) { declaration(declarationNo: $no) { id agentIdNumber } }', { no: d.declarationNo });
    const log = await as('AUDITOR').gql('query($sub: String) { auditLog(filter: { sub: $sub }) { edges { node { personalRecordIds } } } }', { sub });
    expect(log.data.auditLog.edges.map((x: any) => x.node.personalRecordIds)).toEqual([[r.data.declaration.id]]);
  });
});
