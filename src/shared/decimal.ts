/**
 * Money is exact (SPEC §3): numeric(18,2) in the database, decimal.js in TypeScript, a
 * 2-decimal string on the wire. Rates are fractions rounded half-up to 4 places.
 */
import Decimal from 'decimal.js';
import { badInput } from './errors';

export const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Dec = InstanceType<typeof D>;

export const dec = (v: string | number | Dec | null | undefined): Dec => new D(v ?? 0);

/** "1234.5" → "1234.50"; never passes through a float. */
export const money = (v: string | number | Dec): string => new D(v).toFixed(2, D.ROUND_HALF_UP);

/** Fraction rounded half-up to 4 places, or null when the denominator is zero (SPEC §3). */
export function ratio(numerator: Dec | string, denominator: Dec | string): number | null {
  const den = new D(denominator);
  if (den.isZero()) return null;
  return new D(numerator).div(den).toDecimalPlaces(4, D.ROUND_HALF_UP).toNumber();
}

/** Kilograms to 3 places, as a Float on the wire (SPEC §3). */
export const kg = (v: string | number | Dec): number => new D(v).toDecimalPlaces(3, D.ROUND_HALF_UP).toNumber();

const MONEY_RE = /^-?\d{1,16}(\.\d{1,2})?$/;
const KG_RE = /^-?\d{1,13}(\.\d{1,3})?$/;

/** The decimal text of an input: strings trimmed, finite numbers by their shortest form; '' otherwise. */
const decimalText = (v: unknown) =>
  typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : typeof v === 'string' ? v.trim() : '';

/** Exact parse of a yuan amount (numeric(18,2): at most 2 decimals); null when it is not one. */
export function parseYuan(v: unknown): Dec | null {
  const s = decimalText(v);
  return MONEY_RE.test(s) ? new D(s) : null;
}

/** Exact parse of kilograms (numeric(16,3): at most 3 decimals); null when it is not one. */
export function parseKg(v: unknown): Dec | null {
  const s = decimalText(v);
  return KG_RE.test(s) ? new D(s) : null;
}

/** The exact sum of decimals (a declaration's value is the sum of its lines, SPEC §5). */
export const sumOf = (xs: readonly Dec[]) => xs.reduce((a, b) => a.plus(b), new D(0));

/** Parses the Decimal scalar: strings exactly, numbers by their shortest decimal form. */
export function parseMoney(v: unknown): string {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new TypeError('Decimal must be a finite number');
    const s = String(v);
    // A JSON number beyond 15 significant digits has already been rounded by the float parser:
    // refuse it rather than store a different amount than the sender meant.
    if (s.replace(/^-|\.|e.*$/gi, '').replace(/^0+/, '').length > 15) {
      throw new TypeError(`${s} has more digits than a JSON number carries exactly; send the amount as a string`);
    }
  } else if (typeof v !== 'string') throw new TypeError('Decimal must be a string such as "1234.50" or a number');
  const x = parseYuan(v);
  if (!x) throw new TypeError(`"${decimalText(v)}" is not a yuan amount with at most 2 decimals (e.g. "1234.50")`);
  return money(x);
}

/** A yuan input field (already a Decimal string from the scalar) → 2-decimal string; NEGATIVE_AMOUNT below zero. */
export function yuanInput(field: string, v: string): string {
  const x = parseYuan(v);
  if (!x) throw badInput(field, 'INVALID_VALUE', `${field} must be a yuan amount with at most 2 decimals, e.g. "1234.50".`);
  if (x.isNegative() && !x.isZero()) throw badInput(field, 'NEGATIVE_AMOUNT', `${field} may not be negative.`);
  return money(x);
}

/** Largest numeric(16,3) kilograms. */
const MAX_KG = new D('9999999999999.999');

/** A Float kg input → exact 3-decimal string; NEGATIVE_AMOUNT below zero. */
export function kgInput(field: string, v: number): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw badInput(field, 'INVALID_VALUE', `${field} must be a number of kilograms.`);
  if (v < 0) throw badInput(field, 'NEGATIVE_AMOUNT', `${field} may not be negative; record a loss as a LOSS entry or correct the figure.`);
  const x = new D(String(v));
  // Grams are the finest unit stored (numeric(16,3)): a 4th decimal is refused, never rounded away.
  if (x.decimalPlaces() > 3) throw badInput(field, 'INVALID_VALUE', `${field} has more than 3 decimals (grams are the finest unit): ${v}.`);
  if (x.gt(MAX_KG)) throw badInput(field, 'INVALID_VALUE', `${field} is too large (at most 9,999,999,999,999.999 kg).`);
  return x.toFixed(3);
}
