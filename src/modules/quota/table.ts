import { sql } from 'drizzle-orm';
import { check, date, integer, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { entityColumns } from '../../db/columns';

/** 年度计划 (SPEC §7): import and landing-processing scale, warning ratio, value-add threshold. */
export const annualPlansTable = pgTable('annual_plans', {
  ...entityColumns(),
  year: integer('year').notNull(),
  importScaleYuan: numeric('import_scale_yuan', { precision: 18, scale: 2 }).notNull(),
  landingProcessingScaleYuan: numeric('landing_processing_scale_yuan', { precision: 18, scale: 2 }).notNull(),
  warningRatio: numeric('warning_ratio', { precision: 5, scale: 4 }).notNull().default('0.8'),
  valueAddThreshold: numeric('value_add_threshold', { precision: 5, scale: 4 }).notNull().default('0.2'),
}, (t) => [
  uniqueIndex('annual_plans_year_key').on(t.year),
  check('annual_plans_amounts_nonneg', sql`${t.importScaleYuan} >= 0 and ${t.landingProcessingScaleYuan} >= 0`),
  check('annual_plans_ratios', sql`${t.warningRatio} between 0 and 1 and ${t.valueAddThreshold} >= 0`),
]);

/**
 * 预警 (方案 二(六)): issued to the city government at most once per calendar month (of asOf) in
 * which the condition holds after an accepted batch (SPEC §15); the unique (year, month) index
 * lets exactly one of concurrent batches insert it.
 */
export const earlyWarningsTable = pgTable('early_warnings', {
  ...entityColumns(),
  year: integer('year').notNull(),
  raisedAt: timestamp('raised_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  asOf: date('as_of', { mode: 'string' }).notNull(),
  consumedYuan: numeric('consumed_yuan', { precision: 18, scale: 2 }).notNull(),
  consumptionRatio: numeric('consumption_ratio', { precision: 9, scale: 4 }).notNull(),
  projectedAnnualYuan: numeric('projected_annual_yuan', { precision: 18, scale: 2 }).notNull(),
  /** calendar month of asOf (1–12), derived by the database. */
  month: integer('month').notNull().generatedAlwaysAs(sql`(extract(month from as_of))::integer`),
  issuedTo: text('issued_to').notNull().default('阿拉山口市人民政府'),
  issuedAt: timestamp('issued_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true, precision: 3 }),
}, (t) => [uniqueIndex('early_warnings_year_month_key').on(t.year, t.month)]);

export type AnnualPlanRow = typeof annualPlansTable.$inferSelect;
export type EarlyWarningRow = typeof earlyWarningsTable.$inferSelect;
