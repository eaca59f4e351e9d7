/** Per-request batch loaders of the market domain: one statement per relation per nesting level. */
import DataLoader from 'dataloader';
import type { SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Viewer } from '../../authz/agencies';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import { byKey } from '../../shared/loader-utils';
import { beijingToday } from '../../shared/time';
import { lastDeclaredOnSince } from '../customs';
import { dormancyWindowStart } from './rules';
import * as store from './store';
import type { ShopRow } from './store';

export function createMarketLoaders(db: Db, _viewer: Viewer, _config: Config) {
  /** Shops reached as the subject of a record (the record's row scope already applies). */
  const shopById = new DataLoader<string, ShopRow | null>(async (ids) =>
    byKey(ids, await store.shopsByIds(db, ids), (r) => r.id));

  /**
   * The latest declaration date within the dormancy window per cooperative (SPEC §7), one
   * statement over customs_declarations for all cooperatives of the request; null = dormant.
   * Every declaration counts, whatever its status: it is business declared (附件4 四(二)).
   */
  const lastDeclaredOnInWindow = new DataLoader<string, string | null>(async (ids) => {
    const m = await lastDeclaredOnSince(db, ids, dormancyWindowStart(beijingToday()));
    return ids.map((id) => m.get(id) ?? null);
  });

  /**
   * The registry's `dormant` filter of cooperatives (SPEC §7, §14): "entered the pilot or declared
   * within today's dormancy window" as a condition on a cooperative's id column and its approval
   * (else filing) instant, for the registry's list statement. Handed over through the request's
   * loaders because the registry may not depend on market.
   */
  const activeInDormancyWindow = (cooperativeId: AnyPgColumn, enteredAt: SQL): SQL =>
    store.activeSinceSql(cooperativeId, enteredAt, dormancyWindowStart(beijingToday()));

  return { shopById, lastDeclaredOnInWindow, activeInDormancyWindow };
}

export type MarketLoaders = ReturnType<typeof createMarketLoaders>;
