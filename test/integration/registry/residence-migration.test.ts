/**
 * Migration 0016_residence on data of the county-from-ID era (SPEC §14, issue 12 item 1): a fresh
 * in-memory database migrated to 0015, residents stored as the old code stored them, then the rest
 * of the migrations. Counties and townships stay, basis HUKOU, every row flagged presumed; the
 * county-from-ID check constraint is gone.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { openDatabase, rows, type Database } from '../../../src/db/client';
import { MIGRATIONS_DIR } from '../../../src/db/migrate';
import { uniqueIdNumber } from '../../support/factories';
import { withDatabase } from '../../support/global-setup';

let database: Database;
const dir = mkdtempSync(join(tmpdir(), 'hub-mig-res-'));

/** The migrations folder cut after `lastTag` (the journal decides what drizzle applies). */
function folderUpTo(lastTag: string): string {
  const out = join(dir, lastTag);
  cpSync(MIGRATIONS_DIR, out, { recursive: true });
  const journalFile = join(out, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.slice(0, journal.entries.findIndex((e) => e.tag === lastTag) + 1);
  writeFileSync(journalFile, JSON.stringify(journal));
  return out;
}

async function migrateWith(folder: string) {
  if (database.driver === 'postgres') {
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    await migrate(database.db as never, { migrationsFolder: folder });
  } else {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(database.db as never, { migrationsFolder: folder });
  }
}

/** An EMPTY database (not the migrated template): PostgreSQL when the run has one (dropped with the run's), else PGlite in memory. */
beforeAll(async () => {
  const testDb = inject('testDb');
  if (testDb.kind === 'postgres') {
    const { default: postgres } = await import('postgres');
    const admin = postgres(testDb.url, { max: 1, onnotice: () => {} });
    const name = `${testDb.run}_residence_migration`;
    await admin.unsafe(`create database "${name}"`);
    await admin.end();
    database = await openDatabase({ databaseUrl: withDatabase(testDb.url, name), maxConnections: 1 });
  } else {
    database = await openDatabase({ inMemory: true });
  }
}, 60_000);
afterAll(async () => { await database?.close(); rmSync(dir, { recursive: true, force: true }); });

it('keeps county and township, sets basis HUKOU and flags every existing resident presumed; the ID-prefix constraint is dropped', async () => {
  await migrateWith(folderUpTo('0015_party_status_history_trigger'));
  const [alashankou, bole, boleNoTownship] = [uniqueIdNumber('652702'), uniqueIdNumber('652701'), uniqueIdNumber('652701')];
  await database.db.execute(sql`insert into border_residents (name, id_number, county, township, source) values
    ('甲', ${alashankou}, '652702', null, 'CUSTOMS'), ('乙', ${bole}, '652701', '小营盘镇', 'COMMERCE'), ('丙', ${boleNoTownship}, '652701', null, 'CUSTOMS')`);
  // The old rule: a resident outside the four counties could not be stored at all.
  await expect(database.db.execute(sql`insert into border_residents (name, id_number, county, source) values ('丁', ${uniqueIdNumber('410102')}, '410102', 'CUSTOMS')`)).rejects.toThrow();

  await migrateWith(MIGRATIONS_DIR);
  const got = await rows<{ id_number: string; county: string; township: string | null; residence_basis: string; residence_presumed: boolean }>(database.db,
    sql`select id_number, county, township, residence_basis, residence_presumed from border_residents order by id_number`);
  const byId = (a: { id_number: string }, b: { id_number: string }) => a.id_number.localeCompare(b.id_number);
  expect(got).toEqual([
    { id_number: alashankou, county: '652702', township: null, residence_basis: 'HUKOU', residence_presumed: true },
    { id_number: bole, county: '652701', township: '小营盘镇', residence_basis: 'HUKOU', residence_presumed: true },
    { id_number: boleNoTownship, county: '652701', township: null, residence_basis: 'HUKOU', residence_presumed: true },
  ].sort(byId));
  // Residence is no longer tied to the four counties' ID prefixes: a Henan-issued number living in 652702 is stored,
  // and a new row is not presumed unless the writer says so.
  await database.db.execute(sql`insert into border_residents (name, id_number, county, residence_basis, source) values ('戊', ${uniqueIdNumber('410102')}, '652702', 'HABITUAL', 'CUSTOMS')`);
  const [fresh] = await rows<{ residence_presumed: boolean }>(database.db, sql`select residence_presumed from border_residents where name = '戊'`);
  expect(fresh!.residence_presumed).toBe(false);
  // The provisional border-township list is seeded.
  const list = await rows<{ county: string; township: string }>(database.db, sql`select county, township from border_townships order by county, township`);
  expect(list.map((t) => `${t.county} ${t.township}`).sort()).toEqual(['652701 小营盘镇', '652723 哈日布呼镇', '652723 安格里格乡', '659007 九十团', '659007 八十九团'].sort());
}, 120_000);
