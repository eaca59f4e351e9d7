/** GraphQL documents and inputs of the registry, shared by its integration tests. */
import { uniqueIdNumber, uniqueUscc } from './factories';

export const FILE_ENTERPRISE = `mutation($input: EnterpriseInput!) { fileEnterprise(input: $input) {
  id filingNo name uscc status filedAt source county importScaleYuan capacityTonnesPerYear declaredValueAddRate declaredLossRate
  rawMaterials taxpayerType inBondedZone legalRepresentative { name phone address } } }`;
export const APPROVE_ENTERPRISE = 'mutation($id: ID!) { approveEnterprise(id: $id) { id status filedAt } }';
export const FILE_COOPERATIVE = `mutation($input: CooperativeInput!) { fileCooperative(input: $input) {
  id filingNo name kind status memberCount phone postalCode head { name mobile } members { name idNumber county township } } }`;
export const APPROVE_COOPERATIVE = 'mutation($id: ID!) { approveCooperative(id: $id) { id status filedAt } }';
export const SIGN_CONTRACT = `mutation($input: SupplyContractInput!) { signSupplyContract(input: $input) {
  id hsCodes validFrom validTo source enterprise { id } cooperative { id } } }`;

export function enterpriseInput(over: Record<string, unknown> = {}) {
  return {
    name: `测试油脂加工有限公司${Math.random().toString(36).slice(2, 8)}`,
    uscc: uniqueUscc(),
    legalRepresentative: { name: '王建国', phone: '13912345678', address: '阿拉山口市友谊路1号' },
    importScaleYuan: '10000000.00',
    capacityTonnesPerYear: 5000,
    processingMethod: '压榨',
    rawMaterials: ['1206'],
    declaredValueAddRate: 0.25,
    declaredLossRate: 0.02,
    county: '652702',
    taxpayerType: 'GENERAL',
    inBondedZone: true,
    ...over,
  };
}

export function cooperativeInput(over: Record<string, unknown> = {}, memberIds: string[] = [uniqueIdNumber(), uniqueIdNumber()]) {
  return {
    name: `测试边民互助组${Math.random().toString(36).slice(2, 8)}`,
    kind: 'MUTUAL_AID_GROUP',
    village: '东村',
    township: '艾比湖镇',
    postalCode: '833418',
    phone: '0909-6991234',
    head: { name: '阿依古丽', mobile: '13812345678' },
    totalCapitalYuan: '100000.00',
    commodities: ['1206'],
    members: memberIds.map((idNumber, i) => ({ name: `边民${i}`, idNumber, township: '艾比湖镇' })),
    ...over,
  };
}
