import { sql } from 'drizzle-orm';
import { check, date, integer, numeric, pgTable, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
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

/** 预警 (方案 二(六)): stored once per year, on the first batch that crosses the line. */
export const earlyWarningsTable = pgTable('early_warnings', {
  ...entityColumns(),
  year: integer('year').notNull(),
  raisedAt: timestamp('raised_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  asOf: date('as_of', { mode: 'string' }).notNull(),
  consumedYuan: numeric('consumed_yuan', { precision: 18, scale: 2 }).notNull(),
  consumptionRatio: numeric('consumption_ratio', { precision: 9, scale: 4 }).notNull(),
  projectedAnnualYuan: numeric('projected_annual_yuan', { precision: 18, scale: 2 }).notNull(),
}, (t) => [uniqueIndex('early_warnings_year_key').on(t.year)]);

export type AnnualPlanRow = typeof annualPlansTable.$inferSelect;
export type EarlyWarningRow = typeof earlyWarningsTable.$inferSelect;
