import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database } from './client';
import { rows } from './client';
import { PROJECT_ROOT } from '../project-root';

export const MIGRATIONS_DIR = join(PROJECT_ROOT, 'migrations');

/** Applies the SQL files of migrations/ (drizzle-kit) on either driver; re-running is a no-op. Reference data: modules/reference-data.ts prepareDatabase. */
export async function migrateDatabase(database: Database): Promise<void> {
  if (database.driver === 'postgres') {
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    await migrate(database.db as never, { migrationsFolder: MIGRATIONS_DIR });
  } else {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(database.db as never, { migrationsFolder: MIGRATIONS_DIR });
  }
}

/** For /readyz: the journal's last migration is recorded in the database. */
export async function migrationsApplied(database: Database): Promise<boolean> {
  const { readFileSync } = await import('node:fs');
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  try {
    const [r] = await rows<{ n: string | number }>(database.db, sql`select count(*) as n from drizzle.__drizzle_migrations`);
    return Number(r?.n ?? 0) >= journal.entries.length;
  } catch {
    return false;
  }
}
