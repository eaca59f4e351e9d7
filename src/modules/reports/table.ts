import { sql } from 'drizzle-orm';
import { bigint, check, date, integer, numeric, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { entityColumns } from '../../db/columns';
import { declarationPurposeEnum } from '../customs/table';
import { enterprisesTable } from '../registry/table';

/** 考核目标 (附件7): set by commerce per enterprise and year. */
export const assessmentTargetsTable = pgTable('assessment_targets', {
  ...entityColumns(),
  enterpriseId: uuid('enterprise_id').notNull().references(() => enterprisesTable.id),
  year: integer('year').notNull(),
  importTradeTargetYuan: numeric('import_trade_target_yuan', { precision: 18, scale: 2 }).notNull(),
  valueAddRateTarget: numeric('value_add_rate_target', { precision: 7, scale: 4 }).notNull(),
}, (t) => [
  uniqueIndex('assessment_targets_enterprise_year_key').on(t.enterpriseId, t.year),
  check('assessment_targets_nonneg', sql`${t.importTradeTargetYuan} >= 0 and ${t.valueAddRateTarget} >= 0`),
]);

export type AssessmentTargetRow = typeof assessmentTargetsTable.$inferSelect;

/**
 * Pre-aggregated trade figures (SPEC §11: tradeStats by month × commodity over ≈1M declarations).
 * Counted statuses only (§7). Maintained exactly by the triggers of migration `reports_rollup`
 * (delta upserts, safe under concurrent batches); never written by application code.
 * Grain: Beijing day × purpose × trade point (× HS code for the line-level table), so any date
 * range and any grouping by MONTH, COMMODITY, PURPOSE, TRADE_POINT is answered from here.
 */
export const tradeDailyTable = pgTable('trade_daily', {
  declaredOn: date('declared_on', { mode: 'string' }).notNull(),
  purpose: declarationPurposeEnum('purpose').notNull(),
  tradePoint: text('trade_point').notNull(),
  declarationCount: bigint('declaration_count', { mode: 'number' }).notNull(),
  valueYuan: numeric('value_yuan', { precision: 20, scale: 2 }).notNull(),
  quantityKg: numeric('quantity_kg', { precision: 20, scale: 3 }).notNull(),
}, (t) => [primaryKey({ columns: [t.declaredOn, t.purpose, t.tradePoint] })]);

/** Line level: `declarationCount` counts declarations having at least one line of the HS code. */
export const tradeDailyCommodityTable = pgTable('trade_daily_commodity', {
  declaredOn: date('declared_on', { mode: 'string' }).notNull(),
  hsCode: text('hs_code').notNull(),
  purpose: declarationPurposeEnum('purpose').notNull(),
  tradePoint: text('trade_point').notNull(),
  declarationCount: bigint('declaration_count', { mode: 'number' }).notNull(),
  valueYuan: numeric('value_yuan', { precision: 20, scale: 2 }).notNull(),
  quantityKg: numeric('quantity_kg', { precision: 20, scale: 3 }).notNull(),
}, (t) => [primaryKey({ columns: [t.declaredOn, t.hsCode, t.purpose, t.tradePoint] })]);

export type TradeDailyRow = typeof tradeDailyTable.$inferSelect;
