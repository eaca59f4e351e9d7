import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { agencyEnum } from '../../db/columns';

/**
 * 访问日志 (SPEC §10): one row per GraphQL request, hash-chained in `seq` order so that an edited
 * or deleted row breaks the chain (`npm run audit:verify`).
 */
export const accessLogTable = pgTable('access_log', {
  seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
  id: uuid('id').notNull().defaultRandom(),
  at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
  requestId: text('request_id').notNull(),
  sub: text('sub').notNull(),
  agency: agencyEnum('agency').notNull(),
  org: text('org'),
  operationName: text('operation_name'),
  documentHash: text('document_hash').notNull(),
  /** Variables with personal data replaced by "[REDACTED]". */
  variables: jsonb('variables').notNull().default(sql`'{}'::jsonb`),
  /** 'OK' or the distinct error codes of the response, comma-separated. */
  outcome: text('outcome').notNull(),
  durationMs: integer('duration_ms').notNull(),
  /** Ids of records whose contact or identity fields the response carried. */
  personalRecordIds: text('personal_record_ids').array().notNull().default(sql`'{}'::text[]`),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
}, (t) => [
  uniqueIndex('access_log_seq_key').on(t.seq),
  uniqueIndex('access_log_id_key').on(t.id),
  index('access_log_at_idx').on(t.at, t.id),
  index('access_log_agency_at_idx').on(t.agency, t.at),
  index('access_log_sub_at_idx').on(t.sub, t.at),
]);

export type AccessLogRow = typeof accessLogTable.$inferSelect;
