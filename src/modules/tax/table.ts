import { sql } from 'drizzle-orm';
import { check, index, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { entityColumns } from '../../db/columns';
import { enterprisesTable } from '../registry/table';

/** 税务记录 (SPEC §6), submitted by tax; key enterprise + period. */
export const taxRecordsTable = pgTable('tax_records', {
  ...entityColumns(),
  enterpriseId: uuid('enterprise_id').notNull().references(() => enterprisesTable.id),
  period: text('period').notNull(),
  salesInvoicedYuan: numeric('sales_invoiced_yuan', { precision: 18, scale: 2 }).notNull(),
  outputVatYuan: numeric('output_vat_yuan', { precision: 18, scale: 2 }).notNull(),
  inputVatYuan: numeric('input_vat_yuan', { precision: 18, scale: 2 }).notNull(),
  agriculturalInputDeductionYuan: numeric('agricultural_input_deduction_yuan', { precision: 18, scale: 2 }).notNull(),
  vatPaidYuan: numeric('vat_paid_yuan', { precision: 18, scale: 2 }).notNull(),
  filedAt: timestamp('filed_at', { withTimezone: true, precision: 3 }).notNull(),
  contentHash: text('content_hash').notNull(),
}, (t) => [
  uniqueIndex('tax_records_enterprise_period_key').on(t.enterpriseId, t.period),
  index('tax_records_period_idx').on(t.period),
  index('tax_records_updated_idx').on(t.updatedAt, t.id),
  check('tax_records_period_format', sql`${t.period} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
  check('tax_records_nonneg', sql`least(${t.salesInvoicedYuan}, ${t.outputVatYuan}, ${t.inputVatYuan}, ${t.agriculturalInputDeductionYuan}, ${t.vatPaidYuan}) >= 0`),
]);

export type TaxRecordRow = typeof taxRecordsTable.$inferSelect;
