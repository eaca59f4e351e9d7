import { describe, expect, it } from 'vitest';
import { calendarWarnings } from '../../../src/modules/ledger/rules';

/** Issue 13: the calendar must not end silently with the data it ships. */
describe('calendarWarnings', () => {
  it('says nothing while this year has data, before 1 December', () => {
    expect(calendarWarnings([2025, 2026], '2026-11-30')).toEqual([]);
  });
  it('warns from 1 December when next year has no data, and not once it has', () => {
    const w = calendarWarnings([2025, 2026], '2026-12-01');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/^2027 年节假日数据尚未录入.* \/ the 2027 calendar is missing/);
    expect(calendarWarnings([2026, 2027], '2026-12-31')).toEqual([]);
  });
  it('warns that due dates fall back to weekends in a year without data', () => {
    expect(calendarWarnings([2025, 2026], '2027-03-01')).toEqual([expect.stringMatching(/^2027 年节假日数据缺失.*weekends only$/)]);
  });
});
