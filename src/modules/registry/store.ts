/**
 * Every SQL statement on the registry's tables (enterprises, cooperatives, border residents, supply
 * contracts, filing counters). Writes take the caller's transaction; row scope (policy.ts) is
 * applied here, so a forbidden row is never fetched.
 */
import { idsWhere, type VisibleIds } from '../../db/visible-ids';
import { and, asc, count, eq, getTableColumns, gt, gte, ilike, inArray, isNull, lt, lte, not, or, sql, type Param, type Placeholder, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { orgOf, type Agency, type Viewer } from '../../authz/agencies';
import { anyOf } from '../../db/any-of';
import { printedColumns, printedJsonColumns, someColumns, someTableRows, tableRows, type Printed, type TableRows } from '../../db/printed';
import { builtOnce, rows, type DbOrTx, type Tx } from '../../db/client';
import { referenceCache } from '../../db/reference-cache';
import { connectionOfRows, decodeCursor, pageSize, paginate, type ConnectionValue } from '../../shared/pagination';
import { beijingDate } from '../../shared/time';
import { contractScope, cooperativeScope, enterpriseScope, membershipScope, residentScope } from './policy';
import { formatFilingNo } from './rules';
import {
  borderResidentsTable, borderTownshipsTable, cooperativeMembershipsTable, cooperativesTable, enterprisesTable, filingCountersTable,
  partyStatusHistoryTable, supplyContractsTable, type BorderResidentRow as ResidentTableRow, type BorderTownshipRow, type CooperativeRow,
  type EnterpriseRow, type MembershipRow, type StatusChangeRow, type SupplyContractRow,
} from './table';
import type { CooperativeFilter, EnterpriseFilter } from './types';

/**
 * A resident as the API sees it: the table row plus `memberOf`, the ids of every cooperative the
 * resident has a membership of (past, current or future) — the OWN rule of the matrix (a COOPERATIVE
 * reads its members' and former members' personal fields) needs it synchronously.
 */
export type BorderResidentRow = ResidentTableRow & { memberOf: string[] };
export type { BorderTownshipRow, CooperativeRow, EnterpriseRow, MembershipRow, SupplyContractRow };

const m = cooperativeMembershipsTable;
/** The columns of a resident select (see BorderResidentRow). */
const residentColumns = {
  ...getTableColumns(borderResidentsTable),
  // Spelled out: drizzle may render a column of the outer table unqualified inside the subquery.
  memberOf: sql<string[]>`array(select cm.cooperative_id::text from cooperative_memberships cm where cm.resident_id = "border_residents"."id")`.as('member_of'),
};
/** Membership on a Beijing date: joinedOn ≤ day < leftOn. */
/** A member on a Beijing date (joinedOn ≤ day < leftOn): a date, or a placeholder of a statement built once. */
const memberOnSql = (day: string | Placeholder) => and(lte(m.joinedOn, day), or(isNull(m.leftOn), gt(m.leftOn, day)))!;
export type NewEnterprise = typeof enterprisesTable.$inferInsert;
export type NewCooperative = typeof cooperativesTable.$inferInsert;
export type NewSupplyContract = typeof supplyContractsTable.$inferInsert;
export type EnterpriseStatus = EnterpriseRow['status'];
export type CooperativeStatus = CooperativeRow['status'];
/** The two kinds of registry party a supervision action or a contract has. */
export type PartyType = 'ENTERPRISE' | 'COOPERATIVE';

interface Page { first?: number | null; after?: string | null }

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

// ── reads of the batch loaders (by key; counterparties reached through a contract are not row-scoped, SPEC §9) ──

export const enterprisesByIds = (db: DbOrTx, ids: readonly string[]) =>
  db.select().from(enterprisesTable).where(anyOf(enterprisesTable.id, ids));

// Rows that only go to GraphQL: read without drizzle's row mapping, timestamps as printed text (db/printed.ts).
export type PrintedCooperativeRow = Printed<CooperativeRow>;
/**
 * A contract as GraphQL reads it; `cooperative` is its cooperative (id and the asked columns) when
 * the enterprises page read it ahead (listEnterprisesWith), so SupplyContract.cooperative answers
 * without a loader call and a promise per contract.
 */
export type PrintedSupplyContractRow = Printed<SupplyContractRow> & { cooperative?: Partial<SlimCooperativeRow> & Pick<SlimCooperativeRow, 'id'> };
export type PrintedBorderResidentRow = Printed<BorderResidentRow>;

// Built once: the cooperative loader runs it on most nested requests (its text never changes).
const cooperativesByIdsSql = builtOnce(() => sql`select ${printedColumns(cooperativesTable)} from ${cooperativesTable}
  where ${cooperativesTable.id} = any(${sql.placeholder('ids')}::uuid[])`);
export const cooperativesByIds = (db: DbOrTx, ids: readonly string[]) => cooperativesByIdsSql<PrintedCooperativeRow>(db, { ids: [...ids] });

/**
 * The Cooperative fields a contract's cooperative may be asked with and still be read with only
 * SLIM_COOPERATIVE_COLUMNS (slimCooperativesByIds): plain columns, and relations whose resolvers
 * read nothing of the row but its id (memberCount included: its loader is keyed by the id, and a
 * contract's cooperative asked with it is read with the count). The customs processor query asks
 * name and filingNo of ~60 cooperatives, the registry nesting name, township and members: not 18
 * columns, three of them timestamps formatted in SQL.
 */
export const SLIM_COOPERATIVE_FIELDS: ReadonlySet<string> = new Set(['__typename', 'id', 'name', 'filingNo', 'kind', 'township', 'village', 'status', 'members', 'contracts', 'memberCount']);
const SLIM_COOPERATIVE_COLUMNS = ['id', 'name', 'filingNo', 'kind', 'township', 'village', 'status'] as const;
export type SlimCooperativeRow = Pick<CooperativeRow, (typeof SLIM_COOPERATIVE_COLUMNS)[number]>;
/** The columns a contract's cooperative can be read with on the enterprises page (its id is the contract's cooperativeId). */
export const CONTRACT_COOPERATIVE_COLUMNS = SLIM_COOPERATIVE_COLUMNS.filter((c) => c !== 'id');
export type ContractCooperativeColumn = (typeof CONTRACT_COOPERATIVE_COLUMNS)[number];
const slimCooperativeColumns = someColumns<CooperativeRow>(cooperativesTable, SLIM_COOPERATIVE_COLUMNS);
const slimCooperativesByIdsSql = builtOnce(() => sql`select ${slimCooperativeColumns}
  from ${cooperativesTable} where ${cooperativesTable.id} = any(${sql.placeholder('ids')}::uuid[])`);
/** cooperativesByIds with SLIM_COOPERATIVE_COLUMNS only (the same values: none of them is mapped by drizzle). */
export const slimCooperativesByIds = (db: DbOrTx, ids: readonly string[]) => slimCooperativesByIdsSql<SlimCooperativeRow>(db, { ids: [...ids] });

/**
 * The same with each cooperative's member count on a Beijing date (`memberCount`, as
 * memberCountsByCooperativeIds counts it): a contract's cooperative asked with its memberCount is
 * one statement, not two in a row.
 */
const withMemberCountsSql = (columns: SQL) => builtOnce(() => sql`select ${columns},
    (select count(*)::int from ${m} where ${m.cooperativeId} = ${cooperativesTable.id} and ${memberOnSql(sql.placeholder('day'))}) as "memberCount"
  from ${cooperativesTable}
  where ${cooperativesTable.id} = any(${sql.placeholder('ids')}::uuid[])`);
const cooperativesWithMemberCountsSql = withMemberCountsSql(printedColumns(cooperativesTable));
const slimCooperativesWithMemberCountsSql = withMemberCountsSql(slimCooperativeColumns);
export const cooperativesWithMemberCounts = (db: DbOrTx, ids: readonly string[], day: string) =>
  cooperativesWithMemberCountsSql<PrintedCooperativeRow & { memberCount: number }>(db, { ids: [...ids], day });
/** The same with SLIM_COOPERATIVE_COLUMNS only (slimCooperativesByIds). */
export const slimCooperativesWithMemberCounts = (db: DbOrTx, ids: readonly string[], day: string) =>
  slimCooperativesWithMemberCountsSql<SlimCooperativeRow & { memberCount: number }>(db, { ids: [...ids], day });

/** The same within the viewer's row scope (a resident's cooperative: the agent path, §9). */
export const visibleCooperativesByIds = (db: DbOrTx, viewer: Viewer, ids: readonly string[]) =>
  rows<PrintedCooperativeRow>(db, sql`select ${printedColumns(cooperativesTable)} from ${cooperativesTable}
    where ${and(anyOf(cooperativesTable.id, ids), cooperativeScope(viewer))}`);

/**
 * The SupplyContract fields a contract may be asked with and still be read with only
 * SLIM_CONTRACT_COLUMNS: every field but the two timestamps and `source` (the processor queries ask
 * hsCodes, validity and the cooperative of ~300 contracts; the two timestamps were formatted in SQL
 * for each).
 */
export const SLIM_CONTRACT_FIELDS: ReadonlySet<string> = new Set(['__typename', 'id', 'hsCodes', 'validFrom', 'validTo', 'terminatedOn', 'cooperative', 'enterprise']);
const SLIM_CONTRACT_COLUMNS = ['id', 'enterpriseId', 'cooperativeId', 'hsCodes', 'validFrom', 'validTo', 'terminatedOn'] as const;
const slimContractColumns = someColumns<SupplyContractRow>(supplyContractsTable, SLIM_CONTRACT_COLUMNS);

/** The contracts of enterprises in the viewer's scope; `slim`: SLIM_CONTRACT_COLUMNS only (typed as whole rows for the resolvers). */
export const contractsByEnterpriseIds = (db: DbOrTx, viewer: Viewer, ids: readonly string[], slim = false) =>
  rows<PrintedSupplyContractRow>(db, sql`select ${slim ? slimContractColumns : printedColumns(supplyContractsTable)} from ${supplyContractsTable}
    where ${and(anyOf(supplyContractsTable.enterpriseId, ids), contractScope(viewer))}
    order by ${supplyContractsTable.validFrom}, ${supplyContractsTable.id}`);

export const contractsByCooperativeIds = (db: DbOrTx, viewer: Viewer, ids: readonly string[]) =>
  rows<PrintedSupplyContractRow>(db, sql`select ${printedColumns(supplyContractsTable)} from ${supplyContractsTable}
    where ${and(anyOf(supplyContractsTable.cooperativeId, ids), contractScope(viewer))}
    order by ${supplyContractsTable.validFrom}, ${supplyContractsTable.id}`);

/**
 * The BorderResident fields a roster may be asked with and still be read with SLIM_RESIDENT_COLUMNS
 * (membersByCooperativeIds' `slim`): every field but the two timestamps and `source`, whose
 * resolvers read nothing else of the row (cooperative and memberships its id, eligible its county
 * and township; the matrix's OWN rule memberOf, read beside them). The registry nesting asks name
 * and idNumber of ~7,500 members: without this, two timestamps formatted in SQL and decoded for each.
 */
export const SLIM_RESIDENT_FIELDS: ReadonlySet<string> = new Set(['__typename', 'id', 'name', 'idNumber', 'township', 'county', 'residenceBasis', 'residencePresumed', 'cooperative', 'memberships', 'eligible']);
const SLIM_RESIDENT_COLUMNS = ['id', 'name', 'idNumber', 'township', 'county', 'residenceBasis', 'residencePresumed'] as const;
const slimResidentColumns = someColumns<BorderResidentRow>(borderResidentsTable, SLIM_RESIDENT_COLUMNS);

/**
 * Members of the cooperatives on a Beijing date (SPEC §14 members(asOf)), within the viewer's row
 * scope; printed rows (no drizzle mapping) with memberOf and the cooperative asked for.
 * memberOf is read only for a COOPERATIVE viewer: the OWN rule (matrix OWNERS.BorderResident) is
 * false for every other agency whatever the list, and the per-row subquery was two thirds of this
 * statement's time (8 of 12 ms for 2,950 members); other agencies get an empty list. `slim`:
 * SLIM_RESIDENT_COLUMNS only (typed as whole rows for the resolvers).
 */
export const membersByCooperativeIds = (db: DbOrTx, viewer: Viewer, ids: readonly string[], asOf: string, slim = false) =>
  rows<PrintedBorderResidentRow & { cooperativeId: string }>(db, sql`select ${slim ? slimResidentColumns : printedColumns(borderResidentsTable)},
      ${viewer.agency === 'COOPERATIVE'
        ? sql`array(select cm.cooperative_id::text from cooperative_memberships cm where cm.resident_id = "border_residents"."id")`
        : sql`'{}'::text[]`} as "memberOf",
      ${m.cooperativeId} as "cooperativeId"
    from ${m} join ${borderResidentsTable} on ${borderResidentsTable.id} = ${m.residentId}
    where ${and(anyOf(m.cooperativeId, ids), memberOnSql(asOf), residentScope(viewer))}
    order by ${borderResidentsTable.idNumber}`);

/** Roster sizes per cooperative id on a Beijing date (cooperatives without members are absent). */
export async function memberCountsByCooperativeIds(db: DbOrTx, ids: readonly string[], asOf: string): Promise<Map<string, number>> {
  const rows = await db.select({ id: m.cooperativeId, n: count() }).from(m)
    .where(and(anyOf(m.cooperativeId, ids), memberOnSql(asOf))).groupBy(m.cooperativeId);
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

/**
 * The cooperative each resident is a member of on a Beijing date (no row scope: the caller opens the
 * cooperative through the viewer's cooperative scope, as the former cooperative_id column was).
 */
export const cooperativesOfResidentsOn = (db: DbOrTx, ids: readonly string[], day: string) =>
  db.select({ residentId: m.residentId, cooperativeId: m.cooperativeId }).from(m).where(and(anyOf(m.residentId, ids), memberOnSql(day)));

/** Memberships of residents, oldest first, within the viewer's row scope (a COOPERATIVE: its own only). */
export const membershipsByResidentIds = (db: DbOrTx, viewer: Viewer, ids: readonly string[]) =>
  db.select().from(m).where(and(anyOf(m.residentId, ids), membershipScope(viewer))).orderBy(asc(m.joinedOn), asc(m.id));

// ── root queries (row-scoped) ──

/** One enterprise by id or USCC (already normalised), within the viewer's row scope. */
export async function findEnterprise(db: DbOrTx, viewer: Viewer, by: { id: string } | { uscc: string }): Promise<EnterpriseRow | null> {
  const where = 'id' in by ? eq(enterprisesTable.id, by.id) : eq(enterprisesTable.uscc, by.uscc);
  const [row] = await db.select().from(enterprisesTable).where(and(where, enterpriseScope(viewer))).limit(1);
  return row ?? null;
}

/**
 * Enterprises whose raw materials or any contract cover an HS code (either is a prefix of the other).
 * Only contracts the viewer may see count: a COOPERATIVE must not learn, through this filter, what its
 * counterparties signed with other cooperatives.
 */
function coversHsCode(hs: Param | Placeholder, viewer: Viewer) {
  const m = sql`exists (select 1 from unnest(${enterprisesTable.rawMaterials}) m where ${hs} like m || '%' or m like ${hs} || '%')`;
  const own = viewer.agency === 'COOPERATIVE' ? sql` and sc.cooperative_id = ${viewer.org}` : sql``;
  const c = sql`exists (select 1 from ${supplyContractsTable} sc, unnest(sc.hs_codes) p where sc.enterprise_id = ${enterprisesTable.id}${own} and (${hs} like p || '%' or p like ${hs} || '%'))`;
  return or(m, c);
}

/**
 * How a filter's values enter its statement: as parameters, or (a statement built once per shape,
 * listEnterprisesWith) as placeholders named `name`, filled per call with the values of
 * `enterpriseFilterValues`.
 */
type ValueOf = (name: string, value: unknown) => Param | Placeholder;
const asParam: ValueOf = (_name, value) => sql.param(value);
const asPlaceholder: ValueOf = (name) => sql.placeholder(name);

/** The enterprises filter (SPEC §12 EnterpriseFilter) within the viewer's row scope; one definition for the page and its count. */
const enterpriseFilter = (viewer: Viewer, f: EnterpriseFilter, v: ValueOf = asParam) => {
  const t = enterprisesTable;
  return [
    enterpriseScope(viewer),
    f.status?.length ? sql`${t.status} = any(${v('status', f.status)}::enterprise_status[])` : undefined,
    f.county ? sql`${t.county} = ${v('county', f.county)}` : undefined,
    f.nameContains ? sql`${t.name} ilike ${v('name', `%${escapeLike(f.nameContains)}%`)}` : undefined,
    f.hsCode ? coversHsCode(v('hs', f.hsCode), viewer) : undefined,
    f.updatedSince ? sql`${t.updatedAt} >= ${v('since', f.updatedSince.toISOString())}::timestamptz` : undefined,
  ];
};
/** The placeholders' values of enterpriseFilter(…, asPlaceholder), and the row scope's org. */
const enterpriseFilterValues = (viewer: Viewer, f: EnterpriseFilter) => ({
  org: orgOf(viewer), status: f.status, county: f.county, name: f.nameContains && `%${escapeLike(f.nameContains)}%`,
  hs: f.hsCode, since: f.updatedSince?.toISOString(),
});

export function listEnterprises(db: DbOrTx, viewer: Viewer, f: EnterpriseFilter, page: Page): Promise<ConnectionValue<EnterpriseRow>> {
  return paginate<EnterpriseRow>(db, enterprisesTable, enterpriseFilter(viewer, f), page);
}

/** The relations of a page of enterprises read in the page's own statement (listEnterprisesWith). */
export type EnterpriseRelations = { contracts?: PrintedSupplyContractRow[]; more?: unknown[] };

/**
 * The Enterprise fields a page may be asked with and still read only SLIM_ENTERPRISE_COLUMNS
 * (listEnterprisesWith's `slim`): plain columns, and the relations whose resolvers read nothing of
 * the row but its id. The customs processor query reads 7 of the 21 columns (issue 15: decoding
 * and mapping the other 14 of 100 rows cost postgres.js alone 0.2 ms per request).
 */
export const SLIM_ENTERPRISE_FIELDS: ReadonlySet<string> = new Set(['__typename', 'id', 'name', 'uscc', 'status', 'county', 'filingNo', 'contracts', 'cooperatives']);
const SLIM_ENTERPRISE_COLUMNS = ['id', 'updatedAt', 'name', 'uscc', 'status', 'county', 'filingNo'] as const;

/** What listEnterprisesWith reads with the page. */
export interface EnterprisePageReads {
  contracts: boolean;
  more: readonly PageColumn[];
  /** The contracts with SLIM_CONTRACT_COLUMNS only (contractsByEnterpriseIds' `slim`). */
  slimContracts?: boolean;
  /** Only SLIM_ENTERPRISE_COLUMNS (and the cursor's): the query asks nothing else of the rows (SLIM_ENTERPRISE_FIELDS). */
  slim?: boolean;
  /**
   * Each contract's cooperative read with it: these columns and its id, as `cooperative` (undefined:
   * not read ahead, SupplyContract.cooperative's loader reads it).
   */
  contractCooperative?: readonly ContractCooperativeColumn[];
}

/**
 * The enterprise's contracts as contractsByEnterpriseIds returns them for this viewer (same row
 * scope, same order, same printed values), as one JSON array.
 */
const contractsOfEnterpriseJson = (viewer: Viewer, slim: boolean, cooperative: readonly ContractCooperativeColumn[] = []) => {
  const columns = getTableColumns(cooperativesTable);
  // The cooperative's columns flat beside the contract's (a JSON object per contract cost PostgreSQL
  // twice as much); an inner join: a contract's cooperative is a not-null foreign key.
  const withCooperative = cooperative.length
    ? sql`, ${sql.join(cooperative.map((c) => sql`${columns[c]} as ${sql.identifier(`cooperative.${c}`)}`), sql`, `)}` : sql``;
  const join = cooperative.length ? sql` join ${cooperativesTable} on ${cooperativesTable.id} = ${supplyContractsTable.cooperativeId}` : sql``;
  return sql<PrintedSupplyContractRow[]>`(select coalesce(json_agg(c order by c."validFrom", c."id"), '[]')
  from (select ${slim ? slimContractColumns : printedJsonColumns(supplyContractsTable)}${withCooperative} from ${supplyContractsTable}${join}
    where ${and(eq(supplyContractsTable.enterpriseId, enterprisesTable.id), contractScope(viewer))}) c)`;
};

/** A contract read with its cooperative's columns (contractsOfEnterpriseJson) gets the cooperative as SupplyContract.cooperative returns it (in place: the row is this request's own). */
function withCooperativeRow(contract: Record<string, unknown>, columns: readonly ContractCooperativeColumn[]): PrintedSupplyContractRow {
  const cooperative: Record<string, unknown> = { id: contract.cooperativeId };
  for (const c of columns) cooperative[c] = contract[`cooperative.${c}`];
  contract.cooperative = cooperative;
  return contract as unknown as PrintedSupplyContractRow;
}

/**
 * A column of another module's Enterprise field read with the page (service.EnterpriseFieldReadAhead):
 * `column` is built once per statement shape, so it may depend on nothing but the enterprise's id
 * and the placeholders `value(name)` of its `values`.
 */
export interface PageColumn {
  key: string;
  column: (enterpriseId: SQL, value: (name: string) => Placeholder) => SQL;
  values: Record<string, unknown>;
}

/**
 * listEnterprises with each enterprise's contracts in the same statement (issue 15: the customs
 * processor query paid a round trip per level), and the `more` columns of other modules' fields
 * (service.EnterpriseFieldReadAhead), each given the enterprise's id. The caller primes the
 * request's loaders with them, so the field resolvers and their authorization see the rows the
 * loaders would have read. The contracts' cooperatives too, when they are asked only columns
 * (contractCooperative): SupplyContract.cooperative then returns them without a loader and a promise
 * per contract, and the request has one statement instead of two (README, round 12).
 *
 * The statement's text is built once per shape (builtOnce: viewer's agency, which filters are
 * given, cursor or not, what is read ahead), every value a placeholder: drizzle's select builder
 * rebuilt and re-rendered it on every request (~6 % of the customs processor query's CPU). Same
 * conditions, order, rows and values as listEnterprises (read-ahead.test.ts compares the two).
 */
export async function listEnterprisesWith(
  db: DbOrTx, viewer: Viewer, f: EnterpriseFilter, page: Page,
  read: EnterprisePageReads,
): Promise<{ connection: ConnectionValue<EnterpriseRow>; extras: EnterpriseRelations[] }> {
  const limit = pageSize(page.first);
  const after = page.after ? decodeCursor(page.after) : undefined;
  const shape = [viewer.agency, f.status?.length ? 's' : '', f.county ? 'c' : '', f.nameContains ? 'n' : '', f.hsCode ? 'h' : '',
    f.updatedSince ? 'u' : '', after ? 'a' : '', read.contracts ? (read.slimContracts ? 'c' : 'C') : '', read.contracts ? `k:${read.contractCooperative?.join(',') ?? '-'}` : '', read.slim ? 'S' : '', ...read.more.map((m) => m.key)].join('|');
  let statement = enterprisePages.get(shape);
  if (!statement) {
    statement = builtOnce(() => enterprisePageSql(viewer.agency, f, Boolean(after), read));
    enterprisePages.set(shape, statement);
  }
  const values: Record<string, unknown> = {
    ...enterpriseFilterValues(viewer, f), afterAt: after?.updatedAt.toISOString(), afterId: after?.id, limit: limit + 1,
  };
  read.more.forEach((m, k) => { for (const [name, v] of Object.entries(m.values)) values[`m${k}_${name}`] = v; });
  // first: 0 still reads one row, so hasNextPage tells a client whether anything is there.
  const rows = await statement<Record<string, unknown>>(db, values);
  const cooperative = read.contractCooperative;
  const contractsOf = (found: Record<string, unknown>[]) =>
    cooperative ? found.map((c) => withCooperativeRow(c, cooperative)) : found as unknown as PrintedSupplyContractRow[];
  const read_ = rows.slice(0, limit);
  // A slim row has only SLIM_ENTERPRISE_COLUMNS: the caller asked for nothing else (typed as a whole row for the resolvers).
  const rowsOfPage = read.slim ? slimEnterpriseRows as unknown as TableRows<EnterpriseRow> : enterpriseRows;
  const connection = connectionOfRows(read_.map((r) => rowsOfPage.map(r)), rows.length > limit,
    () => db.select({ n: count() }).from(enterprisesTable).where(and(...enterpriseFilter(viewer, f))).then((r) => Number(r[0]?.n ?? 0)));
  return {
    connection,
    extras: read_.map((r) => ({
      ...(read.contracts ? { contracts: contractsOf(r.contracts as Record<string, unknown>[]) } : {}),
      ...(read.more.length ? { more: r.more as unknown[] } : {}),
    })),
  };
}

const enterprisePages = new Map<string, ReturnType<typeof builtOnce>>();
const enterpriseRows = tableRows<EnterpriseRow>(enterprisesTable);
const slimEnterpriseRows = someTableRows<EnterpriseRow, (typeof SLIM_ENTERPRISE_COLUMNS)[number]>(enterprisesTable, SLIM_ENTERPRISE_COLUMNS);

/** The page's statement for one shape: enterpriseFilter, the cursor and the read-ahead with placeholders. */
function enterprisePageSql(agency: Agency, f: EnterpriseFilter, after: boolean, read: EnterprisePageReads): SQL {
  const p = sql.placeholder;
  // The row scope's org is a placeholder too: the viewer given to the policy stands for every viewer of this agency.
  const anyViewer = { agency, org: p('org') as unknown as string, sub: '' } as Viewer;
  const t = enterprisesTable;
  const where = and(
    ...enterpriseFilter(anyViewer, f, asPlaceholder),
    after ? sql`(${t.updatedAt} > ${p('afterAt')}::timestamptz or (${t.updatedAt} = ${p('afterAt')}::timestamptz and ${t.id} > ${p('afterId')}::uuid))` : undefined,
  ) ?? sql`true`;
  const id = sql`${t.id}`;
  const extras = [
    read.contracts ? sql`, ${contractsOfEnterpriseJson(anyViewer, Boolean(read.slimContracts), read.contractCooperative)} as "contracts"` : undefined,
    read.more.length
      ? sql`, json_build_array(${sql.join(read.more.map((m, k) => m.column(id, (name) => p(`m${k}_${name}`))), sql`, `)}) as "more"`
      : undefined,
  ];
  return sql`select ${(read.slim ? slimEnterpriseRows : enterpriseRows).columns}${sql.join(extras.filter((x) => x !== undefined), sql``)} from ${t}
    where ${where} order by ${t.updatedAt}, ${t.id} limit ${p('limit')}`;
}

/** One cooperative by id or filing number (trimmed), within the viewer's row scope. */
export async function findCooperative(db: DbOrTx, viewer: Viewer, by: { id: string } | { filingNo: string }): Promise<CooperativeRow | null> {
  const where = 'id' in by ? eq(cooperativesTable.id, by.id) : eq(cooperativesTable.filingNo, by.filingNo);
  const [row] = await db.select().from(cooperativesTable).where(and(where, cooperativeScope(viewer))).limit(1);
  return row ?? null;
}

/**
 * Cooperatives under a filter. `activeInWindow` is the condition "approved (else filed) or declared
 * within the dormancy window" on a cooperative's id column and the instant it entered the pilot
 * (market's rule, over the customs table): the `dormant` filter keeps the rows where it fails (true)
 * or holds (false), in the same statement.
 */
export function listCooperatives(
  db: DbOrTx, viewer: Viewer, f: CooperativeFilter, page: Page, activeInWindow: (cooperativeId: AnyPgColumn, enteredAt: SQL) => SQL,
): Promise<ConnectionValue<CooperativeRow>> {
  const active = () => activeInWindow(cooperativesTable.id, sql`coalesce(${cooperativesTable.filedAt}, ${cooperativesTable.createdAt})`);
  return paginate<CooperativeRow>(db, cooperativesTable, [
    cooperativeScope(viewer),
    f.status?.length ? inArray(cooperativesTable.status, f.status) : undefined,
    f.township ? eq(cooperativesTable.township, f.township) : undefined,
    f.nameContains ? ilike(cooperativesTable.name, `%${escapeLike(f.nameContains)}%`) : undefined,
    f.dormant == null ? undefined : f.dormant ? not(active()) : active(),
    f.updatedSince ? gte(cooperativesTable.updatedAt, f.updatedSince) : undefined,
  ], page);
}

/** A border resident by (normalised) ID number, within the viewer's row scope. */
export async function findResident(db: DbOrTx, viewer: Viewer, idNumber: string): Promise<BorderResidentRow | null> {
  const [row] = await db.select(residentColumns).from(borderResidentsTable)
    .where(and(eq(borderResidentsTable.idNumber, idNumber), residentScope(viewer))).limit(1);
  return row ?? null;
}

/** A filed enterprise and cooperative to show in the start-up token hint (the first by filing number). */
export async function sampleFiledOrgs(db: DbOrTx): Promise<{ enterprise?: string; cooperative?: string }> {
  const [e] = await db.select({ id: enterprisesTable.id }).from(enterprisesTable).where(eq(enterprisesTable.status, 'FILED')).orderBy(asc(enterprisesTable.filingNo)).limit(1);
  const [c] = await db.select({ id: cooperativesTable.id }).from(cooperativesTable).where(eq(cooperativesTable.status, 'FILED')).orderBy(asc(cooperativesTable.filingNo)).limit(1);
  return { enterprise: e?.id, cooperative: c?.id };
}

// ── filings (SPEC §4) ──

/** The next filing number of the Beijing year of `now`. */
export async function nextFilingNo(tx: Tx, kind: 'E' | 'C', now: Date): Promise<string> {
  const year = Number(beijingDate(now).slice(0, 4));
  // The upsert takes a row lock held to commit: concurrent filings get consecutive numbers.
  const [r] = await tx.insert(filingCountersTable).values({ kind, year, last: 1 })
    .onConflictDoUpdate({ target: [filingCountersTable.kind, filingCountersTable.year], set: { last: sql`${filingCountersTable.last} + 1` } })
    .returning({ last: filingCountersTable.last });
  return formatFilingNo(kind, year, r!.last);
}

export async function insertEnterprise(tx: DbOrTx, values: NewEnterprise): Promise<EnterpriseRow> {
  const [row] = await tx.insert(enterprisesTable).values(values).returning();
  return row!;
}

/** PENDING → FILED; undefined when the enterprise is missing or not PENDING. */
export async function approvePendingEnterprise(db: DbOrTx, id: string): Promise<EnterpriseRow | undefined> {
  const [row] = await db.update(enterprisesTable).set({ status: 'FILED', filedAt: new Date() })
    .where(and(eq(enterprisesTable.id, id), eq(enterprisesTable.status, 'PENDING'))).returning();
  return row;
}


export async function insertCooperative(tx: DbOrTx, values: NewCooperative): Promise<CooperativeRow> {
  const [row] = await tx.insert(cooperativesTable).values(values).returning();
  return row!;
}

/** PENDING → FILED; undefined when the cooperative is missing or not PENDING. */
export async function approvePendingCooperative(db: DbOrTx, id: string): Promise<CooperativeRow | undefined> {
  const [row] = await db.update(cooperativesTable).set({ status: 'FILED', filedAt: new Date() })
    .where(and(eq(cooperativesTable.id, id), eq(cooperativesTable.status, 'PENDING'))).returning();
  return row;
}


export interface RosterMember {
  name: string; idNumber: string; township: string | null; county: string;
  residenceBasis: 'HUKOU' | 'HABITUAL'; residencePresumed: boolean;
}

/**
 * Registers the roster's residents or refreshes their name and township, in ID-number order (the
 * order every writer of resident rows locks in: concurrent rosters and declaration batches queue,
 * never deadlock). The upsert row-locks each resident to the commit, so two concurrent roster writes
 * naming one person run their membership checks one after the other.
 */
export async function upsertRosterResidents(tx: Tx, source: Agency, members: readonly RosterMember[]): Promise<{ id: string; idNumber: string }[]> {
  const sorted = [...members].sort((a, b) => (a.idNumber < b.idNumber ? -1 : a.idNumber > b.idNumber ? 1 : 0));
  return tx.insert(borderResidentsTable)
    .values(sorted.map((r) => ({ ...r, source })))
    .onConflictDoUpdate({
      target: borderResidentsTable.idNumber,
      // A residence stated on the roster replaces the stored one; a presumed one keeps what is stored (SPEC §14).
      set: {
        name: sql`excluded.name`, updatedAt: new Date(),
        township: sql`case when excluded.residence_presumed then ${borderResidentsTable.township} else excluded.township end`,
        county: sql`case when excluded.residence_presumed then ${borderResidentsTable.county} else excluded.county end`,
        residenceBasis: sql`case when excluded.residence_presumed then ${borderResidentsTable.residenceBasis} else excluded.residence_basis end`,
        residencePresumed: sql`excluded.residence_presumed and ${borderResidentsTable.residencePresumed}`,
      },
    })
    .returning({ id: borderResidentsTable.id, idNumber: borderResidentsTable.idNumber });
}

/** Memberships of these residents that overlap [from, to) (to null: open-ended), with the cooperative's filing number. */
export function overlappingMemberships(tx: DbOrTx, residentIds: readonly string[], from: string, to: string | null) {
  return tx.select({ residentId: m.residentId, cooperativeId: m.cooperativeId, filingNo: cooperativesTable.filingNo, joinedOn: m.joinedOn, leftOn: m.leftOn })
    .from(m).innerJoin(cooperativesTable, eq(cooperativesTable.id, m.cooperativeId))
    .where(and(anyOf(m.residentId, [...residentIds]), or(isNull(m.leftOn), gt(m.leftOn, from)), to == null ? undefined : lt(m.joinedOn, to)));
}

export async function insertMemberships(tx: Tx, source: Agency, cooperativeId: string, residentIds: readonly string[], joinedOn: string): Promise<void> {
  if (!residentIds.length) return;
  await tx.insert(m).values(residentIds.map((residentId) => ({ cooperativeId, residentId, joinedOn, source })));
}

/** The membership of a resident in a cooperative that is still running on `day` (joinedOn < day, not left by then), locked. */
export async function membershipRunningOn(tx: Tx, cooperativeId: string, residentId: string, day: string): Promise<MembershipRow | undefined> {
  const [row] = await tx.select().from(m)
    .where(and(eq(m.cooperativeId, cooperativeId), eq(m.residentId, residentId), lt(m.joinedOn, day), or(isNull(m.leftOn), gt(m.leftOn, day))))
    .for('update');
  return row;
}

/** The resident's membership in this cooperative that begins on or after `day` and is open, if any. */
export async function openMembershipFrom(tx: DbOrTx, cooperativeId: string, residentId: string, day: string): Promise<MembershipRow | undefined> {
  const [row] = await tx.select().from(m)
    .where(and(eq(m.cooperativeId, cooperativeId), eq(m.residentId, residentId), gte(m.joinedOn, day), isNull(m.leftOn))).limit(1);
  return row;
}

export async function setMembershipLeftOn(tx: Tx, id: string, leftOn: string): Promise<void> {
  await tx.update(m).set({ leftOn }).where(eq(m.id, id));
}

/**
 * A cooperative's exit (SPEC §14): its memberships running on `exitOn` end that day; memberships
 * that would only begin on or after it never start (deleted). Returns the residents concerned.
 */
export async function endMemberships(tx: DbOrTx, cooperativeId: string, exitOn: string): Promise<string[]> {
  const ended = await tx.update(m).set({ leftOn: exitOn })
    .where(and(eq(m.cooperativeId, cooperativeId), lt(m.joinedOn, exitOn), or(isNull(m.leftOn), gt(m.leftOn, exitOn))))
    .returning({ residentId: m.residentId });
  const dropped = await tx.delete(m).where(and(eq(m.cooperativeId, cooperativeId), gte(m.joinedOn, exitOn))).returning({ residentId: m.residentId });
  const ids = [...new Set([...ended, ...dropped].map((r) => r.residentId))];
  await touchResidents(tx, ids);
  return ids;
}

/**
 * A roster change changes what a resident's and a cooperative's readers see (memberships, members,
 * memberCount): their updatedAt moves, so incremental sync by updatedSince and the change feed
 * (an UPSERT of the row) pick it up.
 */
export async function touchResidents(tx: DbOrTx, ids: readonly string[]): Promise<void> {
  if (ids.length) await tx.update(borderResidentsTable).set({ updatedAt: new Date() }).where(anyOf(borderResidentsTable.id, [...ids]));
}

export async function touchCooperative(tx: DbOrTx, id: string): Promise<CooperativeRow | undefined> {
  const [row] = await tx.update(cooperativesTable).set({ updatedAt: new Date() }).where(eq(cooperativesTable.id, id)).returning();
  return row;
}

/** A resident by normalised ID number (no row scope: a write path of COMMERCE). */
export async function residentIdByIdNumber(db: DbOrTx, idNumber: string): Promise<string | undefined> {
  const [row] = await db.select({ id: borderResidentsTable.id }).from(borderResidentsTable).where(eq(borderResidentsTable.idNumber, idNumber));
  return row?.id;
}

// ── supply contracts ──

/** Locks an enterprise FOR SHARE: a concurrent status change (exit, suspension) waits for the commit. */
export async function lockEnterpriseForShare(tx: Tx, id: string): Promise<EnterpriseRow | undefined> {
  const [row] = await tx.select().from(enterprisesTable).where(eq(enterprisesTable.id, id)).for('share');
  return row;
}

/** Locks a cooperative FOR SHARE: a concurrent status change (exit) waits for the commit. */
export async function lockCooperativeForShare(tx: Tx, id: string): Promise<CooperativeRow | undefined> {
  const [row] = await tx.select().from(cooperativesTable).where(eq(cooperativesTable.id, id)).for('share');
  return row;
}

export async function insertSupplyContract(tx: DbOrTx, values: NewSupplyContract): Promise<SupplyContractRow> {
  const [row] = await tx.insert(supplyContractsTable).values(values).returning();
  return row!;
}

// ── supervision writes (market regulation, SPEC §7): called inside market's transaction ──

/** Whether an enterprise or cooperative with this id exists. */
export async function partyExists(db: DbOrTx, type: PartyType, id: string): Promise<boolean> {
  const t = type === 'ENTERPRISE' ? enterprisesTable : cooperativesTable;
  const [row] = await db.select({ id: t.id }).from(t).where(eq(t.id, id)).limit(1);
  return !!row;
}

/**
 * Locks an enterprise or cooperative FOR UPDATE for the rest of the transaction, so two
 * simultaneous supervision decisions on one party are counted one after the other.
 */
export async function lockPartyForUpdate(tx: Tx, type: PartyType, id: string): Promise<{ id: string; status: EnterpriseStatus; filingNo: string } | undefined> {
  const t = type === 'ENTERPRISE' ? enterprisesTable : cooperativesTable;
  const [row] = await tx.select({ id: t.id, status: t.status, filingNo: t.filingNo }).from(t).where(eq(t.id, id)).for('update');
  return row;
}

/**
 * The cause the status-history trigger records for the status changes of this transaction
 * (SPEC §15; migration party_status_history_trigger). Transaction-local.
 */
async function setStatusCause(tx: DbOrTx, cause: string | undefined): Promise<void> {
  if (cause) await tx.execute(sql`select set_config('hub.status_cause', ${cause}, true)`);
}

export async function setEnterpriseStatus(tx: DbOrTx, id: string, status: EnterpriseStatus, cause?: string): Promise<void> {
  await setStatusCause(tx, cause);
  await tx.update(enterprisesTable).set({ status }).where(eq(enterprisesTable.id, id));
}

export async function setCooperativeStatus(tx: DbOrTx, id: string, status: CooperativeStatus, cause?: string): Promise<void> {
  await setStatusCause(tx, cause);
  await tx.update(cooperativesTable).set({ status }).where(eq(cooperativesTable.id, id));
}

/**
 * Ends a party's contracts from `decidedOn` (SPEC §7 consequences): a contract still valid on
 * or after that day gets validTo = min(validTo, decidedOn − 1) and terminatedOn = decidedOn, so the
 * customs check validFrom ≤ date ≤ validTo fails for any later date. A contract that had not
 * started (validFrom ≥ decidedOn) cannot be cut below its validFrom (check constraint): it keeps
 * its dates and is ended by terminatedOn and by its party's status.
 */
export async function endContracts(tx: DbOrTx, partyType: PartyType, partyId: string, decidedOn: string): Promise<void> {
  const party = partyType === 'ENTERPRISE' ? supplyContractsTable.enterpriseId : supplyContractsTable.cooperativeId;
  const lastDay = sql`(${decidedOn}::date - 1)`;
  await tx.update(supplyContractsTable).set({
    validTo: sql`case when ${supplyContractsTable.validFrom} <= ${lastDay} then least(${supplyContractsTable.validTo}, ${lastDay}) else ${supplyContractsTable.validTo} end`,
    terminatedOn: decidedOn,
  }).where(and(eq(party, partyId), gte(supplyContractsTable.validTo, decidedOn), isNull(supplyContractsTable.terminatedOn)));
}

/** Another cooperative that already holds a business licence number, if any (ended filings, EXITED, aside: a re-filing keeps its code). */
export async function cooperativeHoldingLicence(tx: DbOrTx, licenseNo: string, exceptId: string): Promise<{ id: string; filingNo: string } | undefined> {
  const [other] = await tx.select({ id: cooperativesTable.id, filingNo: cooperativesTable.filingNo }).from(cooperativesTable)
    .where(and(eq(cooperativesTable.licenseNo, licenseNo), sql`${cooperativesTable.id} <> ${exceptId}`, sql`${cooperativesTable.status} <> 'EXITED'`)).limit(1);
  return other;
}

/** Sets (or replaces) a cooperative's business licence number; undefined when there is no such cooperative. */
export async function setCooperativeLicence(tx: DbOrTx, id: string, licenseNo: string): Promise<CooperativeRow | undefined> {
  const [row] = await tx.update(cooperativesTable).set({ licenseNo }).where(eq(cooperativesTable.id, id)).returning();
  return row;
}

// ── used by ledger ──

/**
 * The enterprises as a relation to join in another module's statement (ledger totals, reports):
 * columns id, name, uscc, filing_no, status, declared_loss_rate, filed_at. Alias it, e.g. `from ${enterprisesSql()} e`.
 */
export function enterprisesSql(): SQL {
  return sql`(select id, name, uscc, filing_no, status, declared_loss_rate, filed_at from ${enterprisesTable})`;
}

// ── used by tax ──

/** Which of these ids are enterprises: one statement. */
export async function existingEnterpriseIds(db: DbOrTx, ids: readonly string[]): Promise<string[]> {
  if (!ids.length) return [];
  return (await db.select({ id: enterprisesTable.id }).from(enterprisesTable).where(anyOf(enterprisesTable.id, [...ids]))).map((e) => e.id);
}

// ── used by reports ──

/** Names of the enterprises with these ids: one statement. */
export async function enterpriseNamesByIds(db: DbOrTx, ids: readonly string[]): Promise<{ id: string; name: string }[]> {
  if (!ids.length) return [];
  return db.select({ id: enterprisesTable.id, name: enterprisesTable.name }).from(enterprisesTable).where(anyOf(enterprisesTable.id, [...ids]));
}

/** Names of the cooperatives with these ids: one statement. */
export async function cooperativeNamesByIds(db: DbOrTx, ids: readonly string[]): Promise<{ id: string; name: string }[]> {
  if (!ids.length) return [];
  return db.select({ id: cooperativesTable.id, name: cooperativesTable.name }).from(cooperativesTable).where(anyOf(cooperativesTable.id, [...ids]));
}

// ── used by customs ──

/** Residents by row id (the declarant of a declaration). */
export const residentsByIds = (db: DbOrTx, ids: readonly string[]): Promise<BorderResidentRow[]> =>
  db.select(residentColumns).from(borderResidentsTable).where(anyOf(borderResidentsTable.id, [...ids]));

/** Residents by ID number (declarants of a batch, agents of declarations). */
export const residentsByIdNumbers = (db: DbOrTx, idNumbers: readonly string[]): Promise<BorderResidentRow[]> =>
  db.select(residentColumns).from(borderResidentsTable).where(anyOf(borderResidentsTable.idNumber, [...idNumbers], 'text'));

/**
 * Where the residents with these ID numbers live (a batch's declarants and agents, SPEC §14), and
 * nothing else: residentsByIdNumbers also reads every member-of list, one subquery per resident
 * (8–28 ms of a 1,000-row batch, for a list the batch never looks at).
 */
export const residencesByIdNumbers = (db: DbOrTx, idNumbers: readonly string[]) => {
  const t = borderResidentsTable;
  return db.select({ id: t.id, idNumber: t.idNumber, county: t.county, township: t.township, residenceBasis: t.residenceBasis, residencePresumed: t.residencePresumed })
    .from(t).where(anyOf(t.idNumber, [...idNumbers], 'text'));
};

/** Every membership of the residents with these ID numbers (declarants and agents of a batch: SPEC §14 checks on the declaration's date). */
export const membershipsByIdNumbers = (db: DbOrTx, idNumbers: readonly string[]) =>
  db.select({ idNumber: borderResidentsTable.idNumber, cooperativeId: m.cooperativeId, joinedOn: m.joinedOn, leftOn: m.leftOn })
    .from(m).innerJoin(borderResidentsTable, eq(borderResidentsTable.id, m.residentId))
    .where(anyOf(borderResidentsTable.idNumber, [...idNumbers], 'text'));

/** Status, filing number and licence (credit code) of cooperatives (the declaring cooperative of a batch's rows). */
export const cooperativeStatuses = (db: DbOrTx, ids: readonly string[]) =>
  db.select({ id: cooperativesTable.id, status: cooperativesTable.status, filingNo: cooperativesTable.filingNo, licenseNo: cooperativesTable.licenseNo })
    .from(cooperativesTable).where(anyOf(cooperativesTable.id, [...ids]));

/** Status, filing number and USCC of enterprises (the destinations of a batch's rows). */
export const enterpriseStatuses = (db: DbOrTx, ids: readonly string[]) =>
  db.select({ id: enterprisesTable.id, status: enterprisesTable.status, filingNo: enterprisesTable.filingNo, uscc: enterprisesTable.uscc })
    .from(enterprisesTable).where(anyOf(enterprisesTable.id, [...ids]));

/** Every contract between one of the cooperatives and one of the enterprises. */
export const contractsBetween = (db: DbOrTx, cooperativeIds: readonly string[], enterpriseIds: readonly string[]) =>
  db.select().from(supplyContractsTable)
    .where(and(anyOf(supplyContractsTable.cooperativeId, [...cooperativeIds]), anyOf(supplyContractsTable.enterpriseId, [...enterpriseIds])));

/** A resident a declaration batch registers: residence given (declarantResidence) or presumed (SPEC §14). */
export interface NewDeclarant { id_number: string; name: string; county: string; township: string | null; residence_basis: 'HUKOU' | 'HABITUAL'; residence_presumed: boolean }

/**
 * Registers residents a declaration batch names, in ID-number order; one registered meanwhile by
 * another writer is left alone (on conflict nothing) and not returned.
 */
export const insertResidentsIfMissing = (tx: Tx, source: Agency, fresh: readonly NewDeclarant[]) =>
  rows<{ id: string; id_number: string; name: string }>(tx, sql`
      insert into border_residents (name, id_number, county, township, residence_basis, residence_presumed, source)
      select x.name, x.id_number, x.county, x.township, x.residence_basis::residence_basis, x.residence_presumed, ${source}::agency
        from jsonb_to_recordset(${JSON.stringify(fresh)}::jsonb)
          as x(name text, id_number text, county text, township text, residence_basis text, residence_presumed boolean)
       order by x.id_number
      on conflict (id_number) do nothing
      returning id, id_number, name`);

/**
 * Locks the residents' rows FOR NO KEY UPDATE in ID-number order (the caller passes them sorted):
 * serialises one declarant's writers without blocking foreign-key checks; sorted, so concurrent
 * lockers queue and never deadlock.
 */
export const lockResidents = (tx: Tx, idNumbers: readonly string[]) =>
  tx.select({ id: borderResidentsTable.id, idNumber: borderResidentsTable.idNumber }).from(borderResidentsTable)
    .where(anyOf(borderResidentsTable.idNumber, [...idNumbers], 'text')).orderBy(borderResidentsTable.idNumber).for('no key update');

export async function deleteResidents(tx: Tx, ids: readonly string[]): Promise<void> {
  await tx.delete(borderResidentsTable).where(anyOf(borderResidentsTable.id, [...ids]));
}

export async function renameResident(tx: Tx, id: string, name: string): Promise<void> {
  await tx.update(borderResidentsTable).set({ name }).where(eq(borderResidentsTable.id, id));
}

// ── used by the query cost limit (src/graphql/list-bounds.ts) ──

/** The largest fan-outs of the registry's unpaged lists, in one statement (0 when empty). */
export async function registryFanouts(db: DbOrTx): Promise<{ membersPerCooperative: number; membershipsPerResident: number; contractsPerEnterprise: number; contractsPerCooperative: number; cooperativesPerEnterprise: number; enterprises: number }> {
  // Members on any one date are at most the cooperative's memberships ever (a bound, not a count).
  const [r] = await rows<Record<string, string | number | null>>(db, sql`select
    (select max(n) from (select count(*) n from ${m} group by cooperative_id) x) as members,
    (select max(n) from (select count(*) n from ${m} group by resident_id) x) as memberships,
    (select max(n) from (select count(*) n from ${supplyContractsTable} group by enterprise_id) x) as ent_contracts,
    (select max(n) from (select count(*) n from ${supplyContractsTable} group by cooperative_id) x) as coop_contracts,
    (select max(n) from (select count(distinct cooperative_id) n from ${supplyContractsTable} group by enterprise_id) x) as ent_coops,
    (select count(*) from ${enterprisesTable}) as enterprises`);
  const n = (v: unknown) => Number(v ?? 0);
  return {
    membersPerCooperative: n(r?.members), membershipsPerResident: n(r?.memberships), contractsPerEnterprise: n(r?.ent_contracts), contractsPerCooperative: n(r?.coop_contracts),
    cooperativesPerEnterprise: n(r?.ent_coops), enterprises: n(r?.enterprises),
  };
}

// ── used by feed ──
/** Row scope of the registry's entities for the change feed (SPEC §16), per ChangeEntity name. */
export function feedVisibleIds(v: Viewer): VisibleIds {
  return {
    ENTERPRISE: idsWhere(enterprisesTable, enterpriseScope(v)),
    COOPERATIVE: idsWhere(cooperativesTable, cooperativeScope(v)),
    BORDER_RESIDENT: idsWhere(borderResidentsTable, residentScope(v)),
    SUPPLY_CONTRACT: idsWhere(supplyContractsTable, contractScope(v)),
  };
}


// ── status history (SPEC §15) ──────────────────────────────────────────────────────────────

/** Status intervals of enterprises (or cooperatives), oldest first: one statement per batch of ids. */
export function statusHistoryOf(db: DbOrTx, type: PartyType, ids: readonly string[]): Promise<StatusChangeRow[]> {
  const col = type === 'ENTERPRISE' ? partyStatusHistoryTable.enterpriseId : partyStatusHistoryTable.cooperativeId;
  return db.select().from(partyStatusHistoryTable).where(anyOf(col, ids))
    .orderBy(asc(partyStatusHistoryTable.fromAt), asc(partyStatusHistoryTable.toAt));
}

// ── used by reports ──

/**
 * SQL condition: enterprise `enterpriseId` was FILED, WARNED or SUSPENDED at some instant of
 * [fromAt, toAt) (its status history; SPEC §15 monthly return), whatever its status today.
 */
export function enterpriseWasInPilotSql(enterpriseId: SQL, fromAt: Date, toAt: Date): SQL {
  const h = partyStatusHistoryTable;
  return sql`exists (select 1 from ${h} where ${h.enterpriseId} = ${enterpriseId} and ${h.status} in ('FILED', 'WARNED', 'SUSPENDED')
    and ${h.fromAt} < ${toAt.toISOString()}::timestamptz and (${h.toAt} is null or ${h.toAt} > ${fromAt.toISOString()}::timestamptz))`;
}

/** SQL condition: cooperative `cooperativeId` was FILED or WARNED at some instant of [fromAt, toAt) (status history). */
export function cooperativeWasInPilotSql(cooperativeId: SQL, fromAt: Date, toAt: Date): SQL {
  const h = partyStatusHistoryTable;
  return sql`exists (select 1 from ${h} where ${h.cooperativeId} = ${cooperativeId} and ${h.status} in ('FILED', 'WARNED')
    and ${h.fromAt} < ${toAt.toISOString()}::timestamptz and (${h.toAt} is null or ${h.toAt} > ${fromAt.toISOString()}::timestamptz))`;
}

/** Ids of all enterprises / cooperatives (as relations `e`, `c` of one column id). */
export const enterpriseIdsSql = (): SQL => sql`(select id from ${enterprisesTable})`;
export const cooperativeIdsSql = (): SQL => sql`(select id from ${cooperativesTable})`;

// ── border townships (SPEC §14): reference data kept by COMMERCE ──────────────────────────────

/**
 * The whole border-township list, in (county, township, validFrom) order. An async function, so
 * the caller gets a settled promise to cache (a drizzle query is a thenable that runs again on
 * every await).
 */
export async function borderTownships(db: DbOrTx): Promise<BorderTownshipRow[]> {
  return db.select().from(borderTownshipsTable)
    .orderBy(asc(borderTownshipsTable.county), asc(borderTownshipsTable.township), asc(borderTownshipsTable.validFrom));
}

const byListOrder = (a: BorderTownshipRow, b: BorderTownshipRow) =>
  a.county.localeCompare(b.county) || (a.township < b.township ? -1 : a.township > b.township ? 1 : 0) || a.validFrom.localeCompare(b.validFrom);

/**
 * The same list through the reference cache (db/reference-cache.ts, migration reference_versions):
 * one small statement per call, the rows re-read only after a change by any instance.
 */
const townshipCache = referenceCache<BorderTownshipRow, readonly BorderTownshipRow[]>({
  table: 'border_townships',
  rows: sql`select county, township, valid_from::text as "validFrom", valid_to::text as "validTo" from ${borderTownshipsTable}`,
  build: (list) => Object.freeze([...list].sort(byListOrder)),
});
export const cachedBorderTownships = (db: DbOrTx) => townshipCache.get(db);

/**
 * Replaces the list in the caller's transaction. The table lock queues a concurrent replacement
 * behind this one (the second then replaces the first's list whole, never a mix of the two);
 * readers are not blocked.
 */
export async function replaceBorderTownships(tx: Tx, entries: readonly BorderTownshipRow[]): Promise<BorderTownshipRow[]> {
  await tx.execute(sql`lock table ${borderTownshipsTable} in share row exclusive mode`);
  await tx.delete(borderTownshipsTable);
  if (entries.length) await tx.insert(borderTownshipsTable).values([...entries]);
  return borderTownships(tx);
}

// ── used by market (SPEC §14: the dishonest list is keyed by the subject's credit code) ──

/** A party's filing number and credit code (an enterprise's USCC, a cooperative's licence number, null without one). */
export async function partyCreditCode(db: DbOrTx, type: PartyType, id: string): Promise<{ id: string; filingNo: string; creditCode: string | null } | undefined> {
  const [row] = type === 'ENTERPRISE'
    ? await db.select({ id: enterprisesTable.id, filingNo: enterprisesTable.filingNo, creditCode: enterprisesTable.uscc }).from(enterprisesTable).where(eq(enterprisesTable.id, id))
    : await db.select({ id: cooperativesTable.id, filingNo: cooperativesTable.filingNo, creditCode: cooperativesTable.licenseNo }).from(cooperativesTable).where(eq(cooperativesTable.id, id));
  return row;
}
