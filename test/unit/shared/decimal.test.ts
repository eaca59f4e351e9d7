import { describe, expect, it } from 'vitest';
import { kgInput, parseKg, parseYuan, sumOf, yuanInput, D } from '../../../src/shared/decimal';

describe('money and kilograms parsed once', () => {
  it.each([['1234.5', '1234.5'], [0.1, '0.1'], ['1.234', null], ['abc', null], [-2, '-2'], ['', null], [Number.NaN, null], ['12345678901234567', null]])(
    'parseYuan(%s)', (v, want) => expect(parseYuan(v)?.toString() ?? null).toBe(want));
  it.each([['1.234', '1.234'], [1.2345, null], ['x', null], [' 7 ', '7']])('parseKg(%s)', (v, want) => expect(parseKg(v)?.toString() ?? null).toBe(want));
  it('sums exactly', () => expect(sumOf([new D('0.1'), new D('0.2')]).toString()).toBe('0.3'));
  it('yuanInput pads to two decimals and refuses negatives and a third decimal', () => {
    expect(yuanInput('x', '12.5')).toBe('12.50');
    expect(yuanInput('x', '-0.00')).toBe('0.00');
    expect(() => yuanInput('x', '-1')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ reason: 'NEGATIVE_AMOUNT', field: 'x' }) }));
    expect(() => yuanInput('x', '1.234')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ reason: 'INVALID_VALUE' }) }));
  });
  it('kgInput rounds to grams and refuses negatives', () => {
    expect(kgInput('q', 1.5)).toBe('1.500');
    expect(() => kgInput('q', -0.5)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ reason: 'NEGATIVE_AMOUNT' }) }));
    expect(() => kgInput('q', 1e14)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ reason: 'INVALID_VALUE' }) }));
  });
});
