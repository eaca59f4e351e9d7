/**
 * Pure formulas of the reports (SPEC §7). Local versions of ledger formulas — value-add rate, loss
 * rate, report due date and lateness — until the ledger module's functions are merged; the lead
 * folds them together (see the branch report).
 */
import { D, ratio, type Dec } from '../../shared/decimal';
import { addDays, daysInMonth, isoWeekday } from '../../shared/time';

/** 加工增值率: (PRODUCT_OUTPUT − RAW_CONSUMED) ÷ RAW_CONSUMED, half-up 4 places, null on zero. */
export function valueAddRate(outputYuan: Dec | string, consumedYuan: Dec | string): number | null {
  return ratio(new D(outputYuan).minus(consumedYuan), consumedYuan);
}

/** 残损率: LOSS kg ÷ RAW_IN kg. */
export const lossRate = (lossKg: Dec | string, rawInKg: Dec | string): number | null => ratio(lossKg, rawInKg);

/** 落地加工比率: landing-processing value ÷ value of all purposes. */
export const landingProcessingRatio = (landingYuan: Dec | string, allYuan: Dec | string): number | null => ratio(landingYuan, allYuan);

/**
 * 考核完成 (附件7): import target met and value-add target met; a missing actual rate is not met.
 * Compared unrounded: 0.19996 does not meet 0.2 even though it prints as 0.2000.
 */
export function assessmentCompleted(a: {
  importTradeTargetYuan: string | null; valueAddRateTarget: string | null;
  actualImportTradeYuan: string; outputYuan: string; consumedYuan: string;
}): boolean {
  if (a.importTradeTargetYuan == null || a.valueAddRateTarget == null) return false;
  const consumed = new D(a.consumedYuan);
  if (consumed.isZero()) return false;
  const rate = new D(a.outputYuan).minus(consumed).div(consumed);
  return new D(a.actualImportTradeYuan).gte(a.importTradeTargetYuan) && rate.gte(a.valueAddRateTarget);
}

export interface CalendarEntry { date: string; kind: 'HOLIDAY' | 'MAKEUP_WORKDAY' }

/** Monday–Friday that is not a holiday, or a make-up working day (调休上班). */
export function isWorkingDay(date: string, calendar: ReadonlyMap<string, CalendarEntry['kind']>): boolean {
  const kind = calendar.get(date);
  if (kind === 'MAKEUP_WORKDAY') return true;
  if (kind === 'HOLIDAY') return false;
  return isoWeekday(date) <= 5;
}

/** The month after a period. */
export function nextPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** 报表截止日 (附件5 三(二)): the 10th of the next month, moved forward past non-working days. */
export function reportDueDate(period: string, calendar: ReadonlyMap<string, CalendarEntry['kind']>): string {
  let d = `${nextPeriod(period)}-10`;
  while (!isWorkingDay(d, calendar)) d = addDays(d, 1);
  return d;
}

/** isLate: submitted (Beijing date) after the due date, or not submitted and today is past it. */
export function isLate(dueDate: string, submittedOn: string | null, today: string): boolean {
  return submittedOn != null ? submittedOn > dueDate : today > dueDate;
}

/** First and last Beijing date of a period. */
export function periodRange(period: string): { from: string; to: string } {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return { from: `${period}-01`, to: `${period}-${String(daysInMonth(y, m)).padStart(2, '0')}` };
}

/**
 * Quota pace (SPEC §7), the same formula the customs module's quotaStatus implements — duplicated
 * here for the report page; the lead folds the two together after the merge.
 */
export function monthsElapsed(year: number, asOf: string): number {
  const y = Number(asOf.slice(0, 4));
  if (y < year) return 0;
  if (y > year) return 12;
  const m = Number(asOf.slice(5, 7));
  const d = Number(asOf.slice(8, 10));
  return m - 1 + d / daysInMonth(y, m);
}

export function projectedAnnual(consumedYuan: string, elapsed: number): string {
  if (elapsed === 0) return '0.00';
  return new D(consumedYuan).div(new D(elapsed)).times(12).toFixed(2, D.ROUND_HALF_UP);
}
