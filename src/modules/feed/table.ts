import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { agencyEnum } from '../../db/columns';

/**
 * 变更日志 (SPEC §16): one row per insert, update or delete of a shared entity, written by triggers
 * (migrations/*_feed_triggers.sql) in the writer's own transaction, so a change exists exactly when
 * its row change committed. `seq` is NOT assigned by the writer: the sequencer (store.ts
 * sequenceChanges) numbers committed rows afterwards, one sequencer at a time, so seq order is the
 * order in which changes became visible and a reader paging by seq can never pass over a change
 * that commits later (see README "变更订阅").
 */
export const changesTable = pgTable('changes', {
  /** Capture order (the writer's insert order); never shown, never a cursor. */
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  /** Feed position, assigned after commit by the sequencer; null until then. */
  seq: bigint('seq', { mode: 'number' }),
  entity: text('entity').notNull(),
  rowId: uuid('row_id').notNull(),
  op: text('op').notNull(),
  at: timestamp('at', { withTimezone: true, precision: 3 }).notNull().default(sql`clock_timestamp()`),
  /** Owners captured from the row (for a delete, from the row as it was): row scope of tombstones. */
  enterpriseId: uuid('enterprise_id'),
  cooperativeId: uuid('cooperative_id'),
  /**
   * A DELETE that only says "no longer yours": the row moved to another owner (a resident left the
   * cooperative). Shown to the former owner only; everyone else sees the UPSERT that follows.
   */
  scopeExit: boolean('scope_exit').notNull().default(false),
}, (t) => [
  uniqueIndex('changes_seq_key').on(t.seq),
  index('changes_unsequenced_idx').on(t.id).where(sql`${t.seq} is null`),
]);

/** 推送订阅 (SPEC §16): belongs to the calling sub + agency (+ org), sees what that agency may read. */
export const webhooksTable = pgTable('webhooks', {
  id: uuid('id').primaryKey().defaultRandom(),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  sub: text('sub').notNull(),
  agency: agencyEnum('agency').notNull(),
  org: uuid('org'),
  url: text('url').notNull(),
  /** Empty: every entity the agency may read. */
  entities: text('entities').array().notNull().default(sql`'{}'::text[]`),
  /** HMAC key of X-Hub-Signature-256; needed in clear to sign, never returned by the API. */
  secret: text('secret').notNull(),
  /** Last seq the receiver acknowledged (2xx). */
  deliveredSeq: bigint('delivered_seq', { mode: 'number' }).notNull().default(0),
  /** First failure of the current run of failures; retries stop 24 h after it. */
  failingSince: timestamp('failing_since', { withTimezone: true, precision: 3 }),
  /** Set when 24 h of retries failed: the tick leaves the webhook alone until it is re-created. */
  gaveUpAt: timestamp('gave_up_at', { withTimezone: true, precision: 3 }),
  /** A worker delivering this webhook holds it until then (one delivery in flight per webhook). */
  leaseUntil: timestamp('lease_until', { withTimezone: true, precision: 3 }),
  active: boolean('active').notNull().default(true),
}, (t) => [index('webhooks_owner_idx').on(t.agency, t.sub)]);

/** 推送记录: one row per POST attempt. */
export const webhookDeliveriesTable = pgTable('webhook_deliveries', {
  id: uuid('id').primaryKey().defaultRandom(),
  webhookId: uuid('webhook_id').notNull().references(() => webhooksTable.id, { onDelete: 'cascade' }),
  attemptedAt: timestamp('attempted_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  firstSeq: bigint('first_seq', { mode: 'number' }).notNull(),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
  changeCount: integer('change_count').notNull(),
  idempotencyKey: text('idempotency_key').notNull(),
  attempt: integer('attempt').notNull(),
  statusCode: integer('status_code'),
  ok: boolean('ok').notNull(),
  error: text('error'),
  durationMs: integer('duration_ms').notNull(),
}, (t) => [index('webhook_deliveries_webhook_idx').on(t.webhookId, t.attemptedAt)]);

export type ChangeRow = typeof changesTable.$inferSelect;
export type WebhookRow = typeof webhooksTable.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveriesTable.$inferSelect;
