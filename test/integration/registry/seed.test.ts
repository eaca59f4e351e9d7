/** The registry demo seed (seeds/registry.ts) obeys the registry's own rules. */
import { count, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { borderResidentsTable, cooperativeMembershipsTable, cooperativesTable, enterprisesTable, supplyContractsTable } from '../../../src/modules/registry/table';
import { isValidIdNumber, isValidPhone, isValidPostalCode, isValidUscc, countyOfIdNumber, residentEligible } from '../../../src/modules/registry/rules';
import { rng } from '../../../seeds/random';
import { seedRegistry } from '../../../seeds/registry';
import { startHub, type TestHub } from '../../support/hub';

let hub: TestHub;
const log: string[] = [];
beforeAll(async () => {
  hub = await startHub();
  await seedRegistry(hub.db, rng(20250101), { scale: 1, log: (m) => log.push(m) });
});
afterAll(async () => { await hub?.close(); });

const n = async (t: any) => Number((await hub.db.select({ n: count() }).from(t))[0]!.n);

it('seeds 20 enterprises, 60 cooperatives and 3,000 roster residents (+2 who moved) at scale 1, with progress', async () => {
  expect(await n(enterprisesTable)).toBe(20);
  expect(await n(cooperativesTable)).toBe(60);
  expect(await n(borderResidentsTable)).toBe(3002);
  expect(await n(supplyContractsTable)).toBeGreaterThan(0);
  expect(log.some((m) => /residents: 3,000\/3,000 \(100%/.test(m))).toBe(true);
});

it('seeds only USCCs, licence numbers, ID numbers, phones and postal codes that pass the validators', async () => {
  const es = await hub.db.select().from(enterprisesTable);
  expect(es.filter((e) => !isValidUscc(e.uscc)).map((e) => e.uscc)).toEqual([]);
  expect(es.filter((e) => !isValidPhone(e.legalRepPhone!)).map((e) => e.legalRepPhone)).toEqual([]);
  expect(new Set(es.map((e) => e.filingNo)).size).toBe(20);
  expect(es.every((e) => /^ALSK-E-\d{4}-\d{4}$/.test(e.filingNo))).toBe(true);
  const cs = await hub.db.select().from(cooperativesTable);
  expect(cs.filter((c) => c.licenseNo && !isValidUscc(c.licenseNo)).map((c) => c.licenseNo)).toEqual([]);
  expect(cs.filter((c) => !isValidPostalCode(c.postalCode!) || !isValidPhone(c.phone!) || !isValidPhone(c.headMobile!))).toEqual([]);
  expect(cs.every((c) => /^ALSK-C-\d{4}-\d{4}$/.test(c.filingNo))).toBe(true);
  const rs = await hub.db.select().from(borderResidentsTable);
  expect(rs.filter((r) => !isValidIdNumber(r.idNumber)).map((r) => r.idNumber)).toEqual([]);
  // Every seeded resident lives where the pilot admits (SPEC §14), some with an ID number issued elsewhere.
  const townships = (await hub.as('COMMERCE').gql('{ borderTownships { county township validFrom validTo } }')).data.borderTownships;
  expect(rs.filter((r) => !residentEligible(r, townships, '2025-06-01')).map((r) => [r.county, r.township])).toEqual([]);
  expect(rs.filter((r) => countyOfIdNumber(r.idNumber) !== r.county && !(r.county === '652702' && r.residenceBasis === 'HABITUAL')).map((r) => [r.idNumber, r.county, r.residenceBasis])).toEqual([]);
  expect(rs.filter((r) => countyOfIdNumber(r.idNumber) !== r.county).length).toBeGreaterThan(0);
  const open = await hub.db.select({ residentId: cooperativeMembershipsTable.residentId }).from(cooperativeMembershipsTable).where(isNull(cooperativeMembershipsTable.leftOn));
  const members = new Set(open.map((x) => x.residentId));
  expect(rs.filter((r) => !members.has(r.id))).toEqual([]);
});

it('derives 50 members per cooperative from the roster (52 in the second, which two residents joined on 2025-07-01)', async () => {
  const r = await hub.as('COMMERCE').gql('{ cooperatives(first: 500) { edges { node { filingNo memberCount } } } }');
  const counts = r.data.cooperatives.edges.map((x: any) => x.node).sort((a: any, b: any) => (a.filingNo < b.filingNo ? -1 : 1)).map((c: any) => c.memberCount);
  expect(counts).toEqual([50, 52, ...Array(58).fill(50)]);
  const h = await hub.as('COMMERCE').gql('query($f: String) { cooperative(filingNo: $f) { before: members(asOf: "2025-06-30") { id } after: members(asOf: "2025-07-01") { id } } }', { f: 'ALSK-C-2025-0001' });
  expect([h.data.cooperative.before.length, h.data.cooperative.after.length]).toEqual([52, 50]);
});

it('signs contracts only between FILED/WARNED enterprises and filed cooperatives, licensed where the kind needs it', async () => {
  const rows = await hub.db.select({ e: enterprisesTable.status, c: cooperativesTable.status, kind: cooperativesTable.kind, lic: cooperativesTable.licenseNo, hs: supplyContractsTable.hsCodes, from: supplyContractsTable.validFrom, to: supplyContractsTable.validTo })
    .from(supplyContractsTable)
    .innerJoin(enterprisesTable, eq(enterprisesTable.id, supplyContractsTable.enterpriseId))
    .innerJoin(cooperativesTable, eq(cooperativesTable.id, supplyContractsTable.cooperativeId));
  expect(rows.length).toBeGreaterThan(0);
  for (const k of rows) {
    expect(['FILED', 'WARNED']).toContain(k.e);
    expect(['FILED', 'WARNED']).toContain(k.c);
    if (k.kind === 'COOPERATIVE') expect(k.lic).toBeTruthy();
    expect(k.hs.length).toBeGreaterThan(0);
    expect(k.to >= k.from).toBe(true);
  }
});

it('spreads the contracts as the scale grows: at scale 5 no enterprise holds more than at scale 1 (~4), four times as many hold one', async () => {
  const big = await startHub();
  try {
    await seedRegistry(big.db, rng(20250101), { scale: 5, log: () => {} });
    const perEnterprise = async (db: typeof hub.db) => (await db.select({ n: count() }).from(supplyContractsTable).groupBy(supplyContractsTable.enterpriseId)).map((r) => Number(r.n));
    const [small, large] = [await perEnterprise(hub.db), await perEnterprise(big.db)];
    expect(Math.max(...large)).toBeLessThanOrEqual(Math.max(...small) + 1);
    expect(large.length).toBeGreaterThanOrEqual(4 * small.length);
  } finally {
    await big.close();
  }
}, 60_000);
