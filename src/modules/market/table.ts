import { sql } from 'drizzle-orm';
import { check, date, index, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { agencyEnum, entityColumns } from '../../db/columns';

export const marketSubjectTypeEnum = pgEnum('market_subject_type', ['ENTERPRISE', 'COOPERATIVE', 'SHOP']);
export const shopStatusEnum = pgEnum('shop_status', ['OPERATING', 'SUSPENDED', 'CLOSED']);
export const inspectionResultEnum = pgEnum('inspection_result', ['PASS', 'RECTIFY', 'VIOLATION']);
/** 附件3 四、五 (enterprises) and 附件4 四 (cooperatives). */
export const nonComplianceReasonEnum = pgEnum('non_compliance_reason', [
  'DUTY_NOT_FULFILLED', 'CHANNEL_TRADE', 'IRREGULAR_ACCOUNTING_OR_TAX', 'OBSTRUCTING_SUPERVISION', 'TARGETS_MISSED',
  'POOR_CREDIT', 'DIVIDEND_NOT_ENSURED', 'REFUSED_RECTIFICATION', 'NO_BUSINESS_FOR_A_YEAR',
]);
export const supervisionMeasureEnum = pgEnum('supervision_measure', ['WRITTEN_WARNING', 'SUSPENSION_AND_INTERVIEW', 'EXIT', 'SERIOUS_WARNING']);

/** 二级市场商铺 (SPEC §8), registered by market regulation. A stall has one shop at a time. */
export const shopsTable = pgTable('shops', {
  ...entityColumns(),
  name: text('name').notNull(),
  stallNo: text('stall_no').notNull(),
  operatorName: text('operator_name').notNull(),
  licenseNo: text('license_no'),
  status: shopStatusEnum('status').notNull().default('OPERATING'),
}, (t) => [
  uniqueIndex('shops_stall_no_key').on(t.stallNo),
  index('shops_updated_idx').on(t.updatedAt, t.id),
  index('shops_status_idx').on(t.status),
]);

/**
 * 核查 (SPEC §8). The subject is polymorphic (enterprise, cooperative or shop), so there is no
 * foreign key: the service checks that the subject exists before inserting.
 */
export const inspectionsTable = pgTable('inspections', {
  ...entityColumns(),
  subjectType: marketSubjectTypeEnum('subject_type').notNull(),
  subjectId: uuid('subject_id').notNull(),
  inspectedOn: date('inspected_on', { mode: 'string' }).notNull(),
  /** The inspecting agency (joint inspections may be led by commerce, 附件3 三). */
  agency: agencyEnum('agency').notNull(),
  findings: text('findings'),
  result: inspectionResultEnum('result').notNull(),
}, (t) => [
  index('inspections_subject_idx').on(t.subjectType, t.subjectId, t.inspectedOn),
  index('inspections_day_idx').on(t.inspectedOn),
  index('inspections_updated_idx').on(t.updatedAt, t.id),
]);

/**
 * 监管措施 (SPEC §7 supervision ladder). Append-only: the subject's status follows its latest
 * action, and `statusAfter` keeps the status the action set, for audit.
 */
export const supervisionActionsTable = pgTable('supervision_actions', {
  ...entityColumns(),
  subjectType: marketSubjectTypeEnum('subject_type').notNull(),
  subjectId: uuid('subject_id').notNull(),
  reason: nonComplianceReasonEnum('reason').notNull(),
  action: supervisionMeasureEnum('action').notNull(),
  decidedOn: date('decided_on', { mode: 'string' }).notNull(),
  decidedBySub: text('decided_by_sub').notNull(),
  decidedByAgency: agencyEnum('decided_by_agency').notNull(),
  statusAfter: text('status_after').notNull(),
}, (t) => [
  index('supervision_actions_subject_idx').on(t.subjectType, t.subjectId, t.decidedOn),
  index('supervision_actions_day_idx').on(t.decidedOn),
  index('supervision_actions_updated_idx').on(t.updatedAt, t.id),
  check('supervision_actions_subject_type', sql`${t.subjectType} in ('ENTERPRISE', 'COOPERATIVE')`),
]);

/**
 * 失信名单 (SPEC §8; 附件4 四). One entry per subject; an entry made by the ladder
 * (REFUSED_RECTIFICATION) links its supervision action.
 */
export const dishonestListEntriesTable = pgTable('dishonest_list_entries', {
  ...entityColumns(),
  subjectType: marketSubjectTypeEnum('subject_type').notNull(),
  subjectId: uuid('subject_id').notNull(),
  listedOn: date('listed_on', { mode: 'string' }).notNull(),
  reason: text('reason').notNull(),
  supervisionActionId: uuid('supervision_action_id').references(() => supervisionActionsTable.id),
}, (t) => [
  uniqueIndex('dishonest_list_entries_subject_key').on(t.subjectType, t.subjectId),
  index('dishonest_list_entries_day_idx').on(t.listedOn),
  index('dishonest_list_entries_updated_idx').on(t.updatedAt, t.id),
]);

export type ShopRow = typeof shopsTable.$inferSelect;
export type InspectionRow = typeof inspectionsTable.$inferSelect;
export type SupervisionActionRow = typeof supervisionActionsTable.$inferSelect;
export type DishonestListEntryRow = typeof dishonestListEntriesTable.$inferSelect;
