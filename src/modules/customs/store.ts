/**
 * Every SQL statement on customs' tables: declarations and their lines, factory entries, commodity
 * lists, and the daily rollups trade_daily / trade_daily_commodity (kept by triggers, read here).
 * Writes take the caller's transaction; reads for a viewer apply the row scope of policy.ts.
 */
import { idsWhere, type VisibleIds } from '../../db/visible-ids';
import { anyOf } from '../../db/any-of';
import { and, asc, eq, gte, inArray, isNull, lt, lte, max, or, sql, type Placeholder, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Agency, Viewer } from '../../authz/agencies';
import type { DbOrTx, Tx } from '../../db/client';
import { builtOnce, rows } from '../../db/client';
import { referenceCache } from '../../db/reference-cache';
import { paginate, type ConnectionValue } from '../../shared/pagination';
import { declarationScope, factoryEntryScope } from './policy';
import { COUNTED_STATUSES, type DeclarationStatusName } from './rules';
import {
  commodityListEntriesTable, customsDeclarationsTable, declarationLinesTable, factoryEntriesTable, factoryEntryDeclarationsTable,
  type CommodityListEntryRow, type CustomsDeclarationRow, type DeclarationLineRow, type FactoryEntryRow,
} from './table';

export type { CommodityListEntryRow, CustomsDeclarationRow, DeclarationLineRow, FactoryEntryRow, TradeDailyRow } from './table';

/** `('DECLARED', 'RELEASED', 'INSPECTING')`: the statuses that count (rules.COUNTED_STATUSES), as an SQL list. */
const COUNTED_SQL = sql.raw(`(${COUNTED_STATUSES.map((s) => `'${s}'`).join(', ')})`);

// ── commodity lists ─────────────────────────────────────────────────────────────────────────

export type NewCommodityListEntry = typeof commodityListEntriesTable.$inferInsert;

/** Insert-if-missing by (list, prefix, version): entries an agency changed since are kept. */
export async function insertCommodityListEntries(db: DbOrTx, entries: readonly NewCommodityListEntry[]): Promise<void> {
  await db.insert(commodityListEntriesTable).values([...entries]).onConflictDoNothing();
}

export interface CommodityListWindow { list: 'PILOT' | 'NEGATIVE'; hsPrefix: string; effectiveFrom: string; effectiveTo: string | null }

/** Both lists, kept in memory until they change (db/reference-cache.ts: one small statement per call). */
const commodityListCache = referenceCache({
  table: 'commodity_list_entries',
  rows: sql`select ${commodityListEntriesTable.list}::text as list, ${commodityListEntriesTable.hsPrefix} as "hsPrefix",
    ${commodityListEntriesTable.effectiveFrom}::text as "effectiveFrom", ${commodityListEntriesTable.effectiveTo}::text as "effectiveTo"
    from ${commodityListEntriesTable}`,
  build: (entries: CommodityListWindow[]): readonly CommodityListWindow[] => entries,
});

/** Every entry of both lists (a few dozen rows), for the in-memory checks of a batch. Shared: read-only. */
export const commodityListEntries = (db: DbOrTx): Promise<readonly CommodityListWindow[]> => commodityListCache.get(db);

// ── declarations: the batch writer ──────────────────────────────────────────────────────────

/** Content hashes of the stored declarations among these numbers (idempotency of a batch). */
export const storedHashes = (db: DbOrTx, declarationNos: readonly string[]) =>
  db.select({ no: customsDeclarationsTable.declarationNo, hash: customsDeclarationsTable.contentHash })
    .from(customsDeclarationsTable).where(anyOf(customsDeclarationsTable.declarationNo, [...declarationNos], 'text'));

/**
 * The allowance already used per allowance key (rules.allowanceKey): the value of the counted
 * declarations of the declarant on the Beijing day. What a key counts together is decided by
 * rules.allowanceKey and by this query's conditions: change both together. One index probe per
 * key (a correlated subquery keeps the plan independent of statistics).
 */
export async function usedAllowance(tx: DbOrTx, keys: readonly { key: string; declarantId: string; declaredOn: string }[]): Promise<Map<string, string>> {
  if (!keys.length) return new Map();
  const payload = keys.map((k) => ({ key: k.key, id: k.declarantId, day: k.declaredOn }));
  const used = await rows<{ key: string; used: string }>(tx, sql`
      select k.key, (
        select coalesce(sum(d.value_yuan), 0) from customs_declarations d
         where d.declarant_id = k.id and d.declared_on = k.day::date and d.status in ${COUNTED_SQL})::text as used
        from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as k(key text, id uuid, day text)`);
  return new Map(used.map((u) => [u.key, u.used]));
}

export interface NewDeclaration {
  id: string;
  declarationNo: string;
  declaredAt: Date;
  declaredOn: string;
  tradePoint: string;
  declarantId: string;
  agentIdNumber: string | null;
  entrustmentProofNo: string | null;
  cooperativeId: string | null;
  purpose: 'LANDING_PROCESSING' | 'MARKET_SALE';
  destinationEnterpriseId: string | null;
  valueYuan: string;
  quantityKg: string;
  delegatedDeclaration: boolean;
  directTransport: boolean;
  inspectionWaived: boolean;
  status: DeclarationStatusName;
  releasedAt: Date | null;
  contentHash: string;
}

export interface NewDeclarationLine { declarationId: string; lineNo: number; hsCode: string; commodityName: string; quantityKg: string; valueYuan: string }

/**
 * Declarations in one statement (the rows travel as one JSON parameter), so the rollup trigger
 * fires once per statement; the caller passes them sorted by declarationNo.
 */
export async function insertDeclarations(tx: DbOrTx, source: Agency, declarations: readonly NewDeclaration[]): Promise<void> {
  if (!declarations.length) return;
  const decls = declarations.map((d) => ({
    id: d.id, no: d.declarationNo, at: d.declaredAt.toISOString(), day: d.declaredOn, tp: d.tradePoint,
    declarant: d.declarantId, agent: d.agentIdNumber, proof: d.entrustmentProofNo, coop: d.cooperativeId,
    purpose: d.purpose, dest: d.destinationEnterpriseId, value: d.valueYuan, qty: d.quantityKg,
    dd: d.delegatedDeclaration, dt: d.directTransport, iw: d.inspectionWaived,
    status: d.status, released: d.releasedAt?.toISOString() ?? null, hash: d.contentHash,
  }));
  await tx.execute(sql`
    insert into customs_declarations (
      id, source, declaration_no, declared_at, declared_on, trade_point, declarant_id, agent_id_number, entrustment_proof_no,
      cooperative_id, purpose, destination_enterprise_id, value_yuan, quantity_kg,
      delegated_declaration, direct_transport, inspection_waived, status, released_at, content_hash)
    select x.id, ${source}::agency, x.no, x.at, x.day, x.tp, x.declarant, x.agent, x.proof,
           x.coop, x.purpose::declaration_purpose, x.dest, x.value, x.qty,
           x.dd, x.dt, x.iw, x.status::declaration_status, x.released, x.hash
      from jsonb_to_recordset(${JSON.stringify(decls)}::jsonb) as x(
        id uuid, no text, at timestamptz, day date, tp text, declarant uuid, agent text, proof text, coop uuid, purpose text, dest uuid,
        value numeric, qty numeric, dd boolean, dt boolean, iw boolean, status text, released timestamptz, hash text)`);
}

/** Lines of declarations in one statement (the line-level rollup trigger fires once). */
export async function insertDeclarationLines(tx: DbOrTx, lines: readonly NewDeclarationLine[]): Promise<void> {
  if (!lines.length) return;
  const payload = lines.map((l) => ({
    d: l.declarationId, line_no: l.lineNo, hs_code: l.hsCode, commodity_name: l.commodityName, quantity_kg: l.quantityKg, value_yuan: l.valueYuan,
  }));
  await tx.execute(sql`
    insert into declaration_lines (declaration_id, line_no, hs_code, commodity_name, quantity_kg, value_yuan)
    select l.d, l.line_no, l.hs_code, l.commodity_name, l.quantity_kg, l.value_yuan
      from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as l(d uuid, line_no int, hs_code text, commodity_name text, quantity_kg numeric, value_yuan numeric)`);
}

// ── declarations: inspection results ───────────────────────────────────────────────────────

export async function declarationByNoForUpdate(tx: Tx, declarationNo: string): Promise<CustomsDeclarationRow | null> {
  const [d] = await tx.select().from(customsDeclarationsTable).where(eq(customsDeclarationsTable.declarationNo, declarationNo)).for('update');
  return d ?? null;
}

export async function updateDeclarationStatus(
  tx: Tx, id: string, set: Pick<CustomsDeclarationRow, 'status' | 'inspectionNote' | 'releasedAt' | 'updatedAt'>,
): Promise<CustomsDeclarationRow> {
  const [row] = await tx.update(customsDeclarationsTable).set(set).where(eq(customsDeclarationsTable.id, id)).returning();
  return row!;
}

// ── declarations: reads for the API ───────────────────────────────────────────────────────

/** One declaration by its number, within the viewer's row scope. */
export async function declarationByNo(db: DbOrTx, viewer: Viewer, declarationNo: string): Promise<CustomsDeclarationRow | null> {
  const [row] = await db.select().from(customsDeclarationsTable)
    .where(and(eq(customsDeclarationsTable.declarationNo, declarationNo), declarationScope(viewer))).limit(1);
  return row ?? null;
}

export interface DeclarationListFilter {
  from?: string;
  to?: string;
  purpose?: 'LANDING_PROCESSING' | 'MARKET_SALE';
  status?: DeclarationStatusName[];
  /** uuids (the caller maps a malformed id to one that matches nothing) */
  enterpriseId?: string;
  cooperativeId?: string;
  /** The declarant's resident id (the service looks the ID number up, scoped, and logs it). */
  declarantId?: string;
  updatedSince?: Date;
}

/** A page of declarations in (updatedAt, id) order, within the viewer's row scope. */
export function declarationsPage(db: DbOrTx, viewer: Viewer, f: DeclarationListFilter, page: { first?: number | null; after?: string | null }): Promise<ConnectionValue<CustomsDeclarationRow>> {
  const t = customsDeclarationsTable;
  return paginate<CustomsDeclarationRow>(db, t, [
    declarationScope(viewer),
    f.from ? gte(t.declaredOn, f.from) : undefined,
    f.to ? lte(t.declaredOn, f.to) : undefined,
    f.purpose ? eq(t.purpose, f.purpose) : undefined,
    f.status?.length ? inArray(t.status, f.status) : undefined,
    f.enterpriseId ? eq(t.destinationEnterpriseId, f.enterpriseId) : undefined,
    f.cooperativeId ? eq(t.cooperativeId, f.cooperativeId) : undefined,
    f.declarantId ? eq(t.declarantId, f.declarantId) : undefined,
    f.updatedSince ? gte(t.updatedAt, f.updatedSince) : undefined,
  ], page);
}

/** Lines of declarations, in declaration and line order. */
export const linesOfDeclarations = (db: DbOrTx, declarationIds: readonly string[]): Promise<DeclarationLineRow[]> =>
  db.select().from(declarationLinesTable)
    .where(anyOf(declarationLinesTable.declarationId, [...declarationIds]))
    .orderBy(asc(declarationLinesTable.declarationId), asc(declarationLinesTable.lineNo));

/** Those of the declarations that a factory entry reported with a broken seal. */
export async function sealBrokenDeclarationIds(db: DbOrTx, declarationIds: readonly string[]): Promise<Set<string>> {
  const broken = await rows<{ id: string }>(db, sql`
      select distinct fed.declaration_id as id from factory_entry_declarations fed
        join factory_entries fe on fe.id = fed.factory_entry_id
       where fe.seal_intact = false and fed.declaration_id in (${sql.join(declarationIds.map((i) => sql`${i}::uuid`), sql`, `)})`);
  return new Set(broken.map((b) => b.id));
}

/** Declarations factory entries carry, within the viewer's row scope, by declaration number. */
export const declarationsOfFactoryEntries = (db: DbOrTx, viewer: Viewer, entryIds: readonly string[]) =>
  db.select({ entryId: factoryEntryDeclarationsTable.factoryEntryId, d: customsDeclarationsTable })
    .from(factoryEntryDeclarationsTable)
    .innerJoin(customsDeclarationsTable, sql`${customsDeclarationsTable.id} = ${factoryEntryDeclarationsTable.declarationId}`)
    .where(and(anyOf(factoryEntryDeclarationsTable.factoryEntryId, [...entryIds]), declarationScope(viewer)))
    .orderBy(asc(customsDeclarationsTable.declarationNo));

export interface InboundTotals { count: number; valueYuan: string; quantityKg: number }

/** The declarations an enterprise's inbound totals count (one condition for the loader and the read-ahead). */
const inboundCounted = (from: string | Placeholder, to: string | Placeholder): SQL =>
  sql`purpose = 'LANDING_PROCESSING' and declared_on between ${from}::date and ${to}::date and status in ${COUNTED_SQL}`;

/**
 * Enterprise.inboundDeclarations: counted landing-processing declarations destined to each
 * enterprise, declared from … to (Beijing dates, inclusive), in one GROUP BY.
 */
export async function inboundTotals(db: DbOrTx, enterpriseIds: readonly string[], from: string, to: string): Promise<Map<string, InboundTotals>> {
  const totals = await rows<{ id: string; n: string | number; v: string; q: string }>(db, sql`
          select destination_enterprise_id as id, count(*) as n, sum(value_yuan)::text as v, sum(quantity_kg)::text as q
            from customs_declarations
           where ${anyOf(customsDeclarationsTable.destinationEnterpriseId, enterpriseIds)} and ${inboundCounted(from, to)}
           group by destination_enterprise_id`);
  return new Map(totals.map((t) => [t.id, { count: Number(t.n), valueYuan: t.v, quantityKg: Number(t.q) }]));
}

/**
 * The same totals for one enterprise as a select-list expression of another module's statement
 * (the registry's enterprises page, loaders.ts inboundReadAhead): `[count, Σ value, Σ kg]` as JSON,
 * sums as text; inboundTotalsOf reads it as the GROUP BY above is read.
 */
export const inboundTotalsSql = (enterpriseId: SQL, from: string | Placeholder, to: string | Placeholder): SQL =>
  sql`(select json_build_array(count(*), sum(value_yuan)::text, sum(quantity_kg)::text) from customs_declarations
        where destination_enterprise_id = ${enterpriseId} and ${inboundCounted(from, to)})`;

/** An inboundTotalsSql value as the inboundTotals loader answers (no declarations: zeros). */
export function inboundTotalsOf(value: unknown): InboundTotals {
  const [n, v, q] = value as [number, string | null, string | null];
  return n ? { count: Number(n), valueYuan: v!, quantityKg: Number(q) } : { count: 0, valueYuan: '0', quantityKg: 0 };
}

/**
 * A condition for other modules' queries: the cooperative (a column or expression of the outer
 * query) has a declaration on or after a Beijing date (dormancy, SPEC §7).
 */
export const cooperativeDeclaredSince = (cooperativeId: SQLWrapper, day: string): SQL =>
  sql`exists (select 1 from ${customsDeclarationsTable} d where d.cooperative_id = ${cooperativeId} and d.declared_on >= ${day})`;

// ── factory entries (附件6) ─────────────────────────────────────────────────────────────────

/**
 * What a factory entry (or a RAW_IN ledger entry) checks of the declarations it names, within the
 * viewer's row scope: to an ENTERPRISE another enterprise's declaration does not exist, so naming
 * one answers exactly as naming a number never issued (no existence oracle, SPEC §9).
 */
export async function declarationRefsByNos(db: DbOrTx, declarationNos: readonly string[], viewer: Viewer) {
  if (!declarationNos.length) return [];
  return db.select({
    id: customsDeclarationsTable.id, no: customsDeclarationsTable.declarationNo, purpose: customsDeclarationsTable.purpose,
    destinationEnterpriseId: customsDeclarationsTable.destinationEnterpriseId,
  }).from(customsDeclarationsTable).where(and(anyOf(customsDeclarationsTable.declarationNo, [...declarationNos], 'text'), declarationScope(viewer)));
}

/** The content hash of an enterprise's stored entry under this key, null when none. */
export async function factoryEntryHash(tx: DbOrTx, enterpriseId: string, externalRef: string): Promise<string | null> {
  const [existing] = await tx.select({ hash: factoryEntriesTable.contentHash }).from(factoryEntriesTable)
    .where(and(eq(factoryEntriesTable.enterpriseId, enterpriseId), eq(factoryEntriesTable.externalRef, externalRef)));
  return existing?.hash ?? null;
}

export type NewFactoryEntry = Omit<typeof factoryEntriesTable.$inferInsert, 'declaredKg' | 'declarationNo'>;

/**
 * Factory entries with the declarations each carried, in four statements whatever the count: the
 * declarations' kg summed per entry, the entries (with that declaredKg and the first declaration
 * number, SPEC §13), the links, and each declaration's first arrival (enteredAt; only ever moved
 * earlier). Returns the entries' ids in input order.
 */
export async function insertFactoryEntries(tx: DbOrTx, items: readonly { entry: NewFactoryEntry; declarationIds: readonly string[] }[]): Promise<string[]> {
  if (!items.length) return [];
  const position = items.flatMap((it, k) => it.declarationIds.map(() => k));
  const declarationIds = items.flatMap((it) => it.declarationIds);
  const totals = new Map((await rows<{ k: number; kg: string; no: string }>(tx, sql`
    select x.k, sum(d.quantity_kg)::text as kg, min(d.declaration_no) as no
      from unnest(${sql.param(position)}::int[], ${sql.param(declarationIds)}::uuid[]) as x(k, id)
      join ${customsDeclarationsTable} d on d.id = x.id group by x.k`)).map((t) => [Number(t.k), t]));
  const ids = (await tx.insert(factoryEntriesTable)
    .values(items.map((it, k) => ({ ...it.entry, declaredKg: totals.get(k)?.kg ?? null, declarationNo: totals.get(k)?.no ?? null })))
    .returning({ id: factoryEntriesTable.id })).map((r) => r.id);
  await linkFactoryEntryDeclarations(tx, items.flatMap((it, k) => it.declarationIds.map((declarationId) => ({ factoryEntryId: ids[k]!, declarationId }))));
  const arrived = items.flatMap((it) => it.declarationIds.map(() => new Date(it.entry.arrivedAt).toISOString()));
  await tx.execute(sql`update ${customsDeclarationsTable} d set entered_at = x.at
    from (select id, min(at::timestamptz) as at from unnest(${sql.param(declarationIds)}::uuid[], ${sql.param(arrived)}::text[]) as x(id, at) group by id) x
    where d.id = x.id and (d.entered_at is null or d.entered_at > x.at)`);
  return ids;
}

/**
 * Which declarations each entry received: two array parameters whatever the count (a VALUES list
 * takes two per link, and the seed at scale 20 links 100,000 in one call: past the protocol's
 * 65,535 parameters).
 */
async function linkFactoryEntryDeclarations(tx: DbOrTx, links: readonly { factoryEntryId: string; declarationId: string }[]): Promise<void> {
  if (!links.length) return;
  const t = factoryEntryDeclarationsTable;
  await tx.execute(sql`insert into ${t} (${sql.identifier(t.factoryEntryId.name)}, ${sql.identifier(t.declarationId.name)})
    select * from unnest(${sql.param(links.map((l) => l.factoryEntryId))}::uuid[], ${sql.param(links.map((l) => l.declarationId))}::uuid[])`);
}

/** Touches declarations (updatedAt) so incremental sync by updatedSince picks up a derived change. */
export async function touchDeclarations(tx: DbOrTx, declarationIds: readonly string[]): Promise<void> {
  await tx.update(customsDeclarationsTable).set({ updatedAt: new Date() }).where(anyOf(customsDeclarationsTable.id, [...declarationIds]));
}

export interface FactoryEntryListFilter {
  enterpriseId?: string;
  /** arrivedAt ≥ this instant */
  arrivedFrom?: Date;
  /** arrivedAt < this instant */
  arrivedBefore?: Date;
  sealIntact?: boolean;
  updatedSince?: Date;
}

/** A page of factory entries in (updatedAt, id) order, within the viewer's row scope. */
export function factoryEntriesPage(db: DbOrTx, viewer: Viewer, f: FactoryEntryListFilter, page: { first?: number | null; after?: string | null }): Promise<ConnectionValue<FactoryEntryRow>> {
  const t = factoryEntriesTable;
  return paginate<FactoryEntryRow>(db, t, [
    factoryEntryScope(viewer),
    f.enterpriseId ? eq(t.enterpriseId, f.enterpriseId) : undefined,
    f.arrivedFrom ? gte(t.arrivedAt, f.arrivedFrom) : undefined,
    f.arrivedBefore ? sql`${t.arrivedAt} < ${f.arrivedBefore.toISOString()}::timestamptz` : undefined,
    f.sealIntact != null ? eq(t.sealIntact, f.sealIntact) : undefined,
    f.updatedSince ? gte(t.updatedAt, f.updatedSince) : undefined,
  ], page);
}

// ── the daily rollup (trade_daily) ─────────────────────────────────────────────────────────

/**
 * Σ value of the counted declarations declared from … to (Beijing dates, inclusive): landing
 * processing, and all purposes (quotaStatus, early warnings). Read from trade_daily, so the cost
 * is bounded by days × purposes × trade points, not by the number of declarations.
 */
export function declaredValueBetween(db: DbOrTx, from: string, to: string): Promise<DeclaredValue> {
  return plainDeclaredValue(db, from, to, {});
}

export interface DeclaredValue { landingProcessingYuan: string; allPurposesYuan: string }

/**
 * declaredValueBetween's statement with the caller's own select-list columns beside the sums
 * (quota's plan in force, with its own placeholders): one round trip for both. The statement's text
 * is built once per call of this function (call it once, at load); the row comes back as `extra`.
 */
export function declaredValueBetweenWith<X extends object>(extra: SQL | null) {
  const statement = builtOnce(() => sql`
      select coalesce(sum(value_yuan) filter (where purpose = 'LANDING_PROCESSING'), 0)::text as lp,
             coalesce(sum(value_yuan), 0)::text as all${extra ? sql`, ${extra}` : sql``}
        from trade_daily
       where declared_on between ${sql.placeholder('from')}::date and ${sql.placeholder('to')}::date`);
  return async (db: DbOrTx, from: string, to: string, values: Record<string, unknown>): Promise<DeclaredValue & { extra: X }> => {
    // An aggregate without GROUP BY: always one row.
    const [row] = await statement<{ lp: string; all: string } & X>(db, { ...values, from, to });
    return { landingProcessingYuan: row!.lp, allPurposesYuan: row!.all, extra: row! };
  };
}
const plainDeclaredValue = declaredValueBetweenWith(null);

// ── used by market ──

/**
 * The latest declaration date on or after `since` per cooperative, one statement for all of them
 * (market's dormancy, SPEC §7). Every declaration counts, whatever its status. Absent = none.
 */
export async function lastDeclaredOnSince(db: DbOrTx, cooperativeIds: readonly string[], since: string): Promise<Map<string | null, string | null>> {
  const rows = await db.select({ id: customsDeclarationsTable.cooperativeId, last: max(customsDeclarationsTable.declaredOn) })
    .from(customsDeclarationsTable)
    .where(and(anyOf(customsDeclarationsTable.cooperativeId, [...cooperativeIds]), gte(customsDeclarationsTable.declaredOn, since)))
    .groupBy(customsDeclarationsTable.cooperativeId);
  return new Map(rows.map((r) => [r.id, r.last]));
}

// ── used by ledger ──

// ── used by reports ──

/**
 * Counted landing-processing declarations per destination enterprise declared in [from, to], as a
 * subquery for one statement: columns enterprise_id, n (declarations), v (Σ value_yuan).
 */
export function landingImportsByEnterpriseSql(from: string, to: string): SQL {
  return sql`select destination_enterprise_id as enterprise_id, count(*)::int as n, sum(value_yuan) as v from ${customsDeclarationsTable}
    where purpose = 'LANDING_PROCESSING' and status in ${COUNTED_SQL} and declared_on between ${from} and ${to} group by 1`;
}

/** SQL condition: a counted landing-processing declaration to the enterprise (an SQL expression) declared on or before `to`. */
export function hasLandingImportSql(enterpriseId: SQL, to: string): SQL {
  return sql`exists (select 1 from ${customsDeclarationsTable} d where d.destination_enterprise_id = ${enterpriseId} and d.declared_on <= ${to}
    and d.purpose = 'LANDING_PROCESSING' and d.status in ${COUNTED_SQL})`;
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
    sql`d.status in ${COUNTED_SQL}`,
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

// ── used by the query cost limit (src/graphql/list-bounds.ts) ──

/** The most declarations any factory entry names (0 when none). */
export async function declarationsPerFactoryEntry(db: DbOrTx): Promise<number> {
  const [r] = await rows<{ n: string | number | null }>(db, sql`select max(n) as n from (select count(*) n from ${factoryEntryDeclarationsTable} group by factory_entry_id) x`);
  return Number(r?.n ?? 0);
}

// ── used by feed ──
/** Row scope of customs entities for the change feed (SPEC §16), per ChangeEntity name. */
export function feedVisibleIds(v: Viewer): VisibleIds {
  return {
    CUSTOMS_DECLARATION: idsWhere(customsDeclarationsTable, declarationScope(v)),
    FACTORY_ENTRY: idsWhere(factoryEntriesTable, factoryEntryScope(v)),
  };
}

// ── used by reports ──

/** The latest Beijing date (≤ onOrBefore) with a counted declaration within the scope, or null: one statement. */
export async function latestDeclaredOn(db: DbOrTx, scope: DeclarationScope | null | undefined, onOrBefore: string): Promise<string | null> {
  const [r] = await rows<{ d: string | null }>(db, sql`select max(d.declared_on)::text as d from ${customsDeclarationsTable} d
    where d.declared_on <= ${onOrBefore} and d.status in ${COUNTED_SQL}${scopeCondition(scope) ? sql` and ${scopeCondition(scope)}` : sql``}`);
  return r?.d ?? null;
}

// ── used by ledger and custody (SPEC §13: lots, booking, the chain of custody) ──────────────

/**
 * Locks the declarations a RAW_IN entry books against (SELECT … FOR UPDATE, in id order so two
 * writers never deadlock) and returns their declared kg. Called inside the ledger's row
 * transaction: a second writer booking the same declaration waits here until the first commits,
 * then reads the bookings the first one wrote.
 */
export async function lockDeclarationsForBooking(tx: Tx, declarationIds: readonly string[]): Promise<Map<string, string>> {
  if (!declarationIds.length) return new Map();
  const ids = [...new Set(declarationIds)].sort();
  const locked = await rows<{ id: string; kg: string }>(tx, sql`
    select id::text as id, quantity_kg::text as kg from ${customsDeclarationsTable}
     where id in (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)})
     order by id for update`);
  return new Map(locked.map((r) => [r.id, r.kg]));
}

/** Stopped statuses (RETURNED, DESTROYED, REFERRED_TO_ANTI_SMUGGLING): the goods do not go on. */
const STOPPED_SQL = sql.raw(`('RETURNED', 'DESTROYED', 'REFERRED_TO_ANTI_SMUGGLING')`);

export interface LotScope {
  declarationIds?: readonly string[];
  declarationNos?: readonly string[];
  enterpriseIds?: readonly string[];
  /** Only factory entries that arrived before this instant count (discrepancies as of a date). */
  enteredBefore?: Date;
  /** Market-sale declarations too (a declaration's custody field); lots are landing processing only. */
  allPurposes?: boolean;
}

const uuidList = (ids: readonly string[]) => sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `);

/**
 * Subquery: one row per factory entry, with its declared kg (Σ kg of its declarations, SPEC §13).
 * Columns: entry_id, enterprise_id, arrived_at, received_kg, seal_intact, declared_kg, declaration_no
 * (the first of its declarations by number).
 */
export function factoryEntryLotsSql(scope: LotScope = {}): SQL {
  const conds: SQL[] = [sql`e.declared_kg is not null`];
  if (scope.enterpriseIds) conds.push(scope.enterpriseIds.length ? sql`e.enterprise_id in (${uuidList(scope.enterpriseIds)})` : sql`false`);
  if (scope.enteredBefore) conds.push(sql`e.arrived_at < ${scope.enteredBefore.toISOString()}::timestamptz`);
  return sql`select e.id as entry_id, e.enterprise_id, e.arrived_at, e.received_kg, e.seal_intact, e.declared_kg, e.declaration_no
    from ${factoryEntriesTable} e
    where ${sql.join(conds, sql` and `)}`;
}

/** Subquery: (factory_entry_id, declaration_id) links of factory entries. */
export function factoryEntryLinksSql(): SQL {
  return sql`select factory_entry_id, declaration_id from ${factoryEntryDeclarationsTable}`;
}

/**
 * Subquery: the landing-processing declarations as lots (SPEC §13), one row each: declaration_id,
 * declaration_no, enterprise_id, cooperative_id, status, stopped, released_at, declared_kg, and from
 * their factory entries entered_at (first arrival), received_kg (each entry's weighed kg shared
 * among its declarations in proportion to their declared kg, 3 decimals; null when no entry or no
 * weight), seal_intact (false when any entry reported a broken seal; null without entry).
 */
export function lotsSql(scope: LotScope = {}): SQL {
  const conds: SQL[] = [scope.allPurposes ? sql`true` : sql`d.purpose = 'LANDING_PROCESSING'`];
  // The same scope narrows the entries' side, so a lookup of a few declarations reads a few links.
  const linkConds: SQL[] = [sql`true`];
  if (scope.declarationIds) {
    const c = scope.declarationIds.length ? uuidList(scope.declarationIds) : null;
    conds.push(c ? sql`d.id in (${c})` : sql`false`);
    linkConds.push(c ? sql`l.declaration_id in (${c})` : sql`false`);
  }
  if (scope.declarationNos) {
    const c = scope.declarationNos.length ? sql.join(scope.declarationNos.map((n) => sql`${n}`), sql`, `) : null;
    conds.push(c ? sql`d.declaration_no in (${c})` : sql`false`);
    linkConds.push(c ? sql`dd.declaration_no in (${c})` : sql`false`);
  }
  if (scope.enterpriseIds) {
    const c = scope.enterpriseIds.length ? uuidList(scope.enterpriseIds) : null;
    conds.push(c ? sql`d.destination_enterprise_id in (${c})` : sql`false`);
    linkConds.push(c ? sql`e.enterprise_id in (${c})` : sql`false`);
  }
  if (scope.enteredBefore) linkConds.push(sql`e.arrived_at < ${scope.enteredBefore.toISOString()}::timestamptz`);
  return sql`select d.id as declaration_id, d.declaration_no, d.destination_enterprise_id as enterprise_id, d.cooperative_id,
      d.status::text as status, d.status in ${STOPPED_SQL} as stopped, d.released_at, d.quantity_kg as declared_kg,
      fe.entered_at, fe.received_kg, fe.seal_intact
    from ${customsDeclarationsTable} d
    left join (
      select l.declaration_id, min(e.arrived_at) as entered_at, bool_and(e.seal_intact) as seal_intact,
             round(sum(e.received_kg * dd.quantity_kg / nullif(e.declared_kg, 0)), 3) as received_kg
        from ${factoryEntryDeclarationsTable} l
        join ${customsDeclarationsTable} dd on dd.id = l.declaration_id
        join ${factoryEntriesTable} e on e.id = l.factory_entry_id
       where ${sql.join(linkConds, sql` and `)}
       group by l.declaration_id) fe on fe.declaration_id = d.id
    where ${sql.join(conds, sql` and `)}`;
}

/**
 * Subquery: released landing-processing declarations (status RELEASED, released before
 * `enteredBefore`) that no factory entry arrived with before that instant — the lots that never
 * arrived: those not entered at all and those entered late, each read from its partial index.
 * Columns: declaration_no, enterprise_id, cooperative_id, released_at, declared_kg.
 */
export function unenteredReleasesSql(scope: LotScope & { enteredBefore: Date }): SQL {
  const end = scope.enteredBefore.toISOString();
  const conds: SQL[] = [sql`d.purpose = 'LANDING_PROCESSING'`, sql`d.status = 'RELEASED'`, sql`d.released_at < ${end}::timestamptz`];
  if (scope.enterpriseIds) conds.push(scope.enterpriseIds.length ? sql`d.destination_enterprise_id in (${uuidList(scope.enterpriseIds)})` : sql`false`);
  const where = sql.join(conds, sql` and `);
  const cols = sql`d.declaration_no, d.destination_enterprise_id as enterprise_id, d.cooperative_id, d.released_at, d.quantity_kg as declared_kg`;
  return sql`select ${cols} from ${customsDeclarationsTable} d where ${where} and d.entered_at is null
    union all
    select ${cols} from ${customsDeclarationsTable} d where ${where} and d.entered_at is not null and d.entered_at >= ${end}::timestamptz`;
}

/** Subquery: (declaration_no, enterprise_id) of a cooperative's landing-processing declarations. */
export function cooperativeLandingSql(cooperativeId: string): SQL {
  return sql`select d.declaration_no, d.destination_enterprise_id as enterprise_id from ${customsDeclarationsTable} d
    where d.cooperative_id = ${cooperativeId}::uuid and d.purpose = 'LANDING_PROCESSING'`;
}

/** Factory entries by id, unscoped (the caller has checked the viewer may see the declaration). */
export async function factoryEntriesOfDeclarations(db: DbOrTx, declarationIds: readonly string[]) {
  if (!declarationIds.length) return [];
  return db.select({ declarationId: factoryEntryDeclarationsTable.declarationId, e: factoryEntriesTable })
    .from(factoryEntryDeclarationsTable)
    .innerJoin(factoryEntriesTable, eq(factoryEntriesTable.id, factoryEntryDeclarationsTable.factoryEntryId))
    .where(anyOf(factoryEntryDeclarationsTable.declarationId, [...declarationIds]))
    .orderBy(asc(factoryEntriesTable.arrivedAt));
}

/** Declared kg of factory entries (Σ of their declarations), by entry id: one statement. */
export async function declaredKgOfFactoryEntries(db: DbOrTx, entryIds: readonly string[]): Promise<Map<string, string>> {
  if (!entryIds.length) return new Map();
  const found = await db.select({ id: factoryEntriesTable.id, kg: factoryEntriesTable.declaredKg }).from(factoryEntriesTable)
    .where(anyOf(factoryEntriesTable.id, [...entryIds]));
  return new Map(found.filter((r) => r.kg != null).map((r) => [r.id, r.kg!]));
}

// ── commodity list versions (SPEC §15) ──────────────────────────────────────────────────────

/** Entries in force on a Beijing date, both lists, ordered by list, prefix. */
export const commodityListsInForce = (db: DbOrTx, on: string): Promise<CommodityListEntryRow[]> =>
  db.select().from(commodityListEntriesTable)
    .where(and(lte(commodityListEntriesTable.effectiveFrom, on), or(isNull(commodityListEntriesTable.effectiveTo), gte(commodityListEntriesTable.effectiveTo, on))))
    .orderBy(asc(commodityListEntriesTable.list), asc(commodityListEntriesTable.hsPrefix));

/** Serialises version changes of one list (transaction-scoped advisory lock). */
export async function lockCommodityList(tx: DbOrTx, list: 'PILOT' | 'NEGATIVE'): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`commodity_list:${list}`}))`);
}

/** The latest effectiveFrom of a list and whether a version name is taken. */
export async function commodityListHead(db: DbOrTx, list: 'PILOT' | 'NEGATIVE', version: string): Promise<{ latestFrom: string | null; versionTaken: boolean }> {
  const [r] = await db.select({
    latestFrom: sql<string | null>`max(${commodityListEntriesTable.effectiveFrom})::text`,
    taken: sql<boolean>`coalesce(bool_or(${commodityListEntriesTable.version} = ${version}), false)`,
  }).from(commodityListEntriesTable).where(eq(commodityListEntriesTable.list, list));
  return { latestFrom: r?.latestFrom ?? null, versionTaken: !!r?.taken };
}

/** Ends the entries of a list still open on `from` on the day before it (a new version takes over). */
export async function closeCommodityList(tx: DbOrTx, list: 'PILOT' | 'NEGATIVE', from: string): Promise<void> {
  await tx.update(commodityListEntriesTable)
    .set({ effectiveTo: sql`(${from}::date - 1)` })
    .where(and(eq(commodityListEntriesTable.list, list), lt(commodityListEntriesTable.effectiveFrom, from),
      or(isNull(commodityListEntriesTable.effectiveTo), gte(commodityListEntriesTable.effectiveTo, from))));
}

export async function insertCommodityListVersion(tx: DbOrTx, entries: readonly NewCommodityListEntry[]): Promise<CommodityListEntryRow[]> {
  return tx.insert(commodityListEntriesTable).values([...entries]).returning();
}
