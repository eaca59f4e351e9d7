import { pgEnum, timestamp, uuid } from 'drizzle-orm/pg-core';
import { AGENCIES } from '../authz/agencies';

export const agencyEnum = pgEnum('agency', AGENCIES);

/**
 * Columns every shared entity has (SPEC §3). Timestamps are kept to the millisecond so an
 * `updatedAt` cursor survives the round trip through a JS Date exactly.
 */
export const entityColumns = () => ({
  id: uuid('id').primaryKey().defaultRandom(),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow().$onUpdate(() => new Date()),
  source: agencyEnum('source').notNull(),
});
