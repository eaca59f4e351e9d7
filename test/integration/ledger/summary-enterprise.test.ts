/**
 * The tax pull's `enterprise { id name uscc }` comes from the summary's own statement (issue 15:
 * "one statement with the enterprise's name and USCC"); any other selection under `enterprise`
 * still goes through the enterprise loader, with the same answer for the shared fields.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as f from '../../support/factories';
import { startHub, type TestHub } from '../../support/hub';

let hub: TestHub;
beforeAll(async () => { hub = await startHub(); });
afterAll(async () => { await hub?.close(); });

const pull = (selection: string) => `query($ids: [ID!]) { ledgerSummaries(period: "2025-03", enterpriseIds: $ids) { enterpriseId enterprise ${selection} } }`;

describe('LedgerSummary.enterprise', () => {
  it('answers { id name uscc } without the enterprise loader\'s statement, as the loader would', async () => {
    const ents = await Promise.all(Array.from({ length: 3 }, () => f.enterprise(hub.db)));
    const ids = ents.map((e) => e.id);
    const head = await hub.as('TAX').gql(pull('{ id name uscc __typename }'), { ids });
    const full = await hub.as('TAX').gql(pull('{ id name uscc __typename filingNo }'), { ids });
    const fragment = await hub.as('TAX').gql(`${pull('{ ...E }')} fragment E on Enterprise { id name uscc }`, { ids });
    expect(head.errors).toBeUndefined();
    expect(full.errors).toBeUndefined();
    expect(fragment.errors).toBeUndefined();
    const byId = new Map(ents.map((e) => [e.id, e]));
    expect(head.data.ledgerSummaries).toHaveLength(3);
    for (const s of head.data.ledgerSummaries) {
      const e = byId.get(s.enterpriseId)!;
      expect(s.enterprise).toEqual({ id: e.id, name: e.name, uscc: e.uscc, __typename: 'Enterprise' });
    }
    expect(full.data.ledgerSummaries.map((s: any) => ({ ...s, enterprise: { ...s.enterprise, filingNo: undefined } })))
      .toEqual(head.data.ledgerSummaries.map((s: any) => ({ ...s, enterprise: { ...s.enterprise, filingNo: undefined } })));
    expect(fragment.data.ledgerSummaries.map((s: any) => s.enterprise)).toEqual(head.data.ledgerSummaries.map((s: any) => ({ id: s.enterprise.id, name: s.enterprise.name, uscc: s.enterprise.uscc })));
    // The loader's statement is not issued for { id name uscc } alone.
    expect(head.statements).toBe(full.statements - 1);
    expect(fragment.statements).toBe(full.statements);
  });
});
