import { describe, expect, it } from 'vitest';
import {
  decideAction, dormancyWindowStart, isDormant, isInLadderOrder, isReasonApplicable, rectificationFrom, type NonComplianceReason,
} from '../../../src/modules/market/rules';

describe('supervision ladder (SPEC §7; 附件3, 附件4)', () => {
  it.each([
    [0, 'WRITTEN_WARNING', 'WARNED', false],
    [1, 'SUSPENSION_AND_INTERVIEW', 'SUSPENDED', true],
    [2, 'EXIT', 'EXITED', true],
    [5, 'EXIT', 'EXITED', true],
  ] as const)('an enterprise with %i prior DUTY_NOT_FULFILLED actions gets %s (%s)', (prior, action, status, endsContracts) => {
    expect(decideAction('ENTERPRISE', 'DUTY_NOT_FULFILLED', prior)).toEqual({ action, status, dishonestList: false, endsContracts });
  });

  it.each(['CHANNEL_TRADE', 'IRREGULAR_ACCOUNTING_OR_TAX', 'OBSTRUCTING_SUPERVISION', 'TARGETS_MISSED', 'POOR_CREDIT'] as const)(
    'an enterprise exits directly for %s, even on its first action', (reason) => {
      expect(decideAction('ENTERPRISE', reason, 0)).toEqual({ action: 'EXIT', status: 'EXITED', dishonestList: false, endsContracts: true });
    });

  it.each([0, 1, 3])('a cooperative that does not ensure the dividend gets a serious warning (prior duty count %i is irrelevant)', (prior) => {
    expect(decideAction('COOPERATIVE', 'DIVIDEND_NOT_ENSURED', prior)).toEqual({ action: 'SERIOUS_WARNING', status: 'WARNED', dishonestList: false, endsContracts: false });
  });

  it('a cooperative that refuses rectification exits and goes onto the dishonest list', () => {
    expect(decideAction('COOPERATIVE', 'REFUSED_RECTIFICATION', 0)).toEqual({ action: 'EXIT', status: 'EXITED', dishonestList: true, endsContracts: true });
  });

  it.each(['CHANNEL_TRADE', 'NO_BUSINESS_FOR_A_YEAR', 'IRREGULAR_ACCOUNTING_OR_TAX'] as const)('a cooperative exits directly for %s, without a listing', (reason) => {
    expect(decideAction('COOPERATIVE', reason, 0)).toEqual({ action: 'EXIT', status: 'EXITED', dishonestList: false, endsContracts: true });
  });

  it.each([
    ['ENTERPRISE', 'DIVIDEND_NOT_ENSURED'], ['ENTERPRISE', 'REFUSED_RECTIFICATION'], ['ENTERPRISE', 'NO_BUSINESS_FOR_A_YEAR'],
    ['COOPERATIVE', 'DUTY_NOT_FULFILLED'], ['COOPERATIVE', 'OBSTRUCTING_SUPERVISION'], ['COOPERATIVE', 'TARGETS_MISSED'], ['COOPERATIVE', 'POOR_CREDIT'],
  ] as const)('%s: %s does not apply', (subjectType, reason) => {
    expect(isReasonApplicable(subjectType, reason as NonComplianceReason)).toBe(false);
    expect(decideAction(subjectType, reason as NonComplianceReason, 0)).toBeNull();
  });
});

describe('dormancy (SPEC §7: no declaration in the last 365 days)', () => {
  it.each([
    ['2025-03-01', '2024-03-02'], // 2024 is a leap year: 2024-03-02 … 2025-03-01 are 365 dates
    ['2025-12-31', '2025-01-01'],
    ['2026-01-01', '2025-01-02'],
  ])('the window ending %s starts %s', (today, start) => expect(dormancyWindowStart(today)).toBe(start));

  it.each([
    [null, '2025-03-01', true],
    ['2025-03-01', '2025-03-01', false],
    ['2024-03-02', '2025-03-01', false],
    ['2024-03-01', '2025-03-01', true],
  ] as const)('last declaration %s, today %s, approved long before: dormant is %s', (last, today, want) => expect(isDormant(last, '2020-01-01', today)).toBe(want));
});

describe('dormancy counts from the later of approval and last declaration (SPEC §14)', () => {
  it.each([
    // approved      last declaration  today         dormant
    ['2025-03-01', null, '2025-03-01', false], // a new cooperative is not dormant on its first day
    ['2024-03-02', null, '2025-03-01', false], // day 365 counting the approval day as day 1
    ['2024-03-01', null, '2025-03-01', true], //  day 366
    ['2024-03-01', '2024-03-02', '2025-03-01', false], // the declaration is later and inside the window
    ['2024-03-02', '2024-03-01', '2025-03-01', false], // the approval is later and inside the window
    ['2023-01-01', '2024-03-01', '2025-03-01', true],
    [null, null, '2025-03-01', true],
  ] as const)('approved %s, last declared %s, today %s: dormant is %s', (approved, last, today, want) => {
    expect(isDormant(last, approved, today)).toBe(want);
  });
});

describe('ladder order (SPEC §14: REFUSED_RECTIFICATION needs an open SERIOUS_WARNING)', () => {
  it.each([
    ['REFUSED_RECTIFICATION', 'SERIOUS_WARNING', true],
    ['REFUSED_RECTIFICATION', null, false],
    ['REFUSED_RECTIFICATION', 'RECTIFIED', false], // the warning was rectified since
    ['DIVIDEND_NOT_ENSURED', null, true],
    ['CHANNEL_TRADE', null, true],
  ] as const)('%s after %s is in order: %s', (reason, last, want) => expect(isInLadderOrder(reason, last)).toBe(want));

  it.each([
    ['WARNED', 'OK'], ['SUSPENDED', 'OK'], ['EXITED', 'EXIT_FINAL'], ['FILED', 'NOTHING_TO_RECTIFY'], ['PENDING', 'NOTHING_TO_RECTIFY'],
  ] as const)('a rectification from %s: %s', (status, want) => expect(rectificationFrom(status)).toBe(want));
});
