/**
 * The working-day calendar (SPEC §7; reference/holidays-cn.md) as data: parsed from the reference
 * file shipped with the module, inserted where missing on every start (src/db/reference.ts), and
 * updatable by COMMERCE (setCalendarDays) without a release — e.g. Xinjiang's 2026 festival days.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { asc, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { addDays, isValidDate } from '../../shared/time';
import { calendarDaysTable, type CalendarDayRow } from './table';

export type CalendarKind = 'HOLIDAY' | 'MAKEUP_WORKDAY';
export interface CalendarDayData { date: string; kind: CalendarKind; name: string }

/** Resolved from the project root so the same path works from src/ (tsx) and dist/ (tsc). */
export const HOLIDAYS_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'src', 'modules', 'ledger', 'reference', 'holidays-cn.md');

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
  const days = parseHolidaysMarkdown(readFileSync(file, 'utf8'));
  if (days.length) await db.insert(calendarDaysTable).values(days).onConflictDoNothing({ target: calendarDaysTable.date });
}

/** setCalendarDays (COMMERCE): upsert by date; the last entry for a date in one call wins. */
export async function upsertCalendarDays(db: DbOrTx, days: CalendarDayData[]): Promise<CalendarDayRow[]> {
  const byDate = new Map(days.map((x) => [x.date, x]));
  if (!byDate.size) return [];
  return db.insert(calendarDaysTable).values([...byDate.values()].map((x) => ({ ...x, updatedAt: new Date() })))
    .onConflictDoUpdate({ target: calendarDaysTable.date, set: { kind: sql`excluded.kind`, name: sql`excluded.name`, updatedAt: sql`excluded.updated_at` } })
    .returning();
}

/** The whole calendar (a few dozen rows a year): one statement, loaded once per request. */
export async function loadCalendarDays(db: DbOrTx): Promise<CalendarDayRow[]> {
  return db.select().from(calendarDaysTable).orderBy(asc(calendarDaysTable.date));
}
