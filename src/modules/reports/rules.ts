/**
 * Pure formulas of the reports (SPEC §7) that are the reports' own. The ledger's formulas
 * (value-add rate, loss rate, due date, lateness) live in ../ledger/rules and the quota pace in
 * ../quota/rules; reports import them rather than keep copies.
 */
import { D, ratio, type Dec } from '../../shared/decimal';

/** 落地加工比率: landing-processing value ÷ value of all purposes. */
export const landingProcessingRatio = (landingYuan: Dec | string, allYuan: Dec | string): number | null => ratio(landingYuan, allYuan);

/**
 * 考核完成 (附件7): import target met and value-add target met; a missing actual rate is not met.
 * Compared unrounded: 0.19996 does not meet 0.2 even though it prints as 0.2000.
 */
export function assessmentCompleted(a: {
  importTradeTargetYuan: string | null; valueAddRateTarget: string | null;
  actualImportTradeYuan: string; outputYuan: string; consumedYuan: string;
}): boolean {
  if (a.importTradeTargetYuan == null || a.valueAddRateTarget == null) return false;
  const consumed = new D(a.consumedYuan);
  if (consumed.isZero()) return false;
  const rate = new D(a.outputYuan).minus(consumed).div(consumed);
  return new D(a.actualImportTradeYuan).gte(a.importTradeTargetYuan) && rate.gte(a.valueAddRateTarget);
}
