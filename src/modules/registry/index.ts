/** The registry module's public surface: the only file other modules import. */

// ── used by customs ──
export {
  contractCovers, contractValidOn, countyOfIdNumber, idCheckChar, isBorderCounty, isValidIdNumber, normalizeIdNumber,
} from './rules';
export { BorderResident, Cooperative, Enterprise, Entity } from './types';
export {
  contractsBetween, cooperativeStatuses, deleteResidents, enterpriseStatuses, insertResidentsIfMissing, lockResidents,
  renameResident, residentIdOf, residentsByIdNumbers, residentsByIds,
  type BorderResidentRow, type CooperativeRow, type EnterpriseRow, type SupplyContractRow,
} from './store';
