/** Beijing-time bucketing (SPEC §3). */
import { describe, expect, it } from 'vitest';
import { addDays, beijingDate, beijingDayStart, beijingPeriod, beijingToday, daysInMonth, isoWeekday, isValidDate } from '../../../src/shared/time';

describe('Beijing time', () => {
  it('puts 23:00 and 01:00 Beijing of the same UTC day on different Beijing dates', () => {
    // Both instants are on 2025-03-01 in UTC.
    const late = new Date('2025-03-01T15:00:00Z'); // 23:00 Beijing, 1 March
    const early = new Date('2025-03-01T17:00:00Z'); // 01:00 Beijing, 2 March
    expect(late.toISOString().slice(0, 10)).toBe(early.toISOString().slice(0, 10));
    expect(beijingDate(late)).toBe('2025-03-01');
    expect(beijingDate(early)).toBe('2025-03-02');
  });

  it.each([
    ['2025-01-31T15:59:59.999Z', '2025-01-31', '2025-01'],
    ['2025-01-31T16:00:00.000Z', '2025-02-01', '2025-02'],
    ['2024-12-31T16:00:00.000Z', '2025-01-01', '2025-01'],
  ])('%s is Beijing date %s, period %s', (iso, date, period) => {
    expect(beijingDate(new Date(iso))).toBe(date);
    expect(beijingPeriod(new Date(iso))).toBe(period);
  });

  it('starts a Beijing day at 16:00 UTC of the day before', () => {
    expect(beijingDayStart('2025-03-01').toISOString()).toBe('2025-02-28T16:00:00.000Z');
    expect(beijingToday(new Date('2025-02-28T16:00:00Z'))).toBe('2025-03-01');
  });

  it('knows calendar facts', () => {
    expect(isValidDate('2024-02-29')).toBe(true);
    expect(isValidDate('2025-02-29')).toBe(false);
    expect(isValidDate('2025-2-1')).toBe(false);
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2025, 2)).toBe(28);
    expect(isoWeekday('2025-03-02')).toBe(7); // a Sunday
    expect(isoWeekday('2025-03-03')).toBe(1);
  });
});
