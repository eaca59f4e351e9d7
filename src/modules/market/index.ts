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

// ── used by feed ──
export { feedVisibleIds as marketFeedVisibleIds } from './store';
