import { sql } from 'drizzle-orm';
import { describe, expect, test } from '../../support/fixtures';
import { codeOf, reasonOf } from '../../support/hub';
import { beijingToday } from '../../../src/shared/time';

/** SPEC §15: quarterly and annual reports are due on the 10th of the month after their period, moved like monthly reports. */
const SUBMIT_Q = `mutation($input: QuarterlyReportInput!) { submitQuarterlyReport(input: $input) { quarter dueDate isLate } }`;
const SUBMIT_A = `mutation($input: AnnualReportInput!) { submitAnnualReport(input: $input) {
  id year dueDate isLate rawPurchasedYuan salesYuan lossKg submittedAt revisedAt enterprise { id } } }`;
const CAL = `mutation($input: [CalendarDayInput!]!) { setCalendarDays(input: $input) { date } }`;
const q = (quarter: string) => ({ quarter, purchasedKg: 100, purchasedYuan: '800.00', soldKg: 100, soldYuan: '900.00' });
const annual = (year: number, over: Record<string, unknown> = {}) => ({
  year, rawPurchasedKg: 12000, rawPurchasedYuan: '96000.00', rawConsumedKg: 9000, rawConsumedYuan: '72000.00',
  productOutputKg: 3600, productOutputYuan: '90000.00', salesKg: 1320, salesYuan: '30961.20', inventoryKg: 3000, lossKg: 300, ...over,
});
const today = beijingToday();
const thisQuarter = `${today.slice(0, 4)}-Q${Math.ceil(Number(today.slice(5, 7)) / 3)}`;

describe('quarterly report due dates (附件5 三(二), 附件4 三)', () => {
  test('a quarter is due on the 10th of the next month, moved past holidays and weekends, kept on a make-up working day', async ({ as, seed }) => {
    const c = await seed.cooperative();
    // 2025-Q2: 10 and 11 July made holidays, 12–13 July a weekend → Monday 14 July
    expect((await as('COMMERCE').gql(CAL, { input: [{ date: '2025-07-10', kind: 'HOLIDAY', name: '测试' }, { date: '2025-07-11', kind: 'HOLIDAY', name: '测试' }] })).errors).toBeUndefined();
    expect((await as('COOPERATIVE', c.id).gql(SUBMIT_Q, { input: q('2025-Q2') })).data.submitQuarterlyReport).toEqual({ quarter: '2025-Q2', dueDate: '2025-07-14', isLate: true });
    // 2025-Q1: Thursday 10 April is a working day
    expect((await as('COOPERATIVE', c.id).gql(SUBMIT_Q, { input: q('2025-Q1') })).data.submitQuarterlyReport).toMatchObject({ dueDate: '2025-04-10' });
    // 2025-Q4: Saturday 10 January 2026 → Monday 12 January
    expect((await as('COOPERATIVE', c.id).gql(SUBMIT_Q, { input: q('2025-Q4') })).data.submitQuarterlyReport).toMatchObject({ dueDate: '2026-01-12' });
    // 2026-Q3: Saturday 10 October 2026 is a 国庆调休 working day → due that Saturday
    expect((await as('COOPERATIVE', c.id).gql(SUBMIT_Q, { input: q('2026-Q3') })).data.submitQuarterlyReport).toMatchObject({ dueDate: '2026-10-10' });
  });

  test('a report of the running quarter is on time; an enterprise\'s quarter follows the same rule', async ({ as, seed }) => {
    const e = await seed.enterprise();
    const r = (await as('ENTERPRISE', e.id).gql(SUBMIT_Q, { input: q(thisQuarter) })).data.submitQuarterlyReport;
    expect(r.isLate).toBe(false);
    expect(r.dueDate > today).toBe(true);
    // 2025-Q3: Friday 10 October 2025, the first working day after 国庆
    expect((await as('ENTERPRISE', e.id).gql(SUBMIT_Q, { input: q('2025-Q3') })).data.submitQuarterlyReport).toMatchObject({ dueDate: '2025-10-10', isLate: true });
  });
});

describe('submitAnnualReport (每年年初报送)', () => {
  test('stores a year\'s figures, due 10 January moved to the next working day; resubmission revises', async ({ as, seed }) => {
    const e = await seed.enterprise();
    const first = (await as('ENTERPRISE', e.id).gql(SUBMIT_A, { input: annual(2025) })).data.submitAnnualReport;
    // Saturday 10 January 2026 → Monday 12 January; submitted long after → late
    expect(first).toMatchObject({ year: 2025, dueDate: '2026-01-12', isLate: true, rawPurchasedYuan: '96000.00', salesYuan: '30961.20', lossKg: 300, revisedAt: null, enterprise: { id: e.id } });
    const second = (await as('COMMERCE').gql(SUBMIT_A, { input: { ...annual(2025, { salesYuan: '31000.00' }), enterpriseId: e.id } })).data.submitAnnualReport;
    expect([second.id, second.submittedAt, second.salesYuan]).toEqual([first.id, first.submittedAt, '31000.00']);
    expect(second.revisedAt).not.toBeNull();
    const running = Number(today.slice(0, 4));
    expect((await as('ENTERPRISE', e.id).gql(SUBMIT_A, { input: annual(running) })).data.submitAnnualReport).toMatchObject({ isLate: false });
  });

  test('refuses years not begun, negative figures and other agencies', async ({ as, seed }) => {
    const e = await seed.enterprise();
    const next = Number(today.slice(0, 4)) + 1;
    expect(reasonOf(await as('ENTERPRISE', e.id).gql(SUBMIT_A, { input: annual(next) }))).toBe('INVALID_VALUE');
    expect(reasonOf(await as('ENTERPRISE', e.id).gql(SUBMIT_A, { input: annual(2025, { lossKg: -1 }) }))).toBe('NEGATIVE_AMOUNT');
    expect(codeOf(await as('TAX').gql(SUBMIT_A, { input: { ...annual(2025), enterpriseId: e.id } }))).toBe('FORBIDDEN');
    const other = await seed.enterprise();
    const r = await as('ENTERPRISE', other.id).gql(SUBMIT_A, { input: annual(2025) });
    expect(r.data.submitAnnualReport.enterprise.id).toBe(other.id);
  });
});

describe('missingReports (issue 13: overdue reports for commerce)', () => {
  const MISSING = `query($p: Period!) { missingReports(period: $p) { kind period dueDate enterprise { id } cooperative { id } } }`;
  const REPORT = `mutation($input: MonthlyReportInput!) { submitMonthlyReport(input: $input) { period } }`;
  const RECORD = `mutation($input: NonComplianceInput!) { recordNonCompliance(input: $input) { action } }`;
  const backdate = (db: any, id: string) => db.execute(sql`update party_status_history set from_at = '2026-07-01T00:00:00+08:00', to_at = case when status = 'PENDING' then '2026-08-01T00:00:00+08:00'::timestamptz else to_at end
    where (enterprise_id = ${id} or cooperative_id = ${id}) and status in ('PENDING', 'FILED')`)
    .then(() => db.execute(sql`update party_status_history set from_at = '2026-08-01T00:00:00+08:00' where (enterprise_id = ${id} or cooperative_id = ${id}) and status = 'FILED'`));

  test('lists who was in the pilot during the month and has not reported after the due date', async ({ as, seed, db }) => {
    const [reported, silent, exited, newcomer] = [await seed.enterprise(), await seed.enterprise(), await seed.enterprise(), await seed.enterprise()];
    const [coopSilent, coopReported] = [await seed.cooperative(), await seed.cooperative()];
    for (const x of [reported, silent, exited, coopSilent, coopReported]) await backdate(db, x.id);
    await as('COMMERCE').gql(REPORT, { input: { ...annual(0), year: undefined, period: '2026-09', enterpriseId: reported.id } });
    await as('COOPERATIVE', coopReported.id).gql(SUBMIT_Q, { input: q('2026-Q3') });
    await as('MARKET_REGULATION').gql(RECORD, { input: { subjectType: 'ENTERPRISE', subjectId: exited.id, reason: 'CHANNEL_TRADE', decidedOn: today } });

    const rows = (await as('COMMERCE').gql(MISSING, { p: '2026-09' })).data.missingReports;
    const key = (r: any) => `${r.kind} ${r.period} ${r.dueDate} ${r.enterprise?.id ?? r.cooperative.id}`;
    const keys = rows.map(key);
    // 2026-09 and 2026-Q3 are both due Saturday 10 October 2026 (国庆调休 working day)
    expect(keys).toEqual(expect.arrayContaining([
      `MONTHLY 2026-09 2026-10-10 ${silent.id}`, `MONTHLY 2026-09 2026-10-10 ${exited.id}`,
      `QUARTERLY 2026-Q3 2026-10-10 ${reported.id}`, `QUARTERLY 2026-Q3 2026-10-10 ${silent.id}`, `QUARTERLY 2026-Q3 2026-10-10 ${exited.id}`,
      `QUARTERLY 2026-Q3 2026-10-10 ${coopSilent.id}`,
    ]));
    for (const no of [`MONTHLY 2026-09 2026-10-10 ${reported.id}`, `QUARTERLY 2026-Q3 2026-10-10 ${coopReported.id}`]) expect(keys).not.toContain(no);
    expect(keys.some((k: string) => k.endsWith(newcomer.id))).toBe(false); // filed after the month
    expect((await as('PREFECTURE_COMMERCE').gql(MISSING, { p: '2026-09' })).data.missingReports).toHaveLength(rows.length);
    expect(codeOf(await as('TAX').gql(MISSING, { p: '2026-09' }))).toBe('FORBIDDEN');
    // the running month is not due yet
    expect((await as('COMMERCE').gql(MISSING, { p: today.slice(0, 7) })).data.missingReports).toEqual([]);
  });
});
