import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HOLIDAYS_FILE, parseHolidaysMarkdown } from '../../../src/modules/ledger/calendar';
import {
  aboveDeclared, calendarOf, differs, discrepancies, isReportLate, isWorkingDay, lossRate, meetsThreshold, PERIOD_RE, periodRange,
  QUARTER_RE, reportDueDate, valueAddRate,
} from '../../../src/modules/ledger/rules';
import { addDays } from '../../../src/shared/time';

describe('valueAddRate (SPEC §7: (output − consumed) ÷ consumed, half-up to 4 places)', () => {
  it.each([
    ['120.00', '100.00', 0.2],
    ['100.00', '100.00', 0],
    ['80.00', '100.00', -0.2],
    ['5.00', '0.00', null],
    ['0.00', '0.00', null],
    // 1.23455 → 1.2346 and 1.23454 → 1.2345: the 5th decimal decides, half-up
    ['223.455', '100', 1.2346],
    ['223.454', '100', 1.2345],
    // −0.00005 rounds half away from zero to −0.0001 (decimal.js ROUND_HALF_UP)
    ['99.995', '100', -0.0001],
    ['1000000000.01', '3.00', 333333332.3367],
    ['119.99', '100.00', 0.1999],
  ])('valueAddRate(%s, %s) is %s', (out, used, want) => expect(valueAddRate(out, used)).toBe(want));

  it('does not suffer float error where JS arithmetic would (0.1 + 0.2 style amounts)', () => {
    // (0.3 − 0.1) / 0.1 in floats is 1.9999999999999998
    expect(valueAddRate('0.30', '0.10')).toBe(2);
  });
});

describe('lossRate (SPEC §7: LOSS kg ÷ RAW_IN kg)', () => {
  it.each([
    ['2.000', '100.000', 0.02],
    ['0.000', '100.000', 0],
    ['3.000', '0.000', null],
    ['1.000', '3.000', 0.3333],
    ['2.000', '3.000', 0.6667],
    ['0.012345', '1', 0.0123],
    ['0.01235', '1', 0.0124],
  ])('lossRate(%s, %s) is %s', (loss, rawIn, want) => expect(lossRate(loss, rawIn)).toBe(want));
});

describe('meetsThreshold and aboveDeclared', () => {
  it.each([
    [0.2, '0.2', true],
    [0.2, null, true],
    [0.1999, null, false],
    [0.2001, '0.2', true],
    [0.25, '0.3', false],
    [0.3, '0.3000', true],
    [null, '0.2', null],
    [-0.5, '0', false],
  ])('rate %s against threshold %s meets: %s', (rate, threshold, want) => expect(meetsThreshold(rate, threshold)).toBe(want));

  it.each([
    [0.03, '0.02', true],
    [0.02, '0.0200', false],
    [0.0199, '0.02', false],
    [null, '0.02', null],
    [0.05, null, null],
  ])('loss rate %s against declared %s is above: %s', (rate, declared, want) => expect(aboveDeclared(rate, declared)).toBe(want));
});

const reference = calendarOf(parseHolidaysMarkdown(readFileSync(HOLIDAYS_FILE, 'utf8')));

describe('report due dates (SPEC §7; worked examples of reference/holidays-cn.md)', () => {
  it.each([
    // the reference's worked examples
    ['2025-04', '2025-05-12'],
    ['2025-05', '2025-06-11'],
    ['2025-09', '2025-10-10'],
    ['2026-04', '2026-05-11'],
    // our own: an ordinary weekday 10th
    ['2025-02', '2025-03-10'],
    // 2025-12 → 2026-01-10 is a Saturday, 01-11 Sunday → Monday 12th
    ['2025-12', '2026-01-12'],
    // 2026-01 → 2026-02-10 Tuesday, before the Spring Festival break
    ['2026-01', '2026-02-10'],
    // 2026-09 → 10-10 is a Saturday but a make-up working day (国庆调休)
    ['2026-09', '2026-10-10'],
    // 2025-01 → 02-10 Monday (the break ended 02-04)
    ['2025-01', '2025-02-10'],
    // 2025-07 → 08-10 Sunday → 08-11
    ['2025-07', '2025-08-11'],
    // 2025-03 → 04-10 Thursday (清明 04-04…06 is before)
    ['2025-03', '2025-04-10'],
    // a period beyond the published calendar falls back to weekends only: 2027-06 → 07-10 Saturday → 07-12
    ['2027-06', '2027-07-12'],
  ])('a report for %s is due on %s', (period, due) => expect(reportDueDate(period, reference)).toBe(due));

  it('moves past a holiday added later, e.g. a Xinjiang festival day', () => {
    const base = calendarOf([]);
    expect(reportDueDate('2026-02', base)).toBe('2026-03-10');
    const withFestival = calendarOf([{ date: '2026-03-10', kind: 'HOLIDAY' }, { date: '2026-03-11', kind: 'HOLIDAY' }]);
    expect(reportDueDate('2026-02', withFestival)).toBe('2026-03-12');
  });

  it('a listed make-up Saturday is a working day, an unlisted one is not', () => {
    expect(isWorkingDay('2025-09-28', reference)).toBe(true);
    expect(isWorkingDay('2025-09-27', reference)).toBe(false);
    expect(isWorkingDay('2025-10-08', reference)).toBe(false);
    expect(isWorkingDay('2025-10-09', reference)).toBe(true);
  });
});

describe('isLate (SPEC §7)', () => {
  it.each([
    ['2025-05-12', '2025-05-12', '2025-06-30', false],
    ['2025-05-12', '2025-05-13', '2025-06-30', true],
    ['2025-05-12', null, '2025-05-12', false],
    ['2025-05-12', null, '2025-05-13', true],
    ['2025-05-12', '2025-05-01', '2025-05-01', false],
  ])('due %s, submitted %s, today %s: late %s', (due, submitted, today, want) => expect(isReportLate(due, submitted, today)).toBe(want));
});

describe('discrepancies (figures differing from the ledger by more than 0.5%)', () => {
  it.each([
    ['100.50', '100.00', false],
    ['100.51', '100.00', true],
    ['99.50', '100.00', false],
    ['99.49', '100.00', true],
    ['0.00', '0.00', false],
    ['0.01', '0.00', true],
    ['0.000', '5.000', true],
  ])('reported %s vs ledger %s differs: %s', (r, l, want) => expect(differs(r, l)).toBe(want));

  it('lists only the differing fields, with both figures', () => {
    expect(discrepancies([['rawPurchasedYuan', '100.00', '100.00'], ['lossKg', '3.000', '2.000']]))
      .toEqual([{ field: 'lossKg', reported: '3.000', ledger: '2.000' }]);
  });
});

describe('calendar reference data', () => {
  const days = parseHolidaysMarkdown(readFileSync(HOLIDAYS_FILE, 'utf8'));

  it('expands ranges and comma lists of the reference tables', () => {
    const map = new Map(days.map((x) => [x.date, x]));
    expect(map.get('2025-01-29')).toEqual({ date: '2025-01-29', kind: 'HOLIDAY', name: '春节' });
    expect(map.get('2025-02-08')?.kind).toBe('MAKEUP_WORKDAY');
    expect(map.get('2025-06-08')?.name).toBe('古尔邦节 (Xinjiang)');
    expect(days.filter((x) => x.date.startsWith('2025-10-') && x.kind === 'HOLIDAY')).toHaveLength(8);
    expect(new Set(days.map((x) => x.date)).size).toBe(days.length);
  });

  it('the shipped copy is the shared reference file', () => {
    const shared = '/work/shared/reference/holidays-cn.md';
    if (!existsSync(shared)) return;
    expect(readFileSync(HOLIDAYS_FILE, 'utf8')).toBe(readFileSync(shared, 'utf8'));
  });

  it('periodRange gives the inclusive first and last day', () => {
    expect(periodRange('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(periodRange('2025-12')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
  });
});

describe('period and quarter formats (SPEC §3 Period = YYYY-MM)', () => {
  it.each([
    ['2025-01', true], ['2025-09', true], ['2025-10', true], ['2025-12', true],
    ['2025-00', false], ['2025-13', false], ['2025-1', false], ['2025-0a', false], ['2025-1a', false], ['202-01', false],
    ['abcd-01', false], ['x2025-01', false], ['2025-01x', false], ['2025-01-01', false], ['12025-01', false],
  ])('%j is a period: %s', (p, ok) => expect(PERIOD_RE.test(p)).toBe(ok));

  it.each([
    ['2025-Q1', true], ['2025-Q4', true], ['2025-Q0', false], ['2025-Q5', false], ['2025-Qa', false], ['2025-q1', false],
    ['25-Q1', false], ['abcd-Q1', false], ['x2025-Q1', false], ['2025-Q1x', false], ['2025-Q12', false],
  ])('%j is a quarter: %s', (q, ok) => expect(QUARTER_RE.test(q)).toBe(ok));
});

describe('the due-date search is bounded (60 days)', () => {
  it('stops on a calendar with no working day for 100 days after the 10th', () => {
    const days = Array.from({ length: 100 }, (_, i) => ({ date: addDays('2026-03-10', i), kind: 'HOLIDAY' as const }));
    const due = reportDueDate('2026-02', calendarOf(days));
    expect(due >= '2026-03-10' && due <= addDays('2026-03-10', 60)).toBe(true);
  });
});
