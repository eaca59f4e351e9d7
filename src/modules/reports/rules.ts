/**
 * Pure formulas of the reports (SPEC §7) that are the reports' own. The ledger's formulas
 * (value-add rate, loss rate, due date, lateness) and the quota pace live in the ledger and quota
 * modules; reports import them (through their index) rather than keep copies.
 */
import { D, ratio, type Dec } from '../../shared/decimal';
import { valueAddRate } from '../ledger';

/** 落地加工比率: landing-processing value ÷ value of all purposes. */
export const landingProcessingRatio = (landingYuan: Dec | string, allYuan: Dec | string): number | null => ratio(landingYuan, allYuan);

/**
 * 考核完成 (附件7): import target met and value-add target met; a missing actual rate is not met.
 * The rate is compared as published (half-up to 4 places), like meetsValueAddThreshold: a table
 * that shows 0.2000 against a 0.2 target shows it met.
 */
export function assessmentCompleted(a: {
  importTradeTargetYuan: string | null; valueAddRateTarget: string | null;
  actualImportTradeYuan: string; outputYuan: string; consumedYuan: string;
}): boolean {
  if (a.importTradeTargetYuan == null || a.valueAddRateTarget == null) return false;
  const rate = valueAddRate(a.outputYuan, a.consumedYuan);
  if (rate == null) return false;
  return new D(a.actualImportTradeYuan).gte(a.importTradeTargetYuan) && new D(rate).gte(a.valueAddRateTarget);
}
