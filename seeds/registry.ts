/**
 * Registry demo data: ~20 enterprises, 60 cooperatives and 3,000 residents per unit of scale, with
 * valid synthetic USCCs and ID numbers (never real people or companies) and Chinese names.
 */
import type { Db } from '../src/db/client';
import { formatFilingNo, idCheckChar, usccCheckChar } from '../src/modules/registry/rules';
import {
  borderResidentsTable, cooperativeMembershipsTable, cooperativesTable, enterprisesTable, filingCountersTable, supplyContractsTable,
} from '../src/modules/registry/table';
import { progress, type Rng } from './random';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '马', '胡', '郭', '何', '高', '罗'];
const GIVEN = ['建国', '秀兰', '志强', '丽娟', '海燕', '军', '伟', '芳', '磊', '静', '勇', '敏', '强', '霞', '斌', '娟'];
const UYGHUR_KAZAKH = ['阿依古丽', '买买提', '古丽娜尔', '艾力', '热合曼', '巴合提', '努尔兰', '阿斯哈尔', '再努尔', '吐尔逊', '叶尔兰', '哈依拉提'];
const TOWNSHIPS: Record<string, string[]> = {
  '652702': ['阿拉山口口岸', '艾比湖镇', '阿拉山口街道'],
  '652701': ['小营盘镇', '贝林哈日莫墩乡', '达勒特镇', '青得里街道'],
  '652723': ['博格达尔镇', '哈日布呼镇', '安格里格乡'],
  '659007': ['双河镇', '八十九团', '九十团'],
};
export const COUNTIES = Object.keys(TOWNSHIPS);
/**
 * Where demo residents live (SPEC §14): anywhere in 阿拉山口市, elsewhere only in the border
 * townships of migration 0017's provisional list, so every seeded resident is eligible.
 */
const RESIDENT_TOWNSHIPS: Record<string, string[]> = {
  '652702': TOWNSHIPS['652702']!,
  '652701': ['小营盘镇'],
  '652723': ['哈日布呼镇', '安格里格乡'],
  '659007': ['八十九团', '九十团'],
};
/** ID numbers issued elsewhere (河南 郑州, 甘肃 兰州) for residents who moved to 阿拉山口市. */
const MOVED_IN_PREFIXES = ['410102', '620102'];
const PRODUCTS = [
  { word: '油脂', method: '压榨精炼', raw: ['1206', '1205', '1204'] },
  { word: '粮油', method: '压榨', raw: ['120190', '1205'] },
  { word: '干果', method: '烘焙分选包装', raw: ['0802', '0806', '0813'] },
  { word: '坚果', method: '脱壳烘烤', raw: ['080211', '080231', '080251'] },
  { word: '食品', method: '清洗分级包装', raw: ['0806', '081310'] },
];
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

export const personName = (r: Rng) => (r.chance(0.4) ? r.pick(UYGHUR_KAZAKH) : r.pick(SURNAMES) + r.pick(GIVEN));

export function syntheticUscc(kind: '1' | '3', county: string, i: number): string {
  let body = '';
  for (let n = i + 31 ** 4, k = 0; k < 7; k++, n = Math.floor(n / 31)) body = CHARSET[n % 31] + body;
  const first17 = `9${kind}${county}MA${body}`.slice(0, 17);
  return first17 + usccCheckChar(first17)!;
}

/**
 * Unique per index: county, birth date and sequence are all derived from i. One in five of the
 * Alashankou indexes (i % 20 < 4) gets an ID number issued in another province instead: a
 * resident born elsewhere who lives in 阿拉山口市 (its prefix says nothing about residence).
 */
export function syntheticIdNumber(i: number): string {
  const county = COUNTIES[i % 4] === '652702' && i % 20 < 4 ? MOVED_IN_PREFIXES[Math.floor(i / 20) % 2]! : COUNTIES[i % 4]!;
  const dayIndex = Math.floor(i / 4) % 18000;
  const seq = 100 + Math.floor(i / (4 * 18000));
  const birth = new Date(Date.UTC(1960, 0, 1) + dayIndex * 86400000).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `${county}${birth}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

const mobile = (r: Rng) => `1${r.pick(['3', '5', '7', '8', '9'])}${String(r.int(0, 999999999)).padStart(9, '0')}`;

export interface RegistrySeed {
  enterprises: { id: string; status: string; rawMaterials: string[]; county: string }[];
  cooperatives: { id: string; status: string; kind: string }[];
  contracts: { id: string; enterpriseId: string; cooperativeId: string; hsCodes: string[]; validFrom: string; validTo: string }[];
  /** Members per cooperative id: id numbers. */
  members: Map<string, string[]>;
}

async function chunked<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>, tick?: (n: number) => void) {
  for (let i = 0; i < rows.length; i += size) {
    await insert(rows.slice(i, i + size));
    tick?.(Math.min(i + size, rows.length));
  }
}

export async function seedRegistry(db: Db, r: Rng, opts: { scale: number; log: (m: string) => void }): Promise<RegistrySeed> {
  const nE = 20 * opts.scale;
  const nC = 60 * opts.scale;
  const perCoop = 50;
  const year = 2025;
  const filedAt = new Date('2025-01-06T02:00:00Z');

  const enterprises = Array.from({ length: nE }, (_, i) => {
    const p = PRODUCTS[i % PRODUCTS.length]!;
    const county = i % 5 === 4 ? '652701' : '652702';
    const status = i === nE - 1 ? 'PENDING' as const : i === nE - 2 ? 'WARNED' as const : 'FILED' as const;
    return {
      filingNo: formatFilingNo('E', year, i + 1),
      name: `阿拉山口${['丝路', '天山', '博尔塔拉', '艾比湖', '西域', '金桥', '边贸', '通达'][i % 8]}${p.word}加工有限公司${i >= 8 ? `（${i + 1}号）` : ''}`,
      uscc: syntheticUscc('1', county, i),
      legalRepName: personName(r),
      legalRepPhone: mobile(r),
      legalRepAddress: `新疆博尔塔拉蒙古自治州阿拉山口市${r.pick(['友谊路', '天山路', '口岸大道', '兴业路'])}${r.int(1, 200)}号`,
      importScaleYuan: String(r.int(5, 80) * 1_000_000),
      capacityTonnesPerYear: String(r.int(2, 60) * 1000),
      processingMethod: p.method,
      rawMaterials: p.raw,
      declaredValueAddRate: (0.2 + r.int(0, 20) / 100).toFixed(4),
      declaredLossRate: (r.int(5, 30) / 1000).toFixed(4),
      county,
      taxpayerType: i % 4 === 3 ? 'SMALL_SCALE' as const : 'GENERAL' as const,
      inBondedZone: i % 3 === 0,
      status,
      filedAt: status === 'PENDING' ? null : filedAt,
      source: 'COMMERCE' as const,
    };
  });
  const eRows = await db.insert(enterprisesTable).values(enterprises)
    .returning({ id: enterprisesTable.id, status: enterprisesTable.status, rawMaterials: enterprisesTable.rawMaterials, county: enterprisesTable.county });
  opts.log(`enterprises: ${eRows.length}`);

  const cooperatives = Array.from({ length: nC }, (_, i) => {
    const county = COUNTIES[i % 4]!;
    const township = TOWNSHIPS[county]![i % TOWNSHIPS[county]!.length]!;
    const kind = i % 3 === 0 ? 'COOPERATIVE' as const : 'MUTUAL_AID_GROUP' as const;
    const status = i === nC - 1 ? 'PENDING' as const : 'FILED' as const;
    return {
      filingNo: formatFilingNo('C', year, i + 1),
      name: `${township}第${i + 1}边民${kind === 'COOPERATIVE' ? '专业合作社' : '互助组'}`,
      kind,
      village: `${township}${r.pick(['东', '西', '南', '北', '新'])}村`,
      township,
      postalCode: county === '652702' ? '833418' : '833400',
      phone: `0909-${r.int(2000000, 8999999)}`,
      headName: personName(r),
      headMobile: mobile(r),
      totalCapitalYuan: String(r.int(10, 200) * 10_000),
      commodities: PRODUCTS[i % PRODUCTS.length]!.raw,
      // A business licence number is the holder's USCC (type 3: farmers' cooperative), so it passes GB 32100.
      licenseNo: kind === 'COOPERATIVE' ? syntheticUscc('3', county, i) : null,
      status,
      filedAt: status === 'PENDING' ? null : filedAt,
      source: 'COMMERCE' as const,
    };
  });
  const cRows: RegistrySeed['cooperatives'] = [];
  await chunked(cooperatives, 1000, async (chunk) => {
    cRows.push(...await db.insert(cooperativesTable).values(chunk)
      .returning({ id: cooperativesTable.id, status: cooperativesTable.status, kind: cooperativesTable.kind }));
  });
  opts.log(`cooperatives: ${cRows.length}`);

  const members = new Map<string, string[]>();
  const residents = cRows.flatMap((c, ci) => Array.from({ length: perCoop }, (_, k) => {
    const i = ci * perCoop + k;
    const idNumber = syntheticIdNumber(i);
    const county = COUNTIES[i % 4]!;
    const townships = RESIDENT_TOWNSHIPS[county]!;
    (members.get(c.id) ?? members.set(c.id, []).get(c.id)!).push(idNumber);
    return {
      name: personName(r), idNumber, township: townships[i % townships.length]!, county, cooperativeId: c.id, source: 'COMMERCE' as const,
      // The moved-in residents live there habitually (常住); everyone else by 户籍.
      residenceBasis: idNumber.startsWith(county) ? 'HUKOU' as const : 'HABITUAL' as const, residencePresumed: false,
    };
  }));
  // Memberships (SPEC §14): every roster member from the first day of the seeded trade, open-ended.
  await chunked(residents, 1000, async (chunk) => {
    const ids = await db.insert(borderResidentsTable).values(chunk.map(({ cooperativeId: _, ...x }) => x))
      .returning({ id: borderResidentsTable.id, idNumber: borderResidentsTable.idNumber });
    const coopOf = new Map(chunk.map((x) => [x.idNumber, x.cooperativeId]));
    await db.insert(cooperativeMembershipsTable).values(ids.map((x) => ({
      cooperativeId: coopOf.get(x.idNumber)!, residentId: x.id, joinedOn: '2025-01-01', source: 'COMMERCE' as const,
    })));
  }, progress(opts.log, 'residents', residents.length));
  // A little history for members(asOf): two residents left the first cooperative on 2025-07-01 and
  // joined the second that day (not on the rosters the declarations pick from, so no seeded
  // landing-processing declaration falls outside a membership).
  if (cRows.length >= 2) {
    const movers = await db.insert(borderResidentsTable).values([0, 1].map((k) => {
      const idNumber = syntheticIdNumber(cRows.length * perCoop + k);
      // They live in 阿拉山口市 (常住 when their ID number was issued elsewhere).
      const county = '652702';
      return {
        name: personName(r), idNumber, township: RESIDENT_TOWNSHIPS[county]![k % RESIDENT_TOWNSHIPS[county]!.length]!, county, source: 'COMMERCE' as const,
        residenceBasis: idNumber.startsWith(county) ? 'HUKOU' as const : 'HABITUAL' as const,
      };
    })).returning({ id: borderResidentsTable.id });
    await db.insert(cooperativeMembershipsTable).values(movers.flatMap((x) => [
      { cooperativeId: cRows[0]!.id, residentId: x.id, joinedOn: '2025-01-01', leftOn: '2025-07-01', source: 'COMMERCE' as const },
      { cooperativeId: cRows[1]!.id, residentId: x.id, joinedOn: '2025-07-01', source: 'COMMERCE' as const },
    ]));
  }

  // Every filed cooperative supplies one enterprise whose raw materials match its commodities
  // (same product line), valid for 2025–2026: three enterprises of each line per unit of scale take
  // the contracts, ~4 each at any scale (at scale 20 all of them went to the same 15 enterprises,
  // 80 each). `i % 3` as at scale 1, then the next three of the line for each next run of 15
  // cooperatives (`i % (3 × scale)` alone would meet only every fifth enterprise when 5 divides it).
  const eligible = eRows.filter((e) => e.status !== 'PENDING');
  const contracts = cRows.filter((c) => c.status === 'FILED').map((c, i) => {
    const pick = (i % 3) + 3 * (Math.floor(i / (3 * PRODUCTS.length)) % opts.scale);
    const e = eligible.filter((x, k) => k % PRODUCTS.length === (cRows.indexOf(c) % PRODUCTS.length))[pick] ?? eligible[i % eligible.length]!;
    return { enterpriseId: e.id, cooperativeId: c.id, hsCodes: e.rawMaterials, validFrom: '2025-01-01', validTo: '2026-12-31', source: 'COMMERCE' as const };
  });
  const kRows: RegistrySeed['contracts'] = [];
  await chunked(contracts, 1000, async (chunk) => {
    kRows.push(...await db.insert(supplyContractsTable).values(chunk).returning({
      id: supplyContractsTable.id, enterpriseId: supplyContractsTable.enterpriseId, cooperativeId: supplyContractsTable.cooperativeId,
      hsCodes: supplyContractsTable.hsCodes, validFrom: supplyContractsTable.validFrom, validTo: supplyContractsTable.validTo,
    }));
  });
  opts.log(`supply contracts: ${kRows.length}`);

  await db.insert(filingCountersTable).values([{ kind: 'E', year, last: nE }, { kind: 'C', year, last: nC }])
    .onConflictDoNothing();
  return { enterprises: eRows, cooperatives: cRows, contracts: kRows, members };
}
