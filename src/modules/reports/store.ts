/**
 * Every SQL statement of the reports module. Its own table is assessment_targets; the per-enterprise
 * reports are single statements composed of the owners' relations (registry's enterprises, customs'
 * counted landing-processing imports, the ledger's totals — the one implementation of the ledger
 * sums), called through their index.ts. Row scope (policy.ts) is applied here.
 */
import { sql } from 'drizzle-orm';
import type { Viewer } from '../../authz/agencies';
import { rows, type DbOrTx } from '../../db/client';
import { addDays, beijingDayStart } from '../../shared/time';
import { hasLandingImportSql, landingImportsByEnterpriseSql } from '../customs';
import { hasLedgerEntrySql, ledgerTotalsByEnterpriseSql, monthlyReportSubmissionsSql, totalsOfRow, type LedgerTotals } from '../ledger';
import { enterprisesSql, enterpriseWasInPilotSql } from '../registry';
import { enterpriseRowScope } from './policy';
import { assessmentTargetsTable, type AssessmentTargetRow } from './table';

export type { AssessmentTargetRow };

// ── assessment targets ────────────────────────────────────────────────────────────────────

export type AssessmentTargetValues = Pick<typeof assessmentTargetsTable.$inferInsert,
  'enterpriseId' | 'year' | 'importTradeTargetYuan' | 'valueAddRateTarget' | 'source'>;

/** One target per enterprise and year; setting it again replaces it. */
export async function upsertAssessmentTarget(tx: DbOrTx, values: AssessmentTargetValues): Promise<AssessmentTargetRow> {
  const [row] = await tx.insert(assessmentTargetsTable).values(values)
    .onConflictDoUpdate({
      target: [assessmentTargetsTable.enterpriseId, assessmentTargetsTable.year],
      set: { importTradeTargetYuan: values.importTradeTargetYuan, valueAddRateTarget: values.valueAddRateTarget, source: values.source, updatedAt: new Date() },
    }).returning();
  return row!;
}

// ── per-enterprise reports ────────────────────────────────────────────────────────────────

const str = (v: unknown): string => (v == null ? '0' : String(v));

export interface AssessmentRow {
  enterpriseId: string; enterpriseName: string; filingNo: string;
  targetYuan: string | null; targetRate: string | null;
  /** Σ counted landing-processing declarations to the enterprise in the year. */
  actualImportYuan: string;
  ledger: LedgerTotals;
}

/**
 * Rows of the assessment (附件7), one statement: every enterprise with a target for the year, or
 * counted landing-processing declarations to it in the year, or ledger rows in the year, or FILED,
 * WARNED or SUSPENDED at any time of the year (status history, SPEC §15: it is assessed even if
 * it exited since or did nothing).
 */
export async function assessmentRows(db: DbOrTx, viewer: Viewer, year: number): Promise<AssessmentRow[]> {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const inYear = enterpriseWasInPilotSql(sql`e0.id`, beijingDayStart(from), beijingDayStart(`${year + 1}-01-01`));
  const result = await rows<Record<string, unknown>>(db, sql`
    with t as (select enterprise_id, import_trade_target_yuan, value_add_rate_target from ${assessmentTargetsTable} where year = ${year}),
    imp as (${landingImportsByEnterpriseSql(from, to)}),
    led as (${ledgerTotalsByEnterpriseSql(from, to)}),
    ids as (select enterprise_id from t union select enterprise_id from imp union select enterprise_id from led
            union select e0.id from ${enterprisesSql()} e0 where ${inYear})
    select e.id as "eid", e.name as "ename", e.filing_no as "efilingNo",
           t.import_trade_target_yuan::text as "targetYuan", t.value_add_rate_target::text as "targetRate",
           coalesce(imp.v, 0)::text as "actualYuan", led.*
    from ids join ${enterprisesSql()} e on e.id = ids.enterprise_id
    left join t on t.enterprise_id = e.id left join imp on imp.enterprise_id = e.id left join led on led.enterprise_id = e.id
    where ${enterpriseRowScope(viewer)}
    order by e.filing_no, e.id`);
  return result.map((r) => ({
    enterpriseId: r.eid as string, enterpriseName: r.ename as string, filingNo: r.efilingNo as string,
    targetYuan: (r.targetYuan as string | null) ?? null, targetRate: (r.targetRate as string | null) ?? null,
    actualImportYuan: str(r.actualYuan), ledger: totalsOfRow(r),
  }));
}

export interface MonthlyReturnRowData {
  enterpriseId: string; enterpriseName: string; filingNo: string;
  inboundDeclarationCount: number; inboundDeclarationValueYuan: string;
  ledger: LedgerTotals;
  reportSubmittedAt: Date | null;
}

/**
 * Rows of the monthly return (附件5 三(五)), one statement: the landing-processing enterprises —
 * FILED, WARNED or SUSPENDED at any time during the month (status history, SPEC §15: one that has
 * exited since stays in the months it processed in), and active: a counted landing-processing declaration to it or a
 * ledger row on or before the month's end, or a report for the month.
 */
export async function monthlyReturnRows(db: DbOrTx, viewer: Viewer, period: string, from: string, to: string): Promise<MonthlyReturnRowData[]> {
  const inPilot = enterpriseWasInPilotSql(sql`e.id`, beijingDayStart(from), beijingDayStart(addDays(to, 1)));
  const result = await rows<Record<string, unknown>>(db, sql`
    with dec as (${landingImportsByEnterpriseSql(from, to)}),
    led as (${ledgerTotalsByEnterpriseSql(from, to)}),
    rep as (${monthlyReportSubmissionsSql(period)})
    select e.id as "eid", e.name as "ename", e.filing_no as "efilingNo", coalesce(dec.n, 0) as "decN", coalesce(dec.v, 0)::text as "decV",
           led.*, rep.submitted_at as "reportSubmittedAt"
    from ${enterprisesSql()} e
    left join dec on dec.enterprise_id = e.id left join led on led.enterprise_id = e.id left join rep on rep.enterprise_id = e.id
    where ${inPilot} and ${enterpriseRowScope(viewer)}
      and (dec.enterprise_id is not null or led.enterprise_id is not null or rep.enterprise_id is not null
           or ${hasLandingImportSql(sql`e.id`, to)}
           or ${hasLedgerEntrySql(sql`e.id`, to)})
    order by e.filing_no, e.id`);
  return result.map((r) => ({
    enterpriseId: r.eid as string, enterpriseName: r.ename as string, filingNo: r.efilingNo as string,
    inboundDeclarationCount: Number(r.decN), inboundDeclarationValueYuan: str(r.decV),
    ledger: totalsOfRow(r),
    reportSubmittedAt: r.reportSubmittedAt == null ? null : new Date(r.reportSubmittedAt as string | Date),
  }));
}
