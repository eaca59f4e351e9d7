import { boolean, date, index, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { agencyEnum } from '../../db/columns';

/**
 * Resolutions of discrepancies (SPEC §13). Discrepancies themselves are computed, never stored: a
 * resolution is keyed by the discrepancy's stable id (a UUID derived from kind + subject + period),
 * so it stays attached while the same discrepancy keeps being computed.
 */
export const discrepancyResolutionsTable = pgTable('discrepancy_resolutions', {
  discrepancyId: uuid('discrepancy_id').primaryKey(),
  kind: text('kind').notNull(),
  note: text('note').notNull(),
  resolvedBy: agencyEnum('resolved_by').notNull(),
  resolvedBySub: text('resolved_by_sub'),
  resolvedAt: timestamp('resolved_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [index('discrepancy_resolutions_kind_idx').on(t.kind)]);

export type DiscrepancyResolutionRow = typeof discrepancyResolutionsTable.$inferSelect;

/**
 * kg booked against each factory entry's declarations (Σ of ledger_declaration_booked over its
 * links) and the last day one of those bookings occurred, so ENTERED_NOT_BOOKED (SPEC §13) reads one
 * row per entry instead of joining every link to every declaration's bookings. Kept exact by the
 * triggers of migration `custody_entry_booked`: a new entry starts from its declarations' bookings
 * (their rows locked, as a booking locks them); a booking adds its delta to every entry that carried
 * the declaration (an UPDATE per row, so concurrent bookings add up). `lastBookedOn` only moves
 * later: after a booking is removed it may be later than the last remaining one, which only sends
 * the entry through the exact as-of sum.
 */
export const custodyEntryBookedTable = pgTable('custody_entry_booked', {
  factoryEntryId: uuid('factory_entry_id').primaryKey(),
  bookedKg: numeric('booked_kg', { precision: 20, scale: 3 }).notNull(),
  /** What the entry must be booked to: its weighed kg, else its declared kg (copied from the entry). */
  targetKg: numeric('target_kg', { precision: 20, scale: 3 }).notNull(),
  lastBookedOn: date('last_booked_on', { mode: 'string' }),
  /**
   * Not booked to 99.5 % of its target: the few entries ENTERED_NOT_BOOKED starts from. A stored
   * column (not only an index predicate) so that ANALYZE counts them and the planner looks them up
   * one by one instead of scanning every entry.
   */
  open: boolean('open').generatedAlwaysAs(sql`booked_kg < 0.995 * target_kg`),
}, (t) => [
  index('custody_entry_booked_open_idx').on(t.factoryEntryId).where(sql`${t.open}`),
  index('custody_entry_booked_last_idx').on(t.lastBookedOn),
]);
