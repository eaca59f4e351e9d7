/** Issue 13 item 6: a due date in a year without calendar data is never a silent guess — the answer carries a warning on the field. */
import { sql } from 'drizzle-orm';
import { describe, expect, test } from '../../support/fixtures';

const SUBMIT_Q = `mutation($input: QuarterlyReportInput!) { submitQuarterlyReport(input: $input) { quarter dueDate } }`;
const q = (quarter: string) => ({ quarter, purchasedKg: 100, purchasedYuan: '800.00', soldKg: 100, soldYuan: '900.00' });

describe('due dates and the calendar', () => {
  test('no warning while the year has calendar data; a warning with the field path once it has none', async ({ as, seed, db }) => {
    const c = await seed.cooperative();
    const covered = await as('COOPERATIVE', c.id).gql(SUBMIT_Q, { input: q('2025-Q2') });
    expect(covered.data.submitQuarterlyReport.dueDate).toBe('2025-07-10');
    expect(covered.body.extensions?.warnings).toBeUndefined();

    // This file's database loses the 2025 calendar: the same due date is now a weekends-only guess.
    await db.execute(sql`delete from calendar_days where date between '2025-01-01' and '2025-12-31'`);
    const guessed = await as('COOPERATIVE', c.id).gql(SUBMIT_Q, { input: q('2025-Q2') });
    expect(guessed.data.submitQuarterlyReport.dueDate).toBe('2025-07-10');
    expect(guessed.body.extensions?.warnings).toEqual([{
      path: ['submitQuarterlyReport', 'dueDate'],
      message: expect.stringMatching(/^2025 年节假日数据缺失.*no calendar data for 2025.*setCalendarDays/s),
    }]);
  });
});
