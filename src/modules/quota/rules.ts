/**
 * Quota consumption (SPEC §7, 方案 二(六)): pure formulas on exact decimals. No database here.
 *
 * monthsElapsed = (month(asOf) − 1) + day(asOf) ÷ daysInMonth(asOf), 0 before the year, 12 after
 * it. It is kept as the exact fraction (m−1)·dim + d over dim so that the projection
 * consumed ÷ monthsElapsed × 12 = consumed × 12 × dim ÷ ((m−1)·dim + d) is computed without
 * rounding; only the reported monthsElapsed Float is rounded (4 places).
 */
import { D, ratio, type Dec } from '../../shared/decimal';
import { daysInMonth } from '../../shared/time';

export interface Fraction { num: number; den: number }

export function monthsElapsedFraction(year: number, asOf: string): Fraction {
  const y = Number(asOf.slice(0, 4));
  if (y < year) return { num: 0, den: 1 };
  if (y > year) return { num: 12, den: 1 };
  const m = Number(asOf.slice(5, 7));
  const d = Number(asOf.slice(8, 10));
  const dim = daysInMonth(y, m);
  return { num: (m - 1) * dim + d, den: dim };
}

/** monthsElapsed as reported: half-up to 4 places. */
export const monthsElapsed = (year: number, asOf: string): number => {
  const f = monthsElapsedFraction(year, asOf);
  return new D(f.num).div(f.den).toDecimalPlaces(4, D.ROUND_HALF_UP).toNumber();
};

/** consumed ÷ monthsElapsed × 12, to the fen (half-up); 0 while no month has elapsed. */
export function projectedAnnual(consumed: Dec | string, f: Fraction): Dec {
  if (f.num === 0) return new D(0);
  return new D(consumed).times(12).times(f.den).div(f.num).toDecimalPlaces(2, D.ROUND_HALF_UP);
}

export interface PlanFigures { scaleYuan: string; warningRatio: string }

export interface Consumption {
  consumedYuan: Dec;
  consumptionRatio: number | null;
  projectedAnnualYuan: Dec;
  remainingYuan: Dec | null;
  /** ratio ≥ warningRatio and projected > scale (both exact, not on the rounded figures). */
  warning: boolean;
}

/**
 * One scale (landing processing or import) against its consumption. Without a plan (or a zero
 * scale) there is no ratio, no remaining amount and no warning.
 */
export function consumption(consumed: Dec | string, f: Fraction, plan: PlanFigures | null): Consumption {
  const c = new D(consumed);
  const projectedAnnualYuan = projectedAnnual(c, f);
  if (!plan || new D(plan.scaleYuan).isZero()) {
    return { consumedYuan: c, consumptionRatio: null, projectedAnnualYuan, remainingYuan: plan ? new D(plan.scaleYuan).minus(c) : null, warning: false };
  }
  const scale = new D(plan.scaleYuan);
  const ratioReached = c.gte(scale.times(plan.warningRatio));
  // projected > scale ⇔ consumed × 12 × den > scale × num (exact; false while num = 0).
  const projectedOver = f.num > 0 && c.times(12).times(f.den).gt(scale.times(f.num));
  return {
    consumedYuan: c,
    consumptionRatio: ratio(c, scale),
    projectedAnnualYuan,
    remainingYuan: scale.minus(c),
    warning: ratioReached && projectedOver,
  };
}
