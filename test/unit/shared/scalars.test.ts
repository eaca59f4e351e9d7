/** The scalars of SPEC §3: Decimal, Date, DateTime, Period. */
import { Kind, parseValue as parseLiteralText, type ValueNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { dec, kg, money, parseMoney, ratio } from '../../../src/shared/decimal';
import { DateScalar, DateTimeScalar, DecimalScalar, PeriodScalar } from '../../../src/shared/scalars';

const lit = (text: string): ValueNode => parseLiteralText(text);

describe('Decimal', () => {
  it.each([
    ['1234.5', '1234.50'],
    ['1234.50', '1234.50'],
    ['0', '0.00'],
    [' 7 ', '7.00'],
    ['-3.1', '-3.10'],
    ['9999999999999999.99', '9999999999999999.99'],
  ])('parses the string %j exactly as %s', (input, want) => {
    expect(DecimalScalar.parseValue(input)).toBe(want);
  });

  it.each([[1234.5, '1234.50'], [0.1, '0.10'], [100, '100.00'], [-2.25, '-2.25']])('parses the number %s as %s', (input, want) => {
    expect(DecimalScalar.parseValue(input)).toBe(want);
  });

  it.each(['1.234', '0.001', '12a', '', '1e3', '1,000.00', '12345678901234567.00'])('rejects the string %j', (input) => {
    expect(() => DecimalScalar.parseValue(input)).toThrow();
  });

  it.each([1.234, 0.1 + 0.2, Number.NaN, Number.POSITIVE_INFINITY, 1e21])('rejects the number %s', (input) => {
    expect(() => DecimalScalar.parseValue(input)).toThrow();
  });

  it('refuses a JSON number with more digits than a float keeps (send it as a string)', () => {
    expect(() => DecimalScalar.parseValue(1234567890123456.78)).toThrow(/string/);
  });

  it.each([true, null, {}, [1]])('rejects the non-number %j', (input) => {
    expect(() => DecimalScalar.parseValue(input)).toThrow();
  });

  it('parses literals exactly, including amounts a float would round', () => {
    expect(DecimalScalar.parseLiteral(lit('"1234.5"'))).toBe('1234.50');
    expect(DecimalScalar.parseLiteral(lit('1234.5'))).toBe('1234.50');
    expect(DecimalScalar.parseLiteral(lit('42'))).toBe('42.00');
    expect(DecimalScalar.parseLiteral(lit('1234567890123456.78'))).toBe('1234567890123456.78');
    expect(() => DecimalScalar.parseLiteral(lit('1.005'))).toThrow();
    expect(() => DecimalScalar.parseLiteral(lit('true'))).toThrow();
  });

  it.each([['1234.5', '1234.50'], ['7', '7.00'], [7, '7.00'], ['0.125', '0.13'], ['1234.5000', '1234.50']])(
    'serializes %j as %s (always 2 decimals, half-up)', (v, want) => {
      expect(DecimalScalar.serialize(v)).toBe(want);
    });

  it('money() and ratio() round half-up; ratio is null on a zero denominator', () => {
    expect(money('2.345')).toBe('2.35');
    expect(ratio('1', '3')).toBe(0.3333);
    expect(ratio('2', '3')).toBe(0.6667);
    expect(ratio('0.00005', '1')).toBe(0.0001);
    expect(ratio('5', '0')).toBeNull();
    expect(parseMoney('10')).toBe('10.00');
  });
});

describe('decimal helpers (SPEC §3)', () => {
  it.each([[null, '0'], [undefined, '0'], ['2.50', '2.5'], [7, '7']])('dec(%j) is %s', (v, want) => expect(dec(v).toString()).toBe(want));

  it.each([['1.2345', 1.235], ['1.2344', 1.234], ['-1.2345', -1.235], [2, 2], ['0.0005', 0.001]])(
    'kg(%j) is %s (3 places, half-up)', (v, want) => expect(kg(v)).toBe(want));

  it('takes a JSON number of 15 significant digits exactly and refuses 16', () => {
    expect(parseMoney(1234567890123.45)).toBe('1234567890123.45');
    expect(parseMoney(123456789012345)).toBe('123456789012345.00');
    expect(() => parseMoney(1000000000000001)).toThrow(/string/);
    expect(() => parseMoney(1234567890123456)).toThrow(/string/);
  });

  it('says what it expected when refusing a non-finite number or a non-number', () => {
    for (const n of [Number.NaN, Number.POSITIVE_INFINITY]) expect(() => parseMoney(n)).toThrow(/finite/);
    for (const x of [true, null, {}, [1]]) expect(() => parseMoney(x)).toThrow(/string such as/);
  });
});

describe('Date', () => {
  it.each(['2025-01-01', '2024-02-29', '2025-12-31'])('accepts %s', (d) => {
    expect(DateScalar.parseValue(d)).toBe(d);
    expect(DateScalar.parseLiteral(lit(`"${d}"`))).toBe(d);
  });
  it.each(['2025-02-29', '2025-13-01', '2025-00-10', '2025-1-1', '20250101', '2025-01-01T00:00:00Z', 20250101])('rejects %j', (d) => {
    expect(() => DateScalar.parseValue(d)).toThrow();
  });
  it('serializes a string as is and an instant as its Beijing date', () => {
    expect(DateScalar.serialize('2025-03-01')).toBe('2025-03-01');
    // 2025-02-28T16:00Z is 2025-03-01 00:00 in Beijing.
    expect(DateScalar.serialize(new Date('2025-02-28T16:00:00Z'))).toBe('2025-03-01');
  });
});

describe('DateTime', () => {
  it.each([
    ['2025-03-01T09:30:00+08:00', '2025-03-01T01:30:00.000Z'],
    ['2025-03-01T01:30:00Z', '2025-03-01T01:30:00.000Z'],
    ['2025-03-01T01:30Z', '2025-03-01T01:30:00.000Z'],
    ['2025-03-01T01:30:00.123456-05:00', '2025-03-01T06:30:00.123Z'],
  ])('parses %s as the instant %s', (input, iso) => {
    expect((DateTimeScalar.parseValue(input) as Date).toISOString()).toBe(iso);
  });

  it.each([
    '2025-03-01T09:30:00', // no offset
    '2025-03-01',
    '2025-02-30T00:00:00Z', // no such day (Date.parse would roll over to 2 March)
    '2025-01-01T24:00:00Z',
    '2025-01-01T23:60:00Z',
    'yesterday',
    1740787200000,
  ])('rejects %j', (input) => {
    expect(() => DateTimeScalar.parseValue(input)).toThrow();
  });

  it('serializes as ISO-8601 in Beijing time (+08:00), across the UTC date line', () => {
    expect(DateTimeScalar.serialize(new Date('2025-03-01T09:30:00+08:00'))).toBe('2025-03-01T09:30:00.000+08:00');
    expect(DateTimeScalar.serialize(new Date('2025-02-28T16:00:00.5Z'))).toBe('2025-03-01T00:00:00.500+08:00');
    expect(DateTimeScalar.serialize('2025-12-31T23:59:59.999Z')).toBe('2026-01-01T07:59:59.999+08:00');
    expect(DateTimeScalar.parseLiteral(lit('"2025-03-01T09:30:00+08:00"'))).toEqual(new Date('2025-03-01T01:30:00Z'));
  });
});

describe('Period', () => {
  it.each(['2025-01', '2025-12'])('accepts %s', (p) => {
    expect(PeriodScalar.parseValue(p)).toBe(p);
    expect(PeriodScalar.parseLiteral(lit(`"${p}"`))).toBe(p);
  });
  it.each(['2025-13', '2025-00', '2025-1', '2025-01-01', 202501])('rejects %j', (p) => {
    expect(() => PeriodScalar.parseValue(p)).toThrow();
  });
  it('does not take an INT literal', () => {
    expect(() => PeriodScalar.parseLiteral({ kind: Kind.INT, value: '202501' })).toThrow();
  });
});

describe('output fast paths (issue 15: text already in its printed form is passed through)', () => {
  it.each([['12.30', '12.30'], ['-5.55', '-5.55'], ['0.00', '0.00'], ['-0.00', '0.00'], ['-0.50', '-0.50'], ['012.50', '12.50'], ['+1.00', '1.00'], ['123456789012345678.99', '123456789012345678.99']])(
    'Decimal %j prints as decimal.js would: %s', (v, want) => {
      expect(DecimalScalar.serialize(v)).toBe(want);
    });

  it('DateTime text printed by SQL (db/printed.ts) is its own output; other text goes through a Date', () => {
    expect(DateTimeScalar.serialize('2025-03-01T09:30:00.000+08:00')).toBe('2025-03-01T09:30:00.000+08:00');
    expect(DateTimeScalar.serialize('2025-03-01T01:30:00.000Z')).toBe('2025-03-01T09:30:00.000+08:00');
    expect(DateTimeScalar.serialize('2025-03-01T09:30:00+08:00')).toBe('2025-03-01T09:30:00.000+08:00');
  });
});
