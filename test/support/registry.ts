/** GraphQL documents and inputs of the registry, shared by its integration tests. */

export const FILE_ENTERPRISE = `mutation($input: EnterpriseInput!) { fileEnterprise(input: $input) {
  id filingNo name uscc status filedAt source county importScaleYuan capacityTonnesPerYear declaredValueAddRate declaredLossRate
  rawMaterials taxpayerType inBondedZone legalRepresentative { name phone address } } }`;
export const APPROVE_ENTERPRISE = 'mutation($id: ID!) { approveEnterprise(id: $id) { id status filedAt } }';
export const FILE_COOPERATIVE = `mutation($input: CooperativeInput!) { fileCooperative(input: $input) {
  id filingNo name kind status memberCount phone postalCode head { name mobile } members { name idNumber county township } } }`;
export const APPROVE_COOPERATIVE = 'mutation($id: ID!) { approveCooperative(id: $id) { id status filedAt } }';
export const SIGN_CONTRACT = `mutation($input: SupplyContractInput!) { signSupplyContract(input: $input) {
  id hsCodes validFrom validTo source enterprise { id } cooperative { id } } }`;

export { cooperativeInput, enterpriseInput } from './factories';
