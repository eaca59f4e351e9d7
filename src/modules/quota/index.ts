/** The quota module's public surface: the only file other modules import. */

// API: resolvers, per-request loaders, type-graphql classes
export { quotaResolvers } from './resolvers';
export { createQuotaLoaders } from './loaders';
export { AnnualPlan, AnnualPlanInput, EarlyWarning, QuotaStatus } from './types';

// rules (pure)
export {
  consumption, monthsElapsed, monthsElapsedFraction, projectedAnnual,
  type Consumption, type Fraction, type PlanFigures,
} from './rules';

// services and reference data
export {
  acknowledgeEarlyWarning, annualPlan, earlyWarnings, ensureAnnualPlans, evaluateEarlyWarnings, quotaStatus, setAnnualPlan,
  type AnnualPlanFields, type PlanInForce, type QuotaStatusValue,
} from './service';

// store
export { type AnnualPlanRow, type EarlyWarningRow } from './store';

// ── used by ledger ──
export { planThresholdsSql } from './store';

// ── used by reports ──
export { latestPlanYear } from './store';
