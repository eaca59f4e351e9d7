/**
 * Migration cooperative_memberships_backfill (SPEC §14, issue 12 item 6): a database at the release
 * before memberships, with residents tied to cooperatives by border_residents.cooperative_id, is
 * migrated: each such resident becomes a member from the earlier of the cooperative's creation and
 * filing dates (Beijing), open-ended, or ended on the exit date when the cooperative has EXITED; the
 * column is gone, and the one-cooperative-per-date rule holds from then on.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, expect, it } from 'vitest';
import { openDatabase, rows, type Database } from '../../../src/db/client';
import { MIGRATIONS_DIR } from '../../../src/db/migrate';
import { uniqueIdNumber } from '../../support/factories';

const BEFORE = '0019_cooperative_memberships';
const dir = mkdtempSync(join(tmpdir(), 'hub-mig-'));
let database: Database | undefined;
afterAll(async () => { await database?.close(); rmSync(dir, { recursive: true, force: true }); });

async function migrateWith(db: Database, folder: string) {
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  await migrate(db.db as never, { migrationsFolder: folder });
}

it('turns cooperative_id into memberships from the filing date, ended on the exit date, then drops the column', async () => {
  // The migrations up to (not including) the memberships table.
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8'));
  const upTo = journal.entries.findIndex((e: { tag: string }) => e.tag === BEFORE);
  expect(upTo).toBeGreaterThan(0);
  mkdirSync(join(dir, 'meta'), { recursive: true });
  for (const e of journal.entries.slice(0, upTo)) cpSync(join(MIGRATIONS_DIR, `${e.tag}.sql`), join(dir, `${e.tag}.sql`));
  writeFileSync(join(dir, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, upTo) }));

  database = await openDatabase({ inMemory: true });
  await migrateWith(database, dir);
  const db = database.db;
  const [a, x] = [uniqueIdNumber(), uniqueIdNumber()];
  // A FILED cooperative created on 2025-03-01 (Beijing; 23:00 UTC the day before) and filed on the 5th;
  // an EXITED one whose exit the status history dates 2025-09-30 (Beijing).
  await db.execute(sql`insert into cooperatives (id, filing_no, name, kind, township, head_name, status, filed_at, created_at, source) values
    ('00000000-0000-4000-8000-0000000000c1', 'ALSK-C-2025-9001', '甲', 'MUTUAL_AID_GROUP', '艾比湖镇', '甲', 'FILED', '2025-03-05T02:00:00Z', '2025-02-28T23:00:00Z', 'COMMERCE'),
    ('00000000-0000-4000-8000-0000000000c2', 'ALSK-C-2025-9002', '乙', 'MUTUAL_AID_GROUP', '艾比湖镇', '乙', 'FILED', '2025-04-01T02:00:00Z', '2025-04-01T01:00:00Z', 'COMMERCE')`);
  await db.execute(sql`update cooperatives set status = 'EXITED' where id = '00000000-0000-4000-8000-0000000000c2'`);
  await db.execute(sql`update party_status_history set from_at = '2025-09-29T17:00:00Z' where cooperative_id = '00000000-0000-4000-8000-0000000000c2' and status = 'EXITED'`);
  await db.execute(sql`insert into border_residents (name, id_number, county, cooperative_id, source) values
    ('甲成员', ${a}, '652702', '00000000-0000-4000-8000-0000000000c1', 'COMMERCE'),
    ('乙成员', ${x}, '652702', '00000000-0000-4000-8000-0000000000c2', 'COMMERCE'),
    ('无社', ${uniqueIdNumber()}, '652702', null, 'CUSTOMS')`);

  await migrateWith(database, MIGRATIONS_DIR);

  const got = await rows<{ id_number: string; filing_no: string; joined_on: string; left_on: string | null }>(db, sql`
    select r.id_number, c.filing_no, m.joined_on::text, m.left_on::text from cooperative_memberships m
      join border_residents r on r.id = m.resident_id join cooperatives c on c.id = m.cooperative_id order by c.filing_no`);
  expect(got).toEqual([
    { id_number: a, filing_no: 'ALSK-C-2025-9001', joined_on: '2025-03-01', left_on: null },
    { id_number: x, filing_no: 'ALSK-C-2025-9002', joined_on: '2025-04-01', left_on: '2025-09-30' },
  ]);
  const cols = await rows<{ n: number | string }>(db, sql`select count(*) as n from information_schema.columns where table_name = 'border_residents' and column_name = 'cooperative_id'`);
  expect(Number(cols[0]!.n)).toBe(0);
  // From now on the database refuses a second cooperative on an overlapping date.
  await expect(db.execute(sql`insert into cooperative_memberships (cooperative_id, resident_id, joined_on, source)
    select '00000000-0000-4000-8000-0000000000c2', id, '2025-06-01', 'COMMERCE' from border_residents where id_number = ${a}`)).rejects.toThrow();
});
