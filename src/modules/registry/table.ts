import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, numeric, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { agencyEnum, entityColumns } from '../../db/columns';

export const enterpriseStatusEnum = pgEnum('enterprise_status', ['PENDING', 'FILED', 'WARNED', 'SUSPENDED', 'EXITED']);
export const cooperativeStatusEnum = pgEnum('cooperative_status', ['PENDING', 'FILED', 'WARNED', 'EXITED']);
export const cooperativeKindEnum = pgEnum('cooperative_kind', ['MUTUAL_AID_GROUP', 'COOPERATIVE']);
export const taxpayerTypeEnum = pgEnum('taxpayer_type', ['GENERAL', 'SMALL_SCALE']);
/** 户籍 (registered household) or 常住 (habitual residence): either admits a resident (方案 二(三)). */
export const residenceBasisEnum = pgEnum('residence_basis', ['HUKOU', 'HABITUAL']);

/** 加工企业 (附件1). */
export const enterprisesTable = pgTable('enterprises', {
  ...entityColumns(),
  filingNo: text('filing_no').notNull(),
  name: text('name').notNull(),
  uscc: text('uscc').notNull(),
  legalRepName: text('legal_rep_name').notNull(),
  legalRepPhone: text('legal_rep_phone'),
  legalRepAddress: text('legal_rep_address'),
  importScaleYuan: numeric('import_scale_yuan', { precision: 18, scale: 2 }).notNull().default('0'),
  capacityTonnesPerYear: numeric('capacity_tonnes_per_year', { precision: 14, scale: 3 }).notNull().default('0'),
  processingMethod: text('processing_method'),
  rawMaterials: text('raw_materials').array().notNull().default(sql`'{}'::text[]`),
  declaredValueAddRate: numeric('declared_value_add_rate', { precision: 7, scale: 4 }),
  declaredLossRate: numeric('declared_loss_rate', { precision: 7, scale: 4 }),
  county: text('county').notNull(),
  taxpayerType: taxpayerTypeEnum('taxpayer_type').notNull(),
  inBondedZone: boolean('in_bonded_zone').notNull().default(false),
  status: enterpriseStatusEnum('status').notNull().default('PENDING'),
  filedAt: timestamp('filed_at', { withTimezone: true, precision: 3 }),
}, (t) => [
  uniqueIndex('enterprises_uscc_key').on(t.uscc),
  uniqueIndex('enterprises_filing_no_key').on(t.filingNo),
  index('enterprises_updated_idx').on(t.updatedAt, t.id),
  index('enterprises_status_idx').on(t.status),
  index('enterprises_county_idx').on(t.county),
  check('enterprises_amounts_nonneg', sql`${t.importScaleYuan} >= 0 and ${t.capacityTonnesPerYear} >= 0`),
  check('enterprises_rates_range', sql`coalesce(${t.declaredValueAddRate}, 0) >= 0 and coalesce(${t.declaredLossRate}, 0) between 0 and 1`),
]);

/** 边民互助组/合作社 (附件2). */
export const cooperativesTable = pgTable('cooperatives', {
  ...entityColumns(),
  filingNo: text('filing_no').notNull(),
  name: text('name').notNull(),
  kind: cooperativeKindEnum('kind').notNull(),
  village: text('village'),
  township: text('township').notNull(),
  postalCode: text('postal_code'),
  phone: text('phone'),
  headName: text('head_name').notNull(),
  headMobile: text('head_mobile'),
  totalCapitalYuan: numeric('total_capital_yuan', { precision: 18, scale: 2 }).notNull().default('0'),
  commodities: text('commodities').array().notNull().default(sql`'{}'::text[]`),
  licenseNo: text('license_no'),
  status: cooperativeStatusEnum('status').notNull().default('PENDING'),
  filedAt: timestamp('filed_at', { withTimezone: true, precision: 3 }),
}, (t) => [
  uniqueIndex('cooperatives_filing_no_key').on(t.filingNo),
  index('cooperatives_updated_idx').on(t.updatedAt, t.id),
  index('cooperatives_status_idx').on(t.status),
  index('cooperatives_township_idx').on(t.township),
  check('cooperatives_capital_nonneg', sql`${t.totalCapitalYuan} >= 0`),
]);

/**
 * 边民. county and township are the RESIDENCE (户籍 or 常住, residence_basis), not the ID number's
 * issuing county (SPEC §14); residence_presumed marks a residence the hub presumed (an
 * Alashankou-issued ID number, or a row migrated from the county-from-ID era) rather than one
 * COMMERCE or customs stated. Cooperatives a resident belongs to, over time: cooperative_memberships.
 */
export const borderResidentsTable = pgTable('border_residents', {
  ...entityColumns(),
  name: text('name').notNull(),
  idNumber: text('id_number').notNull(),
  township: text('township'),
  county: text('county').notNull(),
  residenceBasis: residenceBasisEnum('residence_basis').notNull().default('HUKOU'),
  residencePresumed: boolean('residence_presumed').notNull().default(false),
}, (t) => [
  uniqueIndex('border_residents_id_number_key').on(t.idNumber),
  index('border_residents_updated_idx').on(t.updatedAt, t.id),
  check('border_residents_county_code', sql`${t.county} ~ '^[0-9]{6}$'`),
]);

/**
 * 边境乡镇名单 (方案 二(三); SPEC §14): the townships of 博乐市, 温泉县 and 双河市 whose residents
 * are eligible, each over validFrom … validTo (inclusive; null: open). Reference data kept by
 * COMMERCE (setBorderTownships replaces the whole list); 阿拉山口市 qualifies as a whole and has no rows.
 */
export const borderTownshipsTable = pgTable('border_townships', {
  county: text('county').notNull(),
  township: text('township').notNull(),
  validFrom: date('valid_from', { mode: 'string' }).notNull(),
  validTo: date('valid_to', { mode: 'string' }),
}, (t) => [
  primaryKey({ columns: [t.county, t.township, t.validFrom] }),
  check('border_townships_county', sql`${t.county} in ('652701', '652723', '659007')`),
  check('border_townships_valid_range', sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
]);

/**
 * 成员资格 (SPEC §14): a resident is a member of a cooperative over [joinedOn, leftOn), Beijing dates;
 * leftOn is the first day the resident is NOT a member (null: open-ended). One cooperative per
 * resident per date is an exclusion constraint (btree_gist, migration cooperative_memberships_exclusion),
 * so no interleaving of roster writes can break it.
 */
export const cooperativeMembershipsTable = pgTable('cooperative_memberships', {
  id: uuid('id').primaryKey().defaultRandom(),
  cooperativeId: uuid('cooperative_id').notNull().references(() => cooperativesTable.id),
  residentId: uuid('resident_id').notNull().references(() => borderResidentsTable.id),
  joinedOn: date('joined_on', { mode: 'string' }).notNull(),
  leftOn: date('left_on', { mode: 'string' }),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow().$onUpdate(() => new Date()),
  source: agencyEnum('source').notNull(),
}, (t) => [
  index('cooperative_memberships_cooperative_idx').on(t.cooperativeId, t.joinedOn),
  index('cooperative_memberships_resident_idx').on(t.residentId, t.joinedOn),
  check('cooperative_memberships_dates', sql`${t.leftOn} is null or ${t.leftOn} > ${t.joinedOn}`),
]);

/** 购销协议 between an enterprise and a cooperative for HS code prefixes. */
export const supplyContractsTable = pgTable('supply_contracts', {
  ...entityColumns(),
  enterpriseId: uuid('enterprise_id').notNull().references(() => enterprisesTable.id),
  cooperativeId: uuid('cooperative_id').notNull().references(() => cooperativesTable.id),
  hsCodes: text('hs_codes').array().notNull(),
  validFrom: date('valid_from', { mode: 'string' }).notNull(),
  validTo: date('valid_to', { mode: 'string' }).notNull(),
  /**
   * Set when a supervision action (suspension or exit of either party, SPEC §7) ends the contract:
   * valid dates are then before this day. validTo is also cut to the day before where the contract
   * had started; a contract that had not started keeps its dates and is ended by this column alone.
   */
  terminatedOn: date('terminated_on', { mode: 'string' }),
}, (t) => [
  index('supply_contracts_enterprise_idx').on(t.enterpriseId, t.validFrom),
  index('supply_contracts_cooperative_idx').on(t.cooperativeId, t.validFrom),
  index('supply_contracts_updated_idx').on(t.updatedAt, t.id),
  check('supply_contracts_valid_range', sql`${t.validTo} >= ${t.validFrom}`),
  check('supply_contracts_hs_codes', sql`cardinality(${t.hsCodes}) > 0`),
]);

/** Gap-free filing numbers per kind and year (ALSK-E-2025-0001), safe under concurrent filings. */
export const filingCountersTable = pgTable('filing_counters', {
  kind: text('kind').notNull(),
  year: integer('year').notNull(),
  last: integer('last').notNull(),
}, (t) => [primaryKey({ columns: [t.kind, t.year] })]);

/**
 * 状态历史 (SPEC §15): every status an enterprise or cooperative has had, as intervals
 * [fromAt, toAt) (toAt null: current). Written by the trigger of migration party_status_history_trigger on
 * every insert and status change of enterprises and cooperatives, so no write path can skip it;
 * the cause is the transaction's `hub.status_cause` setting (store.setEnterpriseStatus) or, absent,
 * REGISTERED / APPROVED / STATUS_CHANGED.
 */
export const partyStatusHistoryTable = pgTable('party_status_history', {
  id: uuid('id').primaryKey().defaultRandom(),
  enterpriseId: uuid('enterprise_id').references(() => enterprisesTable.id, { onDelete: 'cascade' }),
  cooperativeId: uuid('cooperative_id').references(() => cooperativesTable.id, { onDelete: 'cascade' }),
  status: text('status').notNull(),
  fromAt: timestamp('from_at', { withTimezone: true, precision: 3 }).notNull(),
  toAt: timestamp('to_at', { withTimezone: true, precision: 3 }),
  cause: text('cause').notNull(),
}, (t) => [
  index('party_status_history_enterprise_idx').on(t.enterpriseId, t.fromAt),
  index('party_status_history_cooperative_idx').on(t.cooperativeId, t.fromAt),
  index('party_status_history_status_idx').on(t.status, t.fromAt),
  check('party_status_history_one_subject', sql`(${t.enterpriseId} is null) <> (${t.cooperativeId} is null)`),
]);

export type EnterpriseRow = typeof enterprisesTable.$inferSelect;
export type StatusChangeRow = typeof partyStatusHistoryTable.$inferSelect;
export type CooperativeRow = typeof cooperativesTable.$inferSelect;
export type BorderResidentRow = typeof borderResidentsTable.$inferSelect;
export type SupplyContractRow = typeof supplyContractsTable.$inferSelect;
export type BorderTownshipRow = typeof borderTownshipsTable.$inferSelect;
export type MembershipRow = typeof cooperativeMembershipsTable.$inferSelect;
