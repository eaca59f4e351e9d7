/**
 * Migrates a template database once per run (STYLE: a migrated template cloned per test file).
 * TEST_DATABASE_URL set: a real PostgreSQL; this run creates `hub_<run>_tpl` and drops every
 * database of the run at the end. Unset: embedded PGlite, migrated once and dumped to a file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
// migrateDatabase loads reference data through the modules' index files (type-graphql classes).
import 'reflect-metadata';

export default async function setup(project: TestProject) {
  const { openDatabase } = await import('../../src/db/client');
  const { prepareDatabase } = await import('../../src/modules/reference-data');
  const run = `hub_${Date.now().toString(36)}_${process.pid}`;
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const { default: postgres } = await import('postgres');
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    const template = `${run}_tpl`;
    await admin.unsafe(`create database "${template}"`);
    const database = await openDatabase({ databaseUrl: withDatabase(url, template), maxConnections: 1 });
    await prepareDatabase(database);
    await database.close();
    project.provide('testDb', { kind: 'postgres', url, template, run });
    return async () => {
      const dbs = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${`${run}%`}`;
      for (const { datname } of dbs) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
      await admin.end();
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'hub-test-'));
  const database = await openDatabase({ inMemory: true });
  await prepareDatabase(database);
  const pglite = database.raw as { dumpDataDir(c?: 'gzip' | 'none'): Promise<Blob> };
  const dump = await pglite.dumpDataDir('none');
  const file = join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide('testDb', { kind: 'pglite', file, run });
  return () => rmSync(dir, { recursive: true, force: true });
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    testDb: { kind: 'postgres'; url: string; template: string; run: string } | { kind: 'pglite'; file: string; run: string };
  }
}
