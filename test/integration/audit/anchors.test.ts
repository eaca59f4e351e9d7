/**
 * Anchored chain (issue 16): signed checkpoints of the head let verification find what the chain
 * alone cannot — a truncated tail, an emptied log, an edit followed by re-hashing the chain from
 * that row on — and the copy outside the database finds deleted checkpoints. Each test wrecks the
 * log in its own way, so each gets its own hub (database).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { rows as rowsOf } from '../../../src/db/client';
import { AccessLogWriter, rowHash, verifyAccessLog } from '../../../src/modules/audit';
import * as store from '../../../src/modules/audit/store';
import { anchorMac } from '../../../src/modules/audit/rules';
import { startHub, type TestHub } from '../../support/hub';

let hub: TestHub | undefined;
afterEach(async () => { await hub?.close(); hub = undefined; });

/** A hub whose log has six rows, all covered by a checkpoint. */
async function anchoredHub(config: Parameters<typeof startHub>[0] = {}): Promise<TestHub> {
  hub = await startHub(config);
  for (let i = 0; i < 6; i++) await hub.as('TAX', null, `anchor-${i}`).gql('{ me { agency } }');
  await hub.app.accessLog.anchorNow();
  return hub;
}
const verify = (h: TestHub) => verifyAccessLog(h.db, { anchorKey: h.config.audit.anchorKey, anchorFile: h.config.audit.anchorFile });
const problems = async (h: TestHub) => (await verify(h)).breaks.map((b) => b.problem);

/** What an attacker with database access does after deleting or editing rows: puts the head where the log now ends. */
async function fixHead(h: TestHub) {
  const [last] = await rowsOf<{ seq: string; hash: string }>(h.db, sql`select seq, hash from access_log order by seq desc limit 1`);
  await h.db.execute(sql`update access_log_head set seq = ${last?.seq ?? 0}, hash = ${last?.hash ?? '0'.repeat(64)}`);
}

describe('anchored access log', () => {
  it('an intact log verifies, up to its last checkpoint', async () => {
    const h = await anchoredHub();
    const r = await verify(h);
    expect(r.breaks).toEqual([]);
    expect(r.checked).toBe(6);
    expect(r.anchors).toBe(1);
    expect(r.anchoredTo).toBe(r.lastSeq);
  });

  it('a truncated tail (rows up to the last checkpoint deleted) is found', async () => {
    const h = await anchoredHub();
    await h.db.execute(sql`delete from access_log where seq > 3`);
    await fixHead(h);
    expect((await verify(h)).breaks).toEqual([{ seq: 6, problem: 'TRUNCATED' }]);
  });

  it('rows deleted behind a writer that knows its head are still found: it links to the head row, not to what it wrote last', async () => {
    const h = await anchoredHub(); // the hub's writer wrote rows 1–6 and knows its head
    const other = new AccessLogWriter(h.db, { error: () => {}, warn: () => {} }, { batchDelayMs: 0 }); // a second process
    for (let i = 0; i < 3; i++) other.enqueue({ at: new Date(), requestId: `other-${i}`, viewer: null, operationName: null, document: '', variables: {}, outcome: 'OK', durationMs: 1, personalRecordIds: [] });
    await other.flush(); // rows 7–9, head at 9
    await h.db.execute(sql`delete from access_log where seq > 6`); // the head row left as it was
    await h.as('TAX', null, 'after-delete').gql('{ me { agency } }');
    await h.app.accessLog.flush();
    const [last] = await rowsOf<{ seq: string }>(h.db, sql`select seq from access_log order by seq desc limit 1`);
    expect(Number(last!.seq)).toBe(10);
    expect((await verify(h)).breaks.map((b) => b.seq)).toContain(10);
  });

  it('an emptied log is found', async () => {
    const h = await anchoredHub();
    await h.db.execute(sql`delete from access_log`);
    await fixHead(h);
    expect(await problems(h)).toEqual(['TRUNCATED']);
  });

  it('an edit followed by re-hashing the chain from that row on no longer matches the checkpoint', async () => {
    const h = await anchoredHub();
    await rehashFrom(h, 2, (r) => ({ ...r, sub: 'someone-else' }));
    const r = await verify(h);
    expect(r.breaks).toEqual([{ seq: 6, problem: 'ANCHOR_MISMATCH' }]);
  });

  it('a checkpoint moved to the re-hashed head without the key is a forgery', async () => {
    const h = await anchoredHub();
    const head = await rehashFrom(h, 2, (r) => ({ ...r, outcome: 'FORBIDDEN' }));
    await h.db.execute(sql`update access_log_anchor set head_hash = ${head}`);
    expect(await problems(h)).toEqual(['ANCHOR_FORGED']);
    // Signed with a key of the attacker's own: still a forgery.
    const [a] = await rowsOf<{ n: string; head_seq: string; at: Date; prev_mac: string }>(h.db, sql`select n, head_seq, at, prev_mac from access_log_anchor`);
    const mac = anchorMac(new TextEncoder().encode('x'.repeat(40)), { n: Number(a!.n), headSeq: Number(a!.head_seq), headHash: head, at: new Date(a!.at), prevMac: a!.prev_mac });
    await h.db.execute(sql`update access_log_anchor set mac = ${mac}`);
    expect(await problems(h)).toEqual(['ANCHOR_FORGED']);
  });

  it('checkpoints deleted with the log are found through the copy outside the database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anchor-'));
    try {
      const h = await anchoredHub({ audit: { ...(await startHubConfig()).audit, anchorFile: join(dir, 'audit-anchor.json') } });
      expect(await problems(h)).toEqual([]);
      await h.db.execute(sql`delete from access_log_anchor`);
      await h.db.execute(sql`delete from access_log`);
      await fixHead(h);
      expect(await problems(h)).toEqual(['ANCHOR_MISSING']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the limit: rows written after the last checkpoint can be deleted without a trace (until the next one)', async () => {
    const h = await anchoredHub();
    await h.as('TAX').gql('{ me { agency } }');
    await h.app.accessLog.flush();
    await h.db.execute(sql`delete from access_log where seq = 7`);
    await fixHead(h);
    expect((await verify(h)).breaks).toEqual([]);
  });

  it('checkpoints are written at the interval while rows arrive', async () => {
    hub = await startHub();
    const w = new AccessLogWriter(hub.db, { error: () => {}, warn: () => {} }, { anchorKey: hub.config.audit.anchorKey, anchorIntervalMs: 1, batchDelayMs: 0 });
    for (let i = 0; i < 3; i++) {
      // The interval (1 ms) has passed since the last checkpoint before the row arrives: waiting after
      // enqueueing raced the drain under load (it could run within 1 ms of the previous flush).
      await new Promise((r) => setTimeout(r, 5));
      w.enqueue({ at: new Date(), requestId: `i-${i}`, viewer: null, operationName: null, document: '', variables: {}, outcome: 'HTTP_401', durationMs: 0, personalRecordIds: [] });
      await w.flush();
    }
    const [{ n }] = await rowsOf<{ n: string }>(hub.db, sql`select count(*) as n from access_log_anchor`);
    expect(Number(n)).toBe(3);
    await w.close();
    expect(await problems(hub)).toEqual([]);
  });

  it('npm run audit:verify exits 0 on an intact log and 1 with the finding on a truncated one (PostgreSQL)', async (ctx) => {
    const h = await anchoredHub();
    if (h.database.driver !== 'postgres') return ctx.skip();
    const o = (h.database.raw as { options: { host: string[]; port: number[]; user: string; database: string } }).options;
    const env = { ...process.env, DATABASE_URL: `postgres://${o.user}@${o.host[0]}:${o.port[0]}/${o.database}`, DATA_DIR: '/tmp/hub-test-data', NODE_ENV: 'test', LOG_LEVEL: 'silent' };
    const run = () => promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/audit-verify.ts'], { env, cwd: join(import.meta.dirname, '../../..') })
      .then((r) => ({ code: 0, out: r.stdout }), (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }));
    const ok = await run();
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toMatch(/access log intact: 6 rows/);
    await h.db.execute(sql`delete from access_log where seq > 4`);
    await fixHead(h);
    const broken = await run();
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/row seq 6: TRUNCATED/);
  }, 60_000);
});

async function startHubConfig() {
  const { testConfig } = await import('../../support/hub');
  return testConfig();
}

/**
 * The attacker's re-hash: edits row `from` and recomputes every hash and link from there on, so
 * the chain alone verifies again; returns the new head hash.
 */
async function rehashFrom(h: TestHub, from: number, edit: (r: store.AccessLogRow) => store.AccessLogRow): Promise<string> {
  const rows = await store.accessLogAfter(h.db, 0, 1000);
  let prev = rows.find((r) => r.seq === from - 1)?.hash ?? '0'.repeat(64);
  for (const row of rows.filter((r) => r.seq >= from)) {
    const changed = row.seq === from ? edit(row) : row;
    const { seq: _s, hash: _h, personalRecordSet, ...fields } = { ...changed, prevHash: prev };
    const hash = rowHash({ ...fields, personalRecordSet });
    await h.db.execute(sql`update access_log set sub = ${changed.sub}, outcome = ${changed.outcome}, prev_hash = ${prev}, hash = ${hash} where seq = ${row.seq}`);
    prev = hash;
  }
  await fixHead(h);
  expect((await verifyAccessLog(h.db)).breaks.filter((b) => b.problem === 'EDITED' || b.problem === 'MISSING_PREDECESSOR')).toEqual([]);
  return prev;
}
