import { describe, expect, it } from 'vitest';
import { D, parseKg, parseYuan, sumOf } from '../../../src/shared/decimal';
import { contentHash } from '../../../src/shared/hash';
import {
  allowanceKey, isPilotCommodity, isValidLineHsCode, negativeListHit, transition, withinAllowance, type DeclarationStatusName,
} from '../../../src/modules/customs/rules';

const NEG = ['12011000', '12060010', '24', '2203', '4001', '44', '31', '3808'].map((hsPrefix) => ({ hsPrefix, effectiveFrom: '2025-01-01', effectiveTo: null }));
const PILOT = ['120190', '1206', '080211', '080620'].map((hsPrefix) => ({ hsPrefix, effectiveFrom: '2025-01-01', effectiveTo: null }));

describe('negative list', () => {
  it.each([
    ['12060010', true], ['12060090', false], ['120600', true], ['24011000', true], ['22030000', true], ['22020000', false],
    ['44031100', true], ['31010000', true], ['38089100', true], ['40011000', true], ['08062000', false],
  ])('%s on the list: %s', (code, hit) => expect(negativeListHit(code, NEG, '2025-06-01') != null).toBe(hit));

  it('applies an entry only from its effective date', () => {
    const later = [...NEG, { hsPrefix: '0806', effectiveFrom: '2026-01-01', effectiveTo: null }];
    expect(negativeListHit('08062000', later, '2025-12-31')).toBeNull();
    expect(negativeListHit('08062000', later, '2026-01-01')).not.toBeNull();
  });

  it('judges a date before every version by the earliest version (the national list predates the hub\'s copy)', () => {
    const later = [...NEG, { hsPrefix: '0806', effectiveFrom: '2026-01-01', effectiveTo: null }];
    expect(negativeListHit('24011000', later, '2024-12-31')?.hsPrefix).toBe('24');
    expect(negativeListHit('24011000', later, '1999-01-01')?.hsPrefix).toBe('24');
    expect(negativeListHit('08062000', later, '2024-12-31')).toBeNull();
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

describe('commodity lists in force (SPEC §15: judged by the version in force on the date)', () => {
  const until = [{ hsPrefix: '0806', effectiveFrom: '2025-01-01', effectiveTo: '2025-06-30' }];
  it.each([
    ['2024-12-31', false], ['2025-01-01', true], ['2025-06-29', true], ['2025-06-30', true], ['2025-07-01', false],
  ])('an entry in force 2025-01-01…2025-06-30 (inclusive) applies on %s: %s', (on, hit) => {
    // the negative list also holds before its first version (the earliest one applies backwards)
    expect(negativeListHit('08062000', until, on) != null).toBe(hit || on < '2025-01-01');
    expect(isPilotCommodity('08062000', until, on)).toBe(hit);
  });
});

describe('tariff line codes (6 to 10 digits)', () => {
  it.each([
    ['120600', true], ['12060010', true], ['1206001000', true],
    ['12060', false], ['12060010001', false], ['12060a', false], ['x120600', false], ['120600x', false], ['', false],
  ])('%j is a line HS code: %s', (code, ok) => expect(isValidLineHsCode(code)).toBe(ok));
});

describe('the whole inspection status machine (SPEC §5)', () => {
  // DECLARED goes to inspection or straight to a decision; INSPECTING ends in a decision;
  // RELEASED goods can still be referred to anti-smuggling; the three stops are final;
  // nothing goes back to DECLARED; the same status again is a replay.
  const ALL: DeclarationStatusName[] = ['DECLARED', 'RELEASED', 'INSPECTING', 'RETURNED', 'DESTROYED', 'REFERRED_TO_ANTI_SMUGGLING'];
  const NEXT: Record<DeclarationStatusName, DeclarationStatusName[]> = {
    DECLARED: ['INSPECTING', 'RELEASED', 'RETURNED', 'DESTROYED', 'REFERRED_TO_ANTI_SMUGGLING'],
    INSPECTING: ['RELEASED', 'RETURNED', 'DESTROYED', 'REFERRED_TO_ANTI_SMUGGLING'],
    RELEASED: ['REFERRED_TO_ANTI_SMUGGLING'],
    RETURNED: [], DESTROYED: [], REFERRED_TO_ANTI_SMUGGLING: [],
  };
  const cases = ALL.flatMap((from) => ALL.map((to) => [from, to, to === 'DECLARED' ? 'invalid' : from === to ? 'same' : NEXT[from].includes(to) ? 'ok' : 'invalid'] as const));
  it.each(cases)('%s → %s is %s', (from, to, want) => expect(transition(from, to)).toBe(want));
});

describe('amount and weight parsing', () => {
  it.each([
    ['1.25', '1.25'], ['1.2', '1.2'], [' 12.50 ', '12.5'], ['-0.01', '-0.01'], [12.25, '12.25'],
    ['1234567890123456.78', '1234567890123456.78'], ['12345678901234567', null], ['1.', null], ['.5', null],
    [null, null], [undefined, null], [true, null], [{}, null], [Number.NaN, null], [Number.POSITIVE_INFINITY, null],
  ])('parseYuan(%j) is %s', (v, want) => expect(parseYuan(v)?.toString() ?? null).toBe(want));

  it.each([
    ['12', '12'], ['12.5', '12.5'], [' 3.250 ', '3.25'], [2.5, '2.5'], [1000, '1000'], ['1234567890123.123', '1234567890123.123'],
    ['12345678901234', null], ['1.2345', null], [null, null], [false, null], [Number.NaN, null], [Number.NEGATIVE_INFINITY, null],
  ])('parseKg(%j) is %s', (v, want) => expect(parseKg(v)?.toString() ?? null).toBe(want));

  it.each([
    [['0.10', '0.20'], '0.3'], [['7999.99', '0.01'], '8000'], [['1.5'], '1.5'], [[], '0'],
  ])('sumOf(%j) is exactly %s (valueYuan = Σ lines)', (xs, want) => expect(sumOf(xs.map((x) => new D(x))).toString()).toBe(want));
});

describe('content hash (DUPLICATE vs KEY_CONFLICT)', () => {
  const at = new Date('2025-03-01T01:30:00Z');
  it('is a sha256 hex digest', () => expect(contentHash({ a: 1 })).toMatch(/^[0-9a-f]{64}$/));

  it.each([
    ['a different number', { n: 1 }, { n: 2 }],
    ['a different string', { s: 'a' }, { s: 'b' }],
    ['a different date', { at }, { at: new Date('2025-03-01T01:30:01Z') }],
    ['other array items', { xs: [1] }, { xs: [2] }],
    ['the same digits split otherwise', { xs: [1, 23] }, { xs: [12, 3] }],
    ['an array or an object with index keys', [1, 2], { 0: 1, 1: 2 }],
    ['a null item or none', { xs: [null] }, { xs: [] }],
    ['a nested change', { line: { hsCode: '120600', valueYuan: '10.00' } }, { line: { hsCode: '120600', valueYuan: '10.01' } }],
  ])('changes with %s', (_what, a, b) => expect(contentHash(a)).not.toBe(contentHash(b)));

  it.each([
    ['key order', { a: 1, b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: 1 }],
    ['null and undefined (an absent optional value)', { note: null }, { note: undefined }],
    ['a Date and its ISO string', { at }, { at: '2025-03-01T01:30:00.000Z' }],
  ])('does not change with %s', (_what, a, b) => expect(contentHash(a)).toBe(contentHash(b)));
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
