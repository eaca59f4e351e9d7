import { describe, expect, it } from 'vitest';
import { allowanceKey, isPilotCommodity, negativeListHit, transition, withinAllowance } from '../../../src/modules/customs';

const NEG = ['12011000', '12060010', '24', '2203', '4001', '44', '31', '3808'].map((hsPrefix) => ({ hsPrefix, effectiveFrom: '2025-01-01', effectiveTo: null }));
const PILOT = ['120190', '1206', '080211', '080620'].map((hsPrefix) => ({ hsPrefix, effectiveFrom: '2025-01-01', effectiveTo: null }));

describe('negative list', () => {
  it.each([
    ['12060010', true], ['12060090', false], ['120600', true], ['24011000', true], ['22030000', true], ['22020000', false],
    ['44031100', true], ['31010000', true], ['38089100', true], ['40011000', true], ['08062000', false],
  ])('%s on the list: %s', (code, hit) => expect(negativeListHit(code, NEG, '2025-06-01') != null).toBe(hit));

  it('applies an entry only from its effective date', () => {
    const later = [{ hsPrefix: '0806', effectiveFrom: '2026-01-01', effectiveTo: null }];
    expect(negativeListHit('08062000', later, '2025-12-31')).toBeNull();
    expect(negativeListHit('08062000', later, '2026-01-01')).not.toBeNull();
  });
});

describe('pilot commodities', () => {
  it.each([['12019020', true], ['12011000', false], ['12060090', true], ['08021100', true], ['08022100', false], ['08062000', true]])(
    '%s is a pilot commodity: %s', (code, want) => expect(isPilotCommodity(code, PILOT, '2025-06-01')).toBe(want));
});

describe('status machine', () => {
  it.each([
    ['DECLARED', 'INSPECTING', 'ok'], ['DECLARED', 'RELEASED', 'ok'], ['DECLARED', 'DESTROYED', 'ok'],
    ['INSPECTING', 'RETURNED', 'ok'], ['INSPECTING', 'DECLARED', 'invalid'], ['RELEASED', 'INSPECTING', 'invalid'],
    ['RELEASED', 'REFERRED_TO_ANTI_SMUGGLING', 'ok'], ['RETURNED', 'RELEASED', 'invalid'], ['DESTROYED', 'RETURNED', 'invalid'],
    ['RELEASED', 'RELEASED', 'same'], ['DECLARED', 'DECLARED', 'invalid'],
  ] as const)('%s → %s is %s', (from, to, want) => expect(transition(from, to)).toBe(want));
});

describe('the daily allowance (财关税〔2010〕18号)', () => {
  const row = (over: Partial<{ idNumber: string; declaredOn: string; tradePoint: string }> = {}) =>
    ({ idNumber: '65270219900101123X', declaredOn: '2025-03-01', tradePoint: 'ALASHANKOU', ...over });

  it('is counted per declarant and Beijing day: the key is ID number | day', () => {
    expect(allowanceKey(row())).toBe('65270219900101123X|2025-03-01');
    expect(allowanceKey(row({ declaredOn: '2025-03-02' }))).toBe('65270219900101123X|2025-03-02');
    expect(allowanceKey(row({ idNumber: '652701198502020021' }))).toBe('652701198502020021|2025-03-01');
  });

  it('is shared by every trade point of the day (today\'s rule: a change here is a change of the rule)', () => {
    expect(allowanceKey(row({ tradePoint: 'HORGOS' }))).toBe(allowanceKey(row({ tradePoint: 'ALASHANKOU' })));
  });

  it.each([
    // already, this one, allowance → fits
    ['0', '8000.00', '8000.00', true],
    ['0', '8000.01', '8000.00', false],
    ['7000.00', '1000.00', '8000.00', true],
    ['7000.00', '1000.01', '8000.00', false],
    ['7999.99', '0.01', '8000.00', true],
    ['8000.00', '0.00', '8000.00', true],
    ['8000.00', '0.01', '8000.00', false],
    ['99.99', '0.02', '100.00', false],
  ] as const)('used %s + %s against %s fits: %s', (already, value, allowance, fits) =>
    expect(withinAllowance(already, value, allowance)).toBe(fits));
});
