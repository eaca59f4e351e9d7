/**
 * Writes access-log rows (SPEC §10), one per request to /graphql, appended to the hash chain by one
 * writer per process; anchors the chain with signed checkpoints; verifies it; reads it for auditors.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Viewer } from '../../authz/agencies';
import type { Context } from '../../context';
import type { Db, Tx } from '../../db/client';
import type { Logger } from '../../observability/logger';
import { pgError } from '../../db/errors';
import { badInput } from '../../shared/errors';
import { sha256 } from '../../shared/hash';
import { pageSize, type PageArgs } from '../../shared/pagination';
import {
  GENESIS, anchorMac, anchorValid, recordSetOf, redact, rowHash, storableText, verifyChain,
  type Anchor, type ChainBreak, type ChainedFields,
} from './rules';
import * as store from './store';
import type { AccessLogFilter, AccessLogRow, AnchorRow, Head, NewAccessLogRow } from './store';

export interface AccessEvent {
  at: Date;
  requestId: string;
  /** Null when the request was refused before its token was verified. */
  viewer: Viewer | null;
  operationName: string | null;
  document: string;
  /** The variables as sent (any JSON): redacted and made storable by the writer, not on the request path. */
  variables: unknown;
  outcome: string;
  durationMs: number;
  personalRecordIds: Iterable<string>;
}

/** What a row keeps instead of variables the database refused even after redaction. */
export const NOT_STORED = { '[NOT STORED]': '变量无法保存 / the variables could not be stored' } as const;

export interface WriterOptions {
  /** HMAC key of the checkpoints; without one no checkpoint is written. */
  anchorKey?: Uint8Array;
  /** A checkpoint at most this often while rows arrive, and on close(). */
  anchorIntervalMs?: number;
  /** The latest checkpoint is also written to this file (outside the database). */
  anchorFile?: string | null;
  /** How long the first row of a batch waits for others (rows of the same moment share one flush). */
  batchDelayMs?: number;
}

const BATCH = 500;
/** Rows kept in memory while the database refuses flushes; past this the oldest failures are dropped (and counted in the log). */
export const MAX_QUEUED = 100_000;
const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n) : s);

/** Everything of a row but its place in the chain: computed by the writer, off the request path. */
type Prepared = Omit<ChainedFields, 'prevHash'> & { recordSet: { hash: string; ids: string[] } | null };

/**
 * sha256 of a document, remembered by its text: clients send the same few documents again and
 * again. Bounded: at most 500 texts of at most 20,000 characters (≤ 10 MB), forgotten all at once
 * when full; longer documents are hashed every time.
 */
const documentHashes = new Map<string, string>();
export function documentHash(document: string): string {
  const known = documentHashes.get(document);
  if (known !== undefined) return known;
  const hash = sha256(document);
  if (document.length <= 20_000) {
    if (documentHashes.size >= 500) documentHashes.clear();
    documentHashes.set(document, hash);
  }
  return hash;
}

function prepare(e: AccessEvent): Prepared {
  let variables: unknown;
  try {
    variables = redact(e.variables ?? {});
  } catch {
    variables = NOT_STORED;
  }
  const recordSet = recordSetOf([...e.personalRecordIds].map((id) => clip(storableText(String(id)), 200)));
  const text = (s: string | null | undefined, n = 200) => (s == null ? null : clip(storableText(s), n));
  return {
    id: randomUUID(),
    at: e.at,
    requestId: text(e.requestId) ?? '',
    sub: text(e.viewer?.sub),
    agency: e.viewer?.agency ?? null,
    org: text(e.viewer?.org),
    operationName: text(e.operationName),
    documentHash: documentHash(e.document ?? ''),
    variables,
    outcome: text(e.outcome) ?? '',
    durationMs: Math.max(0, Math.min(2_147_483_647, Math.round(e.durationMs) || 0)),
    personalRecordIds: [],
    personalRecordSet: recordSet?.hash ?? null,
    recordSet,
  };
}

function link(p: Prepared, head: Head): NewAccessLogRow & { seq: number; hash: string } {
  const { recordSet: _set, ...fields } = p;
  const chained: ChainedFields = { ...fields, prevHash: head.hash };
  return { ...chained, agency: p.agency as NewAccessLogRow['agency'], seq: head.seq + 1, hash: rowHash(chained) };
}

export interface FlushResult {
  written: number; withoutVariables: number; lost: number; anchor: AnchorRow | null;
  /** 'head': one statement moved the head this writer wrote last (the usual flush); 'lock': under the head's lock. */
  via: 'head' | 'lock';
}

/**
 * Appends a batch in one transaction under the head's lock: one multi-row insert; if the database
 * refuses it (the flush is then redone: one multi-row insert inside a savepoint), the rows are inserted one by one (each in a savepoint, the chain relinked as it goes)
 * and a row still refused is stored with its variables replaced by NOT_STORED, so one bad row never
 * loses the others. With `anchorKey`, a signed checkpoint of the new head is written in the same
 * transaction.
 */
export async function appendAccessLog(db: Db, events: AccessEvent[], anchorKey?: Uint8Array, storedSets?: StoredSets, known: KnownHead = {}): Promise<FlushResult> {
  const prepared = events.map(prepare);
  // A list this writer already stored (committed) is not sent again: its row is keyed by the hash.
  const sets = new Map(prepared.flatMap((p) => (p.recordSet && !storedSets?.has(p.recordSet.hash) ? [[p.recordSet.hash, p.recordSet] as const] : [])));
  if (known.head && !anchorKey && !sets.size && prepared.length) {
    // The usual flush: the head is the one this writer wrote last; one statement moves it.
    const from = known.head;
    let head = from;
    const rows = prepared.map((p) => { const r = link(p, head); head = { seq: r.seq, hash: r.hash }; return r; });
    known.head = undefined;
    const moved = await store.appendIfHeadIs(db, from, head, rows).catch(() => false); // refused: the careful path below
    if (moved) {
      known.head = head;
      return { written: rows.length, withoutVariables: 0, lost: 0, anchor: null, via: 'head' };
    }
  }
  const flush = (careful: boolean, refused: { rows: boolean }) => store.withLockedHead(db, async (tx, start) => {
    await store.saveRecordSets(tx, [...sets.values()]);
    let head = start;
    let withoutVariables = 0;
    let lost = 0;
    const rows: ReturnType<typeof link>[] = [];
    for (const p of prepared) {
      const r = link(p, head);
      rows.push(r);
      head = { seq: r.seq, hash: r.hash };
    }
    if (!careful) {
      // The common case in one statement; a refusal aborts this transaction and the flush is redone carefully.
      try {
        await store.insertRows(tx, rows);
      } catch (e) {
        refused.rows = true;
        throw e;
      }
    } else if (!(await store.tryInsertRows(tx, rows))) {
      head = start;
      for (const p of prepared) {
        let r = link(p, head);
        if (!(await store.tryInsertRows(tx, [r]))) {
          r = link({ ...p, variables: NOT_STORED }, head);
          if (await store.tryInsertRows(tx, [r])) withoutVariables++;
          else { lost++; continue; }
        }
        head = { seq: r.seq, hash: r.hash };
      }
    }
    const anchor = anchorKey ? await anchorHead(tx, head, anchorKey) : null;
    return { head, result: { written: head.seq - start.seq, withoutVariables, lost, anchor, head, via: 'lock' as const } };
  });
  const refused = { rows: false };
  let result: FlushResult & { head: Head };
  try {
    result = await flush(false, refused);
  } catch (e) {
    // Only a refusal of the rows is worth a second, row-by-row flush; anything else is the caller's.
    if (!refused.rows) throw e;
    result = await flush(true, { rows: false });
  }
  // Only after the commit: a rolled-back flush stored nothing.
  for (const hash of sets.keys()) storedSets?.add(hash);
  known.head = result.head;
  return { written: result.written, withoutVariables: result.withoutVariables, lost: result.lost, anchor: result.anchor, via: 'lock' };
}

/** The head a writer wrote last (committed), if it knows it: the next flush starts from it. */
export interface KnownHead { head?: Head }

/**
 * Hashes of personal-record id lists a writer knows are stored (access_log_record_set), so that a
 * request returning the same records again (the usual case: the same page asked again) does not
 * rebuild and send the insert of its thousands of ids. Bounded: forgotten hashes are only sent
 * again (the insert ignores a list already stored).
 */
export class StoredSets {
  private readonly hashes = new Set<string>();
  constructor(private readonly max = 1000) {}
  has(hash: string): boolean { return this.hashes.has(hash); }
  add(hash: string): void {
    if (this.hashes.size >= this.max) this.hashes.clear();
    this.hashes.add(hash);
  }
}

/** A signed checkpoint of `head`, unless the last one already covers it. */
async function anchorHead(tx: Tx, head: Head, key: Uint8Array): Promise<AnchorRow | null> {
  const last = await store.lastAnchor(tx);
  if (head.seq === 0 || (last && last.headSeq >= head.seq)) return null;
  const a: Anchor = { n: (last?.n ?? 0) + 1, headSeq: head.seq, headHash: head.hash, at: new Date(), prevMac: last?.mac ?? GENESIS };
  const row = { ...a, mac: anchorMac(key, a) };
  await store.insertAnchor(tx, row);
  return row;
}

/**
 * The process's one writer. Requests enqueue and return at once; the writer extends the chain for
 * every row queued since its last flush, in one transaction per batch (≤ 500 rows), so no request
 * waits for a lock or reads the previous hash. Redaction, hashing and the record-set hash run
 * here, not on the request path. `flush()` drains the queue (the auditLog query calls it, so an
 * auditor sees every earlier request); `close()` flushes and writes a last checkpoint (shutdown).
 * A flush that fails as a whole (the database away, a lock timeout) keeps its rows queued (up to
 * MAX_QUEUED) and is retried with a growing pause (0.5 s … 30 s), not on every request; it is
 * logged by error name and SQLSTATE only (a driver message may quote a value).
 */
export class AccessLogWriter {
  private queue: AccessEvent[] = [];
  private running: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private timer: NodeJS.Timeout | undefined;
  private lastAnchorAt = Date.now();
  private unanchored = false;
  private anchorWanted = false;
  private retry: NodeJS.Timeout | undefined;
  private pauseMs = 0;
  private closed = false;
  private readonly opts: Required<WriterOptions>;
  /** Flush transactions run and rows written by this writer (tests and metrics). */
  /** Flushes, rows written, and flushes that took the head's lock (the first, after another writer, with a checkpoint or a new id list). */
  readonly stats = { flushes: 0, rows: 0, locked: 0 };
  private readonly storedSets = new StoredSets();
  private readonly known: KnownHead = {};

  constructor(private readonly db: Db, private readonly logger: Pick<Logger, 'error' | 'warn'>, opts: WriterOptions = {}) {
    this.opts = { anchorKey: opts.anchorKey ?? new Uint8Array(), anchorIntervalMs: opts.anchorIntervalMs ?? 60_000, anchorFile: opts.anchorFile ?? null, batchDelayMs: opts.batchDelayMs ?? 20 };
    if (this.opts.anchorKey.length) {
      // Quiet periods: rows written since the last checkpoint are anchored within one interval.
      this.timer = setInterval(() => {
        if (this.unanchored) void this.anchorNow();
      }, this.opts.anchorIntervalMs);
      this.timer.unref();
    }
  }

  enqueue(e: AccessEvent): void {
    this.queue.push(e);
    this.kick();
  }

  /** Resolves when everything enqueued so far is stored (or, with the database away, when one more try failed). */
  async flush(): Promise<void> {
    if (this.queue.length || this.anchorWanted) this.kick(true);
    while (this.running) {
      this.wake?.();
      await this.running;
    }
  }

  /** Flushes and writes a checkpoint of the head now (if rows were written since the last one). */
  async anchorNow(): Promise<void> {
    this.anchorWanted = this.opts.anchorKey.length > 0;
    await this.flush();
  }

  /** Shutdown: no more timer; everything queued stored; a last checkpoint. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    clearTimeout(this.retry);
    this.closed = true;
    // Also when a flush is under way: the drain takes one more turn for the checkpoint (written
    // only if the head moved past the last one).
    await this.anchorNow();
  }

  /** Starts a drain unless one runs, or (for requests) a retry after a failed flush is pending. */
  private kick(force = false): void {
    if (this.running || (this.retry && !force)) return;
    clearTimeout(this.retry);
    this.retry = undefined;
    this.running = this.drain();
  }

  private async drain(): Promise<void> {
    try {
      // Let the requests of the same moment join the batch (flush() cuts the wait short).
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.opts.batchDelayMs);
        this.wake = () => { clearTimeout(t); resolve(); };
        if (this.anchorWanted) this.wake();
      });
      this.wake = null;
      while (this.queue.length || this.anchorWanted) {
        const batch = this.queue.splice(0, BATCH);
        const keyed = this.opts.anchorKey.length > 0;
        const due = keyed && (this.anchorWanted || Date.now() - this.lastAnchorAt >= this.opts.anchorIntervalMs) && this.queue.length === 0;
        if (due) this.anchorWanted = false;
        try {
          this.stats.flushes++;
          const r = await appendAccessLog(this.db, batch, due ? this.opts.anchorKey : undefined, this.storedSets, this.known);
          this.stats.rows += r.written;
          if (r.via === 'lock') this.stats.locked++;
          if (r.written) this.unanchored = true;
          if (due) { this.lastAnchorAt = Date.now(); this.unanchored = false; }
          if (r.anchor) this.writeAnchorFile(r.anchor);
          if (r.withoutVariables || r.lost) this.logger.warn({ rows: batch.length, withoutVariables: r.withoutVariables, lost: r.lost }, 'access log: rows refused by the database');
          this.pauseMs = 0;
        } catch (e) {
          // Nothing of the batch was written: back to the front of the queue, tried again after a pause.
          const room = Math.max(0, MAX_QUEUED - this.queue.length);
          this.queue.unshift(...batch.slice(0, room));
          if (due) this.anchorWanted = true;
          this.pauseMs = Math.min(30_000, Math.max(500, this.pauseMs * 2));
          this.logger.error({
            error: (e as Error)?.name ?? 'Error', sqlstate: pgError(e)?.code, rows: batch.length,
            dropped: batch.length - Math.min(batch.length, room), queued: this.queue.length, retryInMs: this.pauseMs,
          }, 'access log write failed');
          if (!this.closed) {
            this.retry = setTimeout(() => { this.retry = undefined; this.kick(); }, this.pauseMs);
            this.retry.unref();
          }
          break;
        }
      }
    } finally {
      this.running = null;
      this.wake = null;
    }
  }

  private writeAnchorFile(a: AnchorRow): void {
    const file = this.opts.anchorFile;
    if (!file) return;
    try {
      writeFileSync(`${file}.tmp`, JSON.stringify({ ...a, at: a.at.toISOString() }) + '\n', { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
    } catch (e) {
      this.logger.warn({ error: (e as Error)?.name ?? 'Error' }, 'access log: anchor file not written');
    }
  }
}

export interface VerifyOptions {
  /** The checkpoints' key (config.audit.anchorKey): without it, checkpoints are matched but not authenticated. */
  anchorKey?: Uint8Array;
  /** The copy of the latest checkpoint outside the database (config.audit.anchorFile). */
  anchorFile?: string | null;
  onProgress?: (checked: number) => void;
}

export interface VerifyResult {
  checked: number;
  breaks: ChainBreak[];
  lastHash: string;
  lastSeq: number;
  anchors: number;
  /** Position of the last checkpoint; rows after it can be removed without a trace until the next one. */
  anchoredTo: number;
}

/**
 * Verifies the whole log in pages of 10,000 rows: every row's hash and link (edited, deleted), the
 * personal-record lists against their hashes, every checkpoint's signature and sequence, each
 * checkpointed head against the row at its position (a re-hashed chain no longer matches), rows
 * missing up to the last checkpoint (a truncated tail, an emptied log), and the checkpoint kept
 * outside the database (checkpoints deleted from it).
 */
export async function verifyAccessLog(db: Db, opts: VerifyOptions | ((checked: number) => void) = {}): Promise<VerifyResult> {
  const o: VerifyOptions = typeof opts === 'function' ? { onProgress: opts } : opts;
  const anchors = await store.allAnchors(db);
  const anchoredHash = new Map<number, string>(anchors.map((a) => [a.headSeq, a.headHash]));
  const seen = new Map<number, string>();
  let prev = GENESIS;
  let after = 0;
  let checked = 0;
  const breaks: ChainBreak[] = [];
  for (;;) {
    const rows = await store.accessLogAfter(db, after, 10_000);
    if (!rows.length) break;
    const r = verifyChain(rows, prev);
    checked += r.checked;
    breaks.push(...r.breaks);
    prev = r.lastHash;
    after = rows.at(-1)!.seq;
    for (const row of rows) if (anchoredHash.has(row.seq)) seen.set(row.seq, row.hash);
    const setHashes = [...new Set(rows.flatMap((x) => (x.personalRecordSet ? [x.personalRecordSet] : [])))];
    const sets = await store.recordSets(db, setHashes);
    for (const row of rows) {
      if (!row.personalRecordSet) continue;
      const ids = sets.get(row.personalRecordSet);
      if (!ids || recordSetOf(ids)?.hash !== row.personalRecordSet) breaks.push({ seq: row.seq, problem: 'RECORDS_EDITED' });
    }
    o.onProgress?.(checked);
  }
  const lastSeq = after;
  let prevAnchor: AnchorRow | undefined;
  for (const a of anchors) {
    if (o.anchorKey && !anchorValid(o.anchorKey, a)) breaks.push({ seq: a.headSeq, problem: 'ANCHOR_FORGED' });
    if (a.n !== (prevAnchor?.n ?? 0) + 1 || a.prevMac !== (prevAnchor?.mac ?? GENESIS)) breaks.push({ seq: a.headSeq, problem: 'ANCHOR_MISSING' });
    const found = seen.get(a.headSeq);
    if (found === undefined && a.headSeq > lastSeq) breaks.push({ seq: a.headSeq, problem: 'TRUNCATED' });
    else if (found !== a.headHash) breaks.push({ seq: a.headSeq, problem: 'ANCHOR_MISMATCH' });
    prevAnchor = a;
  }
  if (o.anchorFile && existsSync(o.anchorFile)) {
    // The copy outside the database: checkpoints deleted from the table (all of them, or the last ones) show here.
    try {
      const f = JSON.parse(readFileSync(o.anchorFile, 'utf8')) as AnchorRow & { at: string };
      const inDb = anchors.find((a) => a.n === f.n);
      if (!inDb || inDb.mac !== f.mac) breaks.push({ seq: Number(f.headSeq), problem: 'ANCHOR_MISSING' });
    } catch {
      breaks.push({ seq: 0, problem: 'ANCHOR_MISSING' });
    }
  }
  return { checked, breaks, lastHash: prev, lastSeq, anchors: anchors.length, anchoredTo: prevAnchor?.headSeq ?? 0 };
}

/**
 * One page of the access log for an auditor, in chain (seq) order, the order an auditor verifies
 * in; the cursor is the position. Earlier requests' rows are flushed first. Personal-record ids kept
 * once per list (access_log_record_set) are read back for the page in one statement.
 */
export async function auditLogPage(ctx: Pick<Context, 'db' | 'accessLog'>, page: PageArgs, filter?: AccessLogFilter) {
  const limit = pageSize(page.first);
  await ctx.accessLog?.flush();
  const f = filter ?? {};
  let after = 0;
  if (page.after) {
    after = Number(Buffer.from(page.after, 'base64url').toString('utf8').replace(/^seq:/, ''));
    if (!Number.isInteger(after)) throw badInput('after', 'INVALID_CURSOR', 'The cursor is not one this hub issued.');
  }
  const rows = await store.accessLogAfter(ctx.db, after, limit + 1, f);
  const shown = rows.slice(0, limit);
  const sets = await store.recordSets(ctx.db, [...new Set(shown.flatMap((r) => (r.personalRecordSet ? [r.personalRecordSet] : [])))]);
  const edges = shown.map((r) => ({
    cursor: Buffer.from(`seq:${r.seq}`).toString('base64url'),
    node: { ...r, personalRecordIds: r.personalRecordSet ? sets.get(r.personalRecordSet) ?? [] : r.personalRecordIds },
  }));
  let counted: Promise<number> | undefined;
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null },
    get totalCount() {
      return (counted ??= store.countAccessLog(ctx.db, f));
    },
  };
}

export type { AccessLogRow };
