/**
 * Beijing time (Asia/Shanghai, UTC+8, no daylight saving) for every day/month/year bucket
 * (SPEC §3). China has not observed DST since 1991, so a fixed offset is exact.
 */
import { badInput } from './errors';

const OFFSET_MS = 8 * 3600 * 1000;

/** The Beijing calendar date (YYYY-MM-DD) of an instant. */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** An instant as Beijing wall time with its offset, e.g. 2025-03-01T09:30:00.000+08:00 (what users read; SPEC §3 ISO-8601 with offset). */
export function beijingIso(at: Date): string {
  return `${new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 23)}+08:00`;
}

/** The Beijing period (YYYY-MM) of an instant. */
export const beijingPeriod = (at: Date): string => beijingDate(at).slice(0, 7);

/** Today in Beijing. */
export const beijingToday = (now: Date = new Date()): string => beijingDate(now);

/** The first instant of a Beijing date, as a UTC Date. */
export function beijingDayStart(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00+08:00`));
}

export function isValidDate(s: string): boolean {
  // Year 0000 does not exist for PostgreSQL (1 BC): refuse it here, not as a database error.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || s.startsWith('0000')) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** ISO weekday: 1 Monday … 7 Sunday. */
export function isoWeekday(date: string): number {
  const w = new Date(`${date}T00:00:00Z`).getUTCDay();
  return w === 0 ? 7 : w;
}

/** A year argument (annual plans, assessments, calendars): a calendar year 2000–2100, else BAD_USER_INPUT. */
export function checkYear(year: number, field = 'year'): void {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw badInput(field, 'INVALID_VALUE', `${field} ${year} is not a calendar year between 2000 and 2100 (e.g. 2025).`);
}
