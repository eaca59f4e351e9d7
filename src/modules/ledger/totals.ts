/**
 * Per-enterprise ledger aggregation (SPEC §6, §7), set-based: one GROUP BY statement whatever the
 * number of enterprises. Sums are exact (numeric, read back as text); rates are computed from them
 * with decimal.js in rules.ts. `ledgerTotals` is the entry point other modules (reports: the
 * monthly return, assessments) call.
 */
import { sql, type SQL } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../db/client';
import { kg } from '../../shared/decimal';
import { annualPlansTable } from '../quota/table';
import { enterprisesTable } from '../registry/table';
import { aboveDeclared, DEFAULT_VALUE_ADD_THRESHOLD, lossRate, meetsThreshold, valueAddRate } from './rules';
import { ledgerEntriesTable, monthlyReportsTable } from './table';
import type { ProcessingStats } from './types';

/** Exact totals of one enterprise over a range: kg with 3 decimals, yuan with 2, as strings. */
export interface LedgerTotals {
  rawInKg: string; rawInYuan: string;
  rawConsumedKg: string; rawConsumedYuan: string;
  productOutputKg: string; productOutputYuan: string;
  productSoldKg: string; productSoldYuan: string;
  rawSoldKg: string; rawSoldYuan: string;
  lossKg: string; lossYuan: string;
  entryCount: number;
}

const KINDS = [
  ['RAW_IN', 'rawIn'], ['RAW_CONSUMED', 'rawConsumed'], ['PRODUCT_OUTPUT', 'productOutput'],
  ['PRODUCT_SOLD', 'productSold'], ['RAW_SOLD', 'rawSold'], ['LOSS', 'loss'],
] as const;

export const ZERO_TOTALS: LedgerTotals = {
  rawInKg: '0.000', rawInYuan: '0.00', rawConsumedKg: '0.000', rawConsumedYuan: '0.00', productOutputKg: '0.000',
  productOutputYuan: '0.00', productSoldKg: '0.000', productSoldYuan: '0.00', rawSoldKg: '0.000', rawSoldYuan: '0.00',
  lossKg: '0.000', lossYuan: '0.00', entryCount: 0,
};

/** The select list of sums over alias `le` (FILTER per kind), snake-case column aliases. */
function sums(le: string): SQL {
  const parts = KINDS.flatMap(([kind, name]) => [
    sql.raw(`coalesce(sum(${le}.quantity_kg) filter (where ${le}.kind = '${kind}'), 0)::numeric(16,3)::text as "${name}Kg"`),
    sql.raw(`coalesce(sum(${le}.amount_yuan) filter (where ${le}.kind = '${kind}'), 0)::numeric(18,2)::text as "${name}Yuan"`),
  ]);
  parts.push(sql.raw(`count(${le}.id)::int as "entryCount"`));
  return sql.join(parts, sql`, `);
}

function totalsOf(r: Record<string, unknown>): LedgerTotals {
  const t = { ...ZERO_TOTALS };
  for (const [, name] of KINDS) {
    (t as any)[`${name}Kg`] = String(r[`${name}Kg`] ?? '0.000');
    (t as any)[`${name}Yuan`] = String(r[`${name}Yuan`] ?? '0.00');
  }
  t.entryCount = Number(r.entryCount ?? 0);
  return t;
}

/**
 * Ledger totals per enterprise for occurredOn in [from, to] (inclusive Beijing dates), one
 * statement. `enterpriseIds` null: every enterprise with entries in the range. Enterprises without
 * entries are absent from the map (use ZERO_TOTALS).
 */
export async function ledgerTotals(db: DbOrTx, enterpriseIds: readonly string[] | null, from: string, to: string): Promise<Map<string, LedgerTotals>> {
  if (enterpriseIds && enterpriseIds.length === 0) return new Map();
  const ids = enterpriseIds ? sql`and le.enterprise_id in (${sql.join(enterpriseIds.map((id) => sql`${id}::uuid`), sql`, `)})` : sql``;
  const res = await rows<Record<string, unknown>>(db, sql`
    select le.enterprise_id::text as "enterpriseId", ${sums('le')}
    from ${ledgerEntriesTable} le
    where le.occurred_on between ${from}::date and ${to}::date ${ids}
    group by le.enterprise_id`);
  return new Map(res.map((r) => [String(r.enterpriseId), totalsOf(r)]));
}

/** ProcessingStats from exact totals, the year's threshold and the declared loss rate (SPEC §7). */
export function statsOf(
  enterpriseId: string, from: string, to: string, t: LedgerTotals, threshold: string | null, declaredLossRate: string | null,
): ProcessingStats {
  const vr = valueAddRate(t.productOutputYuan, t.rawConsumedYuan);
  const lr = lossRate(t.lossKg, t.rawInKg);
  const th = threshold ?? DEFAULT_VALUE_ADD_THRESHOLD;
  return {
    enterpriseId, from, to,
    rawInKg: kg(t.rawInKg), rawInYuan: t.rawInYuan,
    rawConsumedKg: kg(t.rawConsumedKg), rawConsumedYuan: t.rawConsumedYuan,
    productOutputKg: kg(t.productOutputKg), productOutputYuan: t.productOutputYuan,
    productSoldKg: kg(t.productSoldKg), productSoldYuan: t.productSoldYuan,
    rawSoldKg: kg(t.rawSoldKg), rawSoldYuan: t.rawSoldYuan,
    lossKg: kg(t.lossKg), lossYuan: t.lossYuan,
    valueAddRate: vr, lossRate: lr,
    valueAddThreshold: Number(th),
    meetsValueAddThreshold: meetsThreshold(vr, th),
    lossAboveDeclared: aboveDeclared(lr, declaredLossRate),
  };
}

export interface StatsKey { enterpriseId: string; from: string; to: string }

export interface KeyedTotals { totals: LedgerTotals; threshold: string | null; declaredLossRate: string | null }

/**
 * Totals for many (enterprise, from, to) keys in ONE statement: the keys are a VALUES list joined
 * to the ledger and grouped by key; the enterprise's declared loss rate and the value-add threshold
 * of the plan of the year of `to` come along. Unknown enterprises give null.
 */
export async function totalsFor(db: DbOrTx, keys: readonly StatsKey[]): Promise<(KeyedTotals | null)[]> {
  if (!keys.length) return [];
  const values = sql.join(keys.map((k, i) => sql`(${i}::int, ${k.enterpriseId}::uuid, ${k.from}::date, ${k.to}::date)`), sql`, `);
  const res = await rows<Record<string, unknown>>(db, sql`
    select k.i as "idx", e.declared_loss_rate::text as "declaredLossRate", p.value_add_threshold::text as "threshold", ${sums('le')}
    from (values ${values}) as k(i, eid, f, t)
    join ${enterprisesTable} e on e.id = k.eid
    left join ${annualPlansTable} p on p.year = extract(year from k.t)::int
    left join ${ledgerEntriesTable} le on le.enterprise_id = k.eid and le.occurred_on between k.f and k.t
    group by k.i, e.declared_loss_rate, p.value_add_threshold`);
  const byIdx = new Map(res.map((r) => [Number(r.idx), r]));
  return keys.map((_k, i) => {
    const r = byIdx.get(i);
    if (!r) return null;
    return { totals: totalsOf(r), threshold: (r.threshold as string | null) ?? null, declaredLossRate: (r.declaredLossRate as string | null) ?? null };
  });
}

/** ProcessingStats for many keys, one statement (see totalsFor). */
export async function processingStatsFor(db: DbOrTx, keys: readonly StatsKey[]): Promise<(ProcessingStats | null)[]> {
  const found = await totalsFor(db, keys);
  return keys.map((k, i) => {
    const x = found[i];
    return x ? statsOf(k.enterpriseId, k.from, k.to, x.totals, x.threshold, x.declaredLossRate) : null;
  });
}

export { sums as ledgerSumsSql, totalsOf as ledgerTotalsOfRow };

export interface SummaryRow {
  enterpriseId: string;
  totals: LedgerTotals;
  threshold: string | null;
  declaredLossRate: string | null;
  reportSubmittedAt: Date | null;
}

/**
 * The tax pull (SPEC §6 LedgerSummary): per enterprise the period's ledger totals, the plan's
 * threshold, the declared loss rate and the monthly report's first submission — ONE statement
 * whatever the number of enterprises. Without `enterpriseIds`: every enterprise with entries or a
 * report in the period, and every FILED or WARNED one (so a missing report shows). `updatedSince`
 * keeps enterprises whose period entries or report changed at or after that instant.
 * `onlyEnterpriseId` is the row scope of an ENTERPRISE viewer.
 */
export async function ledgerSummaryRows(
  db: DbOrTx,
  args: { period: string; from: string; to: string; enterpriseIds: readonly string[] | null; updatedSince: Date | null; onlyEnterpriseId: string | null },
): Promise<SummaryRow[]> {
  const { period, from, to, enterpriseIds, updatedSince, onlyEnterpriseId } = args;
  if (enterpriseIds && enterpriseIds.length === 0) return [];
  const idList = enterpriseIds ? sql.join(enterpriseIds.map((id) => sql`${id}::uuid`), sql`, `) : null;
  const res = await rows<Record<string, unknown>>(db, sql`
    with tot as (
      select le.enterprise_id, max(le.updated_at) as last_update, ${sums('le')}
      from ${ledgerEntriesTable} le
      where le.occurred_on between ${from}::date and ${to}::date ${idList ? sql`and le.enterprise_id in (${idList})` : sql``}
      group by le.enterprise_id)
    select e.id::text as "enterpriseId", e.declared_loss_rate::text as "declaredLossRate", p.value_add_threshold::text as "threshold",
      mr.submitted_at as "reportSubmittedAt", tot.*
    from ${enterprisesTable} e
    left join tot on tot.enterprise_id = e.id
    left join ${monthlyReportsTable} mr on mr.enterprise_id = e.id and mr.period = ${period}
    left join ${annualPlansTable} p on p.year = ${Number(period.slice(0, 4))}::int
    where ${idList ? sql`e.id in (${idList})` : sql`(tot.enterprise_id is not null or mr.id is not null or e.status in ('FILED', 'WARNED'))`}
      ${onlyEnterpriseId ? sql`and e.id = ${onlyEnterpriseId}::uuid` : sql``}
      ${updatedSince ? sql`and (tot.last_update >= ${updatedSince.toISOString()}::timestamptz or mr.updated_at >= ${updatedSince.toISOString()}::timestamptz)` : sql``}
    order by e.filing_no, e.id`);
  return res.map((r) => ({
    enterpriseId: String(r.enterpriseId),
    totals: totalsOf(r),
    threshold: (r.threshold as string | null) ?? null,
    declaredLossRate: (r.declaredLossRate as string | null) ?? null,
    reportSubmittedAt: r.reportSubmittedAt == null ? null : new Date(r.reportSubmittedAt as string),
  }));
}
