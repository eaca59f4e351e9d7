/**
 * Push delivery (SPEC §16, 方案 二(四)): POSTs batches of changes to each webhook, signed, with the
 * batch's last cursor as Idempotency-Key, retried with exponential backoff for 24 h.
 *
 * Queue: pg-boss 10 (the last line that runs on Node 20; 11+ needs Node 22), chosen over
 * graphile-worker because its bring-your-own-database adapter lets it run over the hub's own
 * postgres.js connection AND the embedded PGlite (graphile-worker needs a node-postgres pool, which
 * PGlite cannot provide). Jobs live in PostgreSQL (schema pgboss), so a delivery that was due or
 * backing off when the hub stopped continues after the next start. One job per webhook at a time:
 * the queue's `short` policy keeps one queued job per webhook, and a lease on the webhook row keeps
 * one in flight across processes. Backoff is pg-boss's (delay × 2^n, jittered); the 24 h window is
 * counted here from the first failure, so it holds whatever the delay.
 */
import PgBoss from 'pg-boss';
import type { Viewer } from '../../authz/agencies';
import type { Database } from '../../db/client';
import { jobQueueDb, settingUpQueue } from '../../db/job-queue';
import { errorFields, type Logger } from '../../observability/logger';
import { encodeFeedCursor, mayFollow, PUSH_BATCH, signature, withinRetryWindow, type ChangeEntityName } from './rules';
import { catchUp, entitiesFor, readChanges, toChange } from './service';
import { anyWebhook, claimWebhook, failedBatchEnd, insertDelivery, maxSeq, releaseWebhook, webhookById, webhooksBehind } from './store';

export const DELIVERY_QUEUE = 'feed-webhook-delivery';

export interface FeedWorkerOptions {
  database: Database;
  logger: Logger;
  /** First retry delay in seconds (pg-boss doubles it each retry). */
  retryDelaySeconds: number;
  /** How often the worker looks for webhooks behind the feed, and polls the queue. */
  pollMs: number;
  /** A receiver that does not answer within this is a failed attempt. */
  requestTimeoutMs: number;
}

export interface FeedWorker {
  /** Looks for webhooks behind the feed now (tests; the timer does it every pollMs). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

interface DeliveryJob { webhookId: string }

class Busy extends Error {}

export async function startFeedWorker(opts: FeedWorkerOptions): Promise<FeedWorker> {
  const { database, logger } = opts;
  const db = database.db;
  const boss = new PgBoss({ db: jobQueueDb(database), schema: 'pgboss', schedule: false, supervise: true, migrate: true });
  boss.on('error', (e: unknown) => logger.warn({ ...errorFields(e) }, 'feed job queue error'));
  const jobOptions = {
    retryLimit: 64, retryDelay: opts.retryDelaySeconds, retryBackoff: true,
    expireInSeconds: Math.ceil(opts.requestTimeoutMs / 1000) + 60,
  };
  // One instance at a time: several hubs starting at once on one database must all start.
  await settingUpQueue(database, async () => {
    await boss.start();
    await boss.createQueue(DELIVERY_QUEUE, { name: DELIVERY_QUEUE, policy: 'short', ...jobOptions });
  });
  const leaseMs = opts.requestTimeoutMs + 30_000;

  const queue = (webhookId: string) => boss.send(DELIVERY_QUEUE, { webhookId }, { singletonKey: webhookId, ...jobOptions });

  /** One batch; true when the receiver took a full batch and more may be waiting. */
  async function deliver(webhookId: string): Promise<boolean> {
    const w = await claimWebhook(db, webhookId, leaseMs);
    if (!w) {
      if (!(await webhookById(db, webhookId))) return false; // deleted meanwhile: nothing to do
      // Held by another worker: try again later rather than deliver twice at once.
      throw new Busy('webhook busy');
    }
    let released = false;
    const release = async (set: Parameters<typeof releaseWebhook>[2]) => { released = true; await releaseWebhook(db, w.id, set); };
    try {
      const viewer: Viewer = { sub: w.sub, agency: w.agency, org: w.org };
      // The matrix may have narrowed since the webhook was made: push only what the agency may read now.
      const wanted = w.entities.filter((e) => mayFollow(viewer, e as ChangeEntityName)) as ChangeEntityName[];
      const entities = w.entities.length ? wanted : entitiesFor(viewer, null);
      await catchUp(db);
      // A retry resends the failed batch's range, so the receiver sees the same batch and key again.
      const failedEnd = w.failingSince ? await failedBatchEnd(db, w.id) : null;
      const upTo = failedEnd ?? await maxSeq(db);
      const batch = await readChanges(db, viewer, entities, w.deliveredSeq, PUSH_BATCH, upTo);
      if (!batch.length) {
        await release({ deliveredSeq: Math.max(upTo, w.deliveredSeq), failingSince: null });
        return false;
      }

      const lastSeq = Number(batch.at(-1)!.seq);
      const cursor = encodeFeedCursor(lastSeq);
      const body = JSON.stringify({
        webhookId: w.id, cursor,
        changes: batch.map((r) => ({ cursor: encodeFeedCursor(r.seq), ...toChange(r) })),
      });
      const started = Date.now();
      let statusCode: number | null = null;
      let error: string | null = null;
      try {
        const res = await fetch(w.url, {
          method: 'POST', body, redirect: 'manual', signal: AbortSignal.timeout(opts.requestTimeoutMs),
          headers: {
            'content-type': 'application/json', 'user-agent': 'border-trade-hub-webhook/1',
            'x-hub-signature-256': signature(body, w.secret), 'idempotency-key': cursor, 'x-hub-webhook-id': w.id,
          },
        });
        statusCode = res.status;
        await res.arrayBuffer().catch(() => undefined);
        if (res.status < 200 || res.status > 299) error = `HTTP ${res.status}`;
      } catch (e) {
        error = (e as Error).name === 'TimeoutError' ? `no answer within ${opts.requestTimeoutMs} ms` : `connection failed (${(e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name})`;
      }
      const ok = error === null;
      await insertDelivery(db, {
        webhookId: w.id, firstSeq: Number(batch[0]!.seq), lastSeq, changeCount: batch.length, idempotencyKey: cursor,
        statusCode, ok, error, durationMs: Date.now() - started,
      });
      if (ok) {
        // A short batch covered everything up to upTo, including changes this webhook may not see.
        await release({ deliveredSeq: batch.length < PUSH_BATCH ? upTo : lastSeq, failingSince: null });
        return batch.length === PUSH_BATCH;
      }
      const now = new Date();
      const failingSince = w.failingSince ?? now;
      if (!withinRetryWindow(failingSince, now)) {
        logger.warn({ webhookId: w.id, failingSince }, 'webhook gave up after 24 h of failed deliveries');
        await release({ failingSince, gaveUpAt: now });
        return false;
      }
      await release({ failingSince });
      throw new Error(`delivery failed: ${error}`);
    } finally {
      if (!released) await releaseWebhook(db, w.id, {}).catch(() => undefined);
    }
  }

  await boss.work<DeliveryJob>(DELIVERY_QUEUE, { pollingIntervalSeconds: Math.max(0.5, opts.pollMs / 1000), batchSize: 1 },
    async ([job]) => {
      if (!job) return;
      // A backlog goes out batch after batch in one job (not one queue round trip per 500 changes);
      // after 20 batches the job yields to other webhooks and queues a successor.
      for (let i = 0; i < 20; i++) if (!(await deliver(job.data.webhookId))) return;
      await queue(job.data.webhookId);
    });

  let ticking: Promise<void> | null = null;
  const tick = () => (ticking ??= (async () => {
    try {
      if (!(await anyWebhook(db))) return;
      await catchUp(db);
      for (const id of await webhooksBehind(db)) await queue(id);
    } catch (e) {
      logger.warn({ ...errorFields(e) }, 'feed tick failed');
    } finally {
      ticking = null;
    }
  })());
  const timer = setInterval(() => void tick(), opts.pollMs);
  timer.unref();

  return {
    tick,
    async stop() {
      clearInterval(timer);
      await ticking;
      // Graceful: a POST in flight finishes (or is failed back to the queue and retried after the next start).
      // Bounded so main.ts's 15 s shutdown budget holds: a batch cut short is retried after the next
      // start with the same Idempotency-Key.
      await boss.stop({ graceful: true, wait: true, timeout: 3000, close: false });
    },
  };
}
