import { describe, expect, it } from 'vitest';
import { D } from '../../../src/shared/decimal';
import { consumption, monthsElapsed, monthsElapsedFraction, projectedAnnual } from '../../../src/modules/quota/rules';

describe('monthsElapsed (SPEC §7)', () => {
  it.each([
    [2025, '2025-01-01', 0.0323], // 0 + 1/31
    [2025, '2025-01-31', 1],
    [2025, '2025-02-14', 1.5], // 1 + 14/28
    [2024, '2024-02-14', 1.4828], // leap year: 1 + 14/29
    [2025, '2025-06-15', 5.5],
    [2025, '2025-12-31', 12],
    [2025, '2026-01-01', 12], // past the year
    [2025, '2024-12-31', 0], // before the year
  ])('for %i as of %s is %s', (year, asOf, want) => expect(monthsElapsed(year, asOf)).toBe(want));
});

describe('projectedAnnual = consumed ÷ monthsElapsed × 12, exact', () => {
  it.each([
    ['8000.00', 2025, '2025-06-15', '17454.55'],
    ['100.00', 2025, '2025-01-01', '37200.00'], // 100 × 12 × 31 ÷ 1
    ['100.00', 2025, '2025-01-03', '12400.00'],
    ['10000.00', 2025, '2025-10-31', '12000.00'],
    ['8000.00', 2025, '2025-12-31', '8000.00'],
    ['8000.00', 2025, '2024-06-01', '0.00'],
  ])('%s in %i as of %s projects %s', (c, y, a, want) => expect(projectedAnnual(c, monthsElapsedFraction(y, a)).toFixed(2)).toBe(want));
});

describe('consumption and the warning (方案 二(六))', () => {
  const plan = { scaleYuan: '10000.00', warningRatio: '0.8' };
  const mid = monthsElapsedFraction(2025, '2025-06-15');
  const end = monthsElapsedFraction(2025, '2025-12-31');
  it.each([
    ['7999.99', mid, 0.8, false, '2000.01'], // ratio rounds to 0.8 but is below it
    ['8000.00', mid, 0.8, true, '2000.00'],
    ['8000.01', mid, 0.8, true, '1999.99'],
    ['8000.00', end, 0.8, false, '2000.00'], // projection 8,000 ≤ plan
    ['10000.01', end, 1, true, '-0.01'], // over plan at year end
    ['0.00', mid, 0, false, '10000.00'],
  ] as const)('%s yuan: ratio %s, warning %s, remaining %s', (c, f, ratio, warning, remaining) => {
    const r = consumption(c, f, plan);
    expect([r.consumptionRatio, r.warning, r.remainingYuan?.toFixed(2)]).toEqual([ratio, warning, remaining]);
  });

  it('has null ratio and remaining and no warning without a plan', () => {
    const r = consumption('9999999.00', mid, null);
    expect([r.consumptionRatio, r.remainingYuan, r.warning, r.projectedAnnualYuan.toFixed(2)]).toEqual([null, null, false, new D('9999999').times(12).div(5.5).toFixed(2)]);
  });

  it('gives no warning before the year starts, whatever is counted (SPEC §7)', () => {
    const before = monthsElapsedFraction(2025, '2024-12-31');
    expect(consumption('9000.00', before, plan).warning).toBe(false);
    expect(consumption('9000.00', before, plan).projectedAnnualYuan.toFixed(2)).toBe('0.00');
  });

  it('projects exactly even beyond 20 significant digits (money is exact, SPEC §3)', () => {
    // 9,999,999,999,999,999.99 × 12 × 31 ÷ 1 = 3,720,000,000,000,000,000 − 3.72 = 3,719,999,999,999,999,996.28
    expect(projectedAnnual('9999999999999999.99', monthsElapsedFraction(2025, '2025-01-01')).toFixed(2)).toBe('3719999999999999996.28');
  });

  it('has a null ratio and no warning for a zero plan', () => {
    expect(consumption('1.00', mid, { scaleYuan: '0', warningRatio: '0.8' })).toMatchObject({ consumptionRatio: null, warning: false });
  });
});
