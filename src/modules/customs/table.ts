import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, numeric, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { entityColumns } from '../../db/columns';
import { borderResidentsTable, cooperativesTable, enterprisesTable } from '../registry/table';

export const declarationPurposeEnum = pgEnum('declaration_purpose', ['LANDING_PROCESSING', 'MARKET_SALE']);
export const declarationStatusEnum = pgEnum('declaration_status', [
  'DECLARED', 'RELEASED', 'INSPECTING', 'RETURNED', 'DESTROYED', 'REFERRED_TO_ANTI_SMUGGLING',
]);

/** 边民互市申报单 (SPEC §5). `declaredOn` is the Beijing date of `declaredAt`, kept for indexes. */
export const customsDeclarationsTable = pgTable('customs_declarations', {
  ...entityColumns(),
  declarationNo: text('declaration_no').notNull(),
  declaredAt: timestamp('declared_at', { withTimezone: true, precision: 3 }).notNull(),
  declaredOn: date('declared_on', { mode: 'string' }).notNull(),
  tradePoint: text('trade_point').notNull().default('ALASHANKOU'),
  declarantId: uuid('declarant_id').notNull().references(() => borderResidentsTable.id),
  agentIdNumber: text('agent_id_number'),
  entrustmentProofNo: text('entrustment_proof_no'),
  cooperativeId: uuid('cooperative_id').references(() => cooperativesTable.id),
  purpose: declarationPurposeEnum('purpose').notNull(),
  destinationEnterpriseId: uuid('destination_enterprise_id').references(() => enterprisesTable.id),
  valueYuan: numeric('value_yuan', { precision: 18, scale: 2 }).notNull(),
  quantityKg: numeric('quantity_kg', { precision: 16, scale: 3 }).notNull(),
  delegatedDeclaration: boolean('delegated_declaration').notNull().default(false),
  directTransport: boolean('direct_transport').notNull().default(false),
  inspectionWaived: boolean('inspection_waived').notNull().default(false),
  status: declarationStatusEnum('status').notNull().default('DECLARED'),
  releasedAt: timestamp('released_at', { withTimezone: true, precision: 3 }),
  inspectionNote: text('inspection_note'),
  /**
   * First arrival at the factory gate (min arrivedAt of the factory entries that carried it), set
   * by `insertFactoryEntries` in the entry's transaction: "released, never entered" (SPEC §13) is
   * then read from a small partial index instead of an anti-join over every lot.
   */
  enteredAt: timestamp('entered_at', { withTimezone: true, precision: 3 }),
  /** Hash of the submitted content: a replayed row with the same hash is a DUPLICATE. */
  contentHash: text('content_hash').notNull(),
}, (t) => [
  uniqueIndex('customs_declarations_no_key').on(t.declarationNo),
  index('customs_declarations_declarant_day_idx').on(t.declarantId, t.declaredOn),
  index('customs_declarations_destination_day_idx').on(t.destinationEnterpriseId, t.declaredOn),
  index('customs_declarations_cooperative_day_idx').on(t.cooperativeId, t.declaredOn),
  index('customs_declarations_purpose_day_idx').on(t.purpose, t.declaredOn),
  index('customs_declarations_day_idx').on(t.declaredOn),
  index('customs_declarations_updated_idx').on(t.updatedAt, t.id),
  index('customs_declarations_status_day_idx').on(t.status, t.declaredOn),
  // Released lots not (yet) at the gate, and those that arrived late (discrepancies as of a past date).
  index('customs_declarations_unentered_idx').on(t.releasedAt)
    .where(sql`${t.purpose} = 'LANDING_PROCESSING' and ${t.status} = 'RELEASED' and ${t.enteredAt} is null`),
  index('customs_declarations_entered_idx').on(t.enteredAt)
    .where(sql`${t.purpose} = 'LANDING_PROCESSING' and ${t.status} = 'RELEASED' and ${t.enteredAt} is not null`),
  check('customs_declarations_amounts_nonneg', sql`${t.valueYuan} >= 0 and ${t.quantityKg} >= 0`),
  check('customs_declarations_landing_has_destination', sql`${t.purpose} <> 'LANDING_PROCESSING' or ${t.destinationEnterpriseId} is not null`),
]);

/** Lines of a declaration (1–20). */
export const declarationLinesTable = pgTable('declaration_lines', {
  declarationId: uuid('declaration_id').notNull().references(() => customsDeclarationsTable.id, { onDelete: 'cascade' }),
  lineNo: integer('line_no').notNull(),
  hsCode: text('hs_code').notNull(),
  commodityName: text('commodity_name').notNull(),
  quantityKg: numeric('quantity_kg', { precision: 16, scale: 3 }).notNull(),
  valueYuan: numeric('value_yuan', { precision: 18, scale: 2 }).notNull(),
}, (t) => [
  primaryKey({ columns: [t.declarationId, t.lineNo] }),
  index('declaration_lines_hs_code_idx').on(t.hsCode),
  // The rollup trigger on line inserts (migration reports_rollup) counts a declaration's lines of
  // one HS code per inserted pair; without this index the planner may AND the hs_code index (all
  // lines of a common code) with the primary key, which grows with the table.
  index('declaration_lines_declaration_hs_code_idx').on(t.declarationId, t.hsCode),
  check('declaration_lines_amounts_nonneg', sql`${t.valueYuan} >= 0 and ${t.quantityKg} >= 0`),
  check('declaration_lines_line_no', sql`${t.lineNo} between 1 and 20`),
]);

/** 入厂登记 (附件6), recorded by the receiving enterprise. */
export const factoryEntriesTable = pgTable('factory_entries', {
  ...entityColumns(),
  enterpriseId: uuid('enterprise_id').notNull().references(() => enterprisesTable.id),
  externalRef: text('external_ref'),
  commodityName: text('commodity_name').notNull(),
  vehiclePlate: text('vehicle_plate'),
  arrivedAt: timestamp('arrived_at', { withTimezone: true, precision: 3 }).notNull(),
  unsealedBy: text('unsealed_by'),
  sealNo: text('seal_no'),
  unsealedAt: timestamp('unsealed_at', { withTimezone: true, precision: 3 }),
  sealIntact: boolean('seal_intact').notNull(),
  /** kg weighed at the gate (SPEC §13); null for entries recorded before the field existed. */
  receivedKg: numeric('received_kg', { precision: 16, scale: 3 }),
  /**
   * Σ kg of the declarations it carried, and the first of their numbers (SPEC §13 declaredKg),
   * written with the entry by `insertFactoryEntries` (declarations are never amended after release,
   * and an entry's declarations never change), so discrepancies read them without a grouped join.
   */
  declaredKg: numeric('declared_kg', { precision: 20, scale: 3 }),
  declarationNo: text('declaration_no'),
  warehouseKeeper: text('warehouse_keeper'),
  remarks: text('remarks'),
  contentHash: text('content_hash').notNull(),
}, (t) => [
  index('factory_entries_enterprise_idx').on(t.enterpriseId, t.arrivedAt),
  index('factory_entries_updated_idx').on(t.updatedAt, t.id),
  index('factory_entries_arrived_idx').on(t.arrivedAt),
  index('factory_entries_seal_idx').on(t.sealIntact, t.arrivedAt),
  // Weighed more than 0.5 % off the declared kg (RECEIVED_MISMATCH, SPEC §13): few, read from here.
  index('factory_entries_mismatch_idx').on(t.arrivedAt)
    .where(sql`${t.receivedKg} is not null and abs(${t.receivedKg} - ${t.declaredKg}) > 0.005 * ${t.declaredKg}`),
  uniqueIndex('factory_entries_ref_key').on(t.enterpriseId, t.externalRef),
]);

/** Which declarations a factory entry received (one entry may carry several). */
export const factoryEntryDeclarationsTable = pgTable('factory_entry_declarations', {
  factoryEntryId: uuid('factory_entry_id').notNull().references(() => factoryEntriesTable.id, { onDelete: 'cascade' }),
  declarationId: uuid('declaration_id').notNull().references(() => customsDeclarationsTable.id),
}, (t) => [
  primaryKey({ columns: [t.factoryEntryId, t.declarationId] }),
  index('factory_entry_declarations_declaration_idx').on(t.declarationId),
]);

export const commodityListEnum = pgEnum('commodity_list', ['PILOT', 'NEGATIVE']);

/**
 * Commodity lists as data (reference/commodities.md): the pilot list grows by notice (方案 二(二))
 * and the national negative list is revised by notice, so each entry carries the version that
 * introduced it and the Beijing date from which it applies (`effectiveTo` inclusive, null = open).
 */
export const commodityListEntriesTable = pgTable('commodity_list_entries', {
  ...entityColumns(),
  list: commodityListEnum('list').notNull(),
  hsPrefix: text('hs_prefix').notNull(),
  category: text('category'),
  name: text('name').notNull(),
  version: text('version').notNull(),
  effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
  effectiveTo: date('effective_to', { mode: 'string' }),
}, (t) => [
  uniqueIndex('commodity_list_entries_key').on(t.list, t.hsPrefix, t.version),
  index('commodity_list_entries_list_idx').on(t.list, t.effectiveFrom),
]);

export type CustomsDeclarationRow = typeof customsDeclarationsTable.$inferSelect;
export type DeclarationLineRow = typeof declarationLinesTable.$inferSelect;
export type FactoryEntryRow = typeof factoryEntriesTable.$inferSelect;
export type CommodityListEntryRow = typeof commodityListEntriesTable.$inferSelect;

/**
 * Pre-aggregated trade figures (SPEC §11: tradeStats by month × commodity over ≈1M declarations).
 * Counted statuses only (§7). Maintained exactly by the triggers of migration `reports_rollup` on
 * customs_declarations and declaration_lines (delta upserts, safe under concurrent batches); never
 * written by application code. Customs owns them (its triggers, its data); reports and quota read
 * them through customs' store.
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
