/**
 * Registry fixtures with unique synthetic identifiers, written through the same service
 * functions the mutations use (so fixtures obey the rules they test against).
 */
import { eq } from 'drizzle-orm';
import type { Viewer } from '../../src/authz/agencies';
import type { Db } from '../../src/db/client';
import { idCheckChar, usccCheckChar } from '../../src/modules/registry/rules';
import * as registry from '../../src/modules/registry';
import {
  borderResidentsTable, cooperativeMembershipsTable, cooperativesTable, enterprisesTable, supplyContractsTable, type CooperativeRow, type EnterpriseRow,
} from '../../src/modules/registry/table';
import { CooperativeKind, type CooperativeInput, type EnterpriseInput } from '../../src/modules/registry/types';

const COMMERCE: Viewer = { sub: 'test-commerce', agency: 'COMMERCE', org: null };
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
let counter = Math.floor(Math.random() * 500_000);

export function uniqueUscc(county = '652702'): string {
  let n = ++counter + 31 ** 5;
  let body = '';
  for (let k = 0; k < 7; k++, n = Math.floor(n / 31)) body = CHARSET[n % 31] + body;
  const first17 = `91${county}MA${body}`.slice(0, 17);
  return first17 + usccCheckChar(first17);
}

/**
 * A valid ID number, unique within this process; its issuing county defaults to Alashankou, which
 * also gives a presumed Alashankou residence (SPEC §14). Other prefixes need a stated residence.
 */
export function uniqueIdNumber(county = '652702', birth?: string): string {
  const n = ++counter;
  const date = birth ?? new Date(Date.UTC(1950, 0, 1) + (n % 20000) * 86400000).toISOString().slice(0, 10);
  const first17 = `${county}${date.replaceAll('-', '')}${String(Math.floor(n / 20000) % 1000).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

/** The GraphQL input of a plausible enterprise filing (附件1); `over` replaces any field. */
export function enterpriseInput(over: Record<string, unknown> = {}) {
  return {
    name: `测试油脂加工有限公司${Math.random().toString(36).slice(2, 8)}`,
    uscc: uniqueUscc(),
    legalRepresentative: { name: '王建国', phone: '13912345678', address: '阿拉山口市友谊路1号' },
    importScaleYuan: '10000000.00',
    capacityTonnesPerYear: 5000,
    processingMethod: '压榨',
    rawMaterials: ['1206'],
    declaredValueAddRate: 0.25,
    declaredLossRate: 0.02,
    county: '652702',
    taxpayerType: 'GENERAL',
    inBondedZone: true,
    ...over,
  };
}

/** The GraphQL input of a plausible cooperative filing (附件2) with its roster. */
export function cooperativeInput(over: Record<string, unknown> = {}, memberIds: string[] = [uniqueIdNumber(), uniqueIdNumber()]) {
  return {
    name: `测试边民互助组${Math.random().toString(36).slice(2, 8)}`,
    kind: 'MUTUAL_AID_GROUP',
    village: '东村',
    township: '艾比湖镇',
    postalCode: '833418',
    phone: '0909-6991234',
    head: { name: '阿依古丽', mobile: '13812345678' },
    totalCapitalYuan: '100000.00',
    commodities: ['1206'],
    members: memberIds.map((idNumber, i) => ({ name: `边民${i}`, idNumber, township: '艾比湖镇' })),
    ...over,
  };
}

export async function enterprise(db: Db, opts: { approve?: boolean; rawMaterials?: string[]; name?: string; declaredLossRate?: number } = {}): Promise<EnterpriseRow> {
  const e = await registry.fileEnterprise({ db, viewer: COMMERCE }, enterpriseInput({
    name: opts.name ?? `测试加工企业${counter}`,
    rawMaterials: opts.rawMaterials ?? ['1206', '1205'],
    declaredLossRate: opts.declaredLossRate ?? 0.02,
    inBondedZone: false,
  }) as EnterpriseInput);
  return opts.approve === false ? e : registry.approveEnterprise({ db }, e.id);
}

export async function cooperative(
  db: Db,
  opts: {
    members?: number; memberIds?: string[]; approve?: boolean; kind?: CooperativeKind; licensed?: boolean; joinedOn?: string;
    /** Stated residences by ID number (SPEC §14); members without one are presumed (652702 ID numbers). */
    residences?: Record<string, { county: string; township?: string | null; residenceBasis: 'HUKOU' | 'HABITUAL' }>;
  } = {},
): Promise<CooperativeRow & { memberIds: string[] }> {
  const memberIds = opts.memberIds ?? Array.from({ length: opts.members ?? 3 }, () => uniqueIdNumber());
  const c = await registry.fileCooperative({ db, viewer: COMMERCE }, cooperativeInput({
    name: `测试边民互助组${counter}`,
    kind: opts.kind ?? CooperativeKind.MUTUAL_AID_GROUP,
    members: memberIds.map((idNumber, i) => ({ name: `边民${i}`, idNumber, ...opts.residences?.[idNumber] })),
  }, memberIds) as CooperativeInput);
  // The roster joins on the filing date (today); fixtures backdate it (default 2025-01-01, the pilot's
  // first year) so declarations dated in the past find their declarant a member (SPEC §14).
  const joinedOn = opts.joinedOn ?? '2025-01-01';
  if (joinedOn) await db.update(cooperativeMembershipsTable).set({ joinedOn }).where(eq(cooperativeMembershipsTable.cooperativeId, c.id));
  let row = opts.approve === false ? c : await registry.approveCooperative({ db }, c.id);
  if (opts.licensed) {
    [row] = await db.update(cooperativesTable).set({ licenseNo: `LIC-${counter}` }).where(eq(cooperativesTable.id, c.id)).returning() as [CooperativeRow];
  }
  return { ...row, memberIds };
}

export async function contract(db: Db, e: { id: string }, c: { id: string }, opts: { hsCodes?: string[]; validFrom?: string; validTo?: string } = {}) {
  return registry.signSupplyContract({ db, viewer: COMMERCE }, {
    enterpriseId: e.id, cooperativeId: c.id, hsCodes: opts.hsCodes ?? ['1206'],
    validFrom: opts.validFrom ?? '2025-01-01', validTo: opts.validTo ?? '2026-12-31',
  });
}

/**
 * Bulk fixtures straight into the tables (no service, no GraphQL) for volume tests: `n` FILED
 * enterprises, each with `contractsPer` contracts to its own FILED mutual-aid groups of
 * `membersPer` residents. `over` sets enterprise columns (e.g. a shared updatedAt).
 */
export async function bulkRegistry(
  db: Db,
  opts: { enterprises: number; contractsPer?: number; membersPer?: number; name?: (i: number) => string; over?: Partial<typeof enterprisesTable.$inferInsert> },
) {
  const tag = ++counter;
  const es = await db.insert(enterprisesTable).values(Array.from({ length: opts.enterprises }, (_, i) => ({
    filingNo: `T-E-${tag}-${i}`, name: opts.name?.(i) ?? `批量企业${tag}-${i}`, uscc: uniqueUscc(), legalRepName: '王建国', legalRepPhone: '13912345678',
    county: '652702', taxpayerType: 'GENERAL' as const, status: 'FILED' as const, filedAt: new Date(), rawMaterials: ['1206'], source: 'COMMERCE' as const,
    ...opts.over,
  }))).returning({ id: enterprisesTable.id });
  const per = opts.contractsPer ?? 0;
  const coops = per === 0 ? [] : await db.insert(cooperativesTable).values(Array.from({ length: es.length * per }, (_, i) => ({
    filingNo: `T-C-${tag}-${i}`, name: `批量互助组${tag}-${i}`, kind: 'MUTUAL_AID_GROUP' as const, township: '艾比湖镇', headName: '阿依古丽',
    status: 'FILED' as const, filedAt: new Date(), commodities: ['1206'], source: 'COMMERCE' as const,
  }))).returning({ id: cooperativesTable.id });
  if (coops.length) {
    await db.insert(supplyContractsTable).values(coops.map((c, i) => ({
      enterpriseId: es[Math.floor(i / per)]!.id, cooperativeId: c.id, hsCodes: ['1206'], validFrom: '2025-01-01', validTo: '2026-12-31', source: 'COMMERCE' as const,
    })));
    const members = coops.flatMap((c) => Array.from({ length: opts.membersPer ?? 0 }, (_, k) => ({
      name: `边民${k}`, idNumber: uniqueIdNumber(), county: '652702', cooperativeId: c.id, source: 'COMMERCE' as const,
    })));
    for (let i = 0; i < members.length; i += 1000) {
      const chunk = members.slice(i, i + 1000);
      const ids = await db.insert(borderResidentsTable).values(chunk.map(({ cooperativeId: _, ...r }) => r)).returning({ id: borderResidentsTable.id });
      await db.insert(cooperativeMembershipsTable).values(ids.map((r, k) => ({ cooperativeId: chunk[k]!.cooperativeId, residentId: r.id, joinedOn: '2025-01-01', source: 'COMMERCE' as const })));
    }
  }
  return { enterpriseIds: es.map((e) => e.id), cooperativeIds: coops.map((c) => c.id) };
}
