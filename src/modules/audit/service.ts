/** Writes access-log rows (SPEC §10), one per GraphQL request, appended to the hash chain. */
import { asc, desc, gt, sql } from 'drizzle-orm';
import type { Viewer } from '../../authz/agencies';
import type { Db } from '../../db/client';
import { statementScope } from '../../db/client';
import { sha256 } from '../../shared/hash';
import { GENESIS, redact, rowHash, verifyChain, type ChainedFields } from './rules';
import { accessLogTable } from './table';

/** Serialises appends across processes sharing the database: the chain has one tail. */
const CHAIN_LOCK = 0x41554449; // 'AUDI'

export interface AccessEvent {
  at: Date;
  requestId: string;
  viewer: Viewer;
  operationName: string | null;
  document: string;
  variables: Record<string, unknown> | undefined;
  outcome: string;
  durationMs: number;
  personalRecordIds: string[];
}

/**
 * Appends access-log rows in batches: requests enqueue and return at once; one transaction per
 * flush writes everything queued, so the chain costs one commit per batch, not one per request
 * (measured: a synchronous append added ~8 ms to every request). `flush()` drains the queue; the
 * auditLog query and shutdown call it, so an auditor always sees every earlier request.
 */
export class AccessLogWriter {
  private queue: AccessEvent[] = [];
  private running: Promise<void> | null = null;

  constructor(private readonly db: Db, private readonly onError: (e: unknown) => void = (e) => console.error('access log write failed', e)) {}

  enqueue(e: AccessEvent): void {
    this.queue.push(e);
    if (!this.running) this.running = this.drain();
  }

  /** Resolves when everything enqueued so far is stored. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      // Let the requests of the same tick join the batch.
      await new Promise((r) => setImmediate(r));
      while (this.queue.length) {
        const batch = this.queue.splice(0, 500);
        try {
          await appendAccessLog(this.db, batch);
        } catch (e) {
          this.onError(e);
        }
      }
    } finally {
      this.running = null;
    }
  }
}

export async function appendAccessLog(db: Db, events: AccessEvent[]): Promise<void> {
  // The log's own statements are not the request's: keep them out of x-sql-statements.
  await statementScope.exit(() =>
    db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
      const [last] = await tx.select({ hash: accessLogTable.hash }).from(accessLogTable).orderBy(desc(accessLogTable.seq)).limit(1);
      let prevHash = last?.hash ?? GENESIS;
      const values = events.map((e) => {
        const fields: ChainedFields = {
          id: crypto.randomUUID(),
          at: e.at,
          requestId: e.requestId,
          sub: e.viewer.sub,
          agency: e.viewer.agency,
          org: e.viewer.org,
          operationName: e.operationName,
          documentHash: sha256(e.document),
          variables: redact(e.variables ?? {}),
          outcome: e.outcome,
          durationMs: e.durationMs,
          personalRecordIds: [...new Set(e.personalRecordIds)].sort(),
          prevHash,
        };
        const hash = rowHash(fields);
        prevHash = hash;
        return { ...fields, agency: e.viewer.agency, hash };
      });
      // One multi-row insert; identity values follow the VALUES order, which is the chain order.
      await tx.insert(accessLogTable).values(values);
    }),
  );
}

/** Verifies the whole chain in pages of 10,000 rows; `onProgress` gets the rows checked so far. */
export async function verifyAccessLog(db: Db, onProgress?: (checked: number) => void) {
  let prev = GENESIS;
  let after = 0;
  let checked = 0;
  const breaks: { seq: number; problem: 'EDITED' | 'MISSING_PREDECESSOR' }[] = [];
  for (;;) {
    const rows = await db.select().from(accessLogTable).where(gt(accessLogTable.seq, after)).orderBy(asc(accessLogTable.seq)).limit(10_000);
    if (!rows.length) break;
    const r = verifyChain(rows, prev);
    checked += r.checked;
    breaks.push(...r.breaks);
    prev = r.lastHash;
    after = rows.at(-1)!.seq;
    onProgress?.(checked);
  }
  return { checked, breaks, lastHash: prev };
}
