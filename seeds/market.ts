/**
 * Market-regulation demo data: secondary-market shops, inspections, supervision actions decided
 * by the ladder and one dishonest-list entry. Actions go through the same service as the mutation,
 * so statuses and contracts follow the ladder (SPEC §7). Runs after customs: the cooperative that
 * exits is one without declarations from its exit date on.
 */
import { and, asc, inArray, not } from 'drizzle-orm';
import type { Viewer } from '../src/authz/agencies';
import type { Db } from '../src/db/client';
import { cooperativeDeclaredSince } from '../src/modules/customs';
import { recordNonCompliance } from '../src/modules/market/service';
import { inspectionsTable, shopsTable } from '../src/modules/market/table';
import type { NonComplianceInput } from '../src/modules/market/types';
import { cooperativesTable } from '../src/modules/registry/table';
import { addDays } from '../src/shared/time';
import { personName } from './registry';
import type { RegistrySeed } from './registry';
import type { Rng } from './random';

/** Through the mutation's service; the seed does not load type-graphql, so its enums are plain strings here. */
const decide = (db: Db, viewer: Viewer, subjectType: 'ENTERPRISE' | 'COOPERATIVE', subjectId: string, reason: string, decidedOn: string) =>
  recordNonCompliance({ db, viewer }, { subjectType, subjectId, reason, decidedOn } as NonComplianceInput);

const COMMERCE: Viewer = { sub: 'seed-commerce', agency: 'COMMERCE', org: null };
const MARKET: Viewer = { sub: 'seed-market-regulation', agency: 'MARKET_REGULATION', org: null };
const GOODS = ['干果', '坚果', '蜂蜜', '巧克力', '糖果', '面粉', '葵花籽油', '奶粉'];
const FINDINGS = ['台账与库存一致', '进货凭证齐全', '价格标签不全，已责令整改', '入库记录缺少批次号', '现场核查未见异常'];

export async function seedMarket(db: Db, r: Rng, opts: { scale: number; log: (m: string) => void }, registry: RegistrySeed) {
  const nShops = 12 * opts.scale;
  const shops = await db.insert(shopsTable).values(Array.from({ length: nShops }, (_, i) => ({
    name: `边民互市二级市场${GOODS[i % GOODS.length]}${i + 1}号铺`,
    stallNo: `${String.fromCharCode(65 + (i % 4))}-${String(Math.floor(i / 4) + 1).padStart(3, '0')}`,
    operatorName: personName(r),
    licenseNo: `92652702MA${String(10_000_000 + i).slice(-8)}`,
    status: i === 3 ? 'SUSPENDED' as const : i === 7 ? 'CLOSED' as const : 'OPERATING' as const,
    source: 'MARKET_REGULATION' as const,
  }))).returning({ id: shopsTable.id, status: shopsTable.status });
  opts.log(`shops: ${shops.length}`);

  const day = () => addDays('2025-02-01', r.int(0, 150));
  const filed = registry.enterprises.filter((e) => e.status !== 'PENDING');
  const inspections = [
    ...shops.map((s) => ({ subjectType: 'SHOP' as const, subjectId: s.id, result: s.status === 'SUSPENDED' ? 'VIOLATION' as const : r.chance(0.2) ? 'RECTIFY' as const : 'PASS' as const })),
    ...filed.slice(0, 8).map((e) => ({ subjectType: 'ENTERPRISE' as const, subjectId: e.id, result: e.status === 'WARNED' ? 'RECTIFY' as const : 'PASS' as const })),
    ...registry.cooperatives.filter((c) => c.status === 'FILED').slice(0, 10).map((c) => ({ subjectType: 'COOPERATIVE' as const, subjectId: c.id, result: 'PASS' as const })),
  ].map((x) => ({
    ...x, inspectedOn: day(), agency: r.chance(0.25) ? 'COMMERCE' as const : 'MARKET_REGULATION' as const,
    findings: x.result === 'PASS' ? r.pick(FINDINGS.filter((_, k) => k !== 2 && k !== 3)) : x.result === 'RECTIFY' ? r.pick([FINDINGS[2]!, FINDINGS[3]!]) : '销售未经申报的互市商品',
    source: 'MARKET_REGULATION' as const,
  }));
  await db.insert(inspectionsTable).values(inspections);
  opts.log(`inspections: ${inspections.length}`);

  // The registry's WARNED enterprise got there by the ladder's first step.
  let actions = 0;
  for (const e of registry.enterprises.filter((x) => x.status === 'WARNED')) {
    await decide(db, COMMERCE, 'ENTERPRISE', e.id, 'DUTY_NOT_FULFILLED', '2025-03-14');
    actions++;
  }

  // Two cooperatives failed to ensure their members' dividend; one refused to rectify and exited
  // (附件4 四), which also lists it as dishonest. It is one without declarations from its exit on.
  const exitOn = '2025-06-30';
  const candidates = await db.select({ id: cooperativesTable.id }).from(cooperativesTable)
    .where(and(
      inArray(cooperativesTable.id, registry.cooperatives.filter((c) => c.status === 'FILED').map((c) => c.id)),
      not(cooperativeDeclaredSince(cooperativesTable.id, exitOn)),
    ))
    .orderBy(asc(cooperativesTable.filingNo)).limit(1);
  const warnedOnly = registry.cooperatives.find((c) => c.status === 'FILED' && c.id !== candidates[0]?.id);
  if (warnedOnly) {
    await decide(db, MARKET, 'COOPERATIVE', warnedOnly.id, 'DIVIDEND_NOT_ENSURED', '2025-04-20');
    actions++;
  }
  if (candidates[0]) {
    const id = candidates[0].id;
    await decide(db, COMMERCE, 'COOPERATIVE', id, 'DIVIDEND_NOT_ENSURED', '2025-05-15');
    await decide(db, COMMERCE, 'COOPERATIVE', id, 'REFUSED_RECTIFICATION', exitOn);
    actions += 2;
  }
  opts.log(`supervision actions: ${actions}`);
  return { shops: shops.length, inspections: inspections.length, actions };
}
