/**
 * Money is exact (SPEC §3): numeric(18,2) in the database, decimal.js in TypeScript, a
 * 2-decimal string on the wire. Rates are fractions rounded half-up to 4 places.
 */
import Decimal from 'decimal.js';

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

/** Parses a Decimal input: strings exactly, numbers by their shortest decimal form. */
export function parseMoney(v: unknown): string {
  let s: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new TypeError('Decimal must be a finite number');
    s = String(v);
    // A JSON number beyond 15 significant digits has already been rounded by the float parser:
    // refuse it rather than store a different amount than the sender meant.
    if (s.replace(/^-|\.|e.*$/gi, '').replace(/^0+/, '').length > 15) {
      throw new TypeError(`${s} has more digits than a JSON number carries exactly; send the amount as a string`);
    }
  } else if (typeof v === 'string') s = v.trim();
  else throw new TypeError('Decimal must be a string such as "1234.50" or a number');
  if (!MONEY_RE.test(s)) throw new TypeError(`"${s}" is not a yuan amount with at most 2 decimals (e.g. "1234.50")`);
  return money(s);
}
