import { sql } from 'drizzle-orm';
import { check, integer, numeric, pgTable, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { entityColumns } from '../../db/columns';
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
