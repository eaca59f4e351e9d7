import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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
