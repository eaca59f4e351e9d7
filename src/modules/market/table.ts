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
/** RECTIFIED (SPEC §14): not a sanction but the record that a warned or suspended subject rectified. */
export const supervisionMeasureEnum = pgEnum('supervision_measure', ['WRITTEN_WARNING', 'SUSPENSION_AND_INTERVIEW', 'EXIT', 'SERIOUS_WARNING', 'RECTIFIED']);
/** 失信名单 entry status (SPEC §14). */
export const dishonestListStatusEnum = pgEnum('dishonest_list_status', ['LISTED', 'REMOVED']);
/**
 * What a dishonest-list entry is keyed by (SPEC §14): the subject's credit code (an enterprise's
 * USCC, a cooperative's or shop's licence number), or, for a subject without one (a mutual-aid
 * group or shop without a licence), its hub id until a licence is issued. ID_NUMBER is reserved
 * for a person as subject: no subject type of the hub is a person yet.
 */
export const dishonestKeyKindEnum = pgEnum('dishonest_key_kind', ['CREDIT_CODE', 'ID_NUMBER', 'HUB_ID']);

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
  /** Null for a RECTIFIED action only (a rectification answers no non-compliance reason). */
  reason: nonComplianceReasonEnum('reason'),
  action: supervisionMeasureEnum('action').notNull(),
  decidedOn: date('decided_on', { mode: 'string' }).notNull(),
  decidedBySub: text('decided_by_sub').notNull(),
  decidedByAgency: agencyEnum('decided_by_agency').notNull(),
  statusAfter: text('status_after').notNull(),
  /** 整改说明 of a RECTIFIED action (recordRectification's note). */
  note: text('note'),
}, (t) => [
  index('supervision_actions_subject_idx').on(t.subjectType, t.subjectId, t.decidedOn),
  index('supervision_actions_day_idx').on(t.decidedOn),
  index('supervision_actions_updated_idx').on(t.updatedAt, t.id),
  check('supervision_actions_subject_type', sql`${t.subjectType} in ('ENTERPRISE', 'COOPERATIVE')`),
  // Compared as text: the enum value RECTIFIED is added in the same migration transaction.
  check('supervision_actions_reason_unless_rectified', sql`(${t.reason} is null) = (${t.action}::text = 'RECTIFIED')`),
]);

/**
 * 失信名单 (SPEC §8, §14; 附件4 四; 综保区条例 第二十六条). An entry is keyed by the subject's credit
 * code (subject_key), so the listing follows the subject into a new filing under a new hub id; at
 * most one LISTED entry per key (a removed subject may be listed again: a new entry). subject_id
 * stays the filing the listing was made on (the change feed's owner column, migration 0010). An
 * entry made by the ladder (REFUSED_RECTIFICATION) links its supervision action.
 */
export const dishonestListEntriesTable = pgTable('dishonest_list_entries', {
  ...entityColumns(),
  subjectType: marketSubjectTypeEnum('subject_type').notNull(),
  subjectId: uuid('subject_id').notNull(),
  subjectKey: text('subject_key').notNull(),
  keyKind: dishonestKeyKindEnum('key_kind').notNull(),
  listedOn: date('listed_on', { mode: 'string' }).notNull(),
  reason: text('reason').notNull(),
  /** 列入依据: the decision or clause the listing rests on (named in SUBJECT_DISHONEST messages). */
  basis: text('basis').notNull(),
  /** 告知日期: the day the subject was notified of the listing (附件4 四 通知企业法人). */
  noticeOn: date('notice_on', { mode: 'string' }).notNull(),
  status: dishonestListStatusEnum('status').notNull().default('LISTED'),
  removedOn: date('removed_on', { mode: 'string' }),
  removalReason: text('removal_reason'),
  supervisionActionId: uuid('supervision_action_id').references(() => supervisionActionsTable.id),
}, (t) => [
  uniqueIndex('dishonest_list_entries_listed_key').on(t.subjectKey).where(sql`${t.status} = 'LISTED'`),
  index('dishonest_list_entries_subject_idx').on(t.subjectType, t.subjectId),
  index('dishonest_list_entries_day_idx').on(t.listedOn),
  index('dishonest_list_entries_updated_idx').on(t.updatedAt, t.id),
  check('dishonest_list_entries_removal', sql`(${t.status} = 'REMOVED') = (${t.removedOn} is not null and ${t.removalReason} is not null)`),
]);

export type ShopRow = typeof shopsTable.$inferSelect;
export type InspectionRow = typeof inspectionsTable.$inferSelect;
export type SupervisionActionRow = typeof supervisionActionsTable.$inferSelect;
export type DishonestListEntryRow = typeof dishonestListEntriesTable.$inferSelect;
