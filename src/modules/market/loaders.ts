/** Per-request batch loaders of the market domain: one statement per relation per nesting level. */
import DataLoader from 'dataloader';
import { and, gte, inArray, max } from 'drizzle-orm';
import type { Viewer } from '../../authz/agencies';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import { byKey } from '../../shared/loader-utils';
import { beijingToday } from '../../shared/time';
import { customsDeclarationsTable } from '../customs/table';
import { dormancyWindowStart } from './rules';
import { shopsTable, type ShopRow } from './table';

export function createMarketLoaders(db: Db, _viewer: Viewer, _config: Config) {
  /** Shops reached as the subject of a record (the record's row scope already applies). */
  const shopById = new DataLoader<string, ShopRow | null>(async (ids) =>
    byKey(ids, await db.select().from(shopsTable).where(inArray(shopsTable.id, [...ids])), (r) => r.id));

  /**
   * The latest declaration date within the dormancy window per cooperative (SPEC §7), one
   * statement over customs_declarations for all cooperatives of the request; null = dormant.
   * Every declaration counts, whatever its status: it is business declared (附件4 四(二)).
   */
  const lastDeclaredOnInWindow = new DataLoader<string, string | null>(async (ids) => {
    const since = dormancyWindowStart(beijingToday());
    const rows = await db.select({ id: customsDeclarationsTable.cooperativeId, last: max(customsDeclarationsTable.declaredOn) })
      .from(customsDeclarationsTable)
      .where(and(inArray(customsDeclarationsTable.cooperativeId, [...ids]), gte(customsDeclarationsTable.declaredOn, since)))
      .groupBy(customsDeclarationsTable.cooperativeId);
    const m = new Map(rows.map((r) => [r.id, r.last]));
    return ids.map((id) => m.get(id) ?? null);
  });

  return { shopById, lastDeclaredOnInWindow };
}

export type MarketLoaders = ReturnType<typeof createMarketLoaders>;
