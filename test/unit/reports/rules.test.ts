import { describe, expect, it } from 'vitest';
import { assessmentCompleted, landingProcessingRatio } from '../../../src/modules/reports/rules';

// valueAddRate, lossRate, reportDueDate, isLate: test/unit/ledger/rules.test.ts; monthsElapsed and
// projectedAnnual: test/unit/quota/rules.test.ts. Reports import those functions.

describe('report formulas (SPEC §7)', () => {
  it.each([['2300', '3000', 0.7667], ['0', '5', 0], ['1', '0', null]])('landingProcessingRatio(%s, %s) is %s', (a, b, want) => expect(landingProcessingRatio(a, b)).toBe(want));

  it.each([
    [{ importTradeTargetYuan: '100', valueAddRateTarget: '0.2', actualImportTradeYuan: '100', outputYuan: '1200', consumedYuan: '1000' }, true],
    [{ importTradeTargetYuan: '100', valueAddRateTarget: '0.2', actualImportTradeYuan: '99.99', outputYuan: '1200', consumedYuan: '1000' }, false],
    // 0.19996 is published as 0.2000 and meets 0.2, as meetsValueAddThreshold does; 0.19994 → 0.1999 does not.
    [{ importTradeTargetYuan: '100', valueAddRateTarget: '0.2', actualImportTradeYuan: '100', outputYuan: '1199.96', consumedYuan: '1000' }, true],
    [{ importTradeTargetYuan: '100', valueAddRateTarget: '0.2', actualImportTradeYuan: '100', outputYuan: '1199.94', consumedYuan: '1000' }, false],
    [{ importTradeTargetYuan: '100', valueAddRateTarget: '0.2', actualImportTradeYuan: '100', outputYuan: '0', consumedYuan: '0' }, false],
    [{ importTradeTargetYuan: null, valueAddRateTarget: null, actualImportTradeYuan: '100', outputYuan: '1200', consumedYuan: '1000' }, false],
    // a target that was never set cannot be met, even when the other one is
    [{ importTradeTargetYuan: null, valueAddRateTarget: '0.2', actualImportTradeYuan: '100', outputYuan: '1200', consumedYuan: '1000' }, false],
    [{ importTradeTargetYuan: '100', valueAddRateTarget: null, actualImportTradeYuan: '100', outputYuan: '1200', consumedYuan: '1000' }, false],
  ])('assessmentCompleted(%o) is %s', (a, want) => expect(assessmentCompleted(a)).toBe(want));
});
