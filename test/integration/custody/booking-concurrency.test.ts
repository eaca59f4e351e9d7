/**
 * SPEC §13: concurrent RAW_IN batches can never book the same declaration twice over. The
 * declarations' rows are locked (FOR UPDATE) inside each row's transaction; without the lock, two
 * transactions both read "nothing booked yet" and both book. Only real PostgreSQL runs
 * transactions in parallel (PGlite serialises everything), so this file runs on it only.
 */
import { describe, expect, test } from '../../support/fixtures';
import { landing, submit } from '../../support/customs';

const LEDGER = `mutation($input: [LedgerEntryInput!]!) { submitLedgerEntries(input: $input) { accepted rejected rows { status reason } } }`;
const CUSTODY = `query($no: String!) { declaration(declarationNo: $no) { custody { bookedKg stage } } }`;

describe.runIf(!!process.env.TEST_DATABASE_URL)('booking under concurrency (PostgreSQL)', () => {
  test('parallel batches from the enterprise\'s systems and from commerce book each declaration once', async ({ as, seed }) => {
    const chain = await seed.landingChain();
    const decls = Array.from({ length: 8 }, () => landing(chain, { lines: [{ hsCode: '12060090', commodityName: '葵花籽', quantityKg: 100, valueYuan: '500.00' }] }));
    expect((await submit(as('CUSTOMS'), decls)).accepted).toBe(8);
    const nos = decls.map((d) => d.declarationNo);
    // Six systems each send a batch booking all 100 kg of every declaration (distinct externalRefs).
    const batch = (sys: number) => nos.map((no, i) => ({
      occurredOn: '2025-06-12', kind: 'RAW_IN', hsCode: '1206', quantityKg: 100, amountYuan: '500.00',
      externalRef: `sys${sys}-${i}`, declarationNos: [no], ...(sys % 2 ? { enterpriseId: chain.enterpriseId } : {}),
    }));
    const callers = [0, 1, 2, 3, 4, 5].map((s) => (s % 2 ? as('COMMERCE') : as('ENTERPRISE', chain.enterpriseId, `erp-${s}`)));
    const results = await Promise.all(callers.map((c, s) => c.gql(LEDGER, { input: batch(s) })));
    const rows = results.flatMap((r) => r.data.submitLedgerEntries.rows);
    expect(rows.filter((r: any) => r.status === 'ACCEPTED')).toHaveLength(8);
    expect(rows.filter((r: any) => r.status === 'REJECTED').every((r: any) => r.reason === 'EXCEEDS_DECLARED')).toBe(true);
    for (const no of nos) {
      expect((await as('CUSTOMS').gql(CUSTODY, { no })).data.declaration.custody).toEqual({ bookedKg: 100, stage: 'BOOKED' });
    }
  });

  test('an entry carrying eight declarations, recorded while each is booked by its own RAW_IN at once, ends fully booked', async ({ as, seed }) => {
    const chain = await seed.landingChain();
    const decls = Array.from({ length: 8 }, () => landing(chain, { releasedAt: '2025-06-10T12:00:00+08:00', lines: [{ hsCode: '12060090', commodityName: '葵花籽', quantityKg: 100, valueYuan: '500.00' }] }));
    expect((await submit(as('CUSTOMS'), decls)).accepted).toBe(8);
    const nos = decls.map((d) => d.declarationNo);
    const ENTRY = `mutation($input: [FactoryEntryInput!]!) { recordFactoryEntries(input: $input) { accepted } }`;
    const entry = { externalRef: `FE-${nos[0]}`, declarations: nos, commodityName: '葵花籽', arrivedAt: '2025-06-11T09:00:00+08:00', sealIntact: true, receivedKg: 800 };
    const enterprise = (sub: string) => as('ENTERPRISE', chain.enterpriseId, sub);
    const results = await Promise.all([
      enterprise('gate').gql(ENTRY, { input: [entry] }),
      ...nos.map((no, i) => enterprise(`erp-${i}`).gql(LEDGER, { input: [{
        occurredOn: '2025-06-12', kind: 'RAW_IN', hsCode: '1206', quantityKg: 100, amountYuan: '500.00', externalRef: `part-${i}`, declarationNos: [no],
      }] })),
    ]);
    expect(results[0]!.data.recordFactoryEntries.accepted).toBe(1);
    expect(results.slice(1).map((r) => r.data.submitLedgerEntries.accepted)).toEqual(Array(8).fill(1));
    // 8 × 100 kg booked on an entry weighed at 800: not ENTERED_NOT_BOOKED (nor anything else)
    const LIST = `query($f: DiscrepancyFilter) { discrepancies(filter: $f, first: 10) { edges { node { kind actual } } } }`;
    const found = await as('COMMERCE').gql(LIST, { f: { enterpriseId: chain.enterpriseId, asOf: '2025-06-30' } });
    expect(found.data.discrepancies.edges).toEqual([]);
  });
});
