import { sql } from 'drizzle-orm';
import { check, date, index, integer, numeric, primaryKey, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { entityColumns } from '../../db/columns';
import { customsDeclarationsTable } from '../customs/table';
import { cooperativesTable, enterprisesTable } from '../registry/table';

export const ledgerKindEnum = pgEnum('ledger_kind', ['RAW_IN', 'RAW_CONSUMED', 'PRODUCT_OUTPUT', 'PRODUCT_SOLD', 'RAW_SOLD', 'LOSS']);
export const calendarDayKindEnum = pgEnum('calendar_day_kind', ['HOLIDAY', 'MAKEUP_WORKDAY']);

/** 台账 (SPEC §6), submitted by the enterprise; `externalRef` is its idempotency key. */
export const ledgerEntriesTable = pgTable('ledger_entries', {
  ...entityColumns(),
  enterpriseId: uuid('enterprise_id').notNull().references(() => enterprisesTable.id),
  occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
  kind: ledgerKindEnum('kind').notNull(),
  hsCode: text('hs_code'),
  productName: text('product_name'),
  quantityKg: numeric('quantity_kg', { precision: 16, scale: 3 }).notNull(),
  amountYuan: numeric('amount_yuan', { precision: 18, scale: 2 }).notNull(),
  externalRef: text('external_ref').notNull(),
  invoiceNo: text('invoice_no'),
  /** RAW_IN: the customs declarations the goods came with. */
  declarationNos: text('declaration_nos').array().notNull().default(sql`'{}'::text[]`),
  contentHash: text('content_hash').notNull(),
}, (t) => [
  uniqueIndex('ledger_entries_ref_key').on(t.enterpriseId, t.externalRef),
  index('ledger_entries_enterprise_day_idx').on(t.enterpriseId, t.occurredOn, t.kind),
  index('ledger_entries_day_idx').on(t.occurredOn),
  index('ledger_entries_updated_idx').on(t.updatedAt, t.id),
  check('ledger_entries_amounts_nonneg', sql`${t.quantityKg} >= 0 and ${t.amountYuan} >= 0`),
  check('ledger_entries_item', sql`${t.hsCode} is not null or ${t.productName} is not null`),
]);

/**
 * How the kg of a RAW_IN entry were booked against the declarations it links (SPEC §13): in the
 * order given, each declaration filled up to its declared kg before the next; an overrun within
 * 0.5 % lands on the last one. Written once with the entry, in its transaction, while the
 * declarations' rows are locked (FOR UPDATE), so two writers never book the same kg twice.
 */
export const ledgerBookingsTable = pgTable('ledger_bookings', {
  ledgerEntryId: uuid('ledger_entry_id').notNull().references(() => ledgerEntriesTable.id, { onDelete: 'cascade' }),
  declarationId: uuid('declaration_id').notNull().references(() => customsDeclarationsTable.id),
  seq: integer('seq').notNull(),
  kg: numeric('kg', { precision: 16, scale: 3 }).notNull(),
}, (t) => [
  primaryKey({ columns: [t.ledgerEntryId, t.declarationId] }),
  index('ledger_bookings_declaration_idx').on(t.declarationId),
  check('ledger_bookings_kg_positive', sql`${t.kg} > 0`),
]);

/**
 * Rollups of the ledger kept exact by the triggers of migration `custody_rollups` (delta upserts per
 * statement, row locks serialise concurrent writers; never written by application code), so the
 * discrepancies of SPEC §13 over every enterprise read a few hundred thousand summed rows instead of
 * aggregating every entry and booking on each request.
 *
 * `ledger_daily`: one row per enterprise and day with entries — the signed raw kg (RAW_IN −
 * RAW_CONSUMED − RAW_SOLD − LOSS; its running sum is the raw stock at each day's end) and the
 * figures of write-off and value added. `entries` counts the day's entries (a row at 0 is removed).
 */
export const ledgerDailyTable = pgTable('ledger_daily', {
  enterpriseId: uuid('enterprise_id').notNull(),
  day: date('day', { mode: 'string' }).notNull(),
  entries: integer('entries').notNull(),
  rawDelta: numeric('raw_delta', { precision: 20, scale: 3 }).notNull(),
  rawSoldKg: numeric('raw_sold_kg', { precision: 20, scale: 3 }).notNull(),
  consumedKg: numeric('consumed_kg', { precision: 20, scale: 3 }).notNull(),
  consumedYuan: numeric('consumed_yuan', { precision: 20, scale: 2 }).notNull(),
  outputKg: numeric('output_kg', { precision: 20, scale: 3 }).notNull(),
  outputYuan: numeric('output_yuan', { precision: 20, scale: 2 }).notNull(),
}, (t) => [primaryKey({ columns: [t.enterpriseId, t.day] })]);

/**
 * `ledger_declaration_booked`: kg booked against each declaration by RAW_IN entries (Σ
 * ledger_bookings.kg) and the last day one of them occurred: "booked as of a date" on or after
 * that day is the total; before it, the few bookings of that declaration are summed.
 */
export const ledgerDeclarationBookedTable = pgTable('ledger_declaration_booked', {
  declarationId: uuid('declaration_id').primaryKey(),
  bookedKg: numeric('booked_kg', { precision: 20, scale: 3 }).notNull(),
  lastBookedOn: date('last_booked_on', { mode: 'string' }).notNull(),
});

/**
 * The figures of a monthly or annual report (附件5 三(二)), one definition for both tables: kg to
 * 3 places, yuan to 2, first submission and last revision.
 */
function reportFigureColumns() {
  return {
    rawPurchasedKg: numeric('raw_purchased_kg', { precision: 16, scale: 3 }).notNull(),
    rawPurchasedYuan: numeric('raw_purchased_yuan', { precision: 18, scale: 2 }).notNull(),
    rawConsumedKg: numeric('raw_consumed_kg', { precision: 16, scale: 3 }).notNull(),
    rawConsumedYuan: numeric('raw_consumed_yuan', { precision: 18, scale: 2 }).notNull(),
    productOutputKg: numeric('product_output_kg', { precision: 16, scale: 3 }).notNull(),
    productOutputYuan: numeric('product_output_yuan', { precision: 18, scale: 2 }).notNull(),
    salesKg: numeric('sales_kg', { precision: 16, scale: 3 }).notNull(),
    salesYuan: numeric('sales_yuan', { precision: 18, scale: 2 }).notNull(),
    inventoryKg: numeric('inventory_kg', { precision: 16, scale: 3 }).notNull(),
    lossKg: numeric('loss_kg', { precision: 16, scale: 3 }).notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true, precision: 3 }).notNull(),
    revisedAt: timestamp('revised_at', { withTimezone: true, precision: 3 }),
  };
}

type FigureColumns = { [K in 'rawPurchasedKg' | 'rawPurchasedYuan' | 'rawConsumedKg' | 'rawConsumedYuan' | 'productOutputKg' | 'productOutputYuan' | 'salesKg' | 'salesYuan' | 'inventoryKg' | 'lossKg']: AnyPgColumn };

/** No figure of a report is negative. */
const figuresNonNegative = (t: FigureColumns) =>
  sql`least(${t.rawPurchasedKg}, ${t.rawPurchasedYuan}, ${t.rawConsumedKg}, ${t.rawConsumedYuan}, ${t.productOutputKg}, ${t.productOutputYuan}, ${t.salesKg}, ${t.salesYuan}, ${t.inventoryKg}, ${t.lossKg}) >= 0`;

/** 月度报表 (附件5 三(二)). Resubmission replaces figures and sets revisedAt; submittedAt stays. */
export const monthlyReportsTable = pgTable('monthly_reports', {
  ...entityColumns(),
  enterpriseId: uuid('enterprise_id').notNull().references(() => enterprisesTable.id),
  period: text('period').notNull(),
  ...reportFigureColumns(),
}, (t) => [
  uniqueIndex('monthly_reports_enterprise_period_key').on(t.enterpriseId, t.period),
  index('monthly_reports_period_idx').on(t.period),
  index('monthly_reports_updated_idx').on(t.updatedAt, t.id),
  check('monthly_reports_period_format', sql`${t.period} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
  check('monthly_reports_nonneg', figuresNonNegative(t)),
]);

/** 年度报表 (SPEC §15; 附件5 三(二) 每年年初报送): the monthly report's figures for a calendar year. */
export const annualReportsTable = pgTable('annual_reports', {
  ...entityColumns(),
  enterpriseId: uuid('enterprise_id').notNull().references(() => enterprisesTable.id),
  year: integer('year').notNull(),
  ...reportFigureColumns(),
}, (t) => [
  uniqueIndex('annual_reports_enterprise_year_key').on(t.enterpriseId, t.year),
  index('annual_reports_updated_idx').on(t.updatedAt, t.id),
  check('annual_reports_year', sql`${t.year} between 2000 and 2100`),
  check('annual_reports_nonneg', figuresNonNegative(t)),
]);

/** 季度报表: enterprises' quarterly roll-up, and cooperatives' 购销报表 (附件4 三). */
export const quarterlyReportsTable = pgTable('quarterly_reports', {
  ...entityColumns(),
  enterpriseId: uuid('enterprise_id').references(() => enterprisesTable.id),
  cooperativeId: uuid('cooperative_id').references(() => cooperativesTable.id),
  /** 'YYYY-Qn' */
  quarter: text('quarter').notNull(),
  purchasedKg: numeric('purchased_kg', { precision: 16, scale: 3 }).notNull().default('0'),
  purchasedYuan: numeric('purchased_yuan', { precision: 18, scale: 2 }).notNull().default('0'),
  soldKg: numeric('sold_kg', { precision: 16, scale: 3 }).notNull().default('0'),
  soldYuan: numeric('sold_yuan', { precision: 18, scale: 2 }).notNull().default('0'),
  dividendYuan: numeric('dividend_yuan', { precision: 18, scale: 2 }),
  remarks: text('remarks'),
  submittedAt: timestamp('submitted_at', { withTimezone: true, precision: 3 }).notNull(),
  revisedAt: timestamp('revised_at', { withTimezone: true, precision: 3 }),
}, (t) => [
  uniqueIndex('quarterly_reports_enterprise_key').on(t.enterpriseId, t.quarter),
  uniqueIndex('quarterly_reports_cooperative_key').on(t.cooperativeId, t.quarter),
  index('quarterly_reports_updated_idx').on(t.updatedAt, t.id),
  check('quarterly_reports_one_subject', sql`(${t.enterpriseId} is null) <> (${t.cooperativeId} is null)`),
  check('quarterly_reports_quarter_format', sql`${t.quarter} ~ '^[0-9]{4}-Q[1-4]$'`),
]);

/** Working-day calendar (reference/holidays-cn.md), data not code: updatable by COMMERCE. */
export const calendarDaysTable = pgTable('calendar_days', {
  date: date('date', { mode: 'string' }).primaryKey(),
  kind: calendarDayKindEnum('kind').notNull(),
  name: text('name').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

export type LedgerEntryRow = typeof ledgerEntriesTable.$inferSelect;
export type MonthlyReportRow = typeof monthlyReportsTable.$inferSelect;
export type QuarterlyReportRow = typeof quarterlyReportsTable.$inferSelect;
export type AnnualReportRow = typeof annualReportsTable.$inferSelect;
export type CalendarDayRow = typeof calendarDaysTable.$inferSelect;
