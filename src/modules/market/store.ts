/**
 * Every SQL statement on the market-regulation tables (shops, inspections, supervision actions,
 * the dishonest list). Writes take the caller's transaction; row scope (policy.ts) is applied here.
 */
import { idsWhere, type VisibleIds } from '../../db/visible-ids';
import { and, desc, eq, gte, ilike, inArray, lte, max, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Viewer } from '../../authz/agencies';
import type { DbOrTx, Tx } from '../../db/client';
import { paginate, type ConnectionValue } from '../../shared/pagination';
import { shopScope, subjectScope } from './policy';
import {
  dishonestListEntriesTable, inspectionsTable, shopsTable, supervisionActionsTable,
  type DishonestListEntryRow, type InspectionRow, type ShopRow, type SupervisionActionRow,
} from './table';
import type { DishonestListFilter, InspectionFilter, ShopFilter, SupervisionActionFilter } from './types';
import { anyOf, idEq } from '../../db/any-of';
import { cooperativeDeclaredSince } from '../customs';

export type { DishonestListEntryRow, InspectionRow, ShopRow, SupervisionActionRow };
export type NewShop = typeof shopsTable.$inferInsert;
export type NewInspection = typeof inspectionsTable.$inferInsert;
export type NewSupervisionAction = typeof supervisionActionsTable.$inferInsert;
export type NewDishonestListEntry = typeof dishonestListEntriesTable.$inferInsert;

interface Page { first?: number | null; after?: string | null }

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

// ── shops ──

/** Shops by id (reached as the subject of a record, whose row scope already applies). */
export const shopsByIds = (db: DbOrTx, ids: readonly string[]) =>
  db.select().from(shopsTable).where(inArray(shopsTable.id, [...ids]));

export function listShops(db: DbOrTx, viewer: Viewer, f: ShopFilter, page: Page): Promise<ConnectionValue<ShopRow>> {
  return paginate<ShopRow>(db, shopsTable, [
    shopScope(viewer),
    f.status?.length ? inArray(shopsTable.status, f.status) : undefined,
    f.stallNo ? eq(shopsTable.stallNo, f.stallNo.trim()) : undefined,
    f.nameContains ? ilike(shopsTable.name, `%${escapeLike(f.nameContains)}%`) : undefined,
    f.updatedSince ? gte(shopsTable.updatedAt, f.updatedSince) : undefined,
  ], page);
}

export async function insertShop(db: DbOrTx, values: NewShop): Promise<ShopRow> {
  const [row] = await db.insert(shopsTable).values(values).returning();
  return row!;
}

export async function shopExists(db: DbOrTx, id: string): Promise<boolean> {
  const [row] = await db.select({ id: shopsTable.id }).from(shopsTable).where(eq(shopsTable.id, id)).limit(1);
  return !!row;
}

// ── records about a subject (inspections, supervision actions, dishonest list) ──

type SubjectTable = typeof inspectionsTable | typeof supervisionActionsTable | typeof dishonestListEntriesTable;
interface SubjectFilter { subjectType?: string; subjectId?: string; from?: string; to?: string; updatedSince?: Date }

/** The filters every market record list shares: row scope, subject, date range (inclusive), updatedSince. */
function subjectFilters(viewer: Viewer, t: SubjectTable, day: PgColumn, f: SubjectFilter): (SQL | undefined)[] {
  return [
    subjectScope(viewer, t),
    f.subjectType ? eq(t.subjectType, f.subjectType as 'ENTERPRISE') : undefined,
    f.subjectId ? idEq(t.subjectId, f.subjectId) : undefined,
    f.from ? gte(day, f.from) : undefined,
    f.to ? lte(day, f.to) : undefined,
    f.updatedSince ? gte(t.updatedAt, f.updatedSince) : undefined,
  ];
}

export function listInspections(db: DbOrTx, viewer: Viewer, f: InspectionFilter, page: Page): Promise<ConnectionValue<InspectionRow>> {
  return paginate<InspectionRow>(db, inspectionsTable, [
    ...subjectFilters(viewer, inspectionsTable, inspectionsTable.inspectedOn, f),
    f.result?.length ? inArray(inspectionsTable.result, f.result) : undefined,
  ], page);
}

export function listSupervisionActions(db: DbOrTx, viewer: Viewer, f: SupervisionActionFilter, page: Page): Promise<ConnectionValue<SupervisionActionRow>> {
  return paginate<SupervisionActionRow>(db, supervisionActionsTable, [
    ...subjectFilters(viewer, supervisionActionsTable, supervisionActionsTable.decidedOn, f),
    f.reason?.length ? inArray(supervisionActionsTable.reason, f.reason) : undefined,
    f.action?.length ? inArray(supervisionActionsTable.action, f.action) : undefined,
  ], page);
}

export function listDishonestList(db: DbOrTx, viewer: Viewer, f: DishonestListFilter, page: Page): Promise<ConnectionValue<DishonestListEntryRow>> {
  return paginate<DishonestListEntryRow>(db, dishonestListEntriesTable, [
    ...subjectFilters(viewer, dishonestListEntriesTable, dishonestListEntriesTable.listedOn, f),
    f.status?.length ? inArray(dishonestListEntriesTable.status, f.status) : undefined,
  ], page);
}

export async function dishonestListEntryById(db: DbOrTx, id: string): Promise<DishonestListEntryRow | undefined> {
  const [row] = await db.select().from(dishonestListEntriesTable).where(eq(dishonestListEntriesTable.id, id));
  return row;
}

/** LISTED → REMOVED; undefined when the entry is missing or no longer LISTED. */
export async function removeDishonestListEntry(db: DbOrTx, id: string, removedOn: string, removalReason: string): Promise<DishonestListEntryRow | undefined> {
  const [row] = await db.update(dishonestListEntriesTable).set({ status: 'REMOVED', removedOn, removalReason })
    .where(and(eq(dishonestListEntriesTable.id, id), eq(dishonestListEntriesTable.status, 'LISTED'))).returning();
  return row;
}

/**
 * A cooperative or shop listed while it had no licence is keyed by its hub id; once market
 * regulation issues its licence (the credit code), the entry follows the code (SPEC §14).
 */
export async function rekeyHubIdEntries(tx: DbOrTx, subjectType: 'COOPERATIVE' | 'SHOP', subjectId: string, creditCode: string): Promise<void> {
  const t = dishonestListEntriesTable;
  await tx.update(t).set({ subjectKey: creditCode, keyKind: 'CREDIT_CODE' })
    .where(and(eq(t.subjectType, subjectType), eq(t.subjectId, subjectId), eq(t.keyKind, 'HUB_ID'), eq(t.status, 'LISTED')));
}

export async function insertInspection(db: DbOrTx, values: NewInspection): Promise<InspectionRow> {
  const [row] = await db.insert(inspectionsTable).values(values).returning();
  return row!;
}

export async function insertDishonestListEntry(db: DbOrTx, values: NewDishonestListEntry): Promise<DishonestListEntryRow> {
  const [row] = await db.insert(dishonestListEntriesTable).values(values).returning();
  return row!;
}

/** Lists a subject unless it is already on the list (an earlier entry stands). */
export async function insertDishonestListEntryIfAbsent(tx: DbOrTx, values: NewDishonestListEntry): Promise<void> {
  await tx.insert(dishonestListEntriesTable).values(values).onConflictDoNothing();
}

/**
 * A subject's earlier supervision actions: how many were DUTY_NOT_FULFILLED, the latest decision
 * date, and the latest of its serious warnings and rectifications (LADDER_ORDER, SPEC §14).
 */
export async function priorActions(tx: Tx, subjectType: 'ENTERPRISE' | 'COOPERATIVE', subjectId: string): Promise<{ dutyFailures: number; lastDecidedOn: string | null; lastWarningOrRectification: string | null }> {
  const t = supervisionActionsTable;
  const subject = and(eq(t.subjectType, subjectType), eq(t.subjectId, subjectId));
  const [[prior], [last]] = await Promise.all([
    tx.select({
      dutyFailures: sql<number>`count(*) filter (where ${t.reason} = 'DUTY_NOT_FULFILLED')`.mapWith(Number),
      lastDecidedOn: max(t.decidedOn),
    }).from(t).where(subject),
    tx.select({ action: t.action }).from(t)
      .where(and(subject, or(eq(t.action, 'SERIOUS_WARNING'), sql`${t.action}::text = 'RECTIFIED'`)))
      .orderBy(desc(t.decidedOn), desc(t.createdAt)).limit(1),
  ]);
  return { dutyFailures: prior?.dutyFailures ?? 0, lastDecidedOn: prior?.lastDecidedOn ?? null, lastWarningOrRectification: last?.action ?? null };
}

export async function insertSupervisionAction(tx: DbOrTx, values: NewSupervisionAction): Promise<SupervisionActionRow> {
  const [row] = await tx.insert(supervisionActionsTable).values(values).returning();
  return row!;
}

// ── used by registry and customs (SPEC §14 credit; wired in src/modules/wiring.ts) ──

/** What a SUBJECT_DISHONEST message names of a listing. */
export interface ListedEntry { id: string; subjectKey: string; basis: string; noticeOn: string; listedOn: string }

/** The LISTED entries among these keys (credit codes or hub ids), by key: one statement. */
export async function listedEntriesByKeys(db: DbOrTx, keys: readonly string[]): Promise<Map<string, ListedEntry>> {
  if (!keys.length) return new Map();
  const t = dishonestListEntriesTable;
  const found = await db.select({ id: t.id, subjectKey: t.subjectKey, basis: t.basis, noticeOn: t.noticeOn, listedOn: t.listedOn }).from(t)
    .where(and(anyOf(t.subjectKey, keys, 'text'), eq(t.status, 'LISTED')));
  return new Map(found.map((r) => [r.subjectKey, r]));
}

// ── used by registry (the dormant filter, through market's loaders) ──

/**
 * SQL condition: the cooperative is active in the dormancy window starting `windowStart` (SPEC §14):
 * it entered the pilot (approval, else filing) or declared on or after that Beijing date.
 */
export function activeSinceSql(cooperativeId: AnyPgColumn, enteredAt: SQL, windowStart: string): SQL {
  return sql`((${enteredAt} at time zone 'Asia/Shanghai')::date >= ${windowStart}::date or ${cooperativeDeclaredSince(cooperativeId, windowStart)})`;
}

// ── used by feed ──
/** Row scope of market records for the change feed (SPEC §16), per ChangeEntity name. */
export function feedVisibleIds(v: Viewer): VisibleIds {
  return {
    SHOP: idsWhere(shopsTable, shopScope(v)),
    INSPECTION: idsWhere(inspectionsTable, subjectScope(v, inspectionsTable)),
    SUPERVISION_ACTION: idsWhere(supervisionActionsTable, subjectScope(v, supervisionActionsTable)),
    DISHONEST_LIST_ENTRY: idsWhere(dishonestListEntriesTable, subjectScope(v, dishonestListEntriesTable)),
  };
}
