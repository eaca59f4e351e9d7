/** Every SQL statement on the feed's tables (changes, webhooks, webhook_deliveries). */
import { and, desc, eq, gt, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Viewer } from '../../authz/agencies';
import { rows, type DbOrTx } from '../../db/client';
import { beijingIsoText } from '../../db/printed';
import type { VisibleIds } from '../../db/visible-ids';
import { changesTable, webhookDeliveriesTable, webhooksTable, type ChangeRow, type WebhookDeliveryRow, type WebhookRow } from './table';

export type { ChangeRow, WebhookDeliveryRow, WebhookRow };

/**
 * Changes numbered per run: bounds the UPDATE (a bulk load leaves a million unnumbered rows; one
 * statement for all would outlive the statement timeout). Readers and the worker run it each call.
 */
export const SEQUENCER_BATCH = 20_000;

/** Any constant key: one sequencer at a time across every hub process on the database. */
const SEQUENCER_LOCK = 0x66656564; // "feed"

/**
 * The sequencer: gives every committed, unnumbered change its feed position.
 *
 * Why not number changes as they are written (a sequence default)? A writer that takes seq 10 and
 * commits after another writer's seq 11 is visible would be skipped by a reader already past 11.
 * Here numbering happens after commit: this statement only sees committed rows (READ COMMITTED), a
 * change committing meanwhile stays unnumbered until the next run, and runs are serialised by an
 * advisory lock taken before the UPDATE's snapshot, so each run numbers from the previous run's max
 * and commits before the next run starts: seq order is visibility order, with no gaps and no
 * reordering behind a reader. (Alternative considered: keep the writer's xid8 and read only below
 * pg_snapshot_xmin(pg_current_snapshot()); it needs no writer here but makes the feed stall behind
 * the longest-running writing transaction, and a transaction-ordered cursor is not a plain number.)
 * Works unchanged on PGlite. A caller that finds the lock taken returns at once: the running
 * sequencer's numbers appear when it commits. Returns how many changes were numbered.
 */
export async function sequenceChanges(db: DbOrTx): Promise<number> {
  return db.transaction(async (tx) => {
    const [got] = await rows<{ got: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${SEQUENCER_LOCK}) as got`);
    if (!got?.got) return 0;
    const numbered = await rows<{ id: number }>(tx, sql`
      update ${changesTable} c set seq = b.base + p.rn
      from (select id, row_number() over (order by id) as rn from ${changesTable} where seq is null order by id limit ${SEQUENCER_BATCH}) p,
           (select coalesce(max(seq), 0) as base from ${changesTable}) b
      where c.id = p.id
      returning c.id`);
    return numbered.length;
  });
}

/** The highest assigned seq (0 when none). */
export async function maxSeq(db: DbOrTx): Promise<number> {
  const [r] = await rows<{ m: string | number | null }>(db, sql`select max(seq) as m from ${changesTable}`);
  return Number(r?.m ?? 0);
}

export interface FeedScope {
  viewer: Viewer;
  /** Entities asked for and readable by the viewer (never empty here). */
  entities: readonly string[];
  /** Per entity, the modules' visible-ids subqueries (undefined: every row). */
  visible: VisibleIds;
}

/**
 * Row scope of changes: an upsert is shown when its row is readable by the viewer now (the owning
 * module's condition); a delete, whose row is gone, when the viewer owned it (owners captured by
 * the trigger); a scope-exit delete (the row moved to another owner) only to the former owner, and
 * only when the row is not readable to it by another rule. Full-scope viewers never see scope exits.
 */
function scopeCondition({ viewer, entities, visible }: FeedScope): SQL {
  const c = changesTable;
  const open = entities.filter((e) => visible[e] === undefined);
  const parts: SQL[] = [];
  if (open.length) parts.push(and(inArray(c.entity, [...open]), eq(c.scopeExit, false))!);
  const owned = viewer.agency === 'ENTERPRISE' && viewer.org ? eq(c.enterpriseId, viewer.org)
    : viewer.agency === 'COOPERATIVE' && viewer.org ? eq(c.cooperativeId, viewer.org) : sql`false`;
  for (const e of entities) {
    const ids = visible[e];
    if (ids === undefined) continue;
    parts.push(sql`(${c.entity} = ${e} and (
      (${c.op} = 'UPSERT' and ${c.rowId} in (${ids}))
      or (${c.op} = 'DELETE' and not ${c.scopeExit} and ${owned})
      or (${c.op} = 'DELETE' and ${c.scopeExit} and ${owned} and ${c.rowId} not in (${ids}))))`);
  }
  return parts.length ? or(...parts)! : sql`false`;
}

/** A change as the feed shows it: seq as decimal text, `at` already as the Beijing ISO text DateTimeScalar prints. */
export interface FeedChange { seq: string; entity: string; rowId: string; op: string; at: string }

/**
 * Up to `limit` changes after `afterSeq` (and at most `upTo`), in seq order, within scope — and, in
 * the same statement and snapshot, whether any committed change is still unnumbered (`pending`,
 * read through the partial index changes_unsequenced_idx: `exists` would be planned as a scan of
 * the table while the statistics still count the rows the sequencer has since numbered):
 * only then need the reader run the sequencer and read again. One round trip in the usual case
 * instead of the sequencer's four plus the read; only the columns the feed shows, not mapped by
 * drizzle (no `Date` per row: `at` comes formatted).
 */
export async function changesAfter(db: DbOrTx, scope: FeedScope, afterSeq: number, limit: number, upTo?: number): Promise<{ changes: FeedChange[]; pending: boolean }> {
  const c = changesTable;
  const found = await rows<{ pending: boolean } & { [K in keyof FeedChange]: FeedChange[K] | null }>(db, sql`
    select p.pending, x.seq, x.entity, x."rowId", x.op, x.at
    from (select coalesce((select true from ${c} where ${c.seq} is null order by ${c.id} limit 1), false) as pending) p
    left join lateral (
      select ${c.seq}::text as seq, ${c.entity} as entity, ${c.rowId} as "rowId", ${c.op} as op, ${beijingIsoText(c.at)} as at
      from ${c}
      where ${and(gt(c.seq, afterSeq), upTo === undefined ? undefined : lte(c.seq, upTo), scopeCondition(scope))}
      order by ${c.seq}
      limit ${limit}) x on true`);
  const pending = found[0]?.pending ?? false;
  return { changes: (found[0]?.seq == null ? [] : found) as FeedChange[], pending };
}

// ── webhooks ──

export type NewWebhook = typeof webhooksTable.$inferInsert;

export async function insertWebhook(db: DbOrTx, values: NewWebhook): Promise<WebhookRow> {
  const [row] = await db.insert(webhooksTable).values(values).returning();
  return row!;
}

/** A webhook belongs to the calling system (sub) of an agency, and for ENTERPRISE/COOPERATIVE to its org. */
const owned = (v: Viewer) => and(eq(webhooksTable.agency, v.agency), eq(webhooksTable.sub, v.sub),
  v.org ? eq(webhooksTable.org, v.org) : isNull(webhooksTable.org), eq(webhooksTable.active, true));

export function webhooksOf(db: DbOrTx, v: Viewer): Promise<WebhookRow[]> {
  return db.select().from(webhooksTable).where(owned(v)).orderBy(webhooksTable.createdAt, webhooksTable.id);
}

export async function ownedWebhook(db: DbOrTx, id: string, v: Viewer): Promise<WebhookRow | null> {
  const [row] = await db.select().from(webhooksTable).where(and(eq(webhooksTable.id, id), owned(v)));
  return row ?? null;
}

/** Deletes the webhook (and its delivery log); true when it existed and was the caller's. */
export async function deleteOwnedWebhook(db: DbOrTx, id: string, v: Viewer): Promise<boolean> {
  const gone = await db.delete(webhooksTable).where(and(eq(webhooksTable.id, id), owned(v))).returning({ id: webhooksTable.id });
  return gone.length > 0;
}

export async function webhookById(db: DbOrTx, id: string): Promise<WebhookRow | null> {
  const [row] = await db.select().from(webhooksTable).where(eq(webhooksTable.id, id));
  return row ?? null;
}

/** Whether any webhook exists: without one the worker's tick has nothing to do (and numbers nothing). */
export async function anyWebhook(db: DbOrTx): Promise<boolean> {
  const [r] = await db.select({ id: webhooksTable.id }).from(webhooksTable).where(eq(webhooksTable.active, true)).limit(1);
  return r !== undefined;
}

/** Healthy webhooks with changes past their position: the tick queues a delivery for each. */
export async function webhooksBehind(db: DbOrTx): Promise<string[]> {
  const w = webhooksTable;
  const found = await db.select({ id: w.id }).from(w).where(and(
    eq(w.active, true), isNull(w.failingSince), isNull(w.gaveUpAt),
    sql`exists (select 1 from ${changesTable} where ${changesTable.seq} > ${w.deliveredSeq})`,
  ));
  return found.map((r) => r.id);
}

/**
 * Takes the webhook for one delivery (one in flight per webhook, across processes); null when
 * another worker holds it, or it is gone.
 */
export async function claimWebhook(db: DbOrTx, id: string, leaseMs: number): Promise<WebhookRow | null> {
  const w = webhooksTable;
  const [row] = await db.update(w).set({ leaseUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval` })
    .where(and(eq(w.id, id), eq(w.active, true), or(isNull(w.leaseUntil), sql`${w.leaseUntil} < now()`)))
    .returning();
  return row ?? null;
}

export async function releaseWebhook(db: DbOrTx, id: string, set: { deliveredSeq?: number; failingSince?: Date | null; gaveUpAt?: Date | null }): Promise<void> {
  await db.update(webhooksTable).set({ ...set, leaseUntil: null }).where(eq(webhooksTable.id, id));
}

export type NewDelivery = Omit<typeof webhookDeliveriesTable.$inferInsert, 'attempt'>;

/** Logs an attempt; its number counts earlier attempts of the same batch (same idempotency key). */
export async function insertDelivery(db: DbOrTx, values: NewDelivery): Promise<void> {
  const d = webhookDeliveriesTable;
  await db.insert(d).values({
    ...values,
    attempt: sql`(select count(*) + 1 from ${d} where ${d.webhookId} = ${values.webhookId} and ${d.idempotencyKey} = ${values.idempotencyKey})`,
  });
}

export function deliveriesOf(db: DbOrTx, webhookId: string, limit: number): Promise<WebhookDeliveryRow[]> {
  const d = webhookDeliveriesTable;
  return db.select().from(d).where(eq(d.webhookId, webhookId)).orderBy(desc(d.attemptedAt), desc(d.id)).limit(limit);
}

/** The end of the batch whose last attempt failed (a retry resends exactly that range, same key); null when the last attempt succeeded. */
export async function failedBatchEnd(db: DbOrTx, webhookId: string): Promise<number | null> {
  const d = webhookDeliveriesTable;
  const [last] = await db.select({ ok: d.ok, lastSeq: d.lastSeq }).from(d).where(eq(d.webhookId, webhookId))
    .orderBy(desc(d.attemptedAt), desc(d.id)).limit(1);
  return last && !last.ok ? last.lastSeq : null;
}
