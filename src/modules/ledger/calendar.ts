/**
 * The working-day calendar (SPEC §7; reference/holidays-cn.md) as data: parsed from the reference
 * file shipped with the module, inserted where missing on every start (src/modules/reference-data.ts), and
 * updatable by COMMERCE (setCalendarDays) without a release — e.g. Xinjiang's 2026 festival days.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db, DbOrTx } from '../../db/client';
import { PROJECT_ROOT } from '../../project-root';
import { addDays, isValidDate } from '../../shared/time';
import { calendarOf, calendarWarnings, type WorkCalendar } from './rules';
import { calendarYears, dueDateCalendarDays, insertMissingCalendarDays, workCalendarOf, type CalendarDayData, type CalendarKind } from './store';

export type { CalendarDayData, CalendarKind };

/** Resolved from the project root so the same path works from src/ (tsx) and the bundle in dist/. */
export const HOLIDAYS_FILE = join(PROJECT_ROOT, 'src', 'modules', 'ledger', 'reference', 'holidays-cn.md');

/**
 * Rows of the markdown tables `| kind | dates | name |`. A dates cell is a list of single dates
 * and `a … b` ranges (inclusive), separated by commas.
 */
export function parseHolidaysMarkdown(text: string): CalendarDayData[] {
  const out: CalendarDayData[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\|\s*(HOLIDAY|MAKEUP_WORKDAY)\s*\|([^|]+)\|([^|]+)\|\s*$/.exec(line.trim());
    if (!m) continue;
    const kind = m[1] as CalendarKind;
    const name = m[3]!.trim();
    for (const part of m[2]!.split(',')) {
      const [a, b] = part.split(/…|\.\.\./).map((s) => s.trim()) as [string, string | undefined];
      if (!isValidDate(a) || (b != null && !isValidDate(b))) throw new Error(`holidays reference: bad date "${part.trim()}"`);
      for (let day = a; day <= (b ?? a); day = addDays(day, 1)) out.push({ date: day, kind, name });
    }
  }
  return out;
}

/** Reference loader: inserts the reference days that are missing; never overwrites agency edits. */
export async function ensureCalendarDays(db: Db, file = HOLIDAYS_FILE): Promise<void> {
  await insertMissingCalendarDays(db, parseHolidaysMarkdown(readFileSync(file, 'utf8')));
}

/** The working calendar around a period's due date (enough for reportDueDate): one statement. */
export async function loadDueDateCalendar(db: DbOrTx, period: string): Promise<WorkCalendar> {
  return calendarOf(await dueDateCalendarDays(db, period));
}

/** The whole working-day calendar in one statement (for callers without per-request loaders). */
export function loadWorkCalendar(db: DbOrTx): Promise<WorkCalendar> {
  return workCalendarOf(db);
}

/** Calendar warnings for /readyz (issue 13): this year's or, from 1 December, next year's data missing. */
export async function calendarWarningsOn(db: DbOrTx, today: string): Promise<string[]> {
  return calendarWarnings(await calendarYears(db), today);
}
