/** Every SQL statement on quota's tables (annual plans, early warnings). Writes take the caller's handle or transaction. */
import { and, asc, eq, isNull, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../db/client';
import { printedJsonColumns, type Printed } from '../../db/printed';
import { annualPlansTable, earlyWarningsTable, type AnnualPlanRow, type EarlyWarningRow } from './table';

export type { AnnualPlanRow, EarlyWarningRow } from './table';

export type NewAnnualPlan = typeof annualPlansTable.$inferInsert;
export type NewEarlyWarning = typeof earlyWarningsTable.$inferInsert;

/** A plan as read for output: numerics as their exact text, timestamps as the Beijing text DateTimeScalar prints (db/printed.ts). */
export type PrintedAnnualPlanRow = Printed<AnnualPlanRow>;

/** SQL: the plan in force for `year` — its own, else the latest earlier one (方案 四(一)) — as one JSON value, or null. */
const planInForceJson = (year: SQL | Placeholder | number) => sql`(select row_to_json(p) from (
    select ${printedJsonColumns(annualPlansTable)} from ${annualPlansTable}
    where ${annualPlansTable.year} <= ${year}::int order by ${annualPlansTable.year} desc limit 1) p)`;

/** The plan in force for a year, or null. */
export async function planInForce(db: DbOrTx, year: number): Promise<PrintedAnnualPlanRow | null> {
  const [r] = await rows<{ plan: PrintedAnnualPlanRow | null }>(db, sql`select ${planInForceJson(year)} as plan`);
  return r?.plan ?? null;
}

/**
 * The same as a select-list column `"plan"` of a statement someone else sends (customs'
 * declaredValueBetweenWith: quotaStatus's sums and plan in one round trip); the year is placeholder `planYear`.
 */
export const planInForceColumn = sql`${planInForceJson(sql.placeholder('planYear'))} as "plan"`;

/** Reference data: a plan is inserted only when the year has none (an agency's plan is kept). */
export async function insertAnnualPlanIfMissing(db: DbOrTx, plan: NewAnnualPlan): Promise<void> {
  await db.insert(annualPlansTable).values(plan).onConflictDoNothing({ target: annualPlansTable.year });
}

/** Sets or replaces the plan of its year. */
export async function upsertAnnualPlan(db: DbOrTx, plan: NewAnnualPlan): Promise<AnnualPlanRow> {
  const [row] = await db.insert(annualPlansTable).values(plan)
    .onConflictDoUpdate({ target: annualPlansTable.year, set: { ...plan, updatedAt: new Date() } }).returning();
  return row!;
}

/** The month's warning, unless it has one already (the unique (year, month) index lets exactly one insert win). */
export async function insertEarlyWarningIfFirst(db: DbOrTx, warning: NewEarlyWarning): Promise<void> {
  await db.insert(earlyWarningsTable).values(warning).onConflictDoNothing({ target: [earlyWarningsTable.year, earlyWarningsTable.month] });
}

/** Marks a warning acknowledged (the first acknowledgement is kept); null when there is no such warning. */
export async function acknowledgeEarlyWarning(db: DbOrTx, id: string): Promise<EarlyWarningRow | null> {
  await db.update(earlyWarningsTable).set({ acknowledgedAt: new Date() })
    .where(and(eq(earlyWarningsTable.id, id), isNull(earlyWarningsTable.acknowledgedAt)));
  const [row] = await db.select().from(earlyWarningsTable).where(eq(earlyWarningsTable.id, id));
  return row ?? null;
}

export const earlyWarningsOfYear = (db: DbOrTx, year: number): Promise<EarlyWarningRow[]> =>
  db.select().from(earlyWarningsTable).where(eq(earlyWarningsTable.year, year)).orderBy(asc(earlyWarningsTable.month), asc(earlyWarningsTable.raisedAt));

// ── used by ledger ──

/**
 * The plans' value-add thresholds as a relation to join in the ledger's statements (processing
 * statistics, tax pull): columns year, value_add_threshold. Alias it, e.g. `left join ${planThresholdsSql()} p`.
 */
export function planThresholdsSql(): SQL {
  // A year without its own plan carries the latest earlier plan's threshold (SPEC §15, 方案 四(一)):
  // every year from the first plan to 2100, each with the plan in force.
  return sql`(select y.year, (select p.value_add_threshold from ${annualPlansTable} p where p.year <= y.year order by p.year desc limit 1) as value_add_threshold
    from generate_series((select min(year) from ${annualPlansTable}), 2100) as y(year))`;
}

// ── used by reports ──

/** The latest year (≤ upTo) with an annual plan, or null. */
export async function latestPlanYear(db: DbOrTx, upTo: number): Promise<number | null> {
  const [r] = await db.select({ y: sql<number | null>`max(${annualPlansTable.year})` }).from(annualPlansTable).where(sql`${annualPlansTable.year} <= ${upTo}`);
  return r?.y == null ? null : Number(r.y);
}
