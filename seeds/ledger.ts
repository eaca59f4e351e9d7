/**
 * The chain of custody and the ledger of the demo (SPEC §6, §13), driven by customs' seed: every
 * released landing-processing declaration reaches its enterprise's gate the next day (one factory
 * entry per enterprise and day, weighed within ±0.3 % of the declared kg, seal intact) and is booked
 * the same day by one RAW_IN linking the day's declarations (ledger_bookings, as
 * submitLedgerEntries books them). At each month's end the enterprise records its loss, consumes
 * ~92 % of its raw stock into products (value added 21–46 %), sells 85 % of the output, and reports
 * the ledger's own totals on the 3rd–9th of the next month, inventory = closing raw stock. So the
 * customs inbound, the gate, the ledger and the reports agree, at every scale.
 *
 * A handful of enterprises (indexes into the active ones, see ANOMALIES) carry planted, documented
 * anomalies so that every discrepancy kind of §13 shows up in the demo. A filed enterprise no
 * declaration reaches keeps no ledger and files nil monthly reports. What the mutations accept is
 * what the seed stores.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../src/db/client';
import { rows } from '../src/db/client';
import { contentHash } from '../src/shared/hash';
import { insertFactoryEntries } from '../src/modules/customs';
import { normalizeLedgerEntry, type LedgerKindName } from '../src/modules/ledger/validate';
import { bookAgainst, nextMonthStart } from '../src/modules/ledger/rules';
import { ledgerBookingsTable, ledgerEntriesTable, monthlyReportsTable, quarterlyReportsTable } from '../src/modules/ledger/table';
import { taxRecordsTable } from '../src/modules/tax/table';
import { D } from '../src/shared/decimal';
import { addDays } from '../src/shared/time';
import { progress, type Rng } from './random';
import type { RegistrySeed } from './registry';

const YEAR = 2025;
/** Ledger months: January 2025 to the month of customs' last day (2026-11-20); reports and tax for the complete ones. */
const FIRST_PERIOD = '2025-01';
const LAST_PERIOD = '2026-11';
const NAMES: Record<string, string> = { '12': '葵花籽', '08': '坚果干果' };
const PRODUCT: Record<string, string> = { '12': '压榨葵花籽油', '08': '烘焙坚果礼盒' };

/**
 * Planted anomalies, by index into the enterprises customs' seed reaches (documented in README
 * "Chain of custody"); each makes one or two discrepancy kinds appear.
 */
export const ANOMALIES = {
  /** RELEASED_NOT_ENTERED: three declarations released to it in June 2026 never reach its gate. */
  neverArrives: 0,
  /** SEAL_BROKEN and RECEIVED_MISMATCH: its first truck of March 2026 arrives with a broken seal, 2.5 % short. */
  brokenSeal: 1,
  /** RAW_SOLD: sells a fifth of its raw goods unprocessed every third month (channel trade). */
  channelTrader: 2,
  /** ENTERED_NOT_BOOKED: its first entry of September 2026 is never booked into the ledger. */
  notBooked: 3,
  /** NEGATIVE_STOCK: on 1 February 2026 it books a consumption larger than its raw stock. */
  consumesAhead: 4,
  /** INVENTORY_MISMATCH: from July 2026 its monthly reports claim 25 % more inventory than its ledger holds. */
  inflatesInventory: 5,
  /** REPORT_MISSING: no monthly reports for August and September 2026. */
  missesReports: 6,
  /** VALUE_ADD_BELOW_THRESHOLD: processes at 8–17 % value added, below the pilot's 20 % line. */
  lowValueAdd: 7,
} as const;

const y2 = (v: InstanceType<typeof D>) => v.toDecimalPlaces(2, D.ROUND_HALF_UP);
const k3 = (v: InstanceType<typeof D>) => v.toDecimalPlaces(3, D.ROUND_HALF_UP);
const nextMonth = (p: string) => nextMonthStart(p).slice(0, 7);
const at = (day: string, hh = 10) => new Date(`${day}T${String(hh).padStart(2, '0')}:00:00+08:00`);
/** A UUID derived from a name: deterministic ids without drawing from the random stream. */
const idOf = (name: string) => {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

async function chunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>, tick?: (n: number) => void) {
  for (let i = 0; i < rows.length; i += 1000) {
    await insert(rows.slice(i, i + 1000));
    tick?.(Math.min(i + 1000, rows.length));
  }
}

interface Lot { id: string; no: string; day: string; kg: string; yuan: string }

/** Released landing-processing declarations per enterprise, by release time then number: one statement. */
async function releasedLots(db: Db): Promise<Map<string, Lot[]>> {
  const found = await rows<{ enterprise_id: string; id: string; no: string; day: string; kg: string; yuan: string }>(db, sql`
    select destination_enterprise_id::text as enterprise_id, id::text as id, declaration_no as no,
      to_char((released_at at time zone 'Asia/Shanghai')::date, 'YYYY-MM-DD') as day, quantity_kg::text as kg, value_yuan::text as yuan
    from customs_declarations
    where purpose = 'LANDING_PROCESSING' and status = 'RELEASED' and released_at is not null
    order by destination_enterprise_id, released_at, declaration_no`);
  const out = new Map<string, Lot[]>();
  for (const d of found) {
    const list = out.get(d.enterprise_id) ?? [];
    list.push({ id: d.id, no: d.no, day: d.day, kg: d.kg, yuan: d.yuan });
    out.set(d.enterprise_id, list);
  }
  return out;
}

function periods(): string[] {
  const out: string[] = [];
  for (let p = FIRST_PERIOD; p <= LAST_PERIOD; p = nextMonth(p)) out.push(p);
  return out;
}

export async function seedLedger(db: Db, r: Rng, opts: { scale: number; log: (m: string) => void }, registry: RegistrySeed) {
  const enterprises = registry.enterprises.filter((e) => e.status !== 'PENDING');
  const lotsByEnterprise = await releasedLots(db);
  const active = enterprises.filter((e) => (lotsByEnterprise.get(e.id)?.length ?? 0) > 0);
  const inactive = enterprises.length - active.length;
  const role = (ei: number) => Object.entries(ANOMALIES).find(([, i]) => i === ei)?.[0] ?? null;
  const entries: (typeof ledgerEntriesTable.$inferInsert)[] = [];
  const bookings: (typeof ledgerBookingsTable.$inferInsert)[] = [];
  const gate: Parameters<typeof insertFactoryEntries>[1][number][] = [];
  const reports: (typeof monthlyReportsTable.$inferInsert)[] = [];
  const taxes: (typeof taxRecordsTable.$inferInsert)[] = [];
  const MONTHS = periods();

  active.forEach((e, ei) => {
    const anomaly = role(ei);
    const lots = lotsByEnterprise.get(e.id)!;
    const hs = e.rawMaterials[0] ?? '1206';
    const family = hs.slice(0, 2);
    const markup = anomaly === 'lowValueAdd' ? 0.08 + r.int(0, 9) / 100 : 0.21 + r.int(0, 25) / 100;
    const productYield = family === '08' ? 0.9 : 0.38;
    let n = 0;
    const add = (kind: LedgerKindName, occurredOn: string, kg: InstanceType<typeof D>, yuan: InstanceType<typeof D>, extra: Record<string, unknown> = {}) => {
      const v = normalizeLedgerEntry({
        occurredOn, kind, hsCode: kind === 'PRODUCT_OUTPUT' || kind === 'PRODUCT_SOLD' ? undefined : hs,
        productName: kind === 'PRODUCT_OUTPUT' || kind === 'PRODUCT_SOLD' ? PRODUCT[family] ?? '加工产品' : NAMES[family],
        quantityKg: k3(kg).toNumber(), amountYuan: y2(yuan).toFixed(2), externalRef: `${occurredOn.slice(0, 7)}-${kind}-${++n}`, ...extra,
      }, '9999-12-31');
      const id = idOf(`${e.id}|${v.externalRef}`);
      entries.push({ ...v, id, enterpriseId: e.id, source: 'ENTERPRISE' });
      return id;
    };

    // ── the gate and RAW_IN: one truck per enterprise and arrival day (the day after release) ──
    const byArrival = new Map<string, Lot[]>();
    const skipped = new Set<string>();
    for (const lot of lots) {
      if (anomaly === 'neverArrives' && lot.day.startsWith('2026-06') && skipped.size < 3) { skipped.add(lot.id); continue; }
      const day = addDays(lot.day, 1);
      byArrival.set(day, [...(byArrival.get(day) ?? []), lot]);
    }
    const inByDay = new Map<string, { kg: InstanceType<typeof D>; yuan: InstanceType<typeof D> }>();
    let firstOfMonth = '';
    for (const [day, dayLots] of byArrival) {
      const declaredKg = dayLots.reduce((a, l) => a.plus(l.kg), new D(0));
      const firstThisMonth = firstOfMonth !== day.slice(0, 7);
      firstOfMonth = day.slice(0, 7);
      const broken = anomaly === 'brokenSeal' && firstThisMonth && day.startsWith('2026-03');
      const unbooked = anomaly === 'notBooked' && firstThisMonth && day.startsWith('2026-09');
      // Weighing at the gate: within ±0.3 % of the declared kg (2.5 % short behind the broken seal).
      const receivedKg = k3(declaredKg.times(broken ? 0.975 : 1 + r.int(-30, 30) / 10_000));
      const arrivedAt = at(day, r.int(8, 17));
      gate.push({
        entry: {
          id: idOf(`${e.id}|gate|${day}`), enterpriseId: e.id, externalRef: `RC-${day.replaceAll('-', '')}`, commodityName: NAMES[family] ?? '原料',
          vehiclePlate: `新E${r.int(10000, 99999)}`, arrivedAt, unsealedBy: '仓管员', sealNo: `FS${r.int(100000, 999999)}`,
          unsealedAt: new Date(arrivedAt.getTime() + 30 * 60_000), sealIntact: !broken, receivedKg: receivedKg.toFixed(3), warehouseKeeper: '仓库管理员',
          remarks: broken ? '施封锁破损，已报海关；过磅短少' : null, contentHash: contentHash({ seedEntry: `${e.id}|${day}` }), source: 'ENTERPRISE',
        },
        declarationIds: dayLots.map((l) => l.id),
      });
      if (unbooked) continue;
      const yuan = dayLots.reduce((a, l) => a.plus(l.yuan), new D(0));
      const entryId = add('RAW_IN', day, receivedKg, yuan, { declarationNos: dayLots.map((l) => l.no) });
      const booked = bookAgainst(receivedKg.toFixed(3), dayLots.map((l) => ({ declarationId: l.id, declaredKg: l.kg, bookedKg: '0' })))!;
      for (const b of booked.bookings) bookings.push({ ledgerEntryId: entryId, declarationId: b.declarationId, seq: b.seq, kg: b.kg });
      const t = inByDay.get(day) ?? { kg: new D(0), yuan: new D(0) };
      inByDay.set(day, { kg: t.kg.plus(receivedKg), yuan: t.yuan.plus(yuan) });
    }

    // ── month ends: loss, raw sold, consumption, output, sales; the report and the tax return ──
    let stock = new D(0);
    let unitCost = new D(1);
    MONTHS.forEach((period, mi) => {
      const monthIn = [...inByDay].filter(([d]) => d.startsWith(period));
      const inKg = monthIn.reduce((a, [, t]) => a.plus(t.kg), new D(0));
      const inYuan = monthIn.reduce((a, [, t]) => a.plus(t.yuan), new D(0));
      if (inKg.gt(0)) unitCost = inYuan.div(inKg);
      const opening = stock;
      stock = stock.plus(inKg);
      if (period === LAST_PERIOD) return; // the month is not over: no month-end flows, no report yet
      const end = addDays(nextMonthStart(period), -1);
      let earlyKg = new D(0);
      if (anomaly === 'consumesAhead' && period === '2026-02') {
        // consumption booked on the 1st, before the month's goods came in: the stock goes below zero
        // …by a tenth of what the month brings in later, so the month still closes above zero
        earlyKg = k3(opening.plus(inByDay.get(`${period}-01`)?.kg ?? 0).plus(inKg.times(0.1)));
        add('RAW_CONSUMED', `${period}-01`, earlyKg, y2(earlyKg.times(unitCost)));
        stock = stock.minus(earlyKg);
      }
      const lossKg = k3(inKg.times(r.int(2, 15) / 1000));
      if (lossKg.gt(0)) add('LOSS', end, lossKg, y2(lossKg.times(unitCost)));
      stock = stock.minus(lossKg);
      const rawSoldKg = anomaly === 'channelTrader' && mi % 3 === 0 ? k3(D.max(0, stock).times(0.2)) : new D(0);
      const rawSoldYuan = y2(rawSoldKg.times(unitCost).times(1.05));
      if (rawSoldKg.gt(0)) add('RAW_SOLD', end, rawSoldKg, rawSoldYuan, { invoiceNo: `INV${period.replace('-', '')}${ei}R` });
      stock = stock.minus(rawSoldKg);
      const useKg = k3(D.max(0, stock).times(0.92));
      const useYuan = y2(useKg.times(unitCost));
      if (useKg.gt(0)) add('RAW_CONSUMED', end, useKg, useYuan);
      stock = stock.minus(useKg);
      const outKg = k3(useKg.times(productYield));
      const outYuan = y2(useYuan.times(1 + markup));
      if (outKg.gt(0)) add('PRODUCT_OUTPUT', end, outKg, outYuan);
      const soldKg = k3(outKg.times(0.85));
      const soldYuan = y2(outYuan.times(0.85));
      if (soldKg.gt(0)) add('PRODUCT_SOLD', end, soldKg, soldYuan, { invoiceNo: `INV${period.replace('-', '')}${ei}P` });

      // Monthly report: the ledger's own totals, on time; inventory = the closing raw stock.
      if (!(anomaly === 'missesReports' && (period === '2026-08' || period === '2026-09'))) {
        const next = nextMonth(period);
        const submittedAt = at(`${next}-${String(r.int(3, 9)).padStart(2, '0')}`, r.int(9, 17));
        const inventory = anomaly === 'inflatesInventory' && period >= '2026-07' ? k3(stock.times(1.25)) : k3(stock);
        reports.push({
          enterpriseId: e.id, period, source: 'ENTERPRISE', submittedAt, revisedAt: null,
          rawPurchasedKg: k3(inKg).toFixed(3), rawPurchasedYuan: y2(inYuan).toFixed(2),
          rawConsumedKg: earlyKg.plus(useKg).toFixed(3), rawConsumedYuan: y2(earlyKg.times(unitCost)).plus(useYuan).toFixed(2),
          productOutputKg: outKg.toFixed(3), productOutputYuan: outYuan.toFixed(2),
          salesKg: soldKg.plus(rawSoldKg).toFixed(3), salesYuan: soldYuan.plus(rawSoldYuan).toFixed(2),
          inventoryKg: D.max(0, inventory).toFixed(3), lossKg: lossKg.toFixed(3),
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
      taxes.push({ ...content, filedAt: new Date(content.filedAt), contentHash: contentHash(content), enterpriseId: e.id, period, source: 'TAX' });
    });
  });

  // A filed enterprise no declaration reaches processed nothing: it files nil monthly reports, on time.
  for (const e of enterprises.filter((x) => !active.includes(x))) {
    for (const period of MONTHS.filter((p) => p < LAST_PERIOD)) {
      const zero = { kg: '0.000', yuan: '0.00' };
      reports.push({
        enterpriseId: e.id, period, source: 'ENTERPRISE', submittedAt: at(`${nextMonth(period)}-05`, 10), revisedAt: null,
        rawPurchasedKg: zero.kg, rawPurchasedYuan: zero.yuan, rawConsumedKg: zero.kg, rawConsumedYuan: zero.yuan, productOutputKg: zero.kg,
        productOutputYuan: zero.yuan, salesKg: zero.kg, salesYuan: zero.yuan, inventoryKg: zero.kg, lossKg: zero.kg,
      });
    }
  }

  await chunked(gate, async (c) => {
    await insertFactoryEntries(db, c.map((g) => ({ entry: g.entry, declarationIds: g.declarationIds })));
  }, progress(opts.log, 'factory entries', gate.length));
  opts.log(`anomalies planted (README "Chain of custody"): ${Object.entries(ANOMALIES).filter(([, i]) => i < active.length).map(([k]) => k).join(', ')}`);
  if (inactive) opts.log(`ledger: ${inactive} enterprise(s) without inbound declarations keep no ledger`);
  await chunked(entries, (c) => db.insert(ledgerEntriesTable).values(c), progress(opts.log, 'ledger entries', entries.length));
  await chunked(bookings, (c) => db.insert(ledgerBookingsTable).values(c));
  opts.log(`bookings of RAW_IN against declarations: ${bookings.length}`);
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
