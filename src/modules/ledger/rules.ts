/**
 * Pure rules of the processing ledger (SPEC §6, §7): the binding rate formulas, the report due
 * date over a working-day calendar, lateness and discrepancies. No database here: exact decimals
 * in (strings or decimal.js), numbers or dates out.
 */
import { D, ratio, type Dec } from '../../shared/decimal';
import { addDays, isoWeekday } from '../../shared/time';

type Num = Dec | string | number;
const d = (v: Num) => new D(v);

/** 加工增值率 (SPEC §7): (output − consumed) ÷ consumed, half-up to 4 places; null when nothing was consumed. */
export function valueAddRate(outputYuan: Num, consumedYuan: Num): number | null {
  return ratio(d(outputYuan).minus(d(consumedYuan)), d(consumedYuan));
}

/** 残损率 (SPEC §7): loss kg ÷ raw-in kg, half-up to 4 places; null when nothing came in. */
export function lossRate(lossKg: Num, rawInKg: Num): number | null {
  return ratio(d(lossKg), d(rawInKg));
}

/** Default value-add threshold when the year has no plan ("加工增值比率应不低于 20%", 方案 二(二)). */
export const DEFAULT_VALUE_ADD_THRESHOLD = '0.2';

/**
 * rate ≥ threshold (SPEC §7). Compared on the rounded rate the API shows, so a client that sees
 * 0.2 sees it meet a 0.2 threshold; null when the rate is null (nothing consumed: not assessable).
 */
export function meetsThreshold(rate: number | null, threshold: Num | null | undefined): boolean | null {
  if (rate == null) return null;
  return d(rate).gte(d(threshold ?? DEFAULT_VALUE_ADD_THRESHOLD));
}

/** loss rate > declared loss rate (SPEC §7); null when either is unknown. */
export function aboveDeclared(rate: number | null, declared: Num | null | undefined): boolean | null {
  if (rate == null || declared == null) return null;
  return d(rate).gt(d(declared));
}

// ── working-day calendar and due dates ────────────────────────────────────────────────────

export interface WorkCalendar {
  /** Days off even if a weekday (statutory and Xinjiang regional holidays). */
  holidays: ReadonlySet<string>;
  /** Saturdays or Sundays that are working days (调休上班). */
  makeupWorkdays: ReadonlySet<string>;
  /** The years the calendar has data for (a due date in another year is a weekends-only guess). */
  years?: ReadonlySet<number>;
}

export function calendarOf(days: readonly { date: string; kind: 'HOLIDAY' | 'MAKEUP_WORKDAY' }[]): WorkCalendar {
  const holidays = new Set<string>();
  const makeupWorkdays = new Set<string>();
  for (const x of days) (x.kind === 'HOLIDAY' ? holidays : makeupWorkdays).add(x.date);
  return { holidays, makeupWorkdays, years: new Set(days.map((x) => Number(x.date.slice(0, 4)))) };
}

/** Monday–Friday that is not a holiday, or a listed make-up working day (SPEC §7). */
export function isWorkingDay(date: string, cal: WorkCalendar): boolean {
  if (cal.makeupWorkdays.has(date)) return true;
  if (cal.holidays.has(date)) return false;
  return isoWeekday(date) <= 5;
}

/** The 1st of the month after a period YYYY-MM. */
export function nextMonthStart(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/**
 * 报送截止日 (SPEC §7; 附件5 三(二)): the 10th of the month after the period; while that day is
 * not a working day, the next day. Bounded: no real calendar has 60 consecutive days off.
 */
export function reportDueDate(period: string, cal: WorkCalendar): string {
  let day = addDays(nextMonthStart(period), 9);
  for (let i = 0; i < 60 && !isWorkingDay(day, cal); i++) day = addDays(day, 1);
  return day;
}

/**
 * Warnings about the working-day calendar (issue 13): a year without calendar data has its due
 * dates computed from weekends alone; from 1 December, next year's calendar should be in.
 */
export function calendarWarnings(yearsWithData: readonly number[], today: string): string[] {
  const y = Number(today.slice(0, 4));
  const out: string[] = [];
  if (!yearsWithData.includes(y)) out.push(`${y} 年节假日数据缺失，截止日仅按周末推算 / no calendar data for ${y}: due dates fall back to weekends only`);
  if (today.slice(5) >= '12-01' && !yearsWithData.includes(y + 1)) {
    out.push(`${y + 1} 年节假日数据尚未录入，请用 setCalendarDays 录入 / the ${y + 1} calendar is missing: add it with setCalendarDays`);
  }
  return out;
}

/** The warning a due date carries when its year has no calendar data (issue 13: never a silent guess), else null. */
export function dueDateWarning(due: string, cal: WorkCalendar): string | null {
  const y = Number(due.slice(0, 4));
  return cal.years && !cal.years.has(y)
    ? `${y} 年节假日数据缺失，截止日 ${due} 仅按周末推算 / no calendar data for ${y}: due date ${due} counts weekends only; add the year with setCalendarDays`
    : null;
}

/** The last month (YYYY-MM) of a quarter 'YYYY-Qn'. */
export function quarterLastPeriod(quarter: string): string {
  const [y, q] = quarter.split('-Q').map(Number) as [number, number];
  return `${y}-${String(q * 3).padStart(2, '0')}`;
}

/** 季报截止日 (SPEC §15; 附件5 三(二), 附件4 三): the monthly rule applied to the quarter's last month. */
export const quarterlyReportDueDate = (quarter: string, cal: WorkCalendar): string => reportDueDate(quarterLastPeriod(quarter), cal);

/** 年报截止日 (SPEC §15; 每年年初报送): the monthly rule applied to December of the year. */
export const annualReportDueDate = (year: number, cal: WorkCalendar): string => reportDueDate(`${year}-12`, cal);

/**
 * isLate (SPEC §7): submitted on a Beijing date after the due date, or not submitted and today is
 * after the due date. Dates are Beijing YYYY-MM-DD strings, so string order is date order.
 */
export function isReportLate(dueDate: string, submittedOn: string | null, today: string): boolean {
  return submittedOn != null ? submittedOn > dueDate : today > dueDate;
}

// ── discrepancies between a monthly report and the ledger ─────────────────────────────────

/** A report figure differs from the ledger when |reported − ledger| > 0.5% of the ledger figure. */
export const DISCREPANCY_TOLERANCE = '0.005';

export function differs(reported: Num, ledger: Num): boolean {
  const r = d(reported);
  const l = d(ledger);
  return r.minus(l).abs().gt(l.abs().times(DISCREPANCY_TOLERANCE));
}

export interface Discrepancy { field: string; reported: string; ledger: string }

/**
 * The report figures that differ from the ledger (SPEC §6). Pairs are (field, reported, ledger),
 * all exact decimal strings; the result keeps the order given.
 */
export function discrepancies(pairs: readonly (readonly [field: string, reported: string, ledger: string])[]): Discrepancy[] {
  return pairs.filter(([, r, l]) => differs(r, l)).map(([field, reported, ledger]) => ({ field, reported, ledger }));
}

// ── booking RAW_IN against declarations (SPEC §13) ──────────────────────────────────────────

/** A RAW_IN may exceed what is still unbooked on its declarations by at most 0.5 % (weighing). */
export const BOOKING_TOLERANCE = '0.005';

export interface BookingLot { declarationId: string; declaredKg: string; bookedKg: string }
export interface Booking { declarationId: string; seq: number; kg: string }

/**
 * Books `kg` against the lots in the order given, each filled up to its declared kg before the
 * next; an overrun within 0.5 % of what was unbooked lands on the last lot. Returns null when the
 * kg exceed what is unbooked by more than 0.5 % (EXCEEDS_DECLARED). Exact decimals, 3 places.
 */
export function bookAgainst(kg: Num, lots: readonly BookingLot[]): { bookings: Booking[]; unbookedKg: string } | null {
  let left = d(kg);
  const unbooked = lots.reduce((a, l) => a.plus(D.max(0, d(l.declaredKg).minus(l.bookedKg))), new D(0));
  if (left.gt(unbooked.times(d(1).plus(BOOKING_TOLERANCE)))) return null;
  const taken = lots.map((l) => {
    const take = D.min(left, D.max(0, d(l.declaredKg).minus(l.bookedKg)));
    left = left.minus(take);
    return take;
  });
  if (left.gt(0) && lots.length) taken[taken.length - 1] = taken[taken.length - 1]!.plus(left);
  const bookings = lots.map((l, i) => ({ declarationId: l.declarationId, seq: i + 1, kg: taken[i]!.toFixed(3) }))
    .filter((b) => d(b.kg).gt(0));
  return { bookings, unbookedKg: unbooked.toFixed(3) };
}

// ── periods and quarters ──────────────────────────────────────────────────────────────────

export const PERIOD_RE = /^\d{4}-(0[1-9]|1[0-2])$/;
export const QUARTER_RE = /^\d{4}-Q[1-4]$/;

/** First and last day (inclusive) of a period YYYY-MM. */
export function periodRange(period: string): { from: string; to: string } {
  return { from: `${period}-01`, to: addDays(nextMonthStart(period), -1) };
}
