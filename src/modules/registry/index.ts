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
export { contractCovers, contractValidOn, memberOn, type MembershipSpan } from './rules';
// Eligibility by residence (SPEC §14): customs' declarants, rosters, agents (residentEligible in rules).
export { borderTownshipList, checkResidenceInput, resolveRoster, type StatedResidence } from './service';
export type { NewDeclarant } from './store';
// SPEC §14 credit: the dishonest-list lookup (market's, registered by src/modules/wiring.ts) and its effects.
export {
  listedByKeys, listingOf, partyKeys, subjectDishonest, subjectNamed, useDishonestLookup, type DishonestListing, type DishonestLookup, type Bilingual,
} from './credit';
export {
  contractsBetween, cooperativeStatuses, deleteResidents, enterpriseStatuses, insertResidentsIfMissing, lockResidents,
  membershipsByIdNumbers, renameResident, residencesByIdNumbers, residentsByIdNumbers, residentsByIds,
} from './store';

// ── used by customs (its Enterprise.inboundDeclarations read with the enterprises page; registered by wiring.ts) ──
export { useEnterpriseFieldReadAhead, type EnterpriseFieldReadAhead } from './service';

// ── used by the query cost limit ──
export { registryFanouts } from './store';

// ── used by feed ──
export { feedVisibleIds as registryFeedVisibleIds } from './store';

// ── used by market (SPEC §14 credit) ──
export { partyCreditCode } from './store';
