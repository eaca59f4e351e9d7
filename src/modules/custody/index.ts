/** The chain of custody's public surface (SPEC §13): the only file other code imports. */
export { custodyResolvers } from './resolvers';
export { createCustodyLoaders, type CustodyLoaders } from './loaders';
export * from './types';
export { CUSTODY_STAGES, DISCREPANCY_KINDS, DECLARATION_SIDE_KINDS, ENTERPRISE_SIDE_KINDS, custodyStage, type DiscrepancyKindName } from './rules';
export { discrepancyScope, countScope } from './policy';
export { discrepancies, discrepancyCounts, resolveDiscrepancy, traceability } from './service';
