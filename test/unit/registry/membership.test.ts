/** Membership dates (SPEC §14): [joinedOn, leftOn), Beijing dates, leftOn the first day NOT a member. */
import { describe, expect, it } from 'vitest';
import { memberOn, spanCovers } from '../../../src/modules/registry/rules';

const span = (joinedOn: string, leftOn: string | null, cooperativeId = 'A') => ({ cooperativeId, joinedOn, leftOn });

describe('spanCovers', () => {
  it.each([
    ['2025-03-01', '2025-06-01', '2025-02-28', false],
    ['2025-03-01', '2025-06-01', '2025-03-01', true],
    ['2025-03-01', '2025-06-01', '2025-05-31', true],
    ['2025-03-01', '2025-06-01', '2025-06-01', false],
    ['2025-03-01', null, '2099-12-31', true],
    ['2025-03-01', null, '2025-02-28', false],
  ] as const)('[%s, %s) covers %s: %s', (joinedOn, leftOn, day, want) => {
    expect(spanCovers({ joinedOn, leftOn }, day)).toBe(want);
  });
});

describe('memberOn', () => {
  const history = [span('2025-01-01', '2025-07-01', 'A'), span('2025-07-01', null, 'B')];
  it.each([
    ['A', '2025-06-30', true],
    ['A', '2025-07-01', false],
    ['B', '2025-06-30', false],
    ['B', '2025-07-01', true],
    ['C', '2025-07-01', false],
  ] as const)('member of %s on %s: %s', (coop, day, want) => {
    expect(memberOn(history, coop, day)).toBe(want);
  });
  it('no memberships: never a member', () => expect(memberOn([], 'A', '2025-01-01')).toBe(false));
});

