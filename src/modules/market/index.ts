/** The market module's public surface: the only file other modules import. */
export { createMarketLoaders, type MarketLoaders } from './loaders';
export { marketResolvers } from './resolvers';
export {
  APPLICABLE_REASONS, DORMANCY_DAYS, STATUS_AFTER, decideAction, dormancyWindowStart, isDormant, isReasonApplicable,
  type LadderDecision, type SupervisedStatus, type SupervisedSubjectType,
} from './rules';
// The enums NonComplianceReason and SupervisionMeasure come from types (the rules' string unions share their values).
export {
  addToDishonestList, issueBusinessLicense, listDishonestList, listInspections, listShops, listSupervisionActions, recordInspection,
  recordNonCompliance, registerShop,
} from './service';
export type { DishonestListEntryRow, InspectionRow, ShopRow, SupervisionActionRow } from './store';
export * from './types';

// ── used by registry and customs (SPEC §14: the dishonest list's effects, through src/modules/wiring.ts) ──
export { listedEntriesByKeys } from './store';

// ── used by feed ──
export { feedVisibleIds as marketFeedVisibleIds } from './store';
