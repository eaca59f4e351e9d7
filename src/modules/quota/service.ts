/** Annual plans, quota status and early warnings (SPEC §7). */
import type { Context } from '../../context';
import type { Db, DbOrTx } from '../../db/client';
import { D } from '../../shared/decimal';
import { badInput, notFound } from '../../shared/errors';
import { isUuid } from '../../shared/ids';
import { declaredValueBetweenWith } from '../customs';
import { consumption, monthsElapsed, monthsElapsedFraction } from './rules';
import * as store from './store';
import type { AnnualPlanRow, EarlyWarningRow, PrintedAnnualPlanRow } from './store';

export interface AnnualPlanFields {
  year: number;
  importScaleYuan: string;
  landingProcessingScaleYuan: string;
  warningRatio?: number | null;
  valueAddThreshold?: number | null;
}

/** 2025's plan (SPEC §7): reference data, so every deployment has it. Insert-if-missing. */
const PLAN_2025 = { year: 2025, importScaleYuan: '1000000000.00', landingProcessingScaleYuan: '700000000.00', warningRatio: '0.8', valueAddThreshold: '0.2' };

export async function ensureAnnualPlans(db: Db) {
  await store.insertAnnualPlanIfMissing(db, { ...PLAN_2025, source: 'COMMERCE' });
}

export async function setAnnualPlan(ctx: Pick<Context, 'db' | 'viewer'>, input: AnnualPlanFields): Promise<AnnualPlanRow> {
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) throw badInput('year', 'INVALID_VALUE', 'year is a calendar year such as 2026.');
  for (const f of ['importScaleYuan', 'landingProcessingScaleYuan'] as const) {
    if (new D(input[f]).isNegative()) throw badInput(f, 'NEGATIVE_AMOUNT', `${f} may not be negative.`);
  }
  const w = input.warningRatio ?? 0.8;
  if (!(w > 0 && w <= 1)) throw badInput('warningRatio', 'INVALID_VALUE', 'warningRatio is a fraction in (0, 1], e.g. 0.8 for 80%.');
  const v = input.valueAddThreshold ?? 0.2;
  if (!(v >= 0 && v <= 10)) throw badInput('valueAddThreshold', 'INVALID_VALUE', 'valueAddThreshold is a fraction, e.g. 0.2 for 20%.');
  return store.upsertAnnualPlan(ctx.db, {
    year: input.year, importScaleYuan: input.importScaleYuan, landingProcessingScaleYuan: input.landingProcessingScaleYuan,
    warningRatio: String(w), valueAddThreshold: String(v), source: ctx.viewer.agency,
  });
}

/** A plan as shown: a year without its own plan carries the latest earlier plan's figures (方案 四(一)). */
export type PlanInForce = PrintedAnnualPlanRow & { inheritedFrom: number | null };

/**
 * The plan of a year (SPEC §15): its own, else the latest earlier plan's figures with year set to
 * the year asked and inheritedFrom to the plan's own year; null when no plan precedes the year.
 */
export async function annualPlan(ctx: { db: DbOrTx }, year: number): Promise<PlanInForce | null> {
  return shown(await store.planInForce(ctx.db, year), year);
}

const shown = (row: PrintedAnnualPlanRow | null, year: number): PlanInForce | null =>
  !row ? null : row.year === year ? { ...row, inheritedFrom: null } : { ...row, year, inheritedFrom: row.year };

/** customs' rollup sums with the plan in force in the same statement (built once). */
const sumsAndPlan = declaredValueBetweenWith<{ plan: PrintedAnnualPlanRow | null }>(store.planInForceColumn);

/** 确认收到预警 (SPEC §15, COMMERCE): sets acknowledgedAt once; a second call returns the warning unchanged. */
export async function acknowledgeEarlyWarning(ctx: { db: DbOrTx }, id: string): Promise<EarlyWarningRow> {
  if (!isUuid(id)) throw notFound('EarlyWarning');
  const row = await store.acknowledgeEarlyWarning(ctx.db, id);
  if (!row) throw notFound('EarlyWarning');
  return row;
}

export interface QuotaStatusValue {
  year: number;
  asOf: string;
  plan: PlanInForce | null;
  monthsElapsed: number;
  consumedYuan: string;
  consumptionRatio: number | null;
  projectedAnnualYuan: string;
  remainingYuan: string | null;
  warning: boolean;
  importConsumedYuan: string;
  importConsumptionRatio: number | null;
  importProjectedAnnualYuan: string;
  importRemainingYuan: string | null;
  importWarning: boolean;
}

/**
 * Consumption of a year up to asOf: Σ value of that year's declarations declared on or before
 * asOf, statuses DECLARED, RELEASED, INSPECTING (landing processing, and all purposes), read by
 * customs from its daily rollup (one statement, bounded by days × purposes × trade points), and
 * the year's plan.
 */
export async function quotaStatus(ctx: { db: DbOrTx }, year: number, asOf: string): Promise<QuotaStatusValue> {
  const start = `${year}-01-01`;
  const end = asOf < `${year}-12-31` ? asOf : `${year}-12-31`;
  // One statement: the year's sums and its plan in force.
  const sums = await sumsAndPlan(ctx.db, start, end, { planYear: year });
  const plan = shown(sums.extra.plan, year);
  const f = monthsElapsedFraction(year, asOf);
  const lp = consumption(asOf < start ? '0' : sums.landingProcessingYuan, f, plan && { scaleYuan: plan.landingProcessingScaleYuan, warningRatio: plan.warningRatio });
  const all = consumption(asOf < start ? '0' : sums.allPurposesYuan, f, plan && { scaleYuan: plan.importScaleYuan, warningRatio: plan.warningRatio });
  return {
    year, asOf, plan, monthsElapsed: monthsElapsed(year, asOf),
    consumedYuan: lp.consumedYuan.toFixed(2), consumptionRatio: lp.consumptionRatio,
    projectedAnnualYuan: lp.projectedAnnualYuan.toFixed(2), remainingYuan: lp.remainingYuan?.toFixed(2) ?? null, warning: lp.warning,
    importConsumedYuan: all.consumedYuan.toFixed(2), importConsumptionRatio: all.consumptionRatio,
    importProjectedAnnualYuan: all.projectedAnnualYuan.toFixed(2), importRemainingYuan: all.remainingYuan?.toFixed(2) ?? null,
    importWarning: all.warning,
  };
}

/**
 * After an accepted batch (SPEC §7; registered on customs' onDeclarationsAccepted by
 * src/modules/wiring.ts): per affected year, evaluate quotaStatus at the batch's latest Beijing
 * date of that year and issue the EarlyWarning of that date's calendar month unless the month has
 * one (SPEC §15: at most one per month in which the condition holds). Each batch evaluates after its
 * rows committed, so of concurrent batches the last to evaluate sees them all; the unique
 * (year, month) index lets exactly one insert win.
 */
export async function evaluateEarlyWarnings(ctx: { db: DbOrTx }, years: ReadonlyMap<number, string>): Promise<void> {
  for (const [year, asOf] of years) {
    const s = await quotaStatus(ctx, year, asOf);
    if (!s.warning) continue;
    await store.insertEarlyWarningIfFirst(ctx.db, {
      year, asOf, consumedYuan: s.consumedYuan, consumptionRatio: String(s.consumptionRatio ?? 0),
      projectedAnnualYuan: s.projectedAnnualYuan, source: 'CUSTOMS',
    });
  }
}

export function earlyWarnings(ctx: { db: DbOrTx }, year: number): Promise<EarlyWarningRow[]> {
  return store.earlyWarningsOfYear(ctx.db, year);
}
