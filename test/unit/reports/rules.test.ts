import { describe, expect, it } from 'vitest';
import { assessmentCompleted, isLate, landingProcessingRatio, lossRate, monthsElapsed, projectedAnnual, reportDueDate, valueAddRate } from '../../../src/modules/reports/rules';

describe('report formulas (SPEC §7)', () => {
  it.each([
    ['120.00', '100.00', 0.2], ['100.00', '100.00', 0], ['5.00', '0.00', null], ['1000.00', '3000.00', -0.6667], ['100.005', '100', 0.0001],
  ])('valueAddRate(%s, %s) is %s', (out, used, want) => expect(valueAddRate(out, used)).toBe(want));

  it.each([['2', '100', 0.02], ['1', '3', 0.3333], ['0', '0', null]])('lossRate(%s, %s) is %s', (l, i, want) => expect(lossRate(l, i)).toBe(want));
  it.each([['2300', '3000', 0.7667], ['0', '5', 0], ['1', '0', null]])('landingProcessingRatio(%s, %s) is %s', (a, b, want) => expect(landingProcessingRatio(a, b)).toBe(want));

  it.each([
    [{ importTradeTargetYuan: '100', valueAddRateTarget: '0.2', actualImportTradeYuan: '100', outputYuan: '1200', consumedYuan: '1000' }, true],
    [{ importTradeTargetYuan: '100', valueAddRateTarget: '0.2', actualImportTradeYuan: '99.99', outputYuan: '1200', consumedYuan: '1000' }, false],
    [{ importTradeTargetYuan: '100', valueAddRateTarget: '0.2', actualImportTradeYuan: '100', outputYuan: '1199.96', consumedYuan: '1000' }, false],
    [{ importTradeTargetYuan: '100', valueAddRateTarget: '0.2', actualImportTradeYuan: '100', outputYuan: '0', consumedYuan: '0' }, false],
    [{ importTradeTargetYuan: null, valueAddRateTarget: null, actualImportTradeYuan: '100', outputYuan: '1200', consumedYuan: '1000' }, false],
  ])('assessmentCompleted(%o) is %s', (a, want) => expect(assessmentCompleted(a)).toBe(want));
});

describe('report due date (附件5 三(二), reference/holidays-cn.md)', () => {
  const cal2025 = new Map<string, 'HOLIDAY' | 'MAKEUP_WORKDAY'>([
    ...['2025-06-06', '2025-06-07', '2025-06-08', '2025-06-09', '2025-06-10'].map((d) => [d, 'HOLIDAY'] as [string, 'HOLIDAY']),
    ['2025-10-11', 'MAKEUP_WORKDAY'],
  ]);
  it.each([['2025-04', '2025-05-12'], ['2025-05', '2025-06-11'], ['2025-09', '2025-10-10'], ['2025-12', '2026-01-12']])(
    'the report for %s is due %s', (p, want) => expect(reportDueDate(p, cal2025)).toBe(want));
  it('counts a make-up working day as a working day', () => {
    expect(reportDueDate('2025-09', new Map([['2025-10-10', 'HOLIDAY'], ['2025-10-11', 'MAKEUP_WORKDAY']]))).toBe('2025-10-11');
  });
  it.each([
    ['2025-05-12', '2025-05-12', '2025-06-01', false], ['2025-05-12', '2025-05-13', '2025-06-01', true],
    ['2025-05-12', null, '2025-05-12', false], ['2025-05-12', null, '2025-05-13', true],
  ])('due %s, submitted %s, today %s → late %s', (due, sub, today, want) => expect(isLate(due, sub, today)).toBe(want));
});

describe('quota pace (SPEC §7)', () => {
  it.each([[2025, '2024-12-31', 0], [2025, '2026-01-01', 12], [2025, '2025-01-31', 1], [2025, '2025-03-15', 2 + 15 / 31]])(
    'monthsElapsed(%s, %s) is %s', (y, d, want) => expect(monthsElapsed(y, d)).toBeCloseTo(want, 10));
  it('projects consumption to the year end', () => expect(projectedAnnual('600000000.00', 6)).toBe('1200000000.00'));
});
