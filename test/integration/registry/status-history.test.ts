import { sql } from 'drizzle-orm';
import { describe, expect, test } from '../../support/fixtures';
import { beijingToday } from '../../../src/shared/time';

/** SPEC §15: status history, recorded on every status change; the monthly return is built from it. */
const HISTORY = `query($id: ID!) { enterprise(id: $id) { status statusHistory { status from to cause } } }`;
const COOP_HISTORY = `query($id: ID!) { cooperative(id: $id) { statusHistory { status cause to } } }`;
const RECORD = `mutation($input: NonComplianceInput!) { recordNonCompliance(input: $input) { action } }`;
const REPORT = `mutation($input: MonthlyReportInput!) { submitMonthlyReport(input: $input) { period } }`;
const RETURN = `query($p: Period!) { monthlyReturn(period: $p) { enterprise { id } } }`;
const today = beijingToday();
const thisMonth = today.slice(0, 7);
const figures = { rawPurchasedKg: 1, rawPurchasedYuan: '1.00', rawConsumedKg: 1, rawConsumedYuan: '1.00', productOutputKg: 1, productOutputYuan: '2.00', salesKg: 0, salesYuan: '0.00', inventoryKg: 0, lossKg: 0 };
const nonCompliance = (subjectType: string, subjectId: string, reason: string) => ({ input: { subjectType, subjectId, reason, decidedOn: today } });

describe('statusHistory', () => {
  test('records filing, approval and each supervision decision with its cause, oldest first', async ({ as, seed }) => {
    const e = await seed.enterprise();
    await as('MARKET_REGULATION').gql(RECORD, nonCompliance('ENTERPRISE', e.id, 'DUTY_NOT_FULFILLED'));
    await as('MARKET_REGULATION').gql(RECORD, nonCompliance('ENTERPRISE', e.id, 'DUTY_NOT_FULFILLED'));
    await as('MARKET_REGULATION').gql(RECORD, nonCompliance('ENTERPRISE', e.id, 'CHANNEL_TRADE'));
    const r = (await as('ANALYST').gql(HISTORY, { id: e.id })).data.enterprise;
    expect(r.status).toBe('EXITED');
    expect(r.statusHistory.map((h: any) => [h.status, h.cause])).toEqual([
      ['PENDING', 'REGISTERED'], ['FILED', 'APPROVED'], ['WARNED', 'WRITTEN_WARNING DUTY_NOT_FULFILLED'],
      ['SUSPENDED', 'SUSPENSION_AND_INTERVIEW DUTY_NOT_FULFILLED'], ['EXITED', 'EXIT CHANNEL_TRADE'],
    ]);
    // contiguous intervals: each ends where the next begins; only the last is open
    const h = r.statusHistory;
    for (let i = 1; i < h.length; i++) expect(h[i - 1].to).toBe(h[i].from);
    expect(h.at(-1).to).toBeNull();
    expect(h[0].from).toMatch(/\+08:00$/);
  });

  test('is kept for cooperatives too', async ({ as, seed }) => {
    const c = await seed.cooperative();
    await as('MARKET_REGULATION').gql(RECORD, nonCompliance('COOPERATIVE', c.id, 'DIVIDEND_NOT_ENSURED'));
    expect((await as('COMMERCE').gql(COOP_HISTORY, { id: c.id })).data.cooperative.statusHistory).toMatchObject([
      { status: 'PENDING', cause: 'REGISTERED' }, { status: 'FILED', cause: 'APPROVED' }, { status: 'WARNED', cause: 'SERIOUS_WARNING DIVIDEND_NOT_ENSURED', to: null },
    ]);
  });
});

describe('monthlyReturn from status history (附件5 三(五))', () => {
  test('keeps an enterprise that exited in the months it was in the pilot, and only those', async ({ as, seed, db }) => {
    const exited = await seed.enterprise();
    const stays = await seed.enterprise();
    const later = await seed.enterprise();
    for (const e of [exited, stays, later]) {
      for (const p of ['2026-01', '2026-03', thisMonth]) expect((await as('COMMERCE').gql(REPORT, { input: { ...figures, enterpriseId: e.id, period: p } })).errors).toBeUndefined();
    }
    // fixture: the first two were filed in February 2026 (the factory files them today)
    await db.execute(sql`update party_status_history set from_at = '2026-02-01T00:00:00+08:00' where enterprise_id in (${exited.id}, ${stays.id}) and status = 'FILED'`);
    await db.execute(sql`update party_status_history set from_at = '2026-01-20T00:00:00+08:00', to_at = '2026-02-01T00:00:00+08:00' where enterprise_id in (${exited.id}, ${stays.id}) and status = 'PENDING'`);
    await as('MARKET_REGULATION').gql(RECORD, nonCompliance('ENTERPRISE', exited.id, 'CHANNEL_TRADE'));

    const ids = async (p: string) => (await as('COMMERCE').gql(RETURN, { p })).data.monthlyReturn.map((x: any) => x.enterprise.id);
    const march = await ids('2026-03');
    expect(march).toEqual(expect.arrayContaining([exited.id, stays.id]));
    expect(march).not.toContain(later.id); // filed only this month
    // the month of the exit: it was FILED until today
    expect(await ids(thisMonth)).toEqual(expect.arrayContaining([exited.id, stays.id, later.id]));
    // January 2026: the two were PENDING then, not in the pilot
    expect(await ids('2026-01')).not.toContain(exited.id);

    // the assessment of 2026 lists every enterprise filed during the year, the exited one too
    // (no target, no declarations, no ledger rows); 2025 lists none of them
    const ASSESS = `query($y: Int!) { enterpriseAssessments(year: $y) { enterprise { id } } }`;
    const assessed = async (y: number) => (await as('COMMERCE').gql(ASSESS, { y })).data.enterpriseAssessments.map((x: any) => x.enterprise.id);
    expect(await assessed(2026)).toEqual(expect.arrayContaining([exited.id, stays.id, later.id]));
    expect(await assessed(2025)).not.toContain(exited.id);
  });
});
