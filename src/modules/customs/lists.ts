/**
 * Commodity lists as data with an API (SPEC §15, 方案 二(二) 逐步扩大加工试点商品种类): a list is
 * changed by publishing a new version with an effective Beijing date; the previous version's
 * open entries end the day before. Declarations are judged by the entries in force on their
 * declared date: the batch check reads the table per batch (service.ts preload), so a new
 * version applies to the next batch without a restart.
 */
import type { Context } from '../../context';
import type { DbOrTx } from '../../db/client';
import { badInput } from '../../shared/errors';
import { beijingToday, isValidDate } from '../../shared/time';
import * as store from './store';
import type { CommodityListEntryRow } from './store';

export type CommodityListName = 'PILOT' | 'NEGATIVE';

export interface CommodityListFields {
  list: CommodityListName;
  version: string;
  effectiveFrom: string;
  entries: readonly { hsPrefix: string; name: string; category?: string | null }[];
}

export function commodityLists(ctx: { db: DbOrTx }, asOf?: string | null): Promise<CommodityListEntryRow[]> {
  const on = asOf ?? beijingToday();
  if (!isValidDate(on)) throw badInput('asOf', 'INVALID_VALUE', 'asOf is a date such as 2026-01-31.');
  return store.commodityListsInForce(ctx.db, on);
}

/** Publishes a new version of a list: the whole list as it applies from effectiveFrom. */
export async function setCommodityList(ctx: Pick<Context, 'db' | 'viewer'>, input: CommodityListFields): Promise<CommodityListEntryRow[]> {
  const version = input.version.trim();
  if (!version || version.length > 40) throw badInput('version', 'MISSING_FIELD', 'version names the notice, e.g. 2026-02.');
  if (!isValidDate(input.effectiveFrom)) throw badInput('effectiveFrom', 'INVALID_VALUE', 'effectiveFrom is a date such as 2026-01-31.');
  if (input.entries.length === 0 || input.entries.length > 2000) throw badInput('entries', 'INVALID_VALUE', 'A list version has 1 to 2,000 entries.');
  const seen = new Set<string>();
  input.entries.forEach((e, i) => {
    if (!/^\d{2,10}$/.test(e.hsPrefix)) throw badInput(`entries.${i}.hsPrefix`, 'INVALID_HS_CODE', 'hsPrefix is 2 to 10 digits of the tariff code.');
    if (seen.has(e.hsPrefix)) throw badInput(`entries.${i}.hsPrefix`, 'DUPLICATE', `${e.hsPrefix} appears twice in this version.`);
    seen.add(e.hsPrefix);
    if (!e.name.trim()) throw badInput(`entries.${i}.name`, 'MISSING_FIELD', 'Each entry needs a name.');
  });
  return ctx.db.transaction(async (tx) => {
    await store.lockCommodityList(tx, input.list);
    const head = await store.commodityListHead(tx, input.list, version);
    if (head.versionTaken) throw badInput('version', 'DUPLICATE', `Version ${version} of the ${input.list} list exists already.`);
    if (head.latestFrom && input.effectiveFrom <= head.latestFrom) {
      throw badInput('effectiveFrom', 'INVALID_DATE_RANGE', `A new version must take effect after the latest one (${head.latestFrom}).`);
    }
    await store.closeCommodityList(tx, input.list, input.effectiveFrom);
    return store.insertCommodityListVersion(tx, input.entries.map((e) => ({
      list: input.list, hsPrefix: e.hsPrefix, name: e.name.trim(), category: e.category?.trim() || null,
      version, effectiveFrom: input.effectiveFrom, source: ctx.viewer.agency,
    })));
  });
}

/**
 * Reference data: publishes a version unless the list has it already (insert-if-missing, so every
 * start is a no-op after the first). Skipped when a later version exists (an agency has moved on).
 */
export async function ensureCommodityListVersion(db: DbOrTx, input: CommodityListFields): Promise<void> {
  await db.transaction(async (tx) => {
    await store.lockCommodityList(tx, input.list);
    const head = await store.commodityListHead(tx, input.list, input.version);
    if (head.versionTaken || (head.latestFrom && input.effectiveFrom <= head.latestFrom)) return;
    await store.closeCommodityList(tx, input.list, input.effectiveFrom);
    await store.insertCommodityListVersion(tx, input.entries.map((e) => ({
      list: input.list, hsPrefix: e.hsPrefix, name: e.name, category: e.category ?? null,
      version: input.version, effectiveFrom: input.effectiveFrom, source: 'COMMERCE' as const,
    })));
  });
}
