import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { agencyEnum } from '../../db/columns';

/**
 * 访问日志 (SPEC §10): one row per request to /graphql (refused ones included), hash-chained in
 * `seq` order so that an edited or deleted row breaks the chain (`npm run audit:verify`). `seq` is
 * given by the writer that extends the chain (access_log_head), one more than the head.
 */
export const accessLogTable = pgTable('access_log', {
  seq: bigint('seq', { mode: 'number' }).notNull(),
  id: uuid('id').notNull().defaultRandom(),
  at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
  requestId: text('request_id').notNull(),
  /** Null when the request was refused before its token was verified (401). */
  sub: text('sub'),
  agency: agencyEnum('agency'),
  org: text('org'),
  operationName: text('operation_name'),
  documentHash: text('document_hash').notNull(),
  /** Variables with personal data replaced by "[REDACTED]". */
  variables: jsonb('variables').notNull().default(sql`'{}'::jsonb`),
  /** 'OK' or the distinct error codes of the response, comma-separated. */
  outcome: text('outcome').notNull(),
  durationMs: integer('duration_ms').notNull(),
  /** Ids of records whose contact or identity fields the response carried: rows written before access_log_record_set. */
  personalRecordIds: text('personal_record_ids').array().notNull().default(sql`'{}'::text[]`),
  /** The same, compact: the hash of the sorted id list, kept once in access_log_record_set. */
  personalRecordSet: text('personal_record_set'),
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

/**
 * The chain's head: the position and hash of its last row, one row (id 1). A writer locks it for
 * the length of one flush (FOR UPDATE): that is what serialises the flushes of several hub
 * processes, and a tail deleted behind the writer's back cannot make it link to an older row.
 */
export const accessLogHeadTable = pgTable('access_log_head', {
  id: smallint('id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});

/** Personal-record id lists, each kept once under the hash of the sorted list (access_log.personal_record_set). */
export const accessLogRecordSetTable = pgTable('access_log_record_set', {
  hash: text('hash').primaryKey(),
  ids: text('ids').array().notNull(),
});

/**
 * Signed checkpoints of the head (rules.ts Anchor): written at intervals and on shutdown, numbered
 * and linked by MAC, so a truncated tail, an emptied log or a re-hashed chain no longer matches.
 */
export const accessLogAnchorTable = pgTable('access_log_anchor', {
  n: bigint('n', { mode: 'number' }).primaryKey(),
  headSeq: bigint('head_seq', { mode: 'number' }).notNull(),
  headHash: text('head_hash').notNull(),
  at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
  prevMac: text('prev_mac').notNull(),
  mac: text('mac').notNull(),
});
