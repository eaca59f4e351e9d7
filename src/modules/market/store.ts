/**
 * Every SQL statement on the market-regulation tables (shops, inspections, supervision actions,
 * the dishonest list). Writes take the caller's transaction; row scope (policy.ts) is applied here.
 */
import { idsWhere, type VisibleIds } from '../../db/visible-ids';
import { and, eq, gte, ilike, inArray, lte, max, sql, type SQL } from 'drizzle-orm';
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
import { idEq } from '../../db/any-of';

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
  return paginate<DishonestListEntryRow>(db, dishonestListEntriesTable,
    subjectFilters(viewer, dishonestListEntriesTable, dishonestListEntriesTable.listedOn, f), page);
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

/** A subject's earlier supervision actions: how many were DUTY_NOT_FULFILLED, and the latest decision date. */
export async function priorActions(tx: Tx, subjectType: 'ENTERPRISE' | 'COOPERATIVE', subjectId: string): Promise<{ dutyFailures: number; lastDecidedOn: string | null } | undefined> {
  const [prior] = await tx.select({
    dutyFailures: sql<number>`count(*) filter (where ${supervisionActionsTable.reason} = 'DUTY_NOT_FULFILLED')`.mapWith(Number),
    lastDecidedOn: max(supervisionActionsTable.decidedOn),
  }).from(supervisionActionsTable)
    .where(and(eq(supervisionActionsTable.subjectType, subjectType), eq(supervisionActionsTable.subjectId, subjectId)));
  return prior;
}

export async function insertSupervisionAction(tx: DbOrTx, values: NewSupervisionAction): Promise<SupervisionActionRow> {
  const [row] = await tx.insert(supervisionActionsTable).values(values).returning();
  return row!;
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
