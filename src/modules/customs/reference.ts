/**
 * Commodity lists of reference/commodities.md as data, version 2025-01 in force from 2025-01-01.
 * Insert-if-missing: a later notice adds rows with a new version instead of editing these.
 */
import type { Db } from '../../db/client';
import { ensureCommodityListVersion } from './lists';
import { insertCommodityListEntries } from './store';

const VERSION = '2025-01';
const FROM = '2025-01-01';

const PILOT: [category: string, name: string, prefixes: string[]][] = [
  ['OILSEED', '大豆 soybeans (not for sowing)', ['120190']],
  ['OILSEED', '亚麻籽 linseed / flaxseed', ['1204']],
  ['OILSEED', '油菜籽 rapeseed', ['1205']],
  ['OILSEED', '葵花籽 sunflower seed', ['1206']],
  ['OILSEED', '芝麻 sesame', ['120740']],
  ['OILSEED', '芥子 mustard seed', ['120750']],
  ['OILSEED', '红花籽 safflower seed', ['120760']],
  ['OILSEED', '瓜子 melon seeds', ['120770']],
  ['DRIED_FRUIT', '杏仁 almonds', ['080211', '080212']],
  ['DRIED_FRUIT', '榛子 hazelnuts', ['080221', '080222']],
  ['DRIED_FRUIT', '核桃 walnuts', ['080231', '080232']],
  ['DRIED_FRUIT', '开心果 pistachios', ['080251', '080252']],
  ['DRIED_FRUIT', '松子 pine nuts', ['080291', '080292']],
  ['DRIED_FRUIT', '葡萄干 raisins', ['080620']],
  ['DRIED_FRUIT', '杏干 dried apricots', ['081310']],
  ['DRIED_FRUIT', '西梅干 prunes', ['081320']],
  ['DRIED_FRUIT', '苹果干 dried apples', ['081330']],
  ['DRIED_FRUIT', '其他干果 other dried fruit, mixtures', ['081340', '081350']],
];

const NEGATIVE: [category: string, name: string, prefixes: string[]][] = [
  ['SEED_FOR_SOWING', '种用大豆 soybeans for sowing', ['12011000']],
  ['SEED_FOR_SOWING', '种用葵花籽 sunflower seed for sowing', ['12060010']],
  ['TOBACCO', '烟草 tobacco', ['24']],
  ['ALCOHOL', '酒类 alcohol', ['2203', '2204', '2205', '2206', '2207', '2208']],
  ['RUBBER', '天然橡胶 natural rubber', ['4001']],
  ['WOOD', '木材 wood', ['44']],
  ['FERTILISER', '肥料 fertilisers', ['31']],
  ['PESTICIDE', '农药 pesticides', ['3808']],
];

const rowsOf = (list: 'PILOT' | 'NEGATIVE', entries: typeof PILOT) => entries.flatMap(([category, name, prefixes]) =>
  prefixes.map((hsPrefix) => ({ list, hsPrefix, category, name, version: VERSION, effectiveFrom: FROM, source: 'COMMERCE' as const })));

/**
 * Negative list 2026-12 (in force from 2026-12-01): 2025-01 plus the for-sowing tariff lines of
 * 1205 and 1207 that it lacked (种用油菜籽 12051010, 12059010; 种用芝麻 12074010; 种用芥子 12075010;
 * 种用红花子 12076010; 种用瓜子 12077010) — mustard and safflower are pilot commodities too (120750, 120760).
 * 1204 (亚麻籽) has one national tariff line, 12040000, with no for-sowing split.
 */
const NEGATIVE_2026_12: typeof NEGATIVE = [
  ...NEGATIVE.slice(0, 2),
  ['SEED_FOR_SOWING', '种用油菜籽 rapeseed for sowing', ['12051010', '12059010']],
  ['SEED_FOR_SOWING', '种用芝麻 sesame for sowing', ['12074010']],
  ['SEED_FOR_SOWING', '种用芥子 mustard seed for sowing', ['12075010']],
  ['SEED_FOR_SOWING', '种用红花子 safflower seed for sowing', ['12076010']],
  ['SEED_FOR_SOWING', '种用瓜子 melon seeds for sowing', ['12077010']],
  ...NEGATIVE.slice(2),
];

export async function ensureCommodityLists(db: Db) {
  await insertCommodityListEntries(db, [...rowsOf('PILOT', PILOT), ...rowsOf('NEGATIVE', NEGATIVE)]);
  await ensureCommodityListVersion(db, {
    list: 'NEGATIVE', version: '2026-12', effectiveFrom: '2026-12-01',
    entries: NEGATIVE_2026_12.flatMap(([category, name, prefixes]) => prefixes.map((hsPrefix) => ({ hsPrefix, name, category }))),
  });
}

/** Demo and test helpers: an 8-digit tariff code per pilot prefix. */
export const SAMPLE_CODES: Record<string, { hsCode: string; name: string }> = {
  '120190': { hsCode: '12019020', name: '大豆' },
  '1204': { hsCode: '12040000', name: '亚麻籽' },
  '1205': { hsCode: '12051090', name: '油菜籽' },
  '1206': { hsCode: '12060090', name: '葵花籽' },
  '0802': { hsCode: '08021200', name: '去壳杏仁' },
  '080211': { hsCode: '08021100', name: '带壳杏仁' },
  '080231': { hsCode: '08023100', name: '带壳核桃' },
  '080251': { hsCode: '08025100', name: '带壳开心果' },
  '0806': { hsCode: '08062000', name: '葡萄干' },
  '0813': { hsCode: '08131000', name: '杏干' },
  '081310': { hsCode: '08131000', name: '杏干' },
};
