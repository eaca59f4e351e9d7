/** The registry module's public surface: the only file other modules import. */
export { createRegistryLoaders, type RegistryLoaders } from './loaders';
export { registryResolvers } from './resolvers';
export * from './rules';
export {
  addCooperativeMembers, approveCooperative, approveEnterprise, fileCooperative, fileEnterprise, findCooperative, findEnterprise, findResident,
  listCooperatives, listEnterprises, removeCooperativeMember, signSupplyContract,
} from './service';
export {
  sampleFiledOrgs,
  // Supervision (market regulation, SPEC §7): called inside the market's transaction.
  cooperativeHoldingLicence, endContracts, endMemberships, lockPartyForUpdate, partyExists, setCooperativeLicence, setCooperativeStatus, setEnterpriseStatus,
  type BorderResidentRow, type CooperativeRow, type EnterpriseRow, type PartyType, type SupplyContractRow,
} from './store';
export * from './types';

// ── used by ledger, tax and reports ──
export { cooperativeNamesByIds, enterpriseNamesByIds, enterprisesSql, existingEnterpriseIds } from './store';

// ── used by reports (SPEC §15: returns from status history) ──
export { cooperativeIdsSql, cooperativeWasInPilotSql, enterpriseIdsSql, enterpriseWasInPilotSql } from './store';

// ── used by customs ──
export { contractCovers, contractValidOn, memberOn, residentEligible, type MembershipSpan } from './rules';
export {
  contractsBetween, cooperativeStatuses, deleteResidents, enterpriseStatuses, insertResidentsIfMissing, lockResidents,
  membershipsByIdNumbers, renameResident, residentsByIdNumbers, residentsByIds,
} from './store';

// ── used by the query cost limit ──
export { registryFanouts } from './store';

// ── used by feed ──
export { feedVisibleIds as registryFeedVisibleIds } from './store';
