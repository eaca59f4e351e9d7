/** Every SQL statement on the customs tables. */
import { and, gte, inArray, max, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { rows, type DbOrTx } from '../../db/client';
import { COUNTED_STATUSES } from './rules';
import { customsDeclarationsTable, declarationLinesTable } from './table';

// ── used by market ──

/**
 * The latest declaration date on or after `since` per cooperative, one statement for all of them
 * (market's dormancy, SPEC §7). Every declaration counts, whatever its status. Absent = none.
 */
export async function lastDeclaredOnSince(db: DbOrTx, cooperativeIds: readonly string[], since: string): Promise<Map<string | null, string | null>> {
  const rows = await db.select({ id: customsDeclarationsTable.cooperativeId, last: max(customsDeclarationsTable.declaredOn) })
    .from(customsDeclarationsTable)
    .where(and(inArray(customsDeclarationsTable.cooperativeId, [...cooperativeIds]), gte(customsDeclarationsTable.declaredOn, since)))
    .groupBy(customsDeclarationsTable.cooperativeId);
  return new Map(rows.map((r) => [r.id, r.last]));
}

/** Condition on a cooperative id column: it has a declaration on or after a Beijing date (the registry's `dormant` filter). */
export const declaredOnOrAfter = (cooperativeId: AnyPgColumn, day: string): SQL =>
  sql`exists (select 1 from ${customsDeclarationsTable} d where d.cooperative_id = ${cooperativeId} and d.declared_on >= ${day})`;

// ── used by ledger ──

/** Purpose and destination of the declarations with these numbers (RAW_IN linking): one statement. */
export async function inboundDeclarationsByNo(db: DbOrTx, nos: readonly string[]) {
  if (!nos.length) return [];
  return db.select({ no: customsDeclarationsTable.declarationNo, purpose: customsDeclarationsTable.purpose, destinationEnterpriseId: customsDeclarationsTable.destinationEnterpriseId })
    .from(customsDeclarationsTable).where(inArray(customsDeclarationsTable.declarationNo, [...nos]));
}

// ── used by reports ──

/** The statuses that count (SPEC §7), as an SQL list. */
const COUNTED = sql.raw(`(${COUNTED_STATUSES.map((x) => `'${x}'`).join(', ')})`);

/**
 * Counted landing-processing declarations per destination enterprise declared in [from, to], as a
 * subquery for one statement: columns enterprise_id, n (declarations), v (Σ value_yuan).
 */
export function landingImportsByEnterpriseSql(from: string, to: string): SQL {
  return sql`select destination_enterprise_id as enterprise_id, count(*)::int as n, sum(value_yuan) as v from ${customsDeclarationsTable}
    where purpose = 'LANDING_PROCESSING' and status in ${COUNTED} and declared_on between ${from} and ${to} group by 1`;
}

/** SQL condition: a counted landing-processing declaration to the enterprise (an SQL expression) declared on or before `to`. */
export function hasLandingImportSql(enterpriseId: SQL, to: string): SQL {
  return sql`exists (select 1 from ${customsDeclarationsTable} d where d.destination_enterprise_id = ${enterpriseId} and d.declared_on <= ${to}
    and d.purpose = 'LANDING_PROCESSING' and d.status in ${COUNTED})`;
}

export type TradeStatsDimension = 'MONTH' | 'COMMODITY' | 'ENTERPRISE' | 'COOPERATIVE' | 'PURPOSE' | 'TRADE_POINT';

/** Row scope of trade statistics: the declarations to one enterprise, or of one cooperative. */
export type DeclarationScope = { destinationEnterpriseId: string } | { cooperativeId: string };

export interface TradeStatsSpec {
  from: string; to: string;
  /** The grouping, in output order. */
  dims: readonly TradeStatsDimension[];
  purpose?: 'LANDING_PROCESSING' | 'MARKET_SALE' | null;
  scope?: DeclarationScope | null;
}

/**
 * The whitelist of GROUP BY expressions. `raw` reads customs_declarations d (+ declaration_lines l),
 * `rollup` reads trade_daily / trade_daily_commodity r; only whitelisted SQL is ever concatenated.
 * `key` is the result column.
 */
const DIMENSIONS: Record<TradeStatsDimension, { key: string; raw: string; rollup?: string }> = {
  MONTH: { key: 'month', raw: `to_char(d.declared_on, 'YYYY-MM')`, rollup: `to_char(r.declared_on, 'YYYY-MM')` },
  COMMODITY: { key: 'hsCode', raw: 'l.hs_code', rollup: 'r.hs_code' },
  ENTERPRISE: { key: 'enterpriseId', raw: 'd.destination_enterprise_id' },
  COOPERATIVE: { key: 'cooperativeId', raw: 'd.cooperative_id' },
  PURPOSE: { key: 'purpose', raw: 'd.purpose::text', rollup: 'r.purpose::text' },
  TRADE_POINT: { key: 'tradePoint', raw: 'd.trade_point', rollup: 'r.trade_point' },
};

function scopeCondition(scope: DeclarationScope | null | undefined): SQL | undefined {
  if (!scope) return undefined;
  if ('destinationEnterpriseId' in scope) return sql`d.destination_enterprise_id = ${scope.destinationEnterpriseId}`;
  return sql`d.cooperative_id = ${scope.cooperativeId}`;
}

/**
 * tradeStats as one statement: from the rollups when every dimension has one and no row scope
 * applies, else from the declarations (and lines when grouped by COMMODITY), counted statuses only.
 * Columns: the dimensions' keys, declarationCount, valueYuan, quantityKg, landingYuan.
 */
export function tradeStatsSql(spec: TradeStatsSpec): SQL {
  const { dims } = spec;
  const lineLevel = dims.includes('COMMODITY');
  const rollup = !spec.scope && dims.every((d) => DIMENSIONS[d].rollup);
  const keys = dims.map((d) => sql.raw(`${rollup ? DIMENSIONS[d].rollup : DIMENSIONS[d].raw} as "${DIMENSIONS[d].key}"`));
  const groupBy = dims.length ? sql` group by ${sql.raw(dims.map((_, i) => String(i + 1)).join(', '))} order by ${sql.raw(dims.map((_, i) => String(i + 1)).join(', '))}` : sql``;
  const a = rollup ? 'r' : lineLevel ? 'l' : 'd';
  const measures = sql.raw([
    rollup ? 'coalesce(sum(r.declaration_count), 0)::int as "declarationCount"' : lineLevel ? 'count(distinct d.id)::int as "declarationCount"' : 'count(*)::int as "declarationCount"',
    `coalesce(sum(${a}.value_yuan), 0)::text as "valueYuan"`,
    `coalesce(sum(${a}.quantity_kg), 0)::text as "quantityKg"`,
    `coalesce(sum(${a}.value_yuan) filter (where ${rollup ? 'r' : 'd'}.purpose = 'LANDING_PROCESSING'), 0)::text as "landingYuan"`,
  ].join(', '));
  const select = sql.join([...keys, measures], sql`, `);
  if (rollup) {
    const table = sql.raw(lineLevel ? 'trade_daily_commodity' : 'trade_daily');
    const where = sql.join([
      sql`r.declared_on between ${spec.from} and ${spec.to}`,
      spec.purpose ? sql`r.purpose = ${spec.purpose}` : undefined,
    ].filter((c): c is SQL => !!c), sql` and `);
    const having = dims.length ? sql` having sum(r.declaration_count) > 0` : sql``;
    // having must precede order by: rebuild the tail in that order.
    const tail = dims.length
      ? sql` group by ${sql.raw(dims.map((_, i) => String(i + 1)).join(', '))}${having} order by ${sql.raw(dims.map((_, i) => String(i + 1)).join(', '))}`
      : sql``;
    return sql`select ${select} from ${table} r where ${where}${tail}`;
  }
  const from = lineLevel ? sql`customs_declarations d join declaration_lines l on l.declaration_id = d.id` : sql`customs_declarations d`;
  const where = sql.join([
    sql`d.declared_on between ${spec.from} and ${spec.to}`,
    sql`d.status in ${COUNTED}`,
    spec.purpose ? sql`d.purpose = ${spec.purpose}` : undefined,
    scopeCondition(spec.scope),
  ].filter((c): c is SQL => !!c), sql` and `);
  return sql`select ${select} from ${from} where ${where}${groupBy}`;
}

/** tradeStats rows (see tradeStatsSql): one statement. */
export async function tradeStatsRows(db: DbOrTx, spec: TradeStatsSpec): Promise<Record<string, unknown>[]> {
  return rows<Record<string, unknown>>(db, tradeStatsSql(spec));
}

/** Σ landing-processing value per Beijing month (YYYY-MM) over [from, to], from the trade_daily rollup: one statement. */
export async function landingValueByMonth(db: DbOrTx, from: string, to: string): Promise<{ month: string; v: string }[]> {
  return rows<{ month: string; v: string }>(db, sql`
    select to_char(declared_on, 'YYYY-MM') as month, sum(value_yuan)::text as v from trade_daily
    where purpose = 'LANDING_PROCESSING' and declared_on between ${from} and ${to} group by 1 order by 1`);
}

/** A commodity name per HS code (from any declaration line of it; null when none): one statement. */
export async function commodityNamesByHsCode(db: DbOrTx, codes: readonly string[]): Promise<{ h: string; name: string | null }[]> {
  if (!codes.length) return [];
  return rows<{ h: string; name: string | null }>(db, sql`select h, (select commodity_name from ${declarationLinesTable} where hs_code = h limit 1) as name from unnest(${`{${codes.join(',')}}`}::text[]) h`);
}
