/**
 * Ledger demo data for 2025: each approved enterprise's monthly ledger (raw goods in with synthetic
 * declaration numbers, consumption, output, sales, loss), its monthly reports, the tax bureau's
 * records and the cooperatives' quarterly 购销报表. Consistent by construction: reports are the
 * ledger's own totals, except a few deliberate discrepancies; some enterprises process below the
 * 20% value-add line, one sells raw goods (channel trade), some reports are late or missing.
 * RAW_IN entries link real landing-processing declarations destined to the enterprise (customs'
 * seed runs first), declared on or before the entry's day, each declaration linked once. An
 * enterprise with no such declaration in the year (no supply contract: nothing can reach it) keeps
 * no ledger, reports or tax records: what the mutations accept is what the seed stores.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../src/db/client';
import { rows } from '../src/db/client';
import { contentHash } from '../src/shared/hash';
import { normalizeLedgerEntry, type LedgerKindName } from '../src/modules/ledger/validate';
import { nextMonthStart } from '../src/modules/ledger/rules';
import { ledgerEntriesTable, monthlyReportsTable, quarterlyReportsTable } from '../src/modules/ledger/table';
import { taxRecordsTable } from '../src/modules/tax/table';
import { D } from '../src/shared/decimal';
import { progress, type Rng } from './random';
import type { RegistrySeed } from './registry';

const YEAR = 2025;
const MONTHS = Array.from({ length: 12 }, (_, i) => `${YEAR}-${String(i + 1).padStart(2, '0')}`);
const NAMES: Record<string, string> = { '12': '葵花籽', '08': '坚果干果' };
const PRODUCT: Record<string, string> = { '12': '压榨葵花籽油', '08': '烘焙坚果礼盒' };

const y2 = (v: InstanceType<typeof D>) => v.toDecimalPlaces(2, D.ROUND_HALF_UP);
const k3 = (v: InstanceType<typeof D>) => v.toDecimalPlaces(3, D.ROUND_HALF_UP);
const nextMonth = (p: string) => nextMonthStart(p).slice(0, 7);
const at = (day: string, hh = 10) => new Date(`${day}T${String(hh).padStart(2, '0')}:00:00+08:00`);

async function chunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>, tick?: (n: number) => void) {
  for (let i = 0; i < rows.length; i += 1000) {
    await insert(rows.slice(i, i + 1000));
    tick?.(Math.min(i + 1000, rows.length));
  }
}

/**
 * The year's landing-processing declarations per enterprise, sorted by day then number: at most 3 a
 * day per enterprise (a RAW_IN links 1–3), in one statement.
 */
async function inboundDeclarations(db: Db): Promise<Map<string, { day: string; no: string }[]>> {
  const found = await rows<{ enterprise_id: string; day: string; no: string }>(db, sql`
    select enterprise_id, day, no from (
      select destination_enterprise_id as enterprise_id, declared_on::text as day, declaration_no as no,
        row_number() over (partition by destination_enterprise_id, declared_on order by declaration_no) as k
      from customs_declarations
      where purpose = 'LANDING_PROCESSING' and declared_on between ${`${YEAR}-01-01`} and ${`${YEAR}-12-31`}
    ) x where k <= 3 order by enterprise_id, day, no`);
  const out = new Map<string, { day: string; no: string }[]>();
  for (const d of found) {
    const list = out.get(d.enterprise_id) ?? [];
    list.push({ day: d.day, no: d.no });
    out.set(d.enterprise_id, list);
  }
  return out;
}

/** Takes up to n unused declarations declared on or before `day`, latest first. */
function takeInbound(list: { day: string; no: string }[], used: Set<string>, day: string, n: number): string[] {
  let p = list.length;
  while (p > 0 && list[p - 1]!.day > day) p--;
  const out: string[] = [];
  for (let i = p - 1; i >= 0 && out.length < n; i--) {
    if (!used.has(list[i]!.no)) { used.add(list[i]!.no); out.push(list[i]!.no); }
  }
  return out;
}

export async function seedLedger(db: Db, r: Rng, opts: { scale: number; log: (m: string) => void }, registry: RegistrySeed) {
  const enterprises = registry.enterprises.filter((e) => e.status !== 'PENDING');
  const inbound = await inboundDeclarations(db);
  let inactive = 0;
  const entries: (typeof ledgerEntriesTable.$inferInsert)[] = [];
  const reports: (typeof monthlyReportsTable.$inferInsert)[] = [];
  const taxes: (typeof taxRecordsTable.$inferInsert)[] = [];

  enterprises.forEach((e, ei) => {
    // Generated for every enterprise so the random stream (and every other enterprise's figures)
    // does not depend on which ones customs' seed reached; kept only for those it did.
    const declarations = inbound.get(e.id) ?? [];
    const active = declarations.length > 0;
    if (!active) inactive++;
    const used = new Set<string>();
    const hs = e.rawMaterials[0] ?? '1206';
    const family = hs.slice(0, 2);
    // Value-add per enterprise: every 4th one processes below the pilot's 20% line (方案 二(二)).
    const markup = ei % 4 === 1 ? 0.08 + r.int(0, 9) / 100 : 0.21 + r.int(0, 25) / 100;
    const unitCost = new D(family === '08' ? 24 : 7.6).plus(r.int(0, 40) / 10);
    const channelTrader = ei === 2;
    const lateReporter = ei % 5 === 3;
    const missesReports = ei % 7 === 6;
    MONTHS.forEach((period, mi) => {
      let n = 0;
      const add = (kind: LedgerKindName, day: number, kg: InstanceType<typeof D>, yuan: InstanceType<typeof D>, extra: Record<string, unknown> = {}) => {
        if (!active) return;
        const occurredOn = `${period}-${String(day).padStart(2, '0')}`;
        const v = normalizeLedgerEntry({
          occurredOn, kind, hsCode: kind === 'PRODUCT_OUTPUT' || kind === 'PRODUCT_SOLD' ? undefined : hs,
          productName: kind === 'PRODUCT_OUTPUT' || kind === 'PRODUCT_SOLD' ? PRODUCT[family] ?? '加工产品' : NAMES[family],
          quantityKg: k3(kg).toNumber(), amountYuan: y2(yuan).toFixed(2), externalRef: `${period}-${kind}-${++n}`, ...extra,
        }, '9999-12-31');
        entries.push({ ...v, enterpriseId: e.id, source: 'ENTERPRISE' });
      };
      const totals = { inKg: new D(0), inYuan: new D(0), useKg: new D(0), useYuan: new D(0), outKg: new D(0), outYuan: new D(0), soldKg: new D(0), soldYuan: new D(0), lossKg: new D(0) };
      const lots = r.int(2, 4);
      for (let l = 0; l < lots; l++) {
        const kg = new D(r.int(3, 30) * 100 * opts.scale);
        const yuan = y2(kg.times(unitCost));
        const day = 2 + l * 7;
        const linked = takeInbound(declarations, used, `${period}-${String(day).padStart(2, '0')}`, r.int(1, 3));
        // Goods of the first days of January may precede every declaration of the year: link the
        // earliest one (again, if need be) so every RAW_IN links at least one.
        add('RAW_IN', day, kg, yuan, { declarationNos: linked.length ? linked : takeInbound(declarations, new Set(), '9999-12-31', 1) });
        totals.inKg = totals.inKg.plus(kg); totals.inYuan = totals.inYuan.plus(yuan);
      }
      const lossKg = k3(totals.inKg.times(r.int(2, 30) / 1000));
      const lossYuan = y2(lossKg.times(unitCost));
      add('LOSS', 25, lossKg, lossYuan);
      totals.lossKg = lossKg;
      const rawSoldKg = channelTrader && mi % 3 === 0 ? k3(totals.inKg.times(0.2)) : new D(0);
      if (rawSoldKg.gt(0)) {
        add('RAW_SOLD', 20, rawSoldKg, y2(rawSoldKg.times(unitCost).times(1.05)), { invoiceNo: `INV${period.replace('-', '')}${ei}R` });
      }
      const useKg = k3(totals.inKg.minus(lossKg).minus(rawSoldKg).times(0.95));
      const useYuan = y2(useKg.times(unitCost));
      add('RAW_CONSUMED', 26, useKg, useYuan);
      const outKg = k3(useKg.times(family === '08' ? 0.9 : 0.38));
      const outYuan = y2(useYuan.times(1 + markup));
      add('PRODUCT_OUTPUT', 27, outKg, outYuan);
      const soldKg = k3(outKg.times(0.85));
      const soldYuan = y2(outYuan.times(0.85));
      add('PRODUCT_SOLD', 28, soldKg, soldYuan, { invoiceNo: `INV${period.replace('-', '')}${ei}P` });
      const rawSoldYuan = rawSoldKg.gt(0) ? y2(rawSoldKg.times(unitCost).times(1.05)) : new D(0);

      // Monthly report: the ledger's totals; missing for the last two months of some; late for some.
      if (!(missesReports && mi >= 10)) {
        const next = nextMonth(period);
        const late = lateReporter && mi % 2 === 0;
        const submittedAt = at(`${next}-${late ? '18' : String(r.int(3, 9)).padStart(2, '0')}`, r.int(9, 17));
        // A deliberate discrepancy every 9th report: purchases under-reported by 3%.
        const purchasedYuan = (ei + mi) % 9 === 0 ? y2(totals.inYuan.times(0.97)) : totals.inYuan;
        if (active) reports.push({
          enterpriseId: e.id, period, source: 'ENTERPRISE', submittedAt,
          revisedAt: (ei + mi) % 11 === 0 ? new Date(submittedAt.getTime() + 3 * 86400_000) : null,
          rawPurchasedKg: totals.inKg.toFixed(3), rawPurchasedYuan: purchasedYuan.toFixed(2),
          rawConsumedKg: useKg.toFixed(3), rawConsumedYuan: useYuan.toFixed(2),
          productOutputKg: outKg.toFixed(3), productOutputYuan: outYuan.toFixed(2),
          salesKg: soldKg.plus(rawSoldKg).toFixed(3), salesYuan: soldYuan.plus(rawSoldYuan).toFixed(2),
          inventoryKg: k3(totals.inKg.times(0.3 + r.int(0, 20) / 100)).toFixed(3), lossKg: lossKg.toFixed(3),
        });
      }

      // Tax: agricultural products at 9%; input deduction on raw purchases (农产品进项税额核定扣除).
      const sales = soldYuan.plus(rawSoldYuan);
      const output = y2(sales.times(0.09));
      const input = y2(new D(r.int(0, 5) * 100));
      const deduction = y2(useYuan.times(0.09));
      const paid = D.max(0, output.minus(input).minus(deduction));
      const content = {
        salesInvoicedYuan: sales.toFixed(2), outputVatYuan: output.toFixed(2), inputVatYuan: input.toFixed(2),
        agriculturalInputDeductionYuan: deduction.toFixed(2), vatPaidYuan: y2(paid).toFixed(2),
        filedAt: at(`${nextMonth(period)}-15`).toISOString(),
      };
      if (active) taxes.push({ ...content, filedAt: new Date(content.filedAt), contentHash: contentHash(content), enterpriseId: e.id, period, source: 'TAX' });
    });
  });

  if (inactive) opts.log(`ledger: ${inactive} enterprise(s) without inbound declarations keep no ledger`);
  await chunked(entries, (c) => db.insert(ledgerEntriesTable).values(c), progress(opts.log, 'ledger entries', entries.length));
  await chunked(reports, (c) => db.insert(monthlyReportsTable).values(c));
  opts.log(`monthly reports: ${reports.length}`);
  await chunked(taxes, (c) => db.insert(taxRecordsTable).values(c));
  opts.log(`tax records: ${taxes.length}`);

  const quarterly = registry.cooperatives.filter((c) => c.status === 'FILED').flatMap((c) => [1, 2, 3, 4].map((q) => {
    const kg = new D(r.int(10, 200) * 100);
    const yuan = y2(kg.times(8 + r.int(0, 20)));
    return {
      cooperativeId: c.id, quarter: `${YEAR}-Q${q}`, source: 'COOPERATIVE' as const,
      purchasedKg: kg.toFixed(3), purchasedYuan: yuan.toFixed(2), soldKg: kg.toFixed(3), soldYuan: y2(yuan.times(1.04)).toFixed(2),
      dividendYuan: y2(yuan.times(0.02)).toFixed(2), submittedAt: at(`${YEAR + (q === 4 ? 1 : 0)}-${q === 4 ? '01' : String(q * 3 + 1).padStart(2, '0')}-12`),
    };
  }));
  await chunked(quarterly, (c) => db.insert(quarterlyReportsTable).values(c));
  opts.log(`quarterly reports: ${quarterly.length}`);
  return { entries: entries.length, monthlyReports: reports.length, taxRecords: taxes.length, quarterlyReports: quarterly.length };
}
