/**
 * SPEC §14 at the customs gate: landing-processing declarations check the declarant's membership on
 * the declaration's date (not today), and an agent (委托申报, 附件5 二) must be a registered, eligible
 * resident and, for landing processing, a member of the declaring cooperative on that date.
 */
import { sql } from 'drizzle-orm';
import { inject } from 'vitest';
import { rows } from '../../../src/db/client';
import { beijingToday } from '../../../src/shared/time';
import { landing, marketSale, reasonOfRow, submit } from '../../support/customs';
import * as f from '../../support/factories';
import { describe, expect, test, type As } from '../../support/fixtures';

const REMOVE = 'mutation($c: ID!, $n: String!, $d: Date!) { removeCooperativeMember(cooperativeId: $c, idNumber: $n, leftOn: $d) { id } }';
const ADD = 'mutation($c: ID!, $m: [ResidentInput!]!, $d: Date!) { addCooperativeMembers(cooperativeId: $c, members: $m, joinedOn: $d) { id } }';
const at = (day: string) => `${day}T10:00:00+08:00`;

async function leave(as: As, c: string, n: string, d: string) {
  expect((await as('COMMERCE').gql(REMOVE, { c, n, d })).errors).toBeUndefined();
}

describe('membership on the declaration\'s date', () => {
  test('a declaration dated before the declarant joined is NOT_A_MEMBER; from the joining day it is accepted', async ({ as, seed }) => {
    const chain = await seed.landingChain();
    const newcomer = f.uniqueIdNumber();
    const today = beijingToday();
    expect((await as('COMMERCE').gql(ADD, { c: chain.cooperativeId, m: [{ name: '新成员', idNumber: newcomer }], d: today })).errors).toBeUndefined();
    expect(await reasonOfRow(as('CUSTOMS'), landing(chain, { declarantIdNumber: newcomer, declaredAt: at('2025-06-10') }))).toBe('NOT_A_MEMBER');
    expect(await reasonOfRow(as('CUSTOMS'), landing(chain, { declarantIdNumber: newcomer, declaredAt: `${today}T00:30:00+08:00` }))).toBe('ACCEPTED');
  });

  test('after leaving (leftOn, the first day not a member) a declaration is NOT_A_MEMBER; on the last day it is accepted', async ({ as, seed }) => {
    const chain = await seed.landingChain();
    const [leaver] = chain.members as [string];
    await leave(as, chain.cooperativeId, leaver, '2025-06-10');
    expect(await reasonOfRow(as('CUSTOMS'), landing(chain, { declarantIdNumber: leaver, declaredAt: at('2025-06-10') }))).toBe('NOT_A_MEMBER');
    expect(await reasonOfRow(as('CUSTOMS'), landing(chain, { declarantIdNumber: leaver, declaredAt: '2025-06-09T23:59:00+08:00' }))).toBe('ACCEPTED');
    // The Beijing date decides: 16:30 UTC on the 9th is already the 10th in Beijing.
    expect(await reasonOfRow(as('CUSTOMS'), landing(chain, { declarantIdNumber: leaver, declaredAt: '2025-06-09T16:30:00Z' }))).toBe('NOT_A_MEMBER');
  });
});

describe('membership under concurrent roster changes (PostgreSQL)', () => {
  /** Waits until `n` sessions of this database wait for a lock. */
  async function lockWaiters(db: Parameters<typeof rows>[0], n: number) {
    for (let i = 0; i < 250; i++) {
      const [r] = await rows<{ n: number }>(db, sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
      if (r!.n >= n) return;
      await new Promise((ok) => setTimeout(ok, 20));
    }
    throw new Error(`fewer than ${n} sessions waiting for a lock`);
  }

  test.runIf(inject('testDb').kind === 'postgres')('a removal that commits after the batch read the registry, while the batch waits for the declarant, refuses the row (membership read under the lock)', async ({ as, seed, db }) => {
    const chain = await seed.landingChain();
    const [leaver] = chain.members as [string];
    // A share lock on the cooperative stalls the removal at its last statement (touching the
    // cooperative): the membership has ended and the resident's row is locked, nothing committed.
    let release!: () => void;
    const released = new Promise<void>((ok) => { release = ok; });
    let holding!: () => void;
    const held = new Promise<void>((ok) => { holding = ok; });
    const hold = db.transaction(async (tx) => {
      await rows(tx, sql`select id from cooperatives where id = ${chain.cooperativeId} for share`);
      holding();
      await released;
    });
    await held;
    const removal = as('COMMERCE').gql(REMOVE, { c: chain.cooperativeId, n: leaver, d: '2025-06-10' });
    await lockWaiters(db, 1);
    // The batch preloads (the membership still runs), then waits for the declarant's row.
    const batch = submit(as('CUSTOMS'), [landing(chain, { declarantIdNumber: leaver, declaredAt: at('2025-06-10') })]);
    await lockWaiters(db, 2);
    release();
    await hold;
    expect((await removal).errors).toBeUndefined();
    expect((await batch).rows[0]).toMatchObject({ status: 'REJECTED', reason: 'NOT_A_MEMBER', field: 'declarantIdNumber' });
    // The day before the removal still counts.
    expect(await reasonOfRow(as('CUSTOMS'), landing(chain, { declarantIdNumber: leaver, declaredAt: at('2025-06-09') }))).toBe('ACCEPTED');
  });

  test.runIf(inject('testDb').kind === 'postgres')('an agent\'s removal committed while the batch waits for the declarant\'s lock refuses the row', async ({ as, seed, db }) => {
    const chain = await seed.landingChain();
    const [declarant, agent] = chain.members as [string, string];
    // Another writer holds the declarant's row: the batch preloads (the agent is still a member), then waits.
    let release!: () => void;
    const released = new Promise<void>((ok) => { release = ok; });
    let holding!: () => void;
    const held = new Promise<void>((ok) => { holding = ok; });
    const hold = db.transaction(async (tx) => {
      await rows(tx, sql`select id from border_residents where id_number = ${declarant} for no key update`);
      holding();
      await released;
    });
    await held;
    const batch = submit(as('CUSTOMS'), [landing(chain, { declarantIdNumber: declarant, agentIdNumber: agent, entrustmentProofNo: 'WT-R', declaredAt: at('2025-06-10') })]);
    await lockWaiters(db, 1);
    expect((await as('COMMERCE').gql(REMOVE, { c: chain.cooperativeId, n: agent, d: '2025-06-10' })).errors).toBeUndefined();
    release();
    await hold;
    expect((await batch).rows[0]).toMatchObject({ status: 'REJECTED', reason: 'AGENT_NOT_ELIGIBLE', field: 'agentIdNumber' });
  });
});

describe('agents (委托申报)', () => {
  test('an agent unknown to the registry is AGENT_NOT_ELIGIBLE, for market sales too', async ({ as, seed }) => {
    const chain = await seed.landingChain();
    const stranger = f.uniqueIdNumber();
    const rows = await submit(as('CUSTOMS'), [
      landing(chain, { agentIdNumber: stranger, entrustmentProofNo: 'WT-1' }),
      marketSale({ agentIdNumber: stranger, entrustmentProofNo: 'WT-2' }),
    ]);
    expect(rows.rows.map((r) => [r.reason, r.field])).toEqual([['AGENT_NOT_ELIGIBLE', 'agentIdNumber'], ['AGENT_NOT_ELIGIBLE', 'agentIdNumber']]);
    expect(rows.rows[0]!.message).toMatch(/^[\u4e00-\u9fff]/);
  });

  test('for landing processing the agent must be a member of the declaring cooperative on the declaration\'s date', async ({ as, seed }) => {
    const chain = await seed.landingChain({ members: 3 });
    const foreign = await seed.cooperative({ members: 1 });
    const [declarant, agent, leaver] = chain.members as [string, string, string];
    // A registered resident, eligible, but a member of another cooperative.
    expect(await reasonOfRow(as('CUSTOMS'), landing(chain, { declarantIdNumber: declarant, agentIdNumber: foreign.memberIds[0], entrustmentProofNo: 'WT-3' }))).toBe('AGENT_NOT_ELIGIBLE');
    // A member who left before the declaration's date.
    await leave(as, chain.cooperativeId, leaver, '2025-06-01');
    expect(await reasonOfRow(as('CUSTOMS'), landing(chain, { declarantIdNumber: declarant, agentIdNumber: leaver, entrustmentProofNo: 'WT-4', declaredAt: at('2025-06-10') }))).toBe('AGENT_NOT_ELIGIBLE');
    expect(await reasonOfRow(as('CUSTOMS'), landing(chain, { declarantIdNumber: declarant, agentIdNumber: leaver, entrustmentProofNo: 'WT-5', declaredAt: at('2025-05-31') }))).toBe('ACCEPTED');
    // A member on the date, with the entrustment proof: accepted and linked.
    expect(await reasonOfRow(as('CUSTOMS'), landing(chain, { declarantIdNumber: declarant, agentIdNumber: agent, entrustmentProofNo: 'WT-6' }))).toBe('ACCEPTED');
    // The proof stays required.
    expect(await reasonOfRow(as('CUSTOMS'), landing(chain, { declarantIdNumber: declarant, agentIdNumber: agent }))).toBe('ENTRUSTMENT_PROOF_REQUIRED');
  });

  test('a registered member whose residence is not eligible on the declaration\'s date is AGENT_NOT_ELIGIBLE, for market sales too', async ({ as, seed }) => {
    // Both members of the cooperative; the agent lives in 小营盘镇 (博乐市), on the list when registered.
    const [declarant, agent] = [f.uniqueIdNumber('652702'), f.uniqueIdNumber('652701')];
    const chain = await seed.landingChain({ memberIds: [declarant, agent], residences: { [agent]: { county: '652701', township: '小营盘镇', residenceBasis: 'HUKOU' } } });
    const LIST = '{ borderTownships { county township validFrom validTo } }';
    const SET = 'mutation($input: [BorderTownshipInput!]!) { setBorderTownships(input: $input) { county } }';
    const before = (await as('COMMERCE').gql(LIST)).data.borderTownships as { county: string; township: string; validFrom: string; validTo: string | null }[];
    // COMMERCE takes 小营盘镇 off the list from 2025-06-10 on.
    const after = before.map((t) => (t.township === '小营盘镇' ? { ...t, validTo: '2025-06-09' } : t));
    expect((await as('COMMERCE').gql(SET, { input: after })).errors).toBeUndefined();
    try {
      const r = await submit(as('CUSTOMS'), [
        landing(chain, { declarantIdNumber: declarant, agentIdNumber: agent, entrustmentProofNo: 'WT-8', declaredAt: at('2025-06-10') }),
        marketSale({ agentIdNumber: agent, entrustmentProofNo: 'WT-9', declaredAt: at('2025-06-10') }),
        landing(chain, { declarantIdNumber: declarant, agentIdNumber: agent, entrustmentProofNo: 'WT-10', declaredAt: at('2025-06-09') }),
      ]);
      expect(r.rows.map((x) => [x.status, x.reason, x.field])).toEqual([
        ['REJECTED', 'AGENT_NOT_ELIGIBLE', 'agentIdNumber'], ['REJECTED', 'AGENT_NOT_ELIGIBLE', 'agentIdNumber'], ['ACCEPTED', null, null],
      ]);
      expect(r.rows[0]!.message).toMatch(/^委托申报人不具备边民资格/);
    } finally {
      expect((await as('COMMERCE').gql(SET, { input: before })).errors).toBeUndefined();
    }
  });

  test('a registered resident of another cooperative may be the agent of a market sale', async ({ as, seed }) => {
    const foreign = await seed.cooperative({ members: 1 });
    expect(await reasonOfRow(as('CUSTOMS'), marketSale({ agentIdNumber: foreign.memberIds[0], entrustmentProofNo: 'WT-7' }))).toBe('ACCEPTED');
  });
});
