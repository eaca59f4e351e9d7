/** The embedded database has one owner (issue "Hardening"): a second opener is refused with a clear message, never served stale pages. */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseBusyError, openDatabase } from '../../../src/db/client';

describe('embedded database lock', () => {
  it('refuses a second opener of the same data directory while the first has it, and admits one after close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-lock-'));
    const first = await openDatabase({ dataDir: dir });
    try {
      await expect(openDatabase({ dataDir: dir })).rejects.toThrow(DatabaseBusyError);
      await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/嵌入式数据库.*in use by process \d+.*DATABASE_URL/s);
    } finally {
      await first.close();
    }
    expect(existsSync(join(dir, 'pglite', 'hub.pid'))).toBe(false);
    const second = await openDatabase({ dataDir: dir });
    await second.close();
  }, 60_000);

  it('takes over a lock left by a process that no longer runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-lock-'));
    const first = await openDatabase({ dataDir: dir });
    await first.close();
    writeFileSync(join(dir, 'pglite', 'hub.pid'), '999999999');
    const again = await openDatabase({ dataDir: dir });
    await again.close();
  }, 60_000);
});
