/** The change feed and webhooks (SPEC §16), called by resolvers, the CLI and the delivery worker. */
import type { Viewer } from '../../authz/agencies';
import type { Context } from '../../context';
import type { DbOrTx } from '../../db/client';
import type { VisibleIds } from '../../db/visible-ids';
import { badInput, forbidden, notFound } from '../../shared/errors';
import { isUuid } from '../../shared/ids';
import { customsFeedVisibleIds } from '../customs';
import { ledgerFeedVisibleIds } from '../ledger';
import { marketFeedVisibleIds } from '../market';
import { registryFeedVisibleIds } from '../registry';
import {
  DEFAULT_FEED_PAGE, MAX_FEED_PAGE, decodeFeedCursor, encodeFeedCursor, followable, mayFollow, webhookUrlProblem,
  type ChangeEntityName,
} from './rules';
import {
  SEQUENCER_BATCH, changesAfter, deleteOwnedWebhook, deliveriesOf, insertWebhook, maxSeq, ownedWebhook, sequenceChanges, webhooksOf,
  type FeedChange, type WebhookRow,
} from './store';
import type { Change, ChangeConnection, ChangeOp, Webhook, WebhookDelivery, WebhookInput } from './types';

export type FeedContext = Pick<Context, 'db' | 'viewer'>;

/** Row scope of every entity for this viewer, from the owning modules (TAX_RECORD, ANNUAL_PLAN, EARLY_WARNING have none). */
function visibleIds(viewer: Viewer): VisibleIds {
  return { ...registryFeedVisibleIds(viewer), ...customsFeedVisibleIds(viewer), ...ledgerFeedVisibleIds(viewer), ...marketFeedVisibleIds(viewer) };
}

/**
 * The entities a request follows: the ones asked for (FORBIDDEN when one is not readable by the
 * agency, SPEC §16), else every readable one.
 */
export function entitiesFor(viewer: Viewer, asked: readonly ChangeEntityName[] | null | undefined): ChangeEntityName[] {
  if (!asked || asked.length === 0) return followable(viewer);
  const refused = asked.filter((e) => !mayFollow(viewer, e));
  if (refused.length) throw forbidden(`无权读取 ${refused.join(', ')} / agency ${viewer.agency} may not read ${refused.join(', ')} (SPEC §9), so it cannot follow their changes.`);
  return [...new Set(asked)];
}

export const toChange = (r: FeedChange): Change => ({
  seq: r.seq, entity: r.entity as ChangeEntityName, id: r.rowId, op: r.op as ChangeOp, at: r.at,
});

/**
 * Reads up to `limit` changes the viewer may see after `afterSeq` (at most `upTo`). Committed changes
 * are numbered first: the read says whether any wait for a number, and only then does the reader run
 * the sequencer and read again (a change committed before this call is never missed).
 */
export async function readChanges(db: DbOrTx, viewer: Viewer, entities: readonly ChangeEntityName[], afterSeq: number, limit: number, upTo?: number): Promise<FeedChange[]> {
  if (!entities.length) return [];
  const scope = { viewer, entities, visible: visibleIds(viewer) };
  const first = await changesAfter(db, scope, afterSeq, limit, upTo);
  if (!first.pending) return first.changes;
  await catchUp(db);
  return (await changesAfter(db, scope, afterSeq, limit, upTo)).changes;
}

/**
 * Numbers what has committed: normally one short run; after a bulk load up to 5 runs of 20,000
 * (≈0.2 s each here), the rest on the next calls — a reader then simply finds more next time.
 */
export async function catchUp(db: DbOrTx): Promise<void> {
  for (let i = 0; i < 5 && (await sequenceChanges(db)) === SEQUENCER_BATCH; i++);
}

/** Numbers every committed change (the bench, before it vacuums: steady state, not a backlog). */
export async function numberAllChanges(db: DbOrTx): Promise<number> {
  let total = 0;
  for (let n = SEQUENCER_BATCH; n === SEQUENCER_BATCH; total += n) n = await sequenceChanges(db);
  return total;
}

export function afterSeqOf(after: string | null | undefined): number {
  if (after == null || after === '') return 0;
  const seq = decodeFeedCursor(after);
  if (seq === null) throw badInput('after', 'INVALID_CURSOR', '游标无效 / the cursor is not one this feed issued: pass an endCursor of changes.');
  return seq;
}

/** changes(after, first, entities): SPEC §16. */
export async function changes({ db, viewer }: FeedContext, args: { after?: string | null; first?: number | null; entities?: ChangeEntityName[] | null }): Promise<ChangeConnection> {
  const first = args.first ?? DEFAULT_FEED_PAGE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_FEED_PAGE) {
    throw badInput('first', 'PAGE_SIZE', `每页 0–${MAX_FEED_PAGE} 条 / first must be between 0 and ${MAX_FEED_PAGE}.`);
  }
  const afterSeq = afterSeqOf(args.after);
  const entities = entitiesFor(viewer, args.entities);
  const found = await readChanges(db, viewer, entities, afterSeq, first + 1);
  const page = found.slice(0, first);
  const edges = page.map((r) => ({ cursor: encodeFeedCursor(r.seq), node: toChange(r) }));
  return { edges, pageInfo: { hasNextPage: found.length > first, endCursor: edges.at(-1)?.cursor ?? args.after ?? null } };
}

// ── webhooks ──

const toWebhook = (w: WebhookRow): Webhook => ({
  id: w.id, url: w.url, entities: w.entities as ChangeEntityName[], createdAt: w.createdAt,
  deliveredCursor: w.deliveredSeq > 0 ? encodeFeedCursor(w.deliveredSeq) : null, failingSince: w.failingSince, gaveUpAt: w.gaveUpAt,
});

/**
 * createWebhook: owned by the caller's sub + agency (+ org). Delivery starts at the current end of
 * the feed: a receiver that needs history first pages `changes` up to its endCursor.
 */
export async function createWebhook({ db, viewer }: FeedContext, input: WebhookInput): Promise<Webhook> {
  const problem = webhookUrlProblem(input.url);
  if (problem) throw badInput('input.url', 'INVALID_VALUE', `推送地址无效：${problem}`);
  if (input.secret.length < 16 || input.secret.length > 200) throw badInput('input.secret', 'INVALID_VALUE', '签名密钥须为 16–200 个字符 / secret must be 16–200 characters.');
  const entities = input.entities?.length ? entitiesFor(viewer, input.entities) : [];
  await catchUp(db);
  const row = await insertWebhook(db, {
    sub: viewer.sub, agency: viewer.agency, org: viewer.org, url: input.url, entities, secret: input.secret,
    deliveredSeq: await maxSeq(db),
  });
  return toWebhook(row);
}

export async function webhooks({ db, viewer }: FeedContext): Promise<Webhook[]> {
  return (await webhooksOf(db, viewer)).map(toWebhook);
}

export async function deleteWebhook({ db, viewer }: FeedContext, id: string): Promise<boolean> {
  if (!isUuid(id) || !(await deleteOwnedWebhook(db, id, viewer))) throw notFound(`推送订阅 / webhook ${id}`);
  return true;
}

export async function webhookDeliveries({ db, viewer }: FeedContext, webhookId: string, first: number | null | undefined): Promise<WebhookDelivery[]> {
  const limit = first ?? 100;
  if (!Number.isInteger(limit) || limit < 0 || limit > 500) throw badInput('first', 'PAGE_SIZE', 'first must be between 0 and 500.');
  if (!isUuid(webhookId) || !(await ownedWebhook(db, webhookId, viewer))) throw notFound(`推送订阅 / webhook ${webhookId}`);
  return (await deliveriesOf(db, webhookId, limit)).map((d) => ({ ...d }));
}
